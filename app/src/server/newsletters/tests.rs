use super::*;
use crate::domain::event::EventStatus;
use crate::domain::newsletter::{Archive, NewNewsletter};
use crate::server::db::newsletters::consents::{self, Source};
use crate::server::db::test_support::{active_member, admin, event, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

const URL: &str = "https://kizuna.example.jp";

fn letter(ja: bool, en: bool) -> Letter {
    Letter {
        subject_ja: if ja { "会報12月号".into() } else { String::new() },
        body_ja: if ja { "今月のお知らせです。".into() } else { String::new() },
        subject_en: if en { "December newsletter".into() } else { String::new() },
        body_en: if en { "This month's news.".into() } else { String::new() },
    }
}

/// The fixtures' admin (made by the first member's approval, or now).
async fn the_admin(db: &PgPool) -> AccountId {
    let existing = sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin' LIMIT 1")
        .fetch_optional(db)
        .await
        .unwrap();
    match existing {
        Some(id) => id,
        None => admin(db).await,
    }
}

async fn draft(db: &PgPool, audience: Audience, letter: Letter) -> NewsletterId {
    let by = the_admin(db).await;
    let mut tx = db.begin().await.unwrap();
    let new = NewNewsletter { audience, letter, archive: Archive::Public };
    let id = newsletters::insert(&mut tx, &new, None, by).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn subscribe(db: &PgPool, member: crate::domain::ids::MemberId) {
    let mut tx = db.begin().await.unwrap();
    consents::give(&mut tx, member, Source::MyPage).await.unwrap();
    tx.commit().await.unwrap();
}

/// (to, subject, body, list_unsubscribe) of a message's mail, in the order queued.
async fn mail_of(db: &PgPool, id: NewsletterId) -> Vec<(String, String, String, String)> {
    sqlx::query_as(
        "SELECT to_address, subject, body, list_unsubscribe FROM outbox WHERE newsletter_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn each_subscriber_gets_it_once_in_their_language_across_a_stop_and_a_pause(
    _: PgPoolOptions,
    options: PgConnectOptions,
) {
    let db = test_pool(options).await;
    let by = the_admin(&db).await;
    let mut members = Vec::new();
    for n in 0..5 {
        let (_, member, _) = active_member(&db, &format!("m{n}@example.jp"), &format!("会員 {n}"), "かいいん").await;
        subscribe(&db, member).await;
        members.push(member);
    }
    active_member(&db, "nosub@example.jp", "未購読 太郎", "みこうどく たろう").await;
    let (_, post, _) = active_member(&db, "post@example.jp", "郵送 花子", "ゆうそう はなこ").await;
    sqlx::query(
        "UPDATE members SET contact_by = 'post', postal_code = '2060804', city = '稲城市', street = '東長沼2111' WHERE id = $1",
    )
    .bind(post)
    .execute(&db)
    .await
    .unwrap();
    sqlx::query("UPDATE accounts SET lang = 'en' WHERE email = 'm4@example.jp'").execute(&db).await.unwrap();
    let id = draft(&db, Audience::Members, letter(true, false)).await;
    let reach = newsletters::audience::reach(&db, Audience::Members).await.unwrap();
    assert_eq!((reach.email_ja, reach.email_en, reach.post, reach.not_subscribed), (4, 1, 1, 1));

    assert_eq!(queue_batch(&db, URL, id, 2).await.unwrap(), Batch::Idle, "a draft is not sent");
    start(&db, id, by).await.unwrap();
    assert!(start(&db, id, by).await.is_err(), "started once");
    assert_eq!(queue_batch(&db, URL, id, 2).await.unwrap(), Batch::Queued(2));
    // The server stops here; later the staff pause it, then resume.
    pause(&db, id, by).await.unwrap();
    assert_eq!(queue_batch(&db, URL, id, 2).await.unwrap(), Batch::Idle, "paused: nothing more is queued");
    let held = {
        let mut tx = db.begin().await.unwrap();
        let next = outbox::claim_next(&mut tx).await.unwrap();
        next.map(|m| m.id)
    };
    assert_eq!(held, None, "paused: the queued mail is held");
    start(&db, id, by).await.unwrap();
    assert_eq!(run_once(&db, URL).await.unwrap(), 3);
    assert_eq!(run_once(&db, URL).await.unwrap(), 0, "finished: nobody twice");

    let mails = mail_of(&db, id).await;
    let mut to: Vec<&str> = mails.iter().map(|m| m.0.as_str()).collect();
    to.sort();
    assert_eq!(to, ["m0@example.jp", "m1@example.jp", "m2@example.jp", "m3@example.jp", "m4@example.jp"]);
    let english = mails.iter().find(|m| m.0 == "m4@example.jp").unwrap();
    assert!(
        english.2.starts_with("(This message was written in Japanese only.)\n\n今月のお知らせです。"),
        "{}",
        english.2
    );
    assert!(english.2.contains("To stop them, open this page"));
    let japanese = &mails[0];
    assert!(japanese.2.contains("配信を止めるには") && japanese.2.contains(&japanese.3), "the link is in the text");
    assert!(japanese.3.starts_with("https://kizuna.example.jp/unsubscribe?token="));
    let progress = newsletters::progress(&db, id).await.unwrap();
    assert_eq!((progress.queued, progress.by_post), (5, 1), "the post member is on the print run");
    assert_eq!(newsletters::one(&db, id).await.unwrap().unwrap().status, Status::Sent);

    // Queued for everyone, but still in the outbox (nothing is sent here): it can still be paused.
    pause(&db, id, by).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    assert_eq!(outbox::claim_next(&mut tx).await.unwrap().map(|m| m.id), None, "held");
    tx.rollback().await.unwrap();
    start(&db, id, by).await.unwrap();
    assert_eq!(run_once(&db, URL).await.unwrap(), 0, "resumed: nobody new");
    assert_eq!(newsletters::one(&db, id).await.unwrap().unwrap().status, Status::Sent);

    // The link unsubscribes its recipient: their mail still waiting goes, and the next newsletter
    // leaves them out. The member who gets post says no through the office: no paper either.
    let token = japanese.3.split("token=").nth(1).unwrap();
    let who = consents::by_token(&db, &tokens::hash(token)).await.unwrap().expect("a known link");
    let mut tx = db.begin().await.unwrap();
    assert!(consents::unsubscribe(&mut tx, who).await.unwrap());
    assert!(!consents::unsubscribe(&mut tx, who).await.unwrap(), "once");
    assert!(consents::withdraw(&mut tx, post, Source::Office).await.unwrap(), "a no without an earlier yes");
    tx.commit().await.unwrap();
    assert!(!mail_of(&db, id).await.iter().any(|m| m.0 == japanese.0), "the waiting mail is gone");
    assert!(!consents::of_member(&db, post).await.unwrap().receiving(), "no paper either");
    let next = draft(&db, Audience::Members, letter(true, true)).await;
    start(&db, next, by).await.unwrap();
    assert_eq!(run_once(&db, URL).await.unwrap(), 4);
    assert!(!mail_of(&db, next).await.iter().any(|m| m.0 == japanese.0));
    assert_eq!(mail_of(&db, next).await.iter().find(|m| m.0 == "m4@example.jp").unwrap().1, "December newsletter");
    assert_eq!(newsletters::progress(&db, next).await.unwrap().by_post, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_message_to_an_events_people_needs_no_consent_and_has_no_unsubscribe_link(
    _: PgPoolOptions,
    options: PgConnectOptions,
) {
    let db = test_pool(options).await;
    let by = the_admin(&db).await;
    let event_id = event(&db, "regional", 10, 5, EventStatus::Published).await;
    let (account, member, _) = active_member(&db, "p@example.jp", "参加 一郎", "さんか いちろう").await;
    let (waiting_account, _, _) = active_member(&db, "w@example.jp", "待機 二郎", "たいき じろう").await;
    sqlx::query(
        "INSERT INTO signups (event_id, account_id, member_id, status, places) VALUES ($1, $2, $3, 'confirmed', 1)",
    )
    .bind(event_id)
    .bind(account)
    .bind(member)
    .execute(&db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO signups (event_id, account_id, status, places) VALUES ($1, $2, 'waiting', 1)")
        .bind(event_id)
        .bind(waiting_account)
        .execute(&db)
        .await
        .unwrap();
    let id = draft(&db, Audience::EventConfirmed(event_id), letter(true, false)).await;
    start(&db, id, by).await.unwrap();
    assert_eq!(run_once(&db, URL).await.unwrap(), 1);
    let mails = mail_of(&db, id).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "p@example.jp");
    assert!(mails[0].3.is_empty() && !mails[0].2.contains("unsubscribe"));
    assert_eq!(newsletters::progress(&db, id).await.unwrap().by_post, 0);
}

#[test]
fn the_preview_shows_each_languages_reader_their_mail() {
    let previews = previews(&letter(true, false), false, URL, ["事務局", "Secretariat"]);
    assert_eq!(previews.len(), 2);
    assert_eq!(previews[0].subject, "会報12月号");
    assert!(previews[0].body.ends_with("\n\n事務局"));
    assert!(previews[1].body.starts_with("(This message was written in Japanese only.)"));
    assert!(previews[1].body.contains("https://kizuna.example.jp/unsubscribe?token=…"));
    let service = super::previews(&letter(false, true), true, URL, ["事務局", "Secretariat"]);
    assert!(!service[1].body.contains("unsubscribe"));
    assert!(service[0].body.starts_with("（このお知らせは英語でのみ書かれています。）"));
}
