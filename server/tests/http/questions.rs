//! An event's extra questions: asked in the reader's language, and answers that stay with their
//! question when the chair edits the list after people have signed up.

use crate::support::accounts::log_in;
use crate::support::fixtures::{active_member, event_form, people, published_event, signup_form};
use crate::support::{app, form, get_with, post_form, with_db};
use axum::http::StatusCode;

const QUESTIONS: &str = "*食事 | Meals: なし | None, 肉 | Meat\n緊急連絡先 | Emergency contact";

/// The participants' CSV as (header, first row), in Japanese.
async fn participants(app: &axum::Router, chair: &str, event: i64) -> (Vec<String>, Vec<String>) {
    let path = format!("/chair/events/{event}/participants.csv");
    let csv = get_with(app, &path, &[("cookie", &format!("{chair}; kizuna_lang=ja"))]).await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let row = reader.records().next().unwrap().unwrap().iter().map(String::from).collect();
    (header, row)
}

/// An active member, logged in.
async fn signer(app: &axum::Router, pool: &sqlx::PgPool) -> String {
    let phrase = "a long member phrase";
    let hash = app::server::password::hash(app::domain::password::NewPassword::parse(phrase).unwrap()).await.unwrap();
    active_member(pool, "signer@example.jp", &hash, 400).await;
    log_in(app, ("signer@example.jp", phrase)).await
}

fn answer<'a>(header: &[String], row: &'a [String], question: &str) -> &'a str {
    let at = header.iter().position(|h| h == question).unwrap_or_else(|| panic!("no column {question}: {header:?}"));
    &row[at]
}

#[test]
fn questions_are_asked_in_the_readers_language() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let member = signer(&app, &db.pool).await;
        let event = published_event(&app, &db.pool, &chair, &[("event[questions]", QUESTIONS)]).await;
        let path = format!("/events/{event}");
        let en = get_with(&app, &path, &[("cookie", &format!("{member}; kizuna_lang=en"))]).await;
        assert!(en.body.contains(">Meals<") && en.body.contains(">Meat<"), "English labels and choices");
        assert!(en.body.contains("value=\"肉\""), "a choice posts its stored value whatever the language");
        let ja = get_with(&app, &path, &[("cookie", &format!("{member}; kizuna_lang=ja"))]).await;
        assert!(ja.body.contains(">食事<") && ja.body.contains(">肉<") && !ja.body.contains(">Meals<"));
    })
}

#[test]
fn answers_stay_with_their_question_when_the_list_is_edited() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let member = signer(&app, &db.pool).await;
        let event = published_event(&app, &db.pool, &chair, &[("event[questions]", QUESTIONS)]).await;
        let body = format!(
            "{}&{}",
            signup_form(event, 0),
            form(&[("people[0][answers][q1]", "肉"), ("people[0][answers][q2]", "090-1234-5678")])
        );
        assert_eq!(post_form(&app, "/api/sign_up", &body, &[("cookie", &member)]).await.status, StatusCode::OK);

        // A question added at the top, the emergency contact removed and asked again in other words.
        let edited = "アレルギー\n*食事 | Meals: なし | None, 肉 | Meat\n連絡先（緊急時）";
        let (header, row) = participants(&app, &chair, event).await;
        assert_eq!(answer(&header, &row, "食事"), "肉");
        let saved = post_form(
            &app,
            "/api/save_event",
            &format!("id={event}&{}", event_form(&[("event[questions]", edited)])),
            &[("cookie", &chair)],
        )
        .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let (header, row) = participants(&app, &chair, event).await;
        assert_eq!(answer(&header, &row, "食事"), "肉", "the unchanged question keeps its answer");
        assert_eq!(answer(&header, &row, "アレルギー"), "", "a new question has no answers yet");
        assert_eq!(answer(&header, &row, "連絡先（緊急時）"), "", "nor does a reworded one");
        assert!(!row.iter().any(|cell| cell == "090-1234-5678"), "the removed question's answer is shown nowhere");

        // Asked again in the old words, a question never takes over answers given to another.
        let again = "食事 | Meals: なし | None, 肉 | Meat\n新しい質問";
        let saved = post_form(
            &app,
            "/api/save_event",
            &format!("id={event}&{}", event_form(&[("event[questions]", again)])),
            &[("cookie", &chair)],
        )
        .await;
        assert_eq!(saved.status, StatusCode::OK);
        let (header, row) = participants(&app, &chair, event).await;
        assert_eq!(answer(&header, &row, "新しい質問"), "");
        assert_eq!(answer(&header, &row, "食事"), "肉");
    })
}
