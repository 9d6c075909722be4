//! Announcements and newsletters over HTTP: who may write to whom (a chair to their own
//! committee and events only), the preview, the send (queued by the job, one mail per
//! subscriber in their language, with its unsubscribe link), the one-click unsubscribe (RFC
//! 8058) that stops the next newsletter but not a sign-up's confirmation, the archive, and the
//! paper for members who get post.

use crate::support::fixtures::{many_members, people, published_event, signup_form};
use crate::support::{form, get_with, post_form, with_db};
use axum::http::StatusCode;
use sqlx::PgPool;

const URL: &str = "http://localhost:3000";

async fn committee_id(pool: &PgPool, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM committees WHERE slug = $1").bind(slug).fetch_one(pool).await.unwrap()
}

fn message(audience: &str, subject_ja: &str, subject_en: &str, archive: &str) -> String {
    form(&[
        ("newsletter[audience]", audience),
        ("newsletter[subject_ja]", subject_ja),
        ("newsletter[body_ja]", if subject_ja.is_empty() { "" } else { "本文です。" }),
        ("newsletter[subject_en]", subject_en),
        ("newsletter[body_en]", if subject_en.is_empty() { "" } else { "The text." }),
        ("newsletter[archive]", archive),
    ])
}

/// Creates a message as `cookie`; its id (from the page it is sent on to).
async fn create(app: &axum::Router, cookie: &str, body: &str) -> Result<i64, (StatusCode, String)> {
    let reply = post_form(app, "/api/create_newsletter", body, &[("cookie", cookie)]).await;
    if reply.status != StatusCode::OK && reply.status != StatusCode::FOUND && reply.status != StatusCode::SEE_OTHER {
        return Err((reply.status, reply.body));
    }
    let location = reply.header("location").to_string();
    let id = location.trim_start_matches("/chair/newsletters/").split('?').next().unwrap().parse().unwrap();
    Ok(id)
}

async fn subscribe(app: &axum::Router, cookie: &str) {
    let reply = post_form(app, "/api/set_subscription", "subscribe=true", &[("cookie", cookie)]).await;
    assert!(reply.status.is_success() || reply.status.is_redirection(), "{} {}", reply.status, reply.body);
}

async fn newsletter_mail(pool: &PgPool, id: i64) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT to_address, subject, list_unsubscribe FROM outbox WHERE newsletter_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(pool)
        .await
        .unwrap()
}

#[test]
fn a_chair_writes_only_to_their_committee_and_their_events() {
    with_db(|db| async move {
        let app = crate::support::app(db.pool.clone());
        let (admin, _, chair, other_chair) = people(&app, &db.pool).await;
        let domestic = committee_id(&db.pool, "domestic").await;
        let international = committee_id(&db.pool, "international").await;
        let event = published_event(&app, &db.pool, &chair, &[]).await;
        for audience in ["members".to_string(), format!("committee:{international}"), "unpaid:2026".into()] {
            let refused = create(&app, &chair, &message(&audience, "件名", "", "none")).await.unwrap_err();
            assert_eq!(refused.0, StatusCode::FORBIDDEN, "{audience}: {}", refused.1);
        }
        let refused = create(&app, &other_chair, &message(&format!("event_confirmed:{event}"), "件名", "", "none"))
            .await
            .unwrap_err();
        assert_eq!(refused.0, StatusCode::FORBIDDEN, "another committee's event");
        let own =
            create(&app, &chair, &message(&format!("committee:{domestic}"), "委員会だより", "", "none")).await.unwrap();
        let event_message =
            create(&app, &chair, &message(&format!("event_waiting:{event}"), "キャンセル待ちの皆様へ", "", "none"))
                .await
                .unwrap();
        // The other chair does not even learn that the messages exist; the admin sees them all.
        for id in [own, event_message] {
            let reply = get_with(&app, &format!("/api/newsletter?id={id}"), &[("cookie", &other_chair)]).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
            let sent = post_form(&app, "/api/send_newsletter", &format!("id={id}"), &[("cookie", &other_chair)]).await;
            assert_eq!(sent.status, StatusCode::NOT_FOUND);
        }
        let list = get_with(&app, "/api/newsletters", &[("cookie", &other_chair)]).await;
        assert!(!list.body.contains("委員会だより"), "{}", list.body);
        let list = get_with(&app, "/api/newsletters", &[("cookie", &admin)]).await;
        assert!(list.body.contains("委員会だより") && list.body.contains("キャンセル待ちの皆様へ"));
        // Nor may a chair turn their draft into a message to everyone.
        let widened = post_form(
            &app,
            "/api/save_newsletter",
            &format!("id={own}&{}", message("members", "全員へ", "", "none")),
            &[("cookie", &chair)],
        )
        .await;
        assert_eq!(widened.status, StatusCode::FORBIDDEN);
        // The chair's own options name only their committee and their events.
        let page: serde_json::Value =
            serde_json::from_str(&get_with(&app, "/api/newsletters", &[("cookie", &chair)]).await.body).unwrap();
        let values: Vec<&str> =
            page["options"].as_array().unwrap().iter().map(|o| o["value"].as_str().unwrap()).collect();
        assert!(values.contains(&format!("committee:{domestic}").as_str()), "{values:?}");
        assert!(values.contains(&format!("event_confirmed:{event}").as_str()), "{values:?}");
        assert!(!values.iter().any(|v| *v == "members" || *v == format!("committee:{international}")), "{values:?}");
    })
}

#[test]
fn write_preview_send_then_unsubscribing_stops_the_next_newsletter_but_not_a_sign_ups_mail() {
    with_db(|db| async move {
        let app = crate::support::app(db.pool.clone());
        let (admin, _, chair, _) = people(&app, &db.pool).await;
        let members = many_members(&app, &db.pool, 3).await;
        for cookie in &members[..2] {
            subscribe(&app, cookie).await;
        }
        sqlx::query("UPDATE accounts SET lang = 'en' WHERE email = 'racer1@example.jp'")
            .execute(&db.pool)
            .await
            .unwrap();
        // Bad input loses nothing and says what is wrong.
        let refused = create(&app, &admin, &message("members", "", "", "public")).await.unwrap_err();
        assert_eq!(refused.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.1.contains("subject_ja"), "{}", refused.1);

        let id = create(&app, &admin, &message("members", "会報12月号", "", "public")).await.unwrap();
        let page = get_with(&app, &format!("/api/newsletter?id={id}"), &[("cookie", &admin)]).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let page: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        assert_eq!(page["reach"]["email_ja"], 1);
        assert_eq!(page["reach"]["email_en"], 1);
        assert_eq!(page["reach"]["not_subscribed"], 3, "the third member and the two chairs did not opt in");
        let english = page["previews"][1]["body"].as_str().unwrap();
        assert!(english.starts_with("(This message was written in Japanese only.)"), "{english}");
        assert!(english.contains("/unsubscribe?token="));

        let sent = post_form(&app, "/api/send_newsletter", &format!("id={id}"), &[("cookie", &admin)]).await;
        assert!(sent.status.is_redirection() || sent.status.is_success(), "{} {}", sent.status, sent.body);
        let again = post_form(&app, "/api/send_newsletter", &format!("id={id}"), &[("cookie", &admin)]).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "sent once");
        assert_eq!(app::server::newsletters::run_once(&db.pool, URL).await.unwrap(), 2);
        let mails = newsletter_mail(&db.pool, id).await;
        assert_eq!(mails.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(), ["racer0@example.jp", "racer1@example.jp"]);
        assert_eq!(mails[1].1, "会報12月号", "the English reader gets the Japanese subject");

        // The one-click unsubscribe, as a mail program posts it: no cookie, no page.
        let link = mails[0].2.clone();
        let path = link.trim_start_matches(URL);
        let one_click = post_form(&app, path, "List-Unsubscribe=One-Click", &[]).await;
        assert_eq!(one_click.status, StatusCode::OK, "{}", one_click.body);
        let unknown = post_form(&app, "/unsubscribe?token=nothing", "List-Unsubscribe=One-Click", &[]).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        // The link's page changes nothing when opened, and knows the link.
        let token = path.split("token=").nth(1).unwrap();
        let known = get_with(&app, &format!("/api/unsubscribe_link?token={token}"), &[]).await;
        assert_eq!(known.body, "true");
        let mine = get_with(&app, "/api/subscription", &[("cookie", &members[0])]).await;
        assert!(
            mine.body.contains("\"subscribed\":false") && mine.body.contains("\"source\":\"link\""),
            "{}",
            mine.body
        );

        // The next newsletter leaves them out; a sign-up still confirms by mail.
        let next =
            create(&app, &admin, &message("members", "会報1月号", "January newsletter", "members")).await.unwrap();
        post_form(&app, "/api/send_newsletter", &format!("id={next}"), &[("cookie", &admin)]).await;
        app::server::newsletters::run_once(&db.pool, URL).await.unwrap();
        let mails = newsletter_mail(&db.pool, next).await;
        assert_eq!(
            mails.iter().map(|m| (m.0.as_str(), m.1.as_str())).collect::<Vec<_>>(),
            [("racer1@example.jp", "January newsletter")]
        );
        let event = published_event(&app, &db.pool, &chair, &[]).await;
        let signed = post_form(&app, "/api/sign_up", &signup_form(event, 0), &[("cookie", &members[0])]).await;
        assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
        let confirmations: i64 =
            sqlx::query_scalar("SELECT count(*) FROM outbox WHERE to_address = 'racer0@example.jp' AND newsletter_id IS NULL AND subject LIKE '%申込%'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(confirmations, 1, "the sign-up's own mail still comes");

        // The archive: the public one for everyone, the members' one for members only.
        let public = get_with(&app, "/api/newsletter_archive", &[]).await;
        assert!(public.body.contains("会報12月号") && !public.body.contains("会報1月号"), "{}", public.body);
        let for_members = get_with(&app, "/api/newsletter_archive", &[("cookie", &members[1])]).await;
        assert!(for_members.body.contains("会報1月号"));
        // Not for an applicant still waiting (anyone can apply and log in).
        sqlx::query("UPDATE members SET status = 'pending' WHERE email = 'racer2@example.jp'")
            .execute(&db.pool)
            .await
            .unwrap();
        let waiting = get_with(&app, "/api/newsletter_archive", &[("cookie", &members[2])]).await;
        assert!(waiting.body.contains("会報12月号") && !waiting.body.contains("会報1月号"), "{}", waiting.body);
        let hidden = get_with(&app, &format!("/api/archived_newsletter?id={next}"), &[]).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    })
}

#[test]
fn members_who_get_post_are_the_print_run_with_their_labels() {
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        let app = crate::support::app(db.pool.clone());
        let (admin, _, chair, _) = people(&app, &db.pool).await;
        many_members(&app, &db.pool, 2).await;
        sqlx::query(
            "UPDATE members SET contact_by = 'post', postal_code = '2060804', city = '稲城市', street = '東長沼2111'
             WHERE email = 'racer0@example.jp'",
        )
        .execute(&db.pool)
        .await
        .unwrap();
        let id = create(&app, &admin, &message("members", "会報2月号", "", "none")).await.unwrap();
        post_form(&app, "/api/send_newsletter", &format!("id={id}"), &[("cookie", &admin)]).await;
        app::server::newsletters::run_once(&db.pool, URL).await.unwrap();
        let page: serde_json::Value = serde_json::from_str(
            &get_with(&app, &format!("/api/newsletter?id={id}"), &[("cookie", &admin)]).await.body,
        )
        .unwrap();
        assert_eq!(page["progress"]["by_post"], 1);
        assert_eq!(page["status"], "Sent");
        let (status, pdf, kind) = crate::support::get_bytes(
            &app,
            &format!("/chair/newsletters/{id}/print.pdf?lang=ja"),
            &[("cookie", &admin)],
        )
        .await;
        assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/pdf"));
        assert!(pdf.starts_with(b"%PDF"));
        let (status, labels, _) = crate::support::get_bytes(
            &app,
            &format!("/chair/newsletters/{id}/labels.pdf?sheet=12"),
            &[("cookie", &admin)],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let text = crate::paper::pdf_text(&labels);
        assert!(text.contains("206-0804") && text.contains("東長沼2111"), "{text}");
        // Labels are the secretariat's: a chair gets the message's print, not the addresses.
        let (status, _, _) =
            crate::support::get_bytes(&app, &format!("/chair/newsletters/{id}/labels.pdf"), &[("cookie", &chair)])
                .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    })
}
