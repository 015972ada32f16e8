//! Fuzzes the share-link decoder (`stageline_core::share`), every way a link's bytes reach it:
//! any text as a whole link, any bytes as the link's DEFLATE data, any bytes as the JSON a
//! link carries. It must never panic, and whatever opens must be a valid blueprint (nothing
//! left for repair to change) whose own link opens again to the same blueprint.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stageline_core::share::{self, OpenedLink, ShareLink};
use stageline_schema::{Blueprint, Loaded};

/// base64url without padding (RFC 4648 §5), as links carry data.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// Valid: repair has nothing left to change (an empty blueprint keeps its "no lanes" notice,
/// which repair reports but cannot fix).
fn check_valid(blueprint: &Blueprint, what: &str) {
    let mut again = blueprint.clone();
    stageline_schema::repair(&mut again);
    assert_eq!(&again, blueprint, "{what} still needs repair");
}

/// What every accepted link must satisfy.
fn check_opened(opened: &OpenedLink) {
    check_valid(&opened.link.blueprint, "an opened link");
    let again = ShareLink::parse_fragment(&opened.link.to_fragment())
        .unwrap_or_else(|e| panic!("the link of an opened blueprint does not open: {e}"));
    assert_eq!(again.link.blueprint, opened.link.blueprint);
}

fn check_loaded(loaded: &Loaded) {
    check_valid(&loaded.blueprint, "a decoded payload");
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 3 {
        // Any text as a link: a URL, a fragment, a payload with a filter.
        0 => {
            if let Ok(text) = std::str::from_utf8(rest) {
                if let Ok(opened) = ShareLink::parse_fragment(text) {
                    check_opened(&opened);
                }
                let _ = share::is_view_link(text);
            }
        }
        // Any bytes as the link's (raw DEFLATE) data: the decompressor and its size limit.
        1 => {
            let payload = format!("{}{}", share::CODEC_VERSION, base64url(rest));
            if let Ok(loaded) = share::decode_payload(&payload) {
                check_loaded(&loaded);
            }
        }
        // Any bytes as the JSON a link carries: the load path behind the link.
        _ => {
            let payload = share::payload_from_json(rest);
            match (
                share::decode_payload(&payload),
                stageline_schema::load_bytes(rest),
            ) {
                (Ok(via_link), Ok(direct)) => {
                    check_loaded(&via_link);
                    assert_eq!(via_link.blueprint, direct.blueprint);
                }
                (Ok(_), Err(e)) => panic!("a link opened JSON the load path refuses: {e}"),
                (Err(_), _) => {}
            }
        }
    }
});
