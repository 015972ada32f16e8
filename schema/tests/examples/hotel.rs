//! A hotel stay (after Bitner, Ostrom & Morgan 2008).

use stageline_schema::{ActorType, Blueprint, CardKind::*, Channel, ConnectionKind::*, LaneKind};
use stageline_schema::{Link, Privacy, Risk};

use crate::builder::{fail, kpi, min, note, Builder};

pub fn hotel_stay() -> Blueprint {
    let mut b = Builder::new(
        0x4854_4c01,
        "Hotel stay",
        "2026-11-02T09:00:00.000Z",
        "2026-11-20T16:45:00.000Z",
    );
    let bp = &mut b.bp;
    bp.metadata.description = "An overnight stay in a city hotel, from booking to check-out, \
        after the classic blueprint by Bitner, Ostrom and Morgan."
        .into();
    bp.metadata.persona = "Amira, a business traveller who arrives late and leaves early".into();
    bp.metadata.scenario = "Two nights booked on the hotel website, arrival by car at 22:30".into();
    bp.metadata.authors = vec!["Guest experience team".into()];

    let book = b.stage("Book", "The guest finds and books a room online.", Some(10));
    let arrive = b.stage(
        "Arrive",
        "The guest drives in, parks and enters the lobby.",
        Some(10),
    );
    let check_in = b.stage("Check in", "Identity, payment guarantee and key.", Some(5));
    let stay = b.stage("Stay", "Room, sleep and room service.", None);
    let check_out = b.stage("Check out", "Bill, payment and departure.", Some(5));

    let ev = b.lane(LaneKind::PhysicalEvidence, "Physical evidence", None);
    let cu = b.lane(LaneKind::Customer, "Guest actions", None);
    let fr = b.lane(
        LaneKind::Frontstage,
        "Front desk and porters",
        Some("Front office manager"),
    );
    let bk = b.lane(
        LaneKind::Backstage,
        "Housekeeping, kitchen and billing",
        Some("Operations manager"),
    );
    let su = b.lane(LaneKind::Support, "Support processes", Some("Hotel IT"));
    let sy = b.lane(
        LaneKind::System,
        "Reservation and property management system",
        Some("Hotel IT"),
    );

    // Physical evidence.
    b.card(
        &ev,
        &book,
        Evidence,
        "Website and confirmation email",
        |c| {
            c.channel = Some(Channel::Email);
            c.links = vec![Link {
                label: "Booking page".into(),
                url: "https://hotel.example/book".into(),
            }];
        },
    );
    b.card(
        &ev,
        &arrive,
        Evidence,
        "Parking lot, signage, lobby",
        |_| {},
    );
    b.card(
        &ev,
        &check_in,
        Evidence,
        "Desk, registration card, key card",
        |_| {},
    );
    b.card(
        &ev,
        &stay,
        Evidence,
        "Room, amenities, room-service tray",
        |_| {},
    );
    b.card(&ev, &check_out, Evidence, "Itemised bill", |_| {});

    // Guest actions.
    let c_book = b.card(&cu, &book, Action, "Books a room online", |c| {
        c.channel = Some(Channel::Web);
        c.typical_duration_secs = min(8);
        c.emotion = Some(1);
        c.privacy = Some(Privacy::Personal);
    });
    let c_arrive = b.card(&cu, &arrive, Action, "Arrives and parks", |c| {
        c.typical_duration_secs = min(5);
        c.emotion = Some(0);
        c.notes = vec![note(
            "Late arrivals struggle to find the car-park entrance in the dark.",
            "observation",
        )];
    });
    let c_queue = b.card(&cu, &check_in, Action, "Waits and checks in", |c| {
        c.channel = Some(Channel::InPerson);
        c.wait_before_secs = min(7);
        c.wait_tolerance_secs = min(5);
        c.typical_duration_secs = min(4);
        c.emotion = Some(-1);
        c.notes = vec![note(
            "\"After a long drive, every minute at the desk feels like ten.\"",
            "guest interview",
        )];
    });
    let c_order = b.card(&cu, &stay, Action, "Orders room service", |c| {
        c.channel = Some(Channel::Phone);
        c.wait_before_secs = min(25);
        c.wait_tolerance_secs = min(30);
        c.emotion = Some(1);
    });
    let c_sleep = b.card(&cu, &stay, Action, "Sleeps and showers", |c| {
        c.emotion = Some(2);
    });
    let c_pay = b.card(&cu, &check_out, Action, "Checks the bill and pays", |c| {
        c.channel = Some(Channel::InPerson);
        c.wait_before_secs = min(4);
        c.typical_duration_secs = min(3);
        c.emotion = Some(-1);
    });

    // Frontstage.
    let f_confirm = b.card(&fr, &book, Touchpoint, "Sends the confirmation", |c| {
        c.channel = Some(Channel::Email);
        c.owner = Some("Reservation system".into());
        c.sla_secs = min(1);
    });
    let f_greet = b.card(
        &fr,
        &arrive,
        Touchpoint,
        "Porter greets and takes bags",
        |c| {
            c.owner = Some("Porter".into());
            c.actor_type = Some(ActorType::Human);
            c.channel = Some(Channel::InPerson);
        },
    );
    let f_register = b.card(
        &fr,
        &check_in,
        Touchpoint,
        "Registers guest and issues key",
        |c| {
            c.owner = Some("Front desk agent".into());
            c.actor_type = Some(ActorType::Human);
            c.channel = Some(Channel::InPerson);
            c.typical_duration_secs = min(4);
            c.sla_secs = min(5);
            c.privacy = Some(Privacy::Personal);
            c.regulations = vec!["GDPR".into(), "Guest registration law".into()];
            c.fail_point = fail(
                Risk::High,
                "Room not ready or reservation not found on a full night",
                "Front office manager",
                "Upgrade or walk the guest to a partner hotel with paid taxi",
            );
            c.kpis = vec![kpi("Check-in time", Some(6.5), Some(4.0), "min")];
        },
    );
    let f_deliver = b.card(&fr, &stay, Touchpoint, "Delivers the food", |c| {
        c.owner = Some("Room-service waiter".into());
        c.actor_type = Some(ActorType::Human);
        c.channel = Some(Channel::InPerson);
    });
    let f_bill = b.card(
        &fr,
        &check_out,
        Touchpoint,
        "Presents the bill, takes payment",
        |c| {
            c.owner = Some("Front desk agent".into());
            c.actor_type = Some(ActorType::Human);
            c.fail_point = fail(
                Risk::Medium,
                "Minibar or room-service charges missing or wrong",
                "Night auditor",
                "Agent corrects the folio on the spot and emails the final bill",
            );
        },
    );

    // Backstage.
    let k_clean = b.card(
        &bk,
        &check_in,
        Action,
        "Housekeeping releases the room",
        |c| {
            c.owner = Some("Housekeeping supervisor".into());
            c.sla_secs = min(15);
            c.fail_point = fail(
                Risk::Medium,
                "Cleaned rooms not marked ready in the system",
                "Housekeeping supervisor",
                "Desk calls housekeeping and holds the guest in the lounge with a drink",
            );
        },
    );
    let k_kitchen = b.card(&bk, &stay, Action, "Kitchen prepares the order", |c| {
        c.owner = Some("Night chef".into());
        c.typical_duration_secs = min(20);
        c.sla_secs = min(25);
    });
    let k_folio = b.card(&bk, &check_out, Action, "Billing closes the folio", |c| {
        c.owner = Some("Night auditor".into());
        c.privacy = Some(Privacy::Personal);
    });

    // Support and systems.
    let s_order = b.card(
        &su,
        &stay,
        System,
        "Takes the order into the kitchen display",
        |c| {
            c.owner = Some("Hotel IT".into());
        },
    );
    let s_res = b.card(
        &sy,
        &book,
        System,
        "Reservation system stores the booking",
        |c| {
            c.owner = Some("Hotel IT".into());
            c.privacy = Some(Privacy::Personal);
        },
    );
    let s_pms = b.card(
        &sy,
        &check_in,
        System,
        "Property management assigns a room",
        |c| {
            c.owner = Some("Hotel IT".into());
        },
    );
    let s_charge = b.card(
        &sy,
        &check_out,
        System,
        "Payment terminal and PMS settle the bill",
        |c| {
            c.owner = Some("Hotel IT".into());
            c.regulations = vec!["PCI DSS".into()];
        },
    );

    b.connect(&c_book, &s_res, DataFlow, "booking details")
        .expected_latency_secs = Some(2);
    b.connect(&s_res, &f_confirm, Handoff, "booking confirmed");
    b.connect(&c_arrive, &f_greet, Handoff, "guest arrives");
    b.connect(&c_queue, &f_register, Handoff, "guest at the desk");
    b.connect(&f_register, &s_pms, DataFlow, "look up reservation");
    b.connect(&k_clean, &s_pms, DataFlow, "room ready")
        .expected_latency_secs = min(2);
    b.connect(&s_pms, &f_register, Dependency, "room assigned");
    b.connect(&c_order, &s_order, DataFlow, "order by phone");
    b.connect(&s_order, &k_kitchen, Handoff, "kitchen ticket");
    b.connect(&k_kitchen, &f_deliver, Handoff, "tray ready")
        .expected_latency_secs = min(3);
    b.connect(&f_deliver, &c_sleep, Handoff, "meal served");
    b.connect(&k_kitchen, &k_folio, DataFlow, "room-service charge");
    b.connect(&c_pay, &f_bill, Handoff, "asks for the bill");
    b.connect_both(&f_bill, &k_folio, Dependency, "final folio");
    b.connect(&f_bill, &s_charge, DataFlow, "card payment");
    b.connect(&c_pay, &c_book, Feedback, "review invites a return stay");

    b.bp
}
