//! The SVG picture: well-formed, deterministic, and safe whatever the document's text says.

#[path = "checks_builder.rs"]
mod builder;

use builder::B;
use stageline_core::audience::{AudienceFilter, Preset};
use stageline_core::svg::{escape, render, render_filtered, wrap};
use stageline_schema::{ConnectionKind, Direction, FailPoint, LaneKind, Link, Risk, Side};

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
    // Named as the editor names them, where the editor shows them.
    for label in [
        "Line of interaction",
        "Line of visibility",
        "Line of internal interaction",
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

/// Hostile strings for every text field the picture may show.
const ATTACKS: [&str; 8] = [
    "<script>alert(1)</script>",
    "\"><svg onload=alert(1)>",
    "'><g onclick='alert(1)'>",
    "]]><script>alert(1)</script><![CDATA[",
    "--><script>alert(1)</script><!--",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "nul\u{0} bell\u{7} esc\u{1b} del\u{7f} c1\u{85} nonchar\u{fffe}\u{ffff} bidi\u{202e}",
];

/// A blueprint with every attack in titles, descriptions, lane, owner and stage names, arrow
/// labels and link URLs, with fail points and arrows across all lines.
fn attacked_doc() -> B {
    let mut b = B::new(&ATTACKS);
    b.doc.metadata.title = ATTACKS.concat();
    b.doc.metadata.description = ATTACKS.concat();
    for (k, lane) in b.doc.lanes.iter_mut().enumerate() {
        lane.name = ATTACKS[k % ATTACKS.len()].to_string();
        lane.owner = Some(ATTACKS[(k + 3) % ATTACKS.len()].to_string());
    }
    let mut cards = Vec::new();
    for (k, attack) in ATTACKS.iter().enumerate() {
        let kind = LaneKind::CANONICAL[k % 5];
        let id = b.card(kind, k, attack);
        b.edit(&id, |c| {
            c.description = (*attack).to_string();
            c.owner = Some((*attack).to_string());
            c.tags = vec![(*attack).to_string()];
            c.links = ATTACKS
                .iter()
                .map(|url| Link {
                    label: (*url).to_string(),
                    url: (*url).to_string(),
                })
                .collect();
            c.fail_point = (k % 2 == 0).then(|| FailPoint {
                risk: Risk::High,
                description: (*attack).to_string(),
                owner: Some((*attack).to_string()),
                escalation: Some((*attack).to_string()),
            });
        });
        cards.push(id);
    }
    for (k, pair) in cards.windows(2).enumerate() {
        let arrow = b.arrow(&pair[0], &pair[1]);
        if let Some(c) = b.doc.connections.iter_mut().find(|c| c.id == arrow) {
            c.label = ATTACKS[k].to_string();
        }
    }
    b
}

/// Walks every element and attribute: no script or foreignObject element, no event handler,
/// no reference other than http(s), mailto or a local `#id`, no character XML 1.0 forbids.
fn assert_inert(svg: &str) {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    for node in doc.descendants() {
        if let Some(text) = node.text() {
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "control character in {text:?}"
            );
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name().to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script" | "foreignobject" | "iframe" | "object" | "embed"
            ),
            "unexpected element <{name}>"
        );
        for attr in node.attributes() {
            let key = attr.name().to_ascii_lowercase();
            assert!(!key.starts_with("on"), "event handler attribute {key}");
            if key == "href" {
                let value = attr.value().trim().to_ascii_lowercase();
                assert!(
                    value.starts_with('#')
                        || value.starts_with("http://")
                        || value.starts_with("https://")
                        || value.starts_with("mailto:"),
                    "{key}={value}"
                );
            }
            let value = attr.value().to_ascii_lowercase();
            assert!(!value.contains("javascript:"), "{key}={value}");
            assert!(!value.contains("data:"), "{key}={value}");
        }
    }
}

#[test]
fn hostile_input_renders_inert_svg_with_any_filter() {
    let b = attacked_doc();
    let filters = [
        AudienceFilter::default(),
        AudienceFilter {
            preset: Preset::CustomerFacing,
            hidden: Default::default(),
            highlight_fail_points: true,
            dim_below_visibility: true,
        },
        AudienceFilter {
            preset: Preset::Everyone,
            hidden: [b.lane(LaneKind::Customer)].into_iter().collect(),
            highlight_fail_points: true,
            dim_below_visibility: true,
        },
    ];
    for filter in &filters {
        let svg = render_filtered(&b.doc, filter);
        assert_inert(&svg);
        assert_safe(&svg);
        // The attacks are there, as text.
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(svg.contains("]]&gt;"));
        assert!(!svg.contains("<!--") && !svg.contains("<![CDATA["));
        for forbidden in ['\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{fffe}'] {
            assert!(!svg.contains(forbidden), "{forbidden:?}");
        }
    }
    // The same bytes through a share link.
    let link = stageline_core::share::ShareLink::new(b.doc.clone(), filters[1].clone());
    let opened = stageline_core::share::ShareLink::parse_fragment(&link.to_fragment())
        .expect("the link opens");
    assert_eq!(
        render_filtered(&opened.link.blueprint, &opened.link.filter),
        render_filtered(&b.doc, &filters[1])
    );
}

fn card_rects(svg: &str) -> usize {
    roxmltree::Document::parse(svg)
        .expect("xml")
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("rx") == Some("6"))
        .count()
}

#[test]
fn filters_hide_lanes_highlight_fail_points_and_dim_backstage() {
    let doc = stageline_schema::load_str(
        stageline_schema::examples::ALL
            .iter()
            .find(|e| e.file == "bank-loan.json")
            .expect("example")
            .json,
    )
    .expect("loads")
    .blueprint;
    let all = render(&doc);
    assert_eq!(all, render_filtered(&doc, &AudienceFilter::default()));
    assert!(!all.contains("dimmed") && !all.contains("fail-highlight"));

    let exec = AudienceFilter::from_preset(Preset::Executives);
    let view = stageline_core::audience::filtered(&doc, &exec);
    let svg = render_filtered(&doc, &exec);
    assert_safe(&svg);
    assert_eq!(card_rects(&svg), view.cards.len());
    assert!(view.cards.len() < doc.cards.len());
    for lane in &doc.lanes {
        let shown = view.lane_index(&lane.id).is_some();
        let first_line = wrap(&lane.name, 17, 2)
            .into_iter()
            .next()
            .unwrap_or_default();
        let label = format!(r#"font-weight="600">{}</text>"#, escape(&first_line));
        assert_eq!(svg.contains(&label), shown, "{}", lane.name);
    }
    assert!(!svg.contains("line of visibility"));
    assert!(svg.contains("lanes=executives"), "the filter is described");

    let emphasis = AudienceFilter {
        highlight_fail_points: true,
        dim_below_visibility: true,
        ..AudienceFilter::default()
    };
    let svg = render_filtered(&doc, &emphasis);
    assert_safe(&svg);
    assert_eq!(card_rects(&svg), doc.cards.len());
    let fail_points = doc.cards.iter().filter(|c| c.fail_point.is_some()).count();
    assert!(fail_points > 0);
    assert_eq!(svg.matches("class=\"fail-highlight\"").count(), fail_points);
    let below = doc
        .lanes
        .iter()
        .filter(|l| {
            doc.lane_zone(&l.id)
                .is_some_and(|z| z.side() == Side::Invisible)
        })
        .count();
    let below_cards = doc
        .cards
        .iter()
        .filter(|c| doc.visibility_side(&c.id) == Some(Side::Invisible))
        .count();
    assert!(svg.matches("class=\"dimmed\"").count() >= below + below_cards);
    // Stage times are the whole journey's, whatever is hidden.
    let stage_texts = |svg: &str| -> Vec<String> {
        svg.lines()
            .filter(|l| l.contains(r#"y="42" font-size="11""#))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        stage_texts(&render_filtered(&doc, &exec)),
        stage_texts(&all)
    );
}

/// The text of every `<text>` element, in order.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn long_names_titles_and_labels_keep_every_word() {
    let stage = "Customer hands over the keys, the bags and the parking ticket at the desk";
    let lane = "Backstage contact person and the night shift's duty manager on call";
    let title = "The porter brings the luggage up to the room and explains the air \
                 conditioning, the safe, the minibar and the breakfast times";
    let label = "review invites a return stay with a discount for the next booking";
    let mut b = B::new(&[stage, "Two"]);
    b.doc.lanes[3].name = lane.to_string();
    b.doc.lanes[3].owner = Some("The operations team of the front office, west wing".into());
    let c = b.card(LaneKind::Customer, 0, title);
    let k = b.card(LaneKind::Backstage, 1, "Short");
    let arrow = b.arrow(&c, &k);
    if let Some(x) = b.doc.connections.iter_mut().find(|x| x.id == arrow) {
        x.label = label.to_string();
    }
    let svg = render(&b.doc);
    assert_safe(&svg);
    assert!(!svg.contains('…'), "nothing is shortened");
    let all = texts(&svg).join(" ");
    for text in [
        stage,
        lane,
        title,
        label,
        "The operations team of the front office, west wing",
    ] {
        for word in text.split_whitespace() {
            assert!(all.contains(word), "{word:?} of {text:?} is missing");
        }
    }
    // The stage header and the card grew to hold their lines, so no line runs out of them.
    let parsed = roxmltree::Document::parse(&svg).expect("well-formed");
    let card_rect = parsed
        .descendants()
        .find(|n| n.has_tag_name("rect") && n.attribute("rx") == Some("6"))
        .expect("a card");
    let height: f64 = card_rect
        .attribute("height")
        .and_then(|h| h.parse().ok())
        .expect("height");
    assert!(height > 84.0, "the card grew to {height}");
}

#[test]
fn templates_render_without_shortening_anything() {
    for example in stageline_schema::examples::ALL {
        let doc = stageline_schema::load_str(example.json)
            .expect("loads")
            .blueprint;
        let svg = render(&doc);
        assert!(!svg.contains('…'), "{}: nothing is shortened", example.file);
        let all = texts(&svg).join(" ");
        for name in doc
            .stages
            .iter()
            .map(|s| &s.name)
            .chain(doc.lanes.iter().map(|l| &l.name))
            .chain(doc.cards.iter().map(|c| &c.title))
            .chain(doc.connections.iter().map(|c| &c.label))
        {
            for word in name.split_whitespace() {
                assert!(all.contains(word), "{}: {word:?} missing", example.file);
            }
        }
    }
}

#[test]
fn what_the_blueprint_shows_is_named_under_the_picture() {
    use stageline_schema::{BlueprintId, BlueprintKind, DerivedFrom};
    let mut b = hostile_doc();
    let plain = render(&b.doc);
    assert!(!plain.contains(r#"class="about""#));
    b.doc.metadata.title = "Hotel".into();
    b.doc.metadata.kind = Some(BlueprintKind::ToBe);
    b.doc.metadata.derived_from = Some(DerivedFrom {
        blueprint: BlueprintId::new("bp_as_is").expect("id"),
        title: "<b>Hotel</b> as is".into(),
        version: None,
        at: None,
    });
    let svg = render(&b.doc);
    let parsed = assert_safe(&svg);
    let texts = |class: &str| -> Vec<String> {
        parsed
            .descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .flat_map(|g| {
                g.descendants()
                    .filter(|t| t.is_text())
                    .filter_map(|t| t.text().map(str::to_string))
            })
            .collect()
    };
    assert_eq!(
        texts("about"),
        ["To be · Derived from “<b>Hotel</b> as is”"]
    );
    let title = parsed
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text());
    assert_eq!(title, Some("Hotel (To be)"));
    let desc = parsed
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .unwrap_or_default();
    assert!(
        desc.ends_with("To be · Derived from “<b>Hotel</b> as is”."),
        "{desc}"
    );
    // The line gets its own room: the picture is taller by it.
    let height = |svg: &str| -> f64 {
        let doc = roxmltree::Document::parse(svg).expect("XML");
        doc.root_element()
            .attribute("height")
            .and_then(|h| h.parse().ok())
            .unwrap_or_default()
    };
    assert!(
        height(&svg) > height(&plain),
        "{} vs {}",
        height(&svg),
        height(&plain)
    );
}

#[test]
fn the_orchestration_band_is_drawn_when_asked_with_marks_that_read_without_colour() {
    use stageline_core::layout::ORCHESTRATION_BAND_HEIGHT;
    use stageline_core::svg::{render_with, PictureOptions};
    use stageline_schema::ActorType;
    let mut b = B::new(&["Check in", "Stay"]);
    let va = b.card(LaneKind::Frontstage, 0, "Greets by chat");
    b.edit(&va, |c| c.actor_type = Some(ActorType::VirtualAgent));
    let human = b.card(LaneKind::Backstage, 0, "Approves the upgrade");
    b.edit(&human, |c| c.actor_type = Some(ActorType::Human));
    b.arrow(&va, &human);
    let plain = render(&b.doc);
    let band = PictureOptions {
        orchestration_band: true,
    };
    let svg = render_with(&b.doc, &AudienceFilter::default(), band);
    let parsed = assert_safe(&svg);
    assert!(!plain.contains("orchestration"), "off unless asked");
    // One cell per stage, each with its sentence as its title.
    let cells: Vec<_> = parsed
        .descendants()
        .filter(|n| n.attribute("class") == Some("orchestration__cell"))
        .collect();
    assert_eq!(cells.len(), 2);
    let title = cells[0]
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .expect("a title");
    assert!(title.starts_with("Check in: 2 steps"), "{title}");
    // The bar: a segment per actor type with its one-letter mark.
    let segments: Vec<&str> = cells[0]
        .descendants()
        .filter(|n| n.attribute("class") == Some("orchestration__segment"))
        .filter_map(|n| n.attribute("data-actor"))
        .collect();
    assert_eq!(segments, ["human", "virtual_agent"]);
    let texts: Vec<&str> = cells[0]
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(texts.contains(&"H") && texts.contains(&"V"), "{texts:?}");
    // A virtual agent handing to a person's backstage step: a handoff to people.
    assert!(
        texts.contains(&"Handoffs: 1 to people · 0 to automation"),
        "{texts:?}"
    );
    // The picture is taller by the band, and the handoff arrow is marked.
    let height = |svg: &str| -> f64 {
        roxmltree::Document::parse(svg)
            .expect("svg")
            .root_element()
            .attribute("height")
            .and_then(|h| h.parse().ok())
            .expect("height")
    };
    assert!((height(&svg) - height(&plain) - ORCHESTRATION_BAND_HEIGHT).abs() < 1.0);
    assert!(svg.contains(r##"stroke="#6b3fa0" stroke-width="3.5""##));
    assert!(!plain.contains("#6b3fa0"));
    // Deterministic.
    assert_eq!(svg, render_with(&b.doc, &AudienceFilter::default(), band));
}
