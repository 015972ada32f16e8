//! Order keys: fractional positions written in a map entry, so a move is one write.
//!
//! A key is a base-62 fraction written with the digits `0-9A-Za-z` (ASCII order, so comparing
//! keys as strings compares the fractions), never empty and never ending in `0`: between any two
//! different keys there is always another one. Elements are ordered by `(key, ID)`: two replicas
//! that insert at the same spot at once may pick the same key, and the ID breaks the tie the same
//! way everywhere.
//!
//! [`assign`] gives keys to a sequence after an edit: the longest run of elements whose keys are
//! still in order keeps them, and only the others (new, moved, or with a key a peer made
//! unusable) get new keys between their kept neighbours. A move is therefore one write, and two
//! replicas moving the same element write the same entry: the last writer wins, nothing is
//! duplicated.

/// The digits of a key, in ascending order.
const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The base of the fractions.
const BASE: u8 = 62;

/// Keys longer than this (bytes) are treated as unusable and replaced on the next reorder; a
/// peer cannot make keys grow without bound.
pub const MAX_KEY_LEN: usize = 128;

fn digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'Z' => Some(c - b'A' + 10),
        b'a'..=b'z' => Some(c - b'a' + 36),
        _ => None,
    }
}

/// Whether `key` is a well-formed order key (see the module docs).
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_KEY_LEN
        && key.bytes().all(|c| digit(c).is_some())
        && !key.ends_with('0')
}

fn to_digits(key: &str) -> Vec<u8> {
    key.bytes().filter_map(digit).collect()
}

fn to_key(digits: &[u8]) -> String {
    digits
        .iter()
        .map(|&d| char::from(DIGITS[usize::from(d)]))
        .collect()
}

/// The fraction between `a` (or 0 when empty) and `b` (or 1 when `None`), as digits.
///
/// Requires `a < b` as fractions, both without trailing zeros.
fn midpoint(a: &[u8], b: Option<&[u8]>) -> Vec<u8> {
    if let Some(b) = b {
        // Common prefix (a padded with zeros).
        let mut n = 0;
        while n < b.len() && a.get(n).copied().unwrap_or(0) == b[n] {
            n += 1;
        }
        if n > 0 {
            let mut out = b[..n].to_vec();
            out.extend(midpoint(a.get(n..).unwrap_or(&[]), Some(&b[n..])));
            return out;
        }
    }
    let da = a.first().copied().unwrap_or(0);
    let db = b.and_then(|b| b.first().copied()).unwrap_or(BASE);
    if db > da + 1 {
        return vec![(da + db) / 2];
    }
    // Consecutive first digits.
    if let Some(b) = b {
        if b.len() > 1 {
            return vec![b[0]];
        }
    }
    let mut out = vec![da];
    out.extend(midpoint(a.get(1..).unwrap_or(&[]), None));
    out
}

/// A key strictly between `lo` and `hi` (`None`: the start or the end).
///
/// Both must be valid keys with `lo < hi`; otherwise the bounds that break that are ignored
/// (the result is then still valid, and after `lo` when `lo` is valid).
pub fn between(lo: Option<&str>, hi: Option<&str>) -> String {
    let lo = lo.filter(|k| is_valid_key(k));
    let hi = hi
        .filter(|k| is_valid_key(k))
        .filter(|h| lo.is_none_or(|l| l < *h));
    let a = lo.map(to_digits).unwrap_or_default();
    let b = hi.map(to_digits);
    to_key(&midpoint(&a, b.as_deref()))
}

/// `n` keys in ascending order, strictly between `lo` and `hi`, short (bisection).
pub fn n_between(lo: Option<&str>, hi: Option<&str>, n: usize) -> Vec<String> {
    let mut out = vec![String::new(); n];
    fill(lo, hi, &mut out);
    out
}

fn fill(lo: Option<&str>, hi: Option<&str>, out: &mut [String]) {
    if out.is_empty() {
        return;
    }
    let mid = out.len() / 2;
    let key = between(lo, hi);
    let (left, rest) = out.split_at_mut(mid);
    let (slot, right) = rest.split_at_mut(1);
    fill(lo, Some(&key), left);
    fill(Some(&key), hi, right);
    slot[0] = key;
}

/// Keys for a whole new sequence of `n` elements (seeding): evenly spread, short.
pub fn spread(n: usize) -> Vec<String> {
    n_between(None, None, n)
}

/// Given a sequence's current keys (`None`: no usable key yet) in the wanted order, returns the
/// keys to write: `Some(key)` for the elements that need a new key, `None` for those that keep
/// theirs. The elements that keep their keys are a longest run whose `(key, id)` pairs are
/// already ascending; the others get keys between their neighbours.
pub fn assign(current: &[(Option<&str>, &str)]) -> Vec<Option<String>> {
    let n = current.len();
    let mut keep = longest_ascending(current);
    let mut out: Vec<Option<String>> = vec![None; n];
    // Walk runs of elements that need keys, between kept neighbours.
    let mut i = 0;
    let mut lo: Option<String> = None;
    while i < n {
        if keep[i] {
            lo = current[i].0.map(str::to_string);
            i += 1;
            continue;
        }
        // A run starts at i; find its end: the next kept element whose key is above `lo`.
        let start = i;
        let mut j = i;
        loop {
            while j < n && !keep[j] {
                j += 1;
            }
            if j >= n {
                break;
            }
            let hi = current[j].0.unwrap_or("");
            if lo.as_deref().is_none_or(|l| l < hi) {
                break;
            }
            // Same key as `lo` (a tie broken by ID): it cannot bound the run; re-key it too.
            keep[j] = false;
        }
        let hi = if j < n { current[j].0 } else { None };
        let keys = n_between(lo.as_deref(), hi, j - start);
        for (slot, key) in out[start..j].iter_mut().zip(keys) {
            *slot = Some(key);
        }
        lo = out[j - 1].clone();
        i = j;
    }
    out
}

/// Marks a longest subsequence of elements with valid keys whose `(key, id)` ascend.
fn longest_ascending(current: &[(Option<&str>, &str)]) -> Vec<bool> {
    // Patience sorting: tails[k] = index of the smallest tail of an ascending run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; current.len()];
    let pair = |i: usize| (current[i].0.unwrap_or(""), current[i].1);
    for (i, (key, _)) in current.iter().enumerate() {
        if !key.is_some_and(is_valid_key) {
            continue;
        }
        let p = pair(i);
        let pos = tails.partition_point(|&t| pair(t) < p);
        if pos > 0 {
            prev[i] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; current.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = prev[i];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn between_examples() {
        assert_eq!(between(None, None), "V");
        assert!(between(Some("V"), None).as_str() > "V");
        assert!(between(None, Some("V")).as_str() < "V");
        let k = between(Some("z"), None);
        assert!(k.as_str() > "z" && is_valid_key(&k), "{k}");
        let k = between(Some("A"), Some("B"));
        assert!("A" < k.as_str() && k.as_str() < "B", "{k}");
        let k = between(None, Some("01"));
        assert!(k.as_str() < "01" && is_valid_key(&k), "{k}");
    }

    #[test]
    fn spread_is_ascending_and_short() {
        let keys = spread(1000);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys.iter().all(|k| is_valid_key(k) && k.len() <= 3));
    }

    #[test]
    fn one_move_is_one_write() {
        let keys = spread(5);
        let ids = ["a", "b", "c", "d", "e"];
        // Move "e" to the front.
        let order = [4, 0, 1, 2, 3];
        let current: Vec<_> = order
            .iter()
            .map(|&i| (Some(keys[i].as_str()), ids[i]))
            .collect();
        let out = assign(&current);
        assert_eq!(out.iter().filter(|k| k.is_some()).count(), 1);
        assert!(out[0].as_deref().unwrap() < keys[0].as_str());
    }

    #[test]
    fn repeated_appends_stay_valid() {
        let mut last: Option<String> = None;
        for _ in 0..500 {
            let k = between(last.as_deref(), None);
            assert!(last.as_deref().is_none_or(|l| l < k.as_str()));
            assert!(is_valid_key(&k));
            last = Some(k);
        }
        assert!(last.unwrap().len() < 100);
    }

    proptest! {
        #[test]
        fn between_is_between(a in "[0-9A-Za-z]{0,6}[1-9A-Za-z]", b in "[0-9A-Za-z]{0,6}[1-9A-Za-z]") {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            prop_assume!(lo != hi);
            let k = between(Some(&lo), Some(&hi));
            prop_assert!(lo < k && k < hi, "{lo} < {k} < {hi}");
            prop_assert!(is_valid_key(&k));
        }

        #[test]
        fn assign_orders_any_sequence(
            keys in proptest::collection::vec(proptest::option::of(prop_oneof![
                "[0-9A-Za-z]{1,3}", Just("V".to_string()), Just("!bad".to_string())]), 0..30)
        ) {
            let ids: Vec<String> = (0..keys.len()).map(|i| format!("id{i:02}")).collect();
            let current: Vec<_> = keys.iter().zip(&ids).map(|(k, id)| (k.as_deref(), id.as_str())).collect();
            let out = assign(&current);
            let fin: Vec<(String, &str)> = current.iter().zip(&out).map(|((k, id), new)| {
                (new.clone().unwrap_or_else(|| k.unwrap_or("").to_string()), *id)
            }).collect();
            prop_assert!(fin.iter().all(|(k, _)| is_valid_key(k)), "{fin:?}");
            prop_assert!(fin.windows(2).all(|w| (w[0].0.as_str(), w[0].1) < (w[1].0.as_str(), w[1].1)), "{fin:?}");
            // Those already ascending keep their keys: at least the longest ascending run.
            // (With distinct keys no tie forces a re-key: exactly that run is kept.)
            let kept = out.iter().filter(|k| k.is_none()).count();
            let lis = longest_ascending(&current).iter().filter(|&&k| k).count();
            let mut distinct: Vec<_> = keys.iter().flatten().collect();
            distinct.sort();
            distinct.dedup();
            if distinct.len() == keys.iter().flatten().count() {
                prop_assert_eq!(kept, lis);
            } else {
                prop_assert!(kept <= lis);
            }
        }
    }
}
