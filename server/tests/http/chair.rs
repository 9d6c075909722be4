//! `api/chair/` (the chairs' work, `/chair`) over HTTP: drafts seen only by their organisers,
//! changes and cancellations told to everyone signed up, the participants' CSV, and sign-ups
//! entered for members without email.

use crate::support::accounts::log_in;
use crate::support::fixtures::{
    active_member, event_form, hash, household_member, people, published_event, signup_form,
};
use crate::support::{app, cookie_header, form, get_with, post_form, with_db};
use axum::http::StatusCode;

#[test]
fn drafts_are_seen_only_by_their_organisers() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (admin, member, chair, other) = people(&app, &db.pool).await;
        let created = post_form(&app, "/api/save_event", &event_form(&[]), &[("cookie", &chair)]).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let id: i64 = sqlx::query_scalar("SELECT id FROM events").fetch_one(&db.pool).await.unwrap();
        let path = format!("/api/event_page?id={id}");
        for (who, cookie, status) in [
            ("anonymous", None, StatusCode::NOT_FOUND),
            ("member", Some(&member), StatusCode::NOT_FOUND),
            ("other chair", Some(&other), StatusCode::NOT_FOUND),
            ("chair", Some(&chair), StatusCode::OK),
            ("admin", Some(&admin), StatusCode::OK),
        ] {
            assert_eq!(get_with(&app, &path, &cookie_header(cookie.map(|c| c.as_str()))).await.status, status, "{who}");
        }
        let list = get_with(&app, "/api/list_events", &[]).await;
        assert!(!list.body.contains("相馬野馬追"), "drafts are not listed");
    })
}

#[test]
fn cancelling_or_changing_an_event_tells_everyone_signed_up() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let hash = hash("a long member phrase").await;
        active_member(&db.pool, "told@example.jp", &hash, 300).await;
        let member = log_in(&app, ("told@example.jp", "a long member phrase")).await;
        let event = published_event(&app, &db.pool, &chair, &[]).await;
        post_form(&app, "/api/sign_up", &signup_form(event, 0), &[("cookie", &member)]).await;
        let moved = event_form(&[("event[starts_at]", "2099-07-31T08:00"), ("event[ends_at]", "2099-07-31T18:00")]);
        let body = format!("id={event}&{moved}");
        let saved = post_form(&app, "/api/save_event", &body, &[("cookie", &chair)]).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let too_small = format!("id={event}&{}", event_form(&[("event[capacity]", "0")]));
        assert_eq!(
            post_form(&app, "/api/save_event", &too_small, &[("cookie", &chair)]).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let no_reason = post_form(
            &app,
            "/api/cancel_event",
            &form(&[("id", &event.to_string()), ("reason", "")]),
            &[("cookie", &chair)],
        )
        .await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
        let cancelled = post_form(
            &app,
            "/api/cancel_event",
            &form(&[("id", &event.to_string()), ("reason", "台風のため")]),
            &[("cookie", &chair)],
        )
        .await;
        assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
        let mails: Vec<String> =
            sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = 'told@example.jp' ORDER BY id")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        assert_eq!(mails.len(), 3, "signed up, changed, cancelled: {mails:?}");
        assert!(mails[1].contains("2099年7月31日"), "{}", mails[1]);
        assert!(mails[2].contains("台風のため"));
        let late = post_form(&app, "/api/sign_up", &signup_form(event, 0), &[("cookie", &member)]).await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    })
}

#[test]
fn the_participants_csv_opens_in_excel_and_only_for_the_events_organisers() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (admin, member, chair, other) = people(&app, &db.pool).await;
        let hash = hash("a long member phrase").await;
        active_member(&db.pool, "csv@example.jp", &hash, 400).await;
        sqlx::query("UPDATE members SET full_name = '=HYPERLINK(\"x\")' WHERE email = 'csv@example.jp'")
            .execute(&db.pool)
            .await
            .unwrap();
        let signer = log_in(&app, ("csv@example.jp", "a long member phrase")).await;
        let event = published_event(&app, &db.pool, &chair, &[("event[questions]", "*食事: なし, ベジタリアン")]).await;
        let body = format!(
            "{}&people[0][answers][q1]=%E3%81%AA%E3%81%97&people[1][answers][q1]=%E3%81%AA%E3%81%97",
            signup_form(event, 1)
        );
        assert_eq!(post_form(&app, "/api/sign_up", &body, &[("cookie", &signer)]).await.status, StatusCode::OK);
        let path = format!("/chair/events/{event}/participants.csv");
        for (who, cookie, status) in [
            ("anonymous", None, StatusCode::UNAUTHORIZED),
            ("member", Some(&member), StatusCode::FORBIDDEN),
            ("other chair", Some(&other), StatusCode::FORBIDDEN),
            ("admin", Some(&admin), StatusCode::OK),
        ] {
            assert_eq!(get_with(&app, &path, &cookie_header(cookie.map(|c| c.as_str()))).await.status, status, "{who}");
        }
        let csv = get_with(&app, &path, &[("cookie", &chair)]).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-disposition").starts_with("attachment; filename=\"participants-"));
        assert!(csv.body.starts_with('\u{feff}'), "a BOM for Excel");
        let text = csv.body.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert!(header.contains(&"氏名".to_string()) && header.contains(&"食事".to_string()), "{header:?}");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2, "the holder and the guest");
        assert_eq!(&rows[0][1], "'=HYPERLINK(\"x\")", "formulas are neutralised");
        assert_eq!(rows[0].iter().next_back(), Some("本人がウェブで申込"), "how consent was given, in words");
        assert!(text.contains("\r\n"));
        let exports: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export.participants'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(exports, 2, "every download is in the audit log");
    })
}

/// Issue 9.1: a chair who enters sign-ups for members must not learn anything the chair may not
/// see (birth dates, households, which member numbers are active) from the answers. Every way a
/// member can fail to qualify gets the same answer, refused attempts are audited, and a chair
/// who keeps probing is braked.
#[test]
fn entering_a_sign_up_for_a_member_reveals_nothing_about_them() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        // A child member (birth date the chair may not see) with a household member, a pending
        // applicant, and an adult member with no birth date on file.
        let (_, child) = active_member(&db.pool, "child@example.jp", "x", 501).await;
        sqlx::query("UPDATE members SET birth_date = '2090-05-01' WHERE id = $1")
            .bind(child)
            .execute(&db.pool)
            .await
            .unwrap();
        let household = household_member(&db.pool, child, "稲城 次郎", "2095-01-01").await;
        let (_, pending) = active_member(&db.pool, "pending@example.jp", "x", 502).await;
        sqlx::query("UPDATE members SET status = 'pending' WHERE id = $1")
            .bind(pending)
            .execute(&db.pool)
            .await
            .unwrap();
        active_member(&db.pool, "adult@example.jp", "x", 503).await;

        let enter = |event: i64, number: &str, extra: &str| {
            let app = app.clone();
            let chair = chair.clone();
            let body =
                format!("event_id={event}&member_number={number}&consent_method=paper&people[0][kind]=holder{extra}");
            async move { post_form(&app, "/api/sign_up_for_member", &body, &[("cookie", &chair)]).await }
        };

        // A draft: the event's state is checked before anything about the member.
        let created =
            post_form(&app, "/api/save_event", &event_form(&[("event[min_age]", "18")]), &[("cookie", &chair)]).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let draft: i64 = sqlx::query_scalar("SELECT max(id) FROM events").fetch_one(&db.pool).await.unwrap();
        let on_draft: Vec<_> =
            [enter(draft, "501", "").await, enter(draft, "503", "").await, enter(draft, "9999", "").await]
                .into_iter()
                .map(|r| (r.status, r.body))
                .collect();
        assert!(on_draft.windows(2).all(|w| w[0] == w[1]), "a draft answers the same for everyone: {on_draft:?}");

        // A published event for adults: too young, a pending member, an unknown number, a
        // household id that is not the member's, and one that is: one and the same answer.
        let event = published_event(&app, &db.pool, &chair, &[("event[min_age]", "18")]).await;
        let own_household =
            format!("&people[1][kind]=household&people[1][include]=yes&people[1][household]={household}");
        let refusals = [
            enter(event, "501", "").await,
            enter(event, "502", "").await,
            enter(event, "9999", "").await,
            enter(event, "503", "&people[1][kind]=household&people[1][include]=yes&people[1][household]=123456").await,
            enter(event, "503", &own_household).await,
        ];
        for reply in &refusals {
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
            assert_eq!(reply.body, refusals[0].body, "every refusal reads the same");
            for telling in ["birth_date", "household", "guardian_consent", "TooYoung", "people."] {
                assert!(!reply.body.contains(telling), "the answer names {telling}: {}", reply.body);
            }
        }
        let audited: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'signup.enter_for_member.refused' AND record_id = $1",
        )
        .bind(event)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(audited, 5, "every refused attempt is in the audit log");
        let signed_up: i64 = sqlx::query_scalar("SELECT count(*) FROM signups").fetch_one(&db.pool).await.unwrap();
        assert_eq!(signed_up, 0);

        // Probing on is braked: the answer turns into 429 for this chair.
        let mut braked = false;
        for _ in 0..20 {
            if enter(event, "501", "").await.status == StatusCode::TOO_MANY_REQUESTS {
                braked = true;
                break;
            }
        }
        assert!(braked, "a chair who keeps probing is braked");
    })
}
