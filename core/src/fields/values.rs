//! How typed text becomes a field's value, and how a value is shown back in its field.
//!
//! Every function is pure: the details panel passes what the user typed and stores what comes
//! back. Where a value is shown and typed again (minutes, numbers, lists, channels), showing
//! and parsing agree, so committing a field unchanged never changes the document.

use std::num::IntErrorKind;
use std::ops::RangeInclusive;

use stageline_schema::card::is_safe_url;
use stageline_schema::{Channel, EMOTION_MAX, EMOTION_MIN};

use super::FieldError;

/// The largest duration a field accepts, in minutes (ten years of 365 days).
pub const MAX_MINUTES: f64 = 5_256_000.0;

/// The emotions a card can have, from very negative to very positive (the schema's bounds).
pub const EMOTION_RANGE: RangeInclusive<i8> = EMOTION_MIN..=EMOTION_MAX;

/// What a text field stores for typed text: the text without surrounding whitespace.
pub fn clean(text: &str) -> String {
    text.trim().to_string()
}

/// An optional text field's value: the trimmed text, or `None` when nothing is left.
pub fn optional_text(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Splits a comma-separated list (tags, regulations), trimming items and dropping empty ones.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A list as its field shows it: items separated by a comma and a space.
pub fn join_list(items: &[String]) -> String {
    items.join(", ")
}

/// Parses minutes as typed ("5", "2.5", "1,5"; empty clears) into whole seconds.
///
/// Refuses anything that is not a finite number from 0 to [`MAX_MINUTES`].
pub fn parse_minutes(text: &str) -> Result<Option<u64>, FieldError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match read_decimal(text) {
        Some(m) if (0.0..=MAX_MINUTES).contains(&m) => Ok(Some((m * 60.0).round() as u64)),
        _ => Err(FieldError::NotMinutes(text.to_string())),
    }
}

/// Seconds as minutes in a duration field: whole minutes without decimals, else two
/// decimals ("1.50"), which [`parse_minutes`] reads back to the same seconds.
pub fn format_minutes(secs: u64) -> String {
    let m = secs as f64 / 60.0;
    if (m - m.round()).abs() < 1e-9 {
        format!("{}", m.round() as u64)
    } else {
        format!("{m:.2}")
    }
}

/// A KPI's number as typed ([`read_decimal`]: "12", "0,5", "1e3", "1,000", "1 000"); anything
/// that is not a finite number (empty, words, "NaN", "inf") clears the value.
pub fn parse_number(text: &str) -> Option<f64> {
    read_decimal(text)
}

/// A decimal number as people type one, with either mark and grouped thousands: "12", "0,5",
/// "-3.25", "1e3", "1,000" and "1 000" (a thousand), "12,500.75", "1.234,5", "1.000.000".
///
/// Spaces and apostrophes between digits group thousands. With both marks, the last is the
/// decimal one and the other groups thousands. One mark used more than once groups thousands
/// ("1,000,000"). One comma is a decimal comma ("0,5", "2,25"), except before exactly three
/// digits after a whole number of one to three digits other than 0 ("1,000", "12,500"): that
/// is how a thousand is typed in English, which a decimal comma with three decimals rarely is.
/// One dot is always a decimal point ("1.000" is one). Grouping must be in threes ("1,2,3" is
/// not a number). `None` for anything else and for numbers that are not finite.
pub fn read_decimal(text: &str) -> Option<f64> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2019}'))
        .collect();
    let marks = |c: char| t.matches(c).count();
    let plain = match (marks(','), marks('.')) {
        (0, 0) | (0, 1) => t.clone(),
        (1, 0) if groups_thousands(&t, ',') => t.replace(',', ""),
        (1, 0) => t.replace(',', "."),
        (_, 0) => ungroup(&t, ',')?,
        (0, _) => ungroup(&t, '.')?,
        _ => {
            let (decimal, group) = if t.rfind(',') > t.rfind('.') {
                (',', '.')
            } else {
                ('.', ',')
            };
            let (whole, fraction) = t.rsplit_once(decimal)?;
            if fraction.contains(group) || whole.contains(decimal) {
                return None;
            }
            format!("{}.{fraction}", ungroup(whole, group)?)
        }
    };
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether `t`, holding `mark` once, reads as a whole number with its thousands grouped
/// ("1,000", "-12,500"; not "0,500" or "1,50").
fn groups_thousands(t: &str, mark: char) -> bool {
    let Some((whole, rest)) = t.split_once(mark) else {
        return false;
    };
    let digits = whole.strip_prefix(['-', '+']).unwrap_or(whole);
    (1..=3).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.bytes().any(|b| b != b'0')
        && rest.len() == 3
        && rest.bytes().all(|b| b.is_ascii_digit())
}

/// `t` without its thousands marks `mark`, if it is grouped in threes ("1,000,000",
/// "-12.500"); `None` otherwise ("1,2,3").
fn ungroup(t: &str, mark: char) -> Option<String> {
    let mut groups = t.split(mark);
    let first = groups.next()?;
    let digits = first.strip_prefix(['-', '+']).unwrap_or(first);
    if !(1..=3).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = first.to_string();
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(g);
    }
    Some(out)
}

/// A KPI's number as its field shows it (the shortest text that reads back the same number);
/// empty when there is none.
pub fn format_number(value: Option<f64>) -> String {
    value.map(|x| x.to_string()).unwrap_or_default()
}

/// The channel named by typed text: a known channel by its name or label in any case
/// ("Mobile app", "mobile_app"), any other name lowercased with spaces as underscores;
/// `None` when the text is blank.
pub fn parse_channel(text: &str) -> Option<Channel> {
    let t = text.trim();
    (!t.is_empty()).then(|| Channel::from_name(&t.to_lowercase().replace(' ', "_")))
}

/// An emotion brought into [`EMOTION_RANGE`]: below it gives the lowest, above it the highest.
pub fn clamp_emotion(value: i64) -> i8 {
    let clamped = value.clamp(i64::from(EMOTION_MIN), i64::from(EMOTION_MAX));
    i8::try_from(clamped).unwrap_or(0)
}

/// Where an emotion sits in [`EMOTION_RANGE`]: 0.0 for the lowest, 1.0 for the highest
/// (values outside the range are clamped first), for drawing it on a scale.
pub fn emotion_fraction(value: i8) -> f64 {
    let e = clamp_emotion(i64::from(value));
    f64::from(e - EMOTION_MIN) / f64::from(EMOTION_MAX - EMOTION_MIN)
}

/// The emotion select's choices, `(value, label)` from very negative to very positive: one
/// per value of [`EMOTION_RANGE`], each value text that [`parse_emotion`] reads back.
pub const EMOTION_CHOICES: [(&str, &str); 5] = [
    ("-2", "−2 very negative"),
    ("-1", "−1 negative"),
    ("0", "0 neutral"),
    ("1", "+1 positive"),
    ("2", "+2 very positive"),
];

/// Parses an emotion as chosen ("-2" … "2"; empty clears), clamping whole numbers outside
/// the range; refuses anything that is not a whole number.
pub fn parse_emotion(text: &str) -> Result<Option<i8>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i64>() {
        Ok(e) => Ok(Some(clamp_emotion(e))),
        Err(e) if *e.kind() == IntErrorKind::PosOverflow => Ok(Some(EMOTION_MAX)),
        Err(e) if *e.kind() == IntErrorKind::NegOverflow => Ok(Some(EMOTION_MIN)),
        Err(_) => Err(FieldError::NotEmotion(text.to_string())),
    }
}

/// A link's URL as typed, trimmed, if it is one the load path keeps (the schema's
/// [`is_safe_url`]: http, https or mailto, nothing after the scheme missing, no spaces);
/// otherwise an error, so the editor never stores a link the next load would drop. A web
/// address typed without its scheme ("example.com/help", "www.example.org") gets `https://`,
/// as a browser's address bar would give it.
pub fn link_url(text: &str) -> Result<String, FieldError> {
    let url = text.trim();
    if is_safe_url(url) {
        return Ok(url.to_string());
    }
    let web = format!("https://{url}");
    if looks_like_host(url) && is_safe_url(&web) {
        Ok(web)
    } else {
        Err(FieldError::UnsafeLink(url.to_string()))
    }
}

/// Whether `text` starts with a host name with a dot in it ("example.com", "www.a.b/x"):
/// letters, digits and dashes in dot-separated labels, before any `/`, `?` or `#`.
fn looks_like_host(text: &str) -> bool {
    let host = text.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(h, port)| {
        if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_read_commas_and_clear_on_empty() {
        assert_eq!(parse_minutes("1,5"), Ok(Some(90)));
        assert_eq!(parse_minutes("  "), Ok(None));
        assert!(parse_minutes("-1").is_err());
    }

    #[test]
    fn emotion_fraction_spans_the_range() {
        assert_eq!(emotion_fraction(EMOTION_MIN), 0.0);
        assert_eq!(emotion_fraction(0), 0.5);
        assert_eq!(emotion_fraction(EMOTION_MAX), 1.0);
        assert_eq!(emotion_fraction(i8::MAX), 1.0);
    }
}
