//! Timestamps: Unix milliseconds in memory, RFC 3339 UTC strings in JSON.
//!
//! Written as `2026-11-22T18:30:00.000Z` (always UTC, always milliseconds). Read tolerantly:
//! fractions of any length (truncated to milliseconds) or none, `Z` or a `±HH:MM` offset,
//! `T`, `t` or a space between date and time. Years are limited to 0000..=9999.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const MS_PER_DAY: i64 = 86_400_000;

/// A moment in time with millisecond precision, stored as milliseconds since 1970-01-01T00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(i64);

/// Why a string is not an accepted RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError(String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected an RFC 3339 timestamp like \"2026-11-22T18:30:00.000Z\": {}",
            self.0
        )
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// The earliest representable moment, 0000-01-01T00:00:00.000Z.
    pub const MIN: Timestamp = Timestamp(-62_167_219_200_000);
    /// The latest representable moment, 9999-12-31T23:59:59.999Z.
    pub const MAX: Timestamp = Timestamp(253_402_300_799_999);
    /// The Unix epoch, 1970-01-01T00:00:00.000Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp(0);

    /// Wraps Unix milliseconds (e.g. JavaScript's `Date.now()`), or `None` outside years 0..=9999.
    pub const fn from_unix_millis(ms: i64) -> Option<Timestamp> {
        if ms < Self::MIN.0 || ms > Self::MAX.0 {
            None
        } else {
            Some(Timestamp(ms))
        }
    }

    /// The moment as milliseconds since the Unix epoch.
    pub const fn unix_millis(self) -> i64 {
        self.0
    }

    /// Parses an RFC 3339 timestamp tolerantly (see the module docs).
    pub fn parse(s: &str) -> Result<Timestamp, TimestampError> {
        parse_rfc3339(s.as_bytes()).map_err(|m| TimestampError(m.to_string()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(MS_PER_DAY);
        let ms_of_day = self.0.rem_euclid(MS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        let secs = ms_of_day / 1000;
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60,
            ms_of_day % 1000
        )
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(s)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Timestamp::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "An RFC 3339 timestamp; Stageline writes UTC with milliseconds, e.g. \"2026-11-22T18:30:00.000Z\".",
        })
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A tiny cursor over ASCII bytes for the timestamp parser.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize, what: &'static str) -> Result<i64, &'static str> {
        let mut v = 0i64;
        for _ in 0..n {
            match self.bytes.get(self.pos) {
                Some(b) if b.is_ascii_digit() => {
                    v = v * 10 + i64::from(b - b'0');
                    self.pos += 1;
                }
                _ => return Err(what),
            }
        }
        Ok(v)
    }

    fn eat(&mut self, allowed: &[u8], what: &'static str) -> Result<u8, &'static str> {
        match self.bytes.get(self.pos) {
            Some(b) if allowed.contains(b) => {
                self.pos += 1;
                Ok(*b)
            }
            _ => Err(what),
        }
    }
}

fn parse_rfc3339(bytes: &[u8]) -> Result<Timestamp, &'static str> {
    let mut c = Cursor { bytes, pos: 0 };
    let y = c.digits(4, "a four-digit year")?;
    c.eat(b"-", "'-' after the year")?;
    let mo = c.digits(2, "a two-digit month")?;
    c.eat(b"-", "'-' after the month")?;
    let d = c.digits(2, "a two-digit day")?;
    c.eat(b"Tt ", "'T' between date and time")?;
    let h = c.digits(2, "a two-digit hour")?;
    c.eat(b":", "':' after the hour")?;
    let mi = c.digits(2, "two-digit minutes")?;
    c.eat(b":", "':' after the minutes")?;
    let s = c.digits(2, "two-digit seconds")?;
    let mut ms = 0i64;
    if c.eat(b".", "").is_ok() {
        let start = c.pos;
        while let Some(b) = bytes.get(c.pos).filter(|b| b.is_ascii_digit()) {
            if c.pos - start < 3 {
                ms = ms * 10 + i64::from(b - b'0');
            }
            c.pos += 1;
        }
        match c.pos - start {
            0 => return Err("digits after the decimal point"),
            1 => ms *= 100,
            2 => ms *= 10,
            _ => {}
        }
    }
    let offset_min = match c.eat(b"Zz+-", "'Z' or a ±HH:MM offset")? {
        b'Z' | b'z' => 0,
        sign => {
            let oh = c.digits(2, "a two-digit offset hour")?;
            c.eat(b":", "':' in the offset")?;
            let om = c.digits(2, "two-digit offset minutes")?;
            if oh > 23 || om > 59 {
                return Err("an offset between -23:59 and +23:59");
            }
            let total = oh * 60 + om;
            if sign == b'-' {
                -total
            } else {
                total
            }
        }
    };
    if c.pos != bytes.len() {
        return Err("nothing after the offset");
    }
    if !(1..=12).contains(&mo) {
        return Err("a month between 01 and 12");
    }
    if d < 1 || d > days_in_month(y, mo) {
        return Err("a day that exists in that month");
    }
    if h > 23 || mi > 59 || s > 60 {
        return Err("a time between 00:00:00 and 23:59:60");
    }
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset_min * 60;
    Timestamp::from_unix_millis(secs * 1000 + ms).ok_or("a moment in the years 0000 to 9999")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_moments() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00.000Z");
        assert_eq!(Timestamp::MIN.to_string(), "0000-01-01T00:00:00.000Z");
        assert_eq!(Timestamp::MAX.to_string(), "9999-12-31T23:59:59.999Z");
        assert_eq!(Timestamp(-1).to_string(), "1969-12-31T23:59:59.999Z");
        let t = Timestamp::parse("2026-11-22T18:30:00.000Z").map(|t| t.to_string());
        assert_eq!(t.as_deref(), Ok("2026-11-22T18:30:00.000Z"));
    }

    #[test]
    fn parses_tolerantly() {
        let base = Timestamp::parse("2024-02-29T12:00:00Z").map(Timestamp::unix_millis);
        assert_eq!(base, Ok(1_709_208_000_000));
        for s in [
            "2024-02-29T12:00:00.000Z",
            "2024-02-29t12:00:00z",
            "2024-02-29 12:00:00.0Z",
            "2024-02-29T13:30:00+01:30",
            "2024-02-29T07:00:00.000000-05:00",
        ] {
            assert_eq!(Timestamp::parse(s).map(Timestamp::unix_millis), base, "{s}");
        }
        assert_eq!(
            Timestamp::parse("2024-01-01T00:00:00.5Z").map(|t| t.0 % 1000),
            Ok(500)
        );
    }

    #[test]
    fn rejects_invalid() {
        for s in [
            "",
            "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00Zjunk",
            "0000-01-01T00:00:00+00:01",
            "24-01-01T00:00:00Z",
            "2024-01-01T00:00:00+24:00",
        ] {
            assert!(Timestamp::parse(s).is_err(), "{s}");
        }
    }
}
