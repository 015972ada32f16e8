//! Fresh IDs in the browser: 64 random bits from `crypto.getRandomValues` per ID.

use stageline_schema::IdSource;

/// An [`IdSource`] backed by the browser's cryptographic random numbers.
///
/// Falls back to a seeded generator from the clock and `Math.random` only if the Web Crypto
/// API is unavailable (very old browsers), so IDs are never made from the clock alone.
pub struct BrowserIds {
    fallback: stageline_schema::SeededIds,
}

impl BrowserIds {
    /// Creates the source.
    pub fn new() -> BrowserIds {
        let seed =
            (js_sys::Date::now() as u64) ^ ((js_sys::Math::random() * u64::MAX as f64) as u64);
        BrowserIds {
            fallback: stageline_schema::SeededIds::new(seed),
        }
    }
}

impl Default for BrowserIds {
    fn default() -> Self {
        BrowserIds::new()
    }
}

impl IdSource for BrowserIds {
    fn next_u64(&mut self) -> u64 {
        let mut bytes = [0u8; 8];
        let filled = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
            .is_some();
        if filled {
            u64::from_le_bytes(bytes)
        } else {
            self.fallback.next_u64()
        }
    }
}
