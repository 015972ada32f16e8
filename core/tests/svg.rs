//! The SVG picture: well-formed, deterministic, and safe whatever the document's text says.

#[path = "checks_builder.rs"]
mod builder;

use builder::B;
use stageline_core::svg::{escape, render, wrap};
use stageline_schema::{ConnectionKind, Direction, FailPoint, LaneKind, Link, Risk};

const HOSTILE: &str =
    "<script>alert(1)</script> \"onload=alert(1) ' ]]> javascript:alert(1) & \u{1}\u{7}";

fn hostile_doc() -> B {
    let mut b = B::new(&[HOSTILE, "Two"]);
    b.doc.metadata.title = HOSTILE.to_string();
    b.doc.lanes[1].name = HOSTILE.to_string();
    b.doc.lanes[2].owner = Some(HOSTILE.to_string());
    let c = b.card(LaneKind::Customer, 0, HOSTILE);
    let f = b.card(LaneKind::Frontstage, 0, "<img src=x onerror=alert(1)>");
    let k = b.card(LaneKind::Backstage, 1, "<![CDATA[ x ]]> <!-- -->");
    b.edit(&c, |card| {
        card.emotion = Some(-2);
        card.wait_before_secs = Some(360);
        card.links = vec![Link {
            label: "click".into(),
            url: "javascript:alert(1)".into(),
        }];
        card.fail_point = Some(FailPoint {
            risk: Risk::High,
            description: HOSTILE.into(),
            owner: Some(HOSTILE.into()),
            escalation: None,
        });
    });
    let arrow = b.arrow(&c, &k);
    b.doc
        .connections
        .iter_mut()
        .find(|x| x.id == arrow)
        .expect("arrow")
        .label = HOSTILE.to_string();
    b.arrow_with(&f, &k, ConnectionKind::Feedback, Direction::TwoWay, Some(5));
    b
}

/// Asserts the SVG parses as XML and has no active content.
fn assert_safe(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert!(!svg.contains("<script"), "no script element");
    assert!(!svg.to_ascii_lowercase().contains("<![cdata["), "no CDATA");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(
                name,
                "script" | "a" | "foreignObject" | "image" | "use" | "style" | "iframe"
            ),
            "unexpected element <{name}>"
        );
        for attr in node.attributes() {
            let key = attr.name().to_ascii_lowercase();
            assert!(!key.starts_with("on"), "event handler attribute {key}");
            assert!(!key.contains("href"), "reference attribute {key}");
            let value = attr.value().to_ascii_lowercase();
            assert!(!value.contains("javascript:"), "{key}={value}");
            if value.contains("url(") {
                assert_eq!(
                    value, "url(#sl-arrowhead)",
                    "only the local marker is referenced"
                );
            }
        }
    }
    doc
}

#[test]
fn hostile_text_is_escaped() {
    let b = hostile_doc();
    let svg = render(&b.doc);
    let doc = assert_safe(&svg);
    // The text is shown, as text.
    let texts: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert!(texts.contains("<script>alert(1)</script>"));
    assert!(texts.contains("<img src=x"));
    assert!(svg.contains("&lt;script&gt;"));
    assert!(svg.contains("&quot;onload=alert(1) &apos; ]]&gt;"));
    // A quote in the text cannot end an attribute and start ` onload=`; (text such as
    // `<img onerror=…>` may show ` onerror=` as characters, which `assert_safe` has proved are
    // not attributes).
    assert!(!svg.contains(" onload="));
    assert!(!svg.contains("\"onload"));
    // Control characters are dropped.
    assert!(!svg.contains('\u{1}') && !svg.contains('\u{7}'));
}

#[test]
fn links_are_never_rendered() {
    let mut b = B::new(&["One"]);
    let c = b.card(LaneKind::Customer, 0, "Plain title");
    b.edit(&c, |card| {
        card.links = vec![
            Link {
                label: "x".into(),
                url: "javascript:alert(1)".into(),
            },
            Link {
                label: "y".into(),
                url: "https://example.com".into(),
            },
        ]
    });
    let svg = render(&b.doc);
    assert_safe(&svg);
    assert!(!svg.contains("javascript:"));
    assert!(!svg.contains("example.com"));
}

#[test]
fn rendering_is_deterministic_and_complete() {
    let b = hostile_doc();
    assert_eq!(render(&b.doc), render(&b.doc.clone()));
    let svg = render(&b.doc);
    // Stage headers, lane bands coloured by kind, the three lines, cards, arrows.
    assert!(svg.contains(r##"fill="#fff1e6""##), "customer lane tint");
    assert!(svg.contains(r##"fill="#e8f6f5""##), "frontstage lane tint");
    for label in [
        "line of interaction",
        "line of visibility",
        "line of internal interaction",
    ] {
        assert!(svg.contains(label), "{label}");
    }
    assert_eq!(svg.matches(r#"stroke-dasharray="8 5""#).count(), 3);
    assert!(svg.contains("⚠ F high"));
    assert!(svg.contains(">wait 6 min</text>"));
    assert!(svg.contains("☹ −2</text>"));
    assert_eq!(svg.matches("marker-end=").count(), 2);
    assert!(svg.contains(r#"marker-start="url(#sl-arrowhead)""#));
    assert!(svg.contains("<circle"), "line-crossing dots");
}

#[test]
fn examples_render_as_valid_svg() {
    for example in stageline_schema::examples::ALL {
        let doc = stageline_schema::load_str(example.json)
            .expect("loads")
            .blueprint;
        let svg = render(&doc);
        let parsed = assert_safe(&svg);
        let cards = parsed
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("rx") == Some("6"))
            .count();
        assert_eq!(cards, doc.cards.len(), "{}", example.file);
    }
    // An empty document is still a picture.
    let mut empty = B::new(&[]);
    empty.doc.lanes.clear();
    assert_safe(&render(&empty.doc));
}

#[test]
fn escaping_and_wrapping() {
    assert_eq!(escape("a&b<c>\"d'"), "a&amp;b&lt;c&gt;&quot;d&apos;");
    assert_eq!(escape("x\u{0}y\u{fffe}\nz"), "xy z");
    assert_eq!(wrap("one two three", 9, 3), vec!["one two", "three"]);
    let long = "word ".repeat(40);
    let lines = wrap(&long, 12, 3);
    assert_eq!(lines.len(), 3);
    assert!(lines[2].ends_with('…'));
    assert!(lines.iter().all(|l| l.chars().count() <= 12));
    let unbroken = "x".repeat(50);
    let lines = wrap(&unbroken, 10, 3);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].chars().count(), 10);
    assert!(lines[2].ends_with('…'));
    assert!(wrap("", 10, 3).is_empty());
    assert_eq!(wrap("äöü ß", 3, 3), vec!["äöü", "ß"]);
}
