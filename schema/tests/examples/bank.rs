//! A bank loan application across app, IVR, virtual agent, human agent with copilot and back office.

use stageline_schema::{ActorType, Blueprint, CardKind::*, Channel, ConnectionKind::*, LaneKind};
use stageline_schema::{Privacy, Risk};

use crate::builder::{fail, kpi, min, note, Builder};

pub fn bank_loan() -> Blueprint {
    let mut b = Builder::new(
        0x4c4f_414e,
        "Personal loan application",
        "2026-09-03T13:00:00.000Z",
        "2026-11-21T10:20:00.000Z",
    );
    let bp = &mut b.bp;
    bp.metadata.description = "Applying for a personal loan across the mobile app and the \
        phone line: IVR, virtual agent, a human agent with a copilot, and back-office approval."
        .into();
    bp.metadata.persona =
        "Lena, 34, financing a used car; prefers the app, calls when stuck".into();
    bp.metadata.scenario =
        "Application started in the app, income proof rejected, finished by phone".into();
    bp.metadata.authors = vec!["Retail lending CX".into(), "Contact centre design".into()];

    let start = b.stage(
        "Start application",
        "Lena opens the loan flow in the app.",
        Some(15),
    );
    let docs = b.stage("Upload documents", "Identity and income proof.", Some(10));
    let call = b.stage(
        "Get help",
        "Lena calls because the upload failed.",
        Some(12),
    );
    let decide = b.stage("Decision", "Underwriting and approval.", Some(24 * 60));
    let sign = b.stage(
        "Sign and pay out",
        "Contract, e-signature, disbursement.",
        Some(30),
    );

    let ev = b.lane(LaneKind::PhysicalEvidence, "Physical evidence", None);
    let cu = b.lane(LaneKind::Customer, "Customer actions", None);
    let fr = b.lane(
        LaneKind::Frontstage,
        "App, IVR, virtual agent and contact centre",
        Some("Head of customer service"),
    );
    let bk = b.lane(
        LaneKind::Backstage,
        "Back office and underwriting",
        Some("Credit operations"),
    );
    let su = b.lane(
        LaneKind::Support,
        "Support processes",
        Some("Lending platform team"),
    );
    let sy = b.lane(
        LaneKind::System,
        "CRM and core banking",
        Some("Core banking IT"),
    );
    let po = b.lane(
        LaneKind::Policy,
        "Policies and regulations",
        Some("Compliance"),
    );
    let pa = b.lane(
        LaneKind::Partner,
        "Credit bureau",
        Some("Vendor management"),
    );

    b.card(
        &ev,
        &start,
        Evidence,
        "Loan calculator and application screens",
        |c| {
            c.channel = Some(Channel::MobileApp);
        },
    );
    b.card(
        &ev,
        &docs,
        Evidence,
        "Upload screen and error message",
        |c| {
            c.channel = Some(Channel::MobileApp);
        },
    );
    b.card(&ev, &call, Evidence, "IVR menu and hold music", |c| {
        c.channel = Some(Channel::Phone);
    });
    b.card(
        &ev,
        &decide,
        Evidence,
        "Push notification: decision ready",
        |c| {
            c.channel = Some(Channel::MobileApp);
        },
    );
    b.card(
        &ev,
        &sign,
        Evidence,
        "Contract PDF and payout in the account",
        |c| {
            c.channel = Some(Channel::Email);
        },
    );

    let c_start = b.card(
        &cu,
        &start,
        Action,
        "Calculates and starts the application",
        |c| {
            c.channel = Some(Channel::MobileApp);
            c.typical_duration_secs = min(9);
            c.emotion = Some(1);
            c.privacy = Some(Privacy::Personal);
        },
    );
    let c_upload = b.card(&cu, &docs, Action, "Uploads ID and payslips", |c| {
        c.channel = Some(Channel::MobileApp);
        c.typical_duration_secs = min(6);
        c.emotion = Some(-2);
        c.notes = vec![note(
            "Payslip PDFs over 10 MB fail without saying why.",
            "app store reviews",
        )];
    });
    let c_call = b.card(&cu, &call, Action, "Calls the bank and explains", |c| {
        c.channel = Some(Channel::Phone);
        c.wait_before_secs = min(4);
        c.wait_tolerance_secs = min(3);
        c.typical_duration_secs = min(8);
        c.emotion = Some(-1);
    });
    let c_wait = b.card(&cu, &decide, Action, "Waits for the decision", |c| {
        c.wait_before_secs = Some(20 * 3600);
        c.wait_tolerance_secs = Some(24 * 3600);
        c.emotion = Some(-1);
    });
    let c_sign = b.card(
        &cu,
        &sign,
        Action,
        "Signs in the app and receives the money",
        |c| {
            c.channel = Some(Channel::MobileApp);
            c.typical_duration_secs = min(5);
            c.emotion = Some(2);
        },
    );

    let f_app = b.card(
        &fr,
        &start,
        Touchpoint,
        "App prefills known customer data",
        |c| {
            c.channel = Some(Channel::MobileApp);
            c.owner = Some("Digital lending squad".into());
        },
    );
    let f_check = b.card(&fr, &docs, Touchpoint, "App checks the documents", |c| {
        c.channel = Some(Channel::MobileApp);
        c.owner = Some("Digital lending squad".into());
        c.fail_point = fail(
            Risk::High,
            "Income proof rejected by the automatic check",
            "Digital lending squad",
            "Show a clear reason and offer a call-back with the application kept open",
        );
    });
    let f_ivr = b.card(
        &fr,
        &call,
        Touchpoint,
        "IVR identifies the caller and intent",
        |c| {
            c.channel = Some(Channel::Phone);
            c.actor_type = Some(ActorType::IvrBot);
            c.owner = Some("Contact centre".into());
            c.typical_duration_secs = Some(70);
            c.kpis = vec![kpi("Correct intent routing", Some(88.0), Some(95.0), "%")];
        },
    );
    let f_va = b.card(
        &fr,
        &call,
        Touchpoint,
        "Virtual agent tries to fix the upload",
        |c| {
            c.channel = Some(Channel::Phone);
            c.actor_type = Some(ActorType::VirtualAgent);
            c.owner = Some("Conversational AI team".into());
            c.typical_duration_secs = min(2);
            c.fail_point = fail(
                Risk::Medium,
                "Virtual agent loops on a question it cannot answer",
                "Conversational AI team",
                "Hand over to a human agent after two failed turns, with the transcript",
            );
            c.kpis = vec![kpi("Containment", Some(41.0), Some(60.0), "%")];
        },
    );
    let f_agent = b.card(
        &fr,
        &call,
        Touchpoint,
        "Agent with copilot completes the upload",
        |c| {
            c.channel = Some(Channel::Phone);
            c.actor_type = Some(ActorType::HumanWithCopilot);
            c.owner = Some("Lending specialist".into());
            c.typical_duration_secs = min(6);
            c.sla_secs = min(10);
            c.privacy = Some(Privacy::Personal);
            c.kpis = vec![
                kpi("Average handle time", Some(410.0), Some(360.0), "s"),
                kpi("First-contact resolution", Some(74.0), Some(80.0), "%"),
            ];
        },
    );
    let f_offer = b.card(
        &fr,
        &sign,
        Touchpoint,
        "App presents the offer and e-signature",
        |c| {
            c.channel = Some(Channel::MobileApp);
            c.owner = Some("Digital lending squad".into());
            c.regulations = vec!["Consumer credit directive: pre-contract information".into()];
        },
    );

    let k_review = b.card(
        &bk,
        &decide,
        Action,
        "Underwriter reviews and approves",
        |c| {
            c.owner = Some("Credit underwriter".into());
            c.actor_type = Some(ActorType::HumanWithCopilot);
            c.typical_duration_secs = min(25);
            c.sla_secs = Some(24 * 3600);
            c.privacy = Some(Privacy::Sensitive);
            c.fail_point = fail(
                Risk::High,
                "Application sits in the queue past the promised day",
                "Credit operations lead",
                "Queue ageing alert at 16 h; team lead reassigns to the overflow desk",
            );
        },
    );
    let k_payout = b.card(&bk, &sign, Action, "Back office books the loan", |c| {
        c.owner = Some("Loan servicing".into());
        c.typical_duration_secs = min(10);
    });

    let s_flow = b.card(&su, &start, System, "Loan origination workflow", |c| {
        c.owner = Some("Lending platform team".into());
    });
    let s_ocr = b.card(&su, &docs, System, "Document check service", |c| {
        c.owner = Some("Lending platform team".into());
        c.sla_secs = Some(20);
    });
    let s_crm = b.card(&sy, &call, System, "CRM shows the open application", |c| {
        c.owner = Some("CRM team".into());
        c.privacy = Some(Privacy::Personal);
    });
    let s_core = b.card(&sy, &sign, System, "Core banking disburses the loan", |c| {
        c.owner = Some("Core banking IT".into());
        c.sla_secs = min(5);
    });
    b.card(
        &po,
        &decide,
        Policy,
        "Credit policy and affordability rules",
        |c| {
            c.regulations = vec![
                "Consumer credit directive: creditworthiness assessment".into(),
                "EU AI Act: human oversight of credit scoring".into(),
            ];
        },
    );
    let s_bureau = b.card(&pa, &decide, System, "Credit bureau score", |c| {
        c.owner = Some("Credit bureau".into());
        c.sla_secs = Some(5);
        c.privacy = Some(Privacy::Sensitive);
    });

    b.connect(&c_start, &f_app, Handoff, "opens the loan flow");
    b.connect_both(&f_app, &s_flow, DataFlow, "draft application");
    b.connect(&c_upload, &f_check, Handoff, "documents");
    b.connect(&f_check, &s_ocr, DataFlow, "files for checking")
        .expected_latency_secs = Some(15);
    b.connect(&s_ocr, &f_check, Feedback, "income proof unreadable");
    b.connect(&c_call, &f_ivr, Handoff, "calls the loan line");
    b.connect(&f_ivr, &f_va, Handoff, "intent: application help");
    b.connect(&f_va, &f_agent, Handoff, "escalation with transcript")
        .expected_latency_secs = Some(90);
    b.connect_both(&f_agent, &s_crm, DataFlow, "application context");
    b.connect(&f_agent, &k_review, Handoff, "complete application")
        .expected_latency_secs = Some(3600);
    b.connect(&k_review, &s_bureau, Dependency, "credit score");
    b.connect(&k_review, &c_wait, Feedback, "decision notification");
    b.connect(&k_review, &f_offer, Handoff, "approved offer");
    b.connect(&f_offer, &c_sign, Handoff, "offer to sign");
    b.connect(&c_sign, &k_payout, Handoff, "signed contract");
    b.connect(&k_payout, &s_core, DataFlow, "booking and payout")
        .expected_latency_secs = min(2);

    b.bp
}
