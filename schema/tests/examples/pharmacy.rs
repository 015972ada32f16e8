//! A pharmacy prescription with the distributor and the manufacturer as partners.

use stageline_schema::{ActorType, Blueprint, CardKind::*, Channel, ConnectionKind::*, LaneKind};
use stageline_schema::{Privacy, Risk};

use crate::builder::{fail, kpi, min, note, Builder};

pub fn pharmacy_prescription() -> Blueprint {
    let mut b = Builder::new(
        0x5048_4101,
        "Pharmacy prescription",
        "2026-10-14T08:30:00.000Z",
        "2026-11-18T11:10:00.000Z",
    );
    let bp = &mut b.bp;
    bp.metadata.description = "Filling a paper or e-prescription at a community pharmacy, \
        including the insurance check and restocking from the distributor."
        .into();
    bp.metadata.persona = "Jonas, 67, collecting a new heart medication after a GP visit".into();
    bp.metadata.scenario =
        "Prescription for a medicine the pharmacy does not have in stock today".into();
    bp.metadata.authors = vec!["Pharmacy operations".into(), "Service design guild".into()];

    let hand = b.stage(
        "Hand over",
        "The customer hands over the prescription.",
        Some(3),
    );
    let check = b.stage(
        "Check",
        "Pharmacist checks the prescription and coverage.",
        Some(10),
    );
    let fill = b.stage(
        "Fill",
        "The medicine is picked or ordered and prepared.",
        Some(20),
    );
    let collect = b.stage("Collect", "Counselling, payment and hand-over.", Some(5));
    let follow = b.stage("Follow up", "Refill reminder and questions at home.", None);

    let ev = b.lane(LaneKind::PhysicalEvidence, "Physical evidence", None);
    let cu = b.lane(LaneKind::Customer, "Customer actions", None);
    let fr = b.lane(
        LaneKind::Frontstage,
        "Counter staff",
        Some("Pharmacy manager"),
    );
    let bk = b.lane(
        LaneKind::Backstage,
        "Pharmacist and dispensary",
        Some("Lead pharmacist"),
    );
    let su = b.lane(
        LaneKind::Support,
        "Pharmacy systems and insurance check",
        Some("Pharmacy IT"),
    );
    let di = b.lane(
        LaneKind::Partner,
        "Distributor",
        Some("Wholesale account manager"),
    );
    let mf = b.lane(
        LaneKind::Partner,
        "Drug manufacturer",
        Some("Manufacturer supply desk"),
    );

    b.card(
        &ev,
        &hand,
        Evidence,
        "Paper prescription or e-prescription code",
        |_| {},
    );
    b.card(
        &ev,
        &check,
        Evidence,
        "Queue ticket and waiting area",
        |_| {},
    );
    b.card(
        &ev,
        &fill,
        Evidence,
        "Pick-up slip with promised time",
        |_| {},
    );
    b.card(
        &ev,
        &collect,
        Evidence,
        "Labelled pack, leaflet, receipt",
        |_| {},
    );
    b.card(
        &ev,
        &follow,
        Evidence,
        "Refill reminder text message",
        |c| {
            c.channel = Some(Channel::Sms);
        },
    );

    let c_hand = b.card(&cu, &hand, Action, "Hands over the prescription", |c| {
        c.channel = Some(Channel::InPerson);
        c.wait_before_secs = min(6);
        c.wait_tolerance_secs = min(10);
        c.typical_duration_secs = min(1);
        c.emotion = Some(0);
        c.privacy = Some(Privacy::Sensitive);
    });
    let c_wait = b.card(&cu, &check, Action, "Waits while it is checked", |c| {
        c.wait_before_secs = min(8);
        c.wait_tolerance_secs = min(10);
        c.emotion = Some(-1);
    });
    let c_return = b.card(&cu, &fill, Action, "Comes back the next morning", |c| {
        c.wait_before_secs = Some(18 * 3600);
        c.emotion = Some(-2);
        c.notes = vec![note(
            "Second trips are the top complaint for chronic-care customers.",
            "support log",
        )];
    });
    let c_collect = b.card(&cu, &collect, Action, "Listens to advice and pays", |c| {
        c.channel = Some(Channel::InPerson);
        c.typical_duration_secs = min(4);
        c.emotion = Some(1);
    });
    let c_refill = b.card(&cu, &follow, Action, "Orders the refill from home", |c| {
        c.channel = Some(Channel::MobileApp);
        c.emotion = Some(2);
    });

    let f_key = b.card(&fr, &hand, Touchpoint, "Keys in the prescription", |c| {
        c.owner = Some("Pharmacy technician".into());
        c.actor_type = Some(ActorType::Human);
        c.channel = Some(Channel::InPerson);
        c.typical_duration_secs = min(2);
        c.privacy = Some(Privacy::Sensitive);
        c.regulations = vec!["GDPR (health data)".into()];
        c.fail_point = fail(
            Risk::Medium,
            "Handwriting or dosage misread when keying in",
            "Pharmacy technician",
            "Pharmacist double-checks every new prescription before filling",
        );
    });
    let f_promise = b.card(
        &fr,
        &fill,
        Touchpoint,
        "Explains the delay, promises a time",
        |c| {
            c.owner = Some("Pharmacy technician".into());
            c.actor_type = Some(ActorType::Human);
            c.channel = Some(Channel::InPerson);
        },
    );
    let f_counsel = b.card(
        &fr,
        &collect,
        Touchpoint,
        "Counsels on use and side effects",
        |c| {
            c.owner = Some("Pharmacist".into());
            c.actor_type = Some(ActorType::Human);
            c.typical_duration_secs = min(3);
            c.kpis = vec![kpi("Counselling given", Some(82.0), Some(100.0), "%")];
            c.regulations = vec!["Pharmacy practice act: counselling duty".into()];
        },
    );
    let f_remind = b.card(&fr, &follow, Touchpoint, "Sends the refill reminder", |c| {
        c.channel = Some(Channel::Sms);
        c.actor_type = Some(ActorType::IvrBot);
        c.owner = Some("Reminder service".into());
    });

    let k_verify = b.card(
        &bk,
        &check,
        Action,
        "Pharmacist verifies the prescription",
        |c| {
            c.owner = Some("Pharmacist".into());
            c.typical_duration_secs = min(4);
            c.sla_secs = min(10);
            c.regulations = vec!["Prescription-only medicines rules".into()];
            c.kpis = vec![kpi(
                "Interventions per 100 scripts",
                Some(3.1),
                None,
                "count",
            )];
        },
    );
    let k_pick = b.card(
        &bk,
        &fill,
        Action,
        "Checks stock and picks or orders",
        |c| {
            c.owner = Some("Dispensary assistant".into());
            c.fail_point = fail(
                Risk::High,
                "Stock-out of the prescribed medicine",
                "Lead pharmacist",
                "Order from the distributor for next-morning delivery, or offer a \
             generic substitute after the prescriber agrees",
            );
        },
    );
    let k_label = b.card(&bk, &collect, Action, "Labels and bags the medicine", |c| {
        c.owner = Some("Dispensary assistant".into());
        c.typical_duration_secs = min(3);
    });

    let s_ins = b.card(&su, &check, System, "Insurance eligibility check", |c| {
        c.owner = Some("Insurer's claims gateway".into());
        c.sla_secs = Some(30);
        c.fail_point = fail(
            Risk::High,
            "Insurance rejects the claim or the gateway is down",
            "Pharmacy manager",
            "Call the insurer's pharmacy help line; dispense an emergency supply \
             and settle the claim later",
        );
    });
    let s_stock = b.card(&su, &fill, System, "Stock system raises the order", |c| {
        c.owner = Some("Pharmacy IT".into());
    });
    let s_record = b.card(
        &su,
        &collect,
        System,
        "Dispensing record and payment",
        |c| {
            c.privacy = Some(Privacy::Sensitive);
            c.owner = Some("Pharmacy IT".into());
        },
    );

    let d_deliver = b.card(&di, &fill, Action, "Distributor delivers overnight", |c| {
        c.owner = Some("Regional distributor".into());
        c.typical_duration_secs = Some(14 * 3600);
        c.sla_secs = Some(24 * 3600);
        c.fail_point = fail(
            Risk::Medium,
            "Distributor is itself out of stock",
            "Wholesale account manager",
            "Source from a second distributor or the manufacturer's direct line",
        );
    });
    let m_supply = b.card(
        &mf,
        &fill,
        Action,
        "Manufacturer replenishes the distributor",
        |c| {
            c.owner = Some("Manufacturer supply desk".into());
            c.notes = vec![note(
                "Allocation quotas apply during shortages.",
                "manufacturer briefing",
            )];
        },
    );
    let m_recall = b.card(&mf, &follow, Policy, "Safety notices and recalls", |c| {
        c.owner = Some("Manufacturer pharmacovigilance".into());
        c.regulations = vec!["Pharmacovigilance reporting".into()];
    });

    b.connect(&c_hand, &f_key, Handoff, "prescription");
    b.connect(&f_key, &k_verify, Handoff, "new script in the queue");
    b.connect_both(
        &k_verify,
        &s_ins,
        DataFlow,
        "eligibility request and answer",
    );
    b.connect(
        &k_verify,
        &c_wait,
        Feedback,
        "asks about allergies and other medicines",
    );
    b.connect(&k_verify, &k_pick, Handoff, "approved script");
    b.connect(&k_pick, &s_stock, DataFlow, "stock-out")
        .expected_latency_secs = Some(60);
    b.connect(&s_stock, &d_deliver, DataFlow, "purchase order")
        .expected_latency_secs = min(15);
    b.connect_both(&d_deliver, &m_supply, Dependency, "supply agreement");
    b.connect(&k_pick, &f_promise, Handoff, "expected delivery time");
    b.connect(&f_promise, &c_return, Handoff, "pick-up slip");
    b.connect(&c_return, &f_counsel, Handoff, "shows the slip");
    b.connect(&k_label, &f_counsel, Handoff, "labelled pack");
    b.connect(&f_counsel, &c_collect, Handoff, "advice");
    b.connect(&c_collect, &s_record, DataFlow, "payment");
    b.connect(&s_record, &f_remind, DataFlow, "refill due date");
    b.connect(&f_remind, &c_refill, Handoff, "reminder");
    b.connect(&m_recall, &k_verify, Feedback, "safety alerts");

    b.bp
}
