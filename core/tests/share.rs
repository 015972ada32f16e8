//! Share links: every blueprint survives the round trip; hostile links fail cleanly and fast.

#[path = "checks_builder.rs"]
mod builder;

use std::time::{Duration, Instant};

use builder::B;
use proptest::prelude::*;
use stageline_core::audience::{AudienceError, AudienceFilter, Preset};
use stageline_core::share::{
    self, decode_payload, encode_payload, is_long, payload_from_json, ShareError, ShareLink,
    CODEC_VERSION, LONG_LINK_CHARS, VIEW_ROUTE,
};
use stageline_schema::{
    examples, Blueprint, FailPoint, LaneKind, Link, LoadError, Risk, MAX_INPUT_BYTES,
};

fn example(file: &str) -> Blueprint {
    let e = examples::ALL
        .iter()
        .find(|e| e.file == file)
        .expect("example exists");
    stageline_schema::load_str(e.json).expect("loads").blueprint
}

fn open(text: &str) -> Result<share::OpenedLink, ShareError> {
    ShareLink::parse_fragment(text)
}

/// The raw DEFLATE of `total` zero bytes, compressed in 1 MiB chunks (never all in memory).
fn deflated_zeros(total: usize) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
    };
    // Negative window bits: raw DEFLATE, no zlib header.
    let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(9, -15, 0));
    let chunk = vec![0u8; 1 << 20];
    let mut buf = vec![0u8; 1 << 16];
    let mut out = Vec::new();
    let mut left = total;
    loop {
        let n = left.min(chunk.len());
        left -= n;
        let flush = if left == 0 {
            TDEFLFlush::Finish
        } else {
            TDEFLFlush::None
        };
        let mut input = &chunk[..n];
        loop {
            let (status, used, wrote) = compress(&mut c, input, &mut buf, flush);
            out.extend_from_slice(&buf[..wrote]);
            input = &input[used..];
            match status {
                TDEFLStatus::Done => return out,
                TDEFLStatus::Okay if input.is_empty() && flush == TDEFLFlush::None => break,
                TDEFLStatus::Okay => {}
                other => panic!("compression failed: {other:?}"),
            }
        }
    }
}

/// A payload whose data is exactly these DEFLATE bytes.
fn payload_of_deflated(deflated: &[u8]) -> String {
    format!("{CODEC_VERSION}{}", base64url(deflated))
}

/// A plain base64url encoder for hand-made payloads (independent of the one under test).
fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = String::new();
    for b in bytes {
        bits.push_str(&format!("{b:08b}"));
    }
    while !bits.len().is_multiple_of(6) {
        bits.push('0');
    }
    bits.as_bytes()
        .chunks(6)
        .map(|six| {
            let v = six
                .iter()
                .fold(0usize, |acc, &b| acc * 2 + usize::from(b == b'1'));
            char::from(A[v])
        })
        .collect()
}

#[test]
fn examples_round_trip_with_and_without_filters() {
    for e in examples::ALL {
        let doc = example(e.file);
        for filter in [
            AudienceFilter::default(),
            AudienceFilter {
                preset: Preset::Executives,
                hidden: [doc.lanes[0].id.clone()].into_iter().collect(),
                highlight_fail_points: true,
                dim_below_visibility: true,
            },
        ] {
            let link = ShareLink::new(doc.clone(), filter.clone());
            let fragment = link.to_fragment();
            assert!(fragment.starts_with(VIEW_ROUTE));
            assert!(fragment.is_ascii());
            assert!(
                !fragment.contains('=') || fragment.contains('?'),
                "no padding"
            );
            let opened = open(&fragment).expect("opens");
            assert_eq!(opened.link, link, "{}", e.file);
            assert!(opened.warnings.is_empty(), "{:?}", opened.warnings);
            assert_eq!(opened.filter_error, None);
            // A whole URL, a fragment without `#`, stray whitespace: the same link.
            let url = link.to_url("https://stageline.example/app/#/home");
            assert!(url.starts_with("https://stageline.example/app/#/view/1"));
            assert_eq!(open(&format!("  {url}\n")).expect("opens").link, link);
            assert_eq!(open(&fragment[1..]).expect("opens").link, link);
        }
        // The examples fit comfortably in a chat message.
        let url = ShareLink::new(doc, AudienceFilter::default()).to_url("https://s.example/");
        assert!(!is_long(&url), "{} is {} chars", e.file, url.len());
    }
}

#[test]
fn encoding_is_deterministic_and_compresses() {
    let doc = example("bank-loan.json");
    let json = stageline_schema::to_json_compact(&doc);
    let a = encode_payload(&doc);
    assert_eq!(a, encode_payload(&doc.clone()));
    assert!(a.starts_with(CODEC_VERSION));
    assert!(
        a.len() * 2 < json.len(),
        "payload {} chars for {} bytes of JSON",
        a.len(),
        json.len()
    );
    assert_eq!(payload_from_json(json.as_bytes()), a);
}

#[test]
fn long_link_threshold() {
    assert_eq!(LONG_LINK_CHARS, 8_000);
    assert!(!is_long(&"x".repeat(8_000)));
    assert!(is_long(&"x".repeat(8_001)));
}

#[test]
fn script_in_text_fields_stays_plain_text() {
    let hostile = "<script>alert(1)</script>\"><svg onload=alert(1)> ]]> javascript:alert(1)";
    let mut b = B::new(&[hostile]);
    b.doc.metadata.title = hostile.to_string();
    b.doc.lanes[1].name = hostile.to_string();
    let c = b.card(LaneKind::Customer, 0, hostile);
    b.edit(&c, |card| {
        card.description = hostile.to_string();
        card.links = vec![Link {
            label: hostile.into(),
            url: "https://example.com/?q=<script>".into(),
        }];
    });
    let link = ShareLink::new(b.doc.clone(), AudienceFilter::default());
    let opened = open(&link.to_fragment()).expect("opens");
    assert_eq!(opened.link.blueprint, b.doc);
    assert_eq!(opened.link.blueprint.metadata.title, hostile);
    assert_eq!(opened.link.blueprint.cards[0].description, hostile);
}

#[test]
fn garbage_and_unknown_versions() {
    assert_eq!(open("").err(), Some(ShareError::NotAViewLink));
    assert_eq!(open("hello").err(), Some(ShareError::NotAViewLink));
    assert_eq!(
        open("https://x.example/#/view").err(),
        Some(ShareError::NotAViewLink)
    );
    assert_eq!(open("#/view/").err(), Some(ShareError::Empty));
    assert_eq!(open("#/view/1").err(), Some(ShareError::Empty));
    assert_eq!(
        open("#/view/2AAAA").err(),
        Some(ShareError::UnknownVersion { found: '2' })
    );
    assert_eq!(
        open("#/view/éAAAA").err(),
        Some(ShareError::UnknownVersion { found: 'é' })
    );
    assert_eq!(
        open("#/view/1AB<script>").err(),
        Some(ShareError::BadCharacter {
            index: 3,
            found: '<'
        })
    );
    assert_eq!(
        open("#/view/1AB+CD").err(),
        Some(ShareError::BadCharacter {
            index: 3,
            found: '+'
        })
    );
    assert_eq!(
        open("#/view/1AB%20CD").err().map(|e| e.code()),
        Some("bad_character")
    );
    // Random base64url garbage: never a panic, never a blueprint.
    for garbage in ["1AAAA", "1____", "1hello-world_", "1ZZZZZZZZZZZZZZZZZZZ"] {
        let err = decode_payload(garbage).expect_err("garbage is refused");
        assert!(
            matches!(err, ShareError::Corrupt | ShareError::Truncated),
            "{garbage}: {err:?}"
        );
    }
}

#[test]
fn every_truncation_is_reported_as_truncated() {
    let doc = example("hotel-stay.json");
    let payload = encode_payload(&doc);
    for end in 2..payload.len() {
        let err = decode_payload(&payload[..end]).expect_err("a cut-off link never opens");
        assert_eq!(err, ShareError::Truncated, "cut after {end} chars");
        assert!(err.to_string().contains("cut off"));
    }
}

#[test]
fn changed_characters_never_panic() {
    let doc = example("pharmacy-prescription.json");
    let payload = encode_payload(&doc);
    let alphabet = ['A', 'z', '0', '-', '_'];
    let (mut refused, mut opened) = (0, 0);
    for (k, at) in (1..payload.len()).step_by(5).enumerate() {
        let mut bytes = payload.clone().into_bytes();
        let replacement = alphabet[k % alphabet.len()] as u8;
        if bytes[at] == replacement {
            continue;
        }
        bytes[at] = replacement;
        let changed = String::from_utf8(bytes).expect("ascii");
        match decode_payload(&changed) {
            Ok(loaded) => {
                opened += 1;
                // Whatever opens went through the load path: it is a valid document.
                let again = stageline_schema::to_json_compact(&loaded.blueprint);
                assert!(stageline_schema::load_str(&again).is_ok());
            }
            Err(e) => {
                refused += 1;
                assert!(!e.to_string().is_empty());
            }
        }
    }
    assert!(refused > opened, "refused {refused}, opened {opened}");
}

#[test]
fn decompression_bomb_fails_fast_and_bounded() {
    // 100 MB of zeros deflates to about 100 KB: a link of about 130,000 characters.
    let bomb = deflated_zeros(100_000_000);
    assert!(bomb.len() < 200_000, "{}", bomb.len());
    let payload = payload_of_deflated(&bomb);
    let started = Instant::now();
    let err = decode_payload(&payload).expect_err("a bomb never opens");
    let took = started.elapsed();
    assert_eq!(
        err,
        ShareError::TooLarge {
            limit: MAX_INPUT_BYTES
        }
    );
    assert!(err.to_string().contains("16 MiB"), "{err}");
    assert!(took < Duration::from_secs(3), "took {took:?}");
    // A payload longer than any valid one is refused before decoding.
    let huge = format!("{CODEC_VERSION}{}", "A".repeat(share::MAX_PAYLOAD_CHARS));
    assert!(matches!(
        decode_payload(&huge),
        Err(ShareError::TooLarge { .. })
    ));
}

#[test]
fn valid_deflate_of_non_json_is_a_load_error() {
    let not_json = payload_from_json(b"<html><script>alert(1)</script></html>");
    let err = decode_payload(&not_json).expect_err("refused");
    assert!(
        matches!(err, ShareError::Load(LoadError::Syntax { .. })),
        "{err:?}"
    );
    assert_eq!(err.code(), "syntax");
    assert!(err
        .to_string()
        .starts_with("The link does not hold a valid blueprint."));

    let binary = payload_from_json(&[0xff, 0xfe, 0x00, 0x01]);
    assert!(matches!(
        decode_payload(&binary),
        Err(ShareError::Load(LoadError::InvalidUtf8 { .. }))
    ));

    let other = payload_from_json(br#"{"format": "something.else", "schema_version": 1}"#);
    let err = decode_payload(&other).expect_err("refused");
    assert_eq!(err.path(), Some("format"));
}

#[test]
fn newer_schema_version_is_refused_by_the_load_path() {
    let doc = example("hotel-stay.json");
    let json = stageline_schema::to_json_compact(&doc).replacen(
        &format!(
            "\"schema_version\":{}",
            stageline_schema::CURRENT_SCHEMA_VERSION
        ),
        "\"schema_version\":99",
        1,
    );
    assert!(json.contains("\"schema_version\":99"));
    let fragment = format!("{VIEW_ROUTE}{}", payload_from_json(json.as_bytes()));
    let err = open(&fragment).expect_err("refused");
    assert_eq!(
        err,
        ShareError::Load(LoadError::TooNew {
            found: 99,
            supported: stageline_schema::CURRENT_SCHEMA_VERSION
        })
    );
    assert_eq!(err.code(), "too_new");
    assert_eq!(err.path(), Some("schema_version"));
    assert!(err.to_string().contains("Update Stageline"), "{err}");
}

#[test]
fn load_warnings_are_kept() {
    let doc = example("hotel-stay.json");
    let json = stageline_schema::to_json_compact(&doc).replacen('{', r#"{"extra_field":1,"#, 1);
    let opened = open(&format!(
        "{VIEW_ROUTE}{}",
        payload_from_json(json.as_bytes())
    ))
    .expect("opens with a warning");
    assert_eq!(opened.link.blueprint, doc);
    assert_eq!(opened.warnings.len(), 1);
    assert_eq!(opened.warnings[0].path, "extra_field");
}

#[test]
fn a_broken_filter_still_opens_the_blueprint() {
    let doc = example("hotel-stay.json");
    let payload = encode_payload(&doc);
    let opened = open(&format!("{VIEW_ROUTE}{payload}?lanes=custo")).expect("opens");
    assert_eq!(opened.link.blueprint, doc);
    assert_eq!(opened.link.filter, AudienceFilter::default());
    assert!(matches!(
        opened.filter_error,
        Some(AudienceError::UnknownPreset { .. })
    ));
    // Unknown parameters from a newer Stageline are ignored.
    let opened = open(&format!("{VIEW_ROUTE}{payload}?fail=1&theme=dark")).expect("opens");
    assert!(opened.link.filter.highlight_fail_points);
    assert_eq!(opened.filter_error, None);
}

/// Blueprints with arbitrary text in every field the SVG and viewer show.
fn arbitrary_doc() -> impl Strategy<Value = Blueprint> {
    // Any characters, control characters and line breaks included.
    let text = "(?s).{0,30}";
    (
        text,
        proptest::collection::vec((0usize..5, 0usize..3, text, any::<bool>()), 0..12),
        proptest::collection::vec((0usize..12, 0usize..12, text), 0..12),
        text,
    )
        .prop_map(|(title, cards, arrows, lane_name)| {
            let mut b = B::new(&["One", "Two", "Three"]);
            b.doc.metadata.title = title;
            b.doc.lanes[2].name = lane_name;
            let mut ids = Vec::new();
            for (lane, stage, title, fail) in cards {
                let id = b.card(LaneKind::CANONICAL[lane], stage, &title);
                if fail {
                    b.edit(&id, |c| {
                        c.fail_point = Some(FailPoint {
                            risk: Risk::Medium,
                            description: title.clone(),
                            owner: None,
                            escalation: None,
                        })
                    });
                }
                ids.push(id);
            }
            if !ids.is_empty() {
                for (a, z, label) in arrows {
                    let (a, z) = (ids[a % ids.len()].clone(), ids[z % ids.len()].clone());
                    if a != z && !b.doc.connections.iter().any(|c| c.from == a && c.to == z) {
                        let arrow = b.arrow(&a, &z);
                        if let Some(c) = b.doc.connections.iter_mut().find(|c| c.id == arrow) {
                            c.label = label;
                        }
                    }
                }
            }
            b.doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_blueprint_round_trips(doc in arbitrary_doc(), fail in any::<bool>(), dim in any::<bool>()) {
        let filter = AudienceFilter {
            preset: Preset::CustomerFacing,
            hidden: Default::default(),
            highlight_fail_points: fail,
            dim_below_visibility: dim,
        };
        let link = ShareLink::new(doc, filter);
        let opened = ShareLink::parse_fragment(&link.to_fragment());
        prop_assert!(opened.is_ok(), "{:?}", opened.err());
        if let Ok(opened) = opened {
            prop_assert_eq!(&opened.link, &link);
            prop_assert!(opened.warnings.is_empty());
        }
    }

    #[test]
    fn any_text_opens_or_fails_cleanly(text in "\\PC{0,200}") {
        let _ = ShareLink::parse_fragment(&text);
        let _ = ShareLink::parse_fragment(&format!("#/view/1{text}"));
    }
}

/// How long encoding and decoding take (run with `--ignored --nocapture`; unoptimized
/// test builds are several times slower than the release wasm).
#[test]
#[ignore]
fn timings() {
    let mut docs = vec![("bank-loan.json".to_string(), example("bank-loan.json"))];
    let mut b = B::new(&["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10"]);
    let mut prev = None;
    for k in 0..1_000 {
        let id = b.card(
            LaneKind::CANONICAL[k % 5],
            k % 10,
            &format!("Step {k}: customer checks the order status online"),
        );
        b.edit(&id, |c| {
            c.description = format!("Description of step {k}, with some realistic length.");
            c.owner = Some(format!("Team {}", k % 7));
            c.wait_before_secs = Some((k as u64 * 37) % 900);
        });
        if let Some(p) = prev {
            b.arrow(&p, &id);
        }
        prev = Some(id);
    }
    docs.push(("1,000 cards".to_string(), b.doc));
    for (name, doc) in docs {
        let json_len = stageline_schema::to_json_compact(&doc).len();
        let runs = 10u32;
        let started = Instant::now();
        let mut fragment = String::new();
        for _ in 0..runs {
            fragment = ShareLink::new(doc.clone(), AudienceFilter::default()).to_fragment();
        }
        let encode = started.elapsed() / runs;
        let started = Instant::now();
        for _ in 0..runs {
            assert!(ShareLink::parse_fragment(&fragment).is_ok());
        }
        let decode = started.elapsed() / runs;
        println!(
            "{name}: JSON {json_len} B, link {} chars, encode {encode:?}, decode {decode:?}",
            fragment.len()
        );
    }
}

#[test]
fn a_comparison_link_carries_both_versions_and_its_filter() {
    let old = example("hotel-stay.json");
    let mut new = old.clone();
    new.metadata.title = "Hotel stay (to be)".into();
    new.cards.truncate(new.cards.len() / 2);
    let kept: Vec<_> = new.cards.iter().map(|c| c.id.clone()).collect();
    new.connections
        .retain(|k| kept.contains(&k.from) && kept.contains(&k.to));
    let filter = AudienceFilter {
        highlight_fail_points: true,
        ..AudienceFilter::default()
    };
    let link = ShareLink::comparing(old.clone(), new.clone(), filter.clone());
    let fragment = link.to_fragment();
    assert_eq!(fragment.matches('~').count(), 1, "two payloads");
    assert!(
        fragment.ends_with("?fail=1"),
        "{}",
        &fragment[fragment.len() - 20..]
    );
    let opened = open(&fragment).expect("opens");
    assert_eq!(opened.link.blueprint, new);
    assert_eq!(opened.link.was, Some(old));
    assert_eq!(opened.link.filter, filter);
    // A plain link has no older version.
    let plain = open(&ShareLink::new(new, AudienceFilter::default()).to_fragment()).expect("opens");
    assert_eq!(plain.link.was, None);
    // A damaged second half fails the link as a whole, saying why.
    let (head, _) = fragment.split_once('~').expect("two payloads");
    assert!(matches!(
        open(&format!("{head}~1!!")),
        Err(ShareError::BadCharacter { .. })
    ));
}
