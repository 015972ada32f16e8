//! Base64url without padding (RFC 4648 §5), strict: the share link's text form.
//!
//! Hand-written (about fifty lines) so the app's wasm carries no base64 crate. Decoding
//! refuses characters outside the alphabet and ignores the bits after the last whole byte (a
//! cut-off text then decodes to cut-off bytes, which the DEFLATE decoder reports as
//! truncated, the more useful diagnosis).

/// The base64url alphabet: `A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_`.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A character outside the base64url alphabet, which makes a text undecodable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadCharacter {
    /// The 0-based character index in the decoded text.
    pub index: usize,
    /// The character found.
    pub found: char,
}

/// Encodes `bytes` as base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        // One more character than whole bytes: 1 byte → 2 chars, 2 → 3, 3 → 4.
        for k in 0..=chunk.len() {
            let sextet = (n >> (18 - 6 * k)) & 0x3f;
            out.push(char::from(ALPHABET[sextet as usize]));
        }
    }
    out
}

/// The 6-bit value of one alphabet character.
fn value(c: char) -> Option<u32> {
    let v = match c {
        'A'..='Z' => c as u32 - 'A' as u32,
        'a'..='z' => c as u32 - 'a' as u32 + 26,
        '0'..='9' => c as u32 - '0' as u32 + 52,
        '-' => 62,
        '_' => 63,
        _ => return None,
    };
    Some(v)
}

/// Decodes base64url without padding; see the module docs for what is refused.
pub fn decode(text: &str) -> Result<Vec<u8>, BadCharacter> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for (index, c) in text.chars().enumerate() {
        let v = value(c).ok_or(BadCharacter { index, found: c })?;
        acc = (acc << 6 | v) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        // RFC 4648 §10, without padding; base64url differs from base64 only in `-` and `_`.
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).as_deref(), Ok(plain.as_bytes()));
        }
        assert_eq!(encode(&[0xfb, 0xff, 0xbf]), "-_-_");
        assert_eq!(decode("-_-_"), Ok(vec![0xfb, 0xff, 0xbf]));
    }

    #[test]
    fn every_byte_and_length_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        for n in 0..all.len() {
            let coded = encode(&all[..n]);
            assert_eq!(coded.len(), (n * 4).div_ceil(3));
            assert_eq!(decode(&coded).as_deref(), Ok(&all[..n]));
        }
    }

    #[test]
    fn refuses_characters_outside_the_alphabet() {
        assert_eq!(
            decode("Zm9v+Yg"),
            Err(BadCharacter {
                index: 4,
                found: '+'
            })
        );
        assert_eq!(
            decode("Zm=="),
            Err(BadCharacter {
                index: 2,
                found: '='
            })
        );
        assert_eq!(
            decode("Zm9vé"),
            Err(BadCharacter {
                index: 4,
                found: 'é'
            })
        );
    }

    #[test]
    fn cut_off_text_gives_the_whole_bytes() {
        assert_eq!(decode("Zm9vY").as_deref(), Ok(&b"foo"[..]));
        assert_eq!(decode("Zm9vYm").as_deref(), Ok(&b"foob"[..]));
        // Bits after the last whole byte are ignored.
        assert_eq!(decode("Zh").as_deref(), Ok(&b"f"[..]));
    }
}
