//! Personal data over its whole life: an erased member leaves nothing behind in any column of any
//! table (found from the catalogue, so future tables are swept too), and withdrawing or disabling
//! an account retires every link that could still open it.

use crate::support::accounts::{admin_and_member, log_in, login_form, ADMIN};
use crate::support::fixtures::{join_form, APPLICANT};
use crate::support::{app, form, post_form, with_db, Reply};
use axum::http::StatusCode;
use axum::Router;
use sqlx::PgPool;

/// What identifies the person (and the people who came with them) anywhere in the database.
const NEEDLES: &[&str] = &[
    "髙﨑",
    "タカサキ",
    "たかさき",
    "takasaki",
    "090-1234-5678",
    "09012345678",
    "1950-03-04",
    "1955-01-02",
    "加藤 友人",
];
/// Their dates of birth, looked for in every date column too.
const BIRTH_DATES: &[&str] = &["1950-03-04", "1955-01-02"];

/// Every (table, column, needle) where a text-like column (text, varchar, char, json, jsonb, arrays
/// of those, bytea) holds one of the needles, or a date column holds one of the birth dates.
async fn traces(pool: &PgPool) -> Vec<String> {
    let columns: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT n.nspname::text, c.relname::text, a.attname::text, t.typname::text
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_type t ON t.oid = a.atttypid
         WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
           AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
           AND t.typname IN ('text', 'varchar', 'bpchar', 'name', 'json', 'jsonb', 'bytea', 'date',
                             '_text', '_varchar', '_json', '_jsonb')
           AND c.relname <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(columns.len() > 40, "the catalogue lists the tables: {columns:?}");
    let mut found = Vec::new();
    for (schema, table, column, kind) in columns {
        let target = format!("\"{schema}\".\"{table}\"");
        let needles: &[&str] = if kind == "date" { BIRTH_DATES } else { NEEDLES };
        for needle in needles {
            let condition = match kind.as_str() {
                "date" => format!("\"{column}\" = $1::date"),
                "bytea" => format!("position(convert_to($1, 'UTF8') in \"{column}\") > 0"),
                _ => format!("lower(\"{column}\"::text) LIKE '%' || lower($1) || '%'"),
            };
            let hits: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {target} WHERE {condition}"))
                .bind(*needle)
                .fetch_one(pool)
                .await
                .unwrap();
            if hits > 0 {
                found.push(format!("{schema}.{table}.{column} holds {needle:?} ({hits} rows)"));
            }
        }
    }
    found
}

async fn call(app: &Router, path: &str, fields: &[(&str, &str)], cookie: &str) -> Reply {
    let reply = post_form(app, path, &form(fields), &[("cookie", cookie)]).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    reply
}

/// Waits (briefly) until the outbox holds at least `count` mails to `to`.
pub async fn mails_to(pool: &PgPool, to: &str, count: usize) -> Vec<String> {
    for _ in 0..100 {
        let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = $1 ORDER BY id")
            .bind(to)
            .fetch_all(pool)
            .await
            .unwrap();
        if bodies.len() >= count {
            return bodies;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("fewer than {count} mails reached {to}");
}

/// The token of the last link of `kind` (e.g. "/password/reset") mailed to `to`, waiting (briefly)
/// for one to arrive.
pub async fn last_link(pool: &PgPool, to: &str, kind: &str) -> String {
    let mut bodies = Vec::new();
    for _ in 0..100 {
        bodies = mails_to(pool, to, 1).await;
        if let Some(body) = bodies.iter().rev().find(|b| b.contains(kind)) {
            let link = body.split(kind).nth(1).unwrap().split("token=").nth(1).unwrap();
            return link.split(['&', '\n', ' ']).next().unwrap().to_string();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no {kind} link: {bodies:?}")
}

#[test]
fn an_erased_member_leaves_nothing_behind_in_any_column_of_any_table() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let pool = &db.pool;
        // Joined as a family, with a household member and a date of birth.
        let joined = post_form(
            &app,
            "/api/apply_for_membership",
            &join_form(&[
                ("account[membership_type]", "family"),
                ("profile[phone]", "090-1234-5678"),
                ("profile[birth_date]", "1950-03-04"),
                ("profile[name_romaji]", "Takasaki Hanako"),
                ("profile[household][0][full_name]", "髙﨑 太郎"),
                ("profile[household][0][name_reading]", "たかさき たろう"),
                ("profile[household][0][relationship]", "夫"),
                ("profile[household][0][birth_date]", "1955-01-02"),
            ]),
            &[],
        )
        .await;
        assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
        let id: app::domain::ids::MemberId =
            sqlx::query_scalar("SELECT id FROM members WHERE full_name = '髙﨑 花子'").fetch_one(pool).await.unwrap();
        let sid = id.to_string();
        crate::email_confirmation::confirm_joined_address(&app, pool, APPLICANT.0).await;
        let admin = log_in(&app, ADMIN).await;
        call(&app, "/api/approve_member", &[("id", &sid)], &admin).await;
        call(
            &app,
            "/api/record_dues",
            &[
                ("id", &sid),
                ("fiscal_year", "2025"),
                ("paid_on", "2025-05-01"),
                ("amount_yen", ""),
                ("method", "cash"),
                ("note", "髙﨑 花子 様より窓口で受領"),
            ],
            &admin,
        )
        .await;
        // That payment corrected, and another recorded by mistake voided, each saying her name.
        let paid: i64 = sqlx::query_scalar("SELECT id FROM dues_payments WHERE member_id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap();
        let corrected = call(
            &app,
            "/api/correct_dues_payment",
            &[
                ("payment", &paid.to_string()),
                ("fiscal_year", "2025"),
                ("paid_on", "2025-05-01"),
                ("amount_yen", ""),
                ("method", "bank_transfer"),
                ("note", "髙﨑 花子 様より振込"),
                ("reason", "髙﨑 花子 様のお申し出"),
            ],
            &admin,
        )
        .await;
        assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);
        // Its receipt is made out to her.
        let receipt = call(&app, "/api/issue_receipt", &[("payment", &paid.to_string())], &admin).await;
        assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
        let dues_2024 = [
            ("id", sid.as_str()),
            ("fiscal_year", "2024"),
            ("paid_on", "2025-05-01"),
            ("amount_yen", ""),
            ("method", "cash"),
            ("note", "髙﨑 花子 様分"),
        ];
        call(&app, "/api/record_dues", &dues_2024, &admin).await;
        let mistaken: i64 =
            sqlx::query_scalar("SELECT id FROM dues_payments WHERE member_id = $1 AND fiscal_year = 2024")
                .bind(id)
                .fetch_one(pool)
                .await
                .unwrap();
        let mistaken = mistaken.to_string();
        let void = [("id", sid.as_str()), ("payment", mistaken.as_str()), ("reason", "髙﨑 花子 様ではなかった")];
        assert_eq!(call(&app, "/api/void_dues_payment", &void, &admin).await.status, StatusCode::OK);
        // An event with a question; she signs up with her husband and a named guest.
        call(
            &app,
            "/api/save_event",
            &[
                ("event[committee]", "domestic"),
                ("event[title_ja]", "相馬野馬追 見学ツアー"),
                ("event[starts_at]", "2099-07-24T08:00"),
                ("event[ends_at]", "2099-07-25T18:00"),
                ("event[venue]", "稲城市役所前"),
                ("event[capacity]", "50"),
                ("event[members_only]", "yes"),
                ("event[questions]", "緊急連絡先"),
            ],
            &admin,
        )
        .await;
        let event: i64 = sqlx::query_scalar("SELECT max(id) FROM events").fetch_one(pool).await.unwrap();
        call(&app, "/api/set_event_status", &[("id", &event.to_string()), ("status", "published")], &admin).await;
        let household: i64 = sqlx::query_scalar("SELECT id FROM household_members WHERE member_id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap();
        let person = log_in(&app, APPLICANT).await;
        let signup = format!(
            "event_id={event}&people[0][kind]=holder&people[0][answers][q1]=090-1234-5678\
             &people[1][kind]=household&people[1][household]={household}&people[1][include]=yes\
             &people[1][answers][q1]=090-1234-5678\
             &people[2][kind]=guest&people[2][full_name]=%E5%8A%A0%E8%97%A4+%E5%8F%8B%E4%BA%BA\
             &people[2][answers][q1]=090-1234-5678"
        );
        let signed = post_form(&app, "/api/sign_up", &signup, &[("cookie", &person)]).await;
        assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
        // Reset links, a failed login (the brakes), mails sent and unsent, an upload never imported.
        call(&app, "/api/request_password_reset", &[("email", APPLICANT.0)], &person).await;
        call(&app, "/api/send_reset_link", &[("id", &sid)], &admin).await;
        post_form(&app, "/api/log_in", &login_form(APPLICANT.0, "a wrong guess, surely"), &[]).await;
        mails_to(pool, APPLICANT.0, 5).await;
        sqlx::query("UPDATE outbox SET sent_at = now() WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT 2)")
            .execute(pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO member_imports (uploaded_by, file_name, encoding, content, column_names, row_count)
             VALUES ((SELECT account_id FROM staff_roles WHERE role = 'admin'), 'list.csv', 'utf8',
                     E'氏名,メール\\n髙﨑 花子,takasaki@example.jp\\n鈴木 三郎,saburo@example.jp\\n', '{氏名,メール}', 2)",
        )
        .execute(pool)
        .await
        .unwrap();
        assert!(!traces(pool).await.is_empty(), "the sweep finds the person before erasure");

        call(&app, "/api/withdraw", &[("password", APPLICANT.1)], &person).await;
        call(&app, "/api/erase_member", &[("id", &sid)], &admin).await;

        let left = traces(pool).await;
        assert!(left.is_empty(), "after erasure the database still holds:\n{}", left.join("\n"));
        // What is kept is counts: the membership, the dues paid, the places taken.
        let kept: (i64, i64, i32) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM dues_payments),
                    (SELECT taken FROM events WHERE id = $1)",
        )
        .bind(event)
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(kept, (1, 1, 0), "counts stay; her places were given back on withdrawal");
        let others: i64 = sqlx::query_scalar("SELECT count(*) FROM member_imports WHERE content LIKE '%鈴木 三郎%'")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(others, 0, "the upload holding her is gone (it was never imported)");
    })
}

/// Asks for a reset link as `email` and returns its token.
async fn reset_token(app: &Router, pool: &PgPool, email: &str) -> String {
    let before = sqlx::query_scalar::<_, i64>("SELECT count(*) FROM outbox WHERE to_address = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap();
    let asked = post_form(app, "/api/request_password_reset", &form(&[("email", email)]), &[]).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    mails_to(pool, email, before as usize + 1).await;
    last_link(pool, email, "/password/reset").await
}

async fn use_reset(app: &Router, token: &str) -> Reply {
    post_form(app, "/api/reset_password", &form(&[("token", token), ("new_password", "a brand new long phrase")]), &[])
        .await
}

/// An active member whose address is known to be theirs (as the secretariat entered it); returns
/// (member id, session cookie).
async fn confirmed_member(app: &Router, pool: &PgPool) -> (app::domain::ids::MemberId, String) {
    let hash =
        app::server::password::hash(app::domain::password::NewPassword::parse(APPLICANT.1).unwrap()).await.unwrap();
    let (_, member) = crate::support::fixtures::active_member(pool, APPLICANT.0, &hash, 1001).await;
    (member, log_in(app, APPLICANT).await)
}

#[test]
fn a_reset_link_sent_before_withdrawal_no_longer_sets_a_password() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (_, person) = confirmed_member(&app, &db.pool).await;
        let token = reset_token(&app, &db.pool, APPLICANT.0).await;
        call(&app, "/api/withdraw", &[("password", APPLICANT.1)], &person).await;
        let late = use_reset(&app, &token).await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", late.body);
        assert!(late.body.contains("LinkExpired"), "{}", late.body);
        let live: i64 = sqlx::query_scalar("SELECT count(*) FROM account_tokens WHERE used_at IS NULL")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(live, 0, "every link of the account is retired");
    })
}

#[test]
fn disabling_a_login_retires_its_links_and_enabling_does_not_revive_them() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, _) = confirmed_member(&app, &db.pool).await;
        let admin = log_in(&app, ADMIN).await;
        let token = reset_token(&app, &db.pool, APPLICANT.0).await;
        let sid = id.to_string();
        call(&app, "/api/set_login_disabled", &[("id", &sid), ("disabled", "true")], &admin).await;
        call(&app, "/api/set_login_disabled", &[("id", &sid), ("disabled", "false")], &admin).await;
        let late = use_reset(&app, &token).await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", late.body);
        // A new link works again once the login is enabled.
        let fresh = reset_token(&app, &db.pool, APPLICANT.0).await;
        assert_eq!(use_reset(&app, &fresh).await.status, StatusCode::OK);
    })
}

#[test]
fn login_brakes_never_store_the_email() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        for _ in 0..2 {
            post_form(&app, "/api/log_in", &login_form("Someone@Example.jp", "not the phrase"), &[]).await;
        }
        post_form(&app, "/api/request_password_reset", &form(&[("email", "someone@example.jp")]), &[]).await;
        let keys: Vec<String> =
            sqlx::query_scalar("SELECT key FROM login_throttle ORDER BY key").fetch_all(&db.pool).await.unwrap();
        assert!(keys.len() >= 3, "{keys:?}");
        assert!(keys.iter().all(|k| !k.to_lowercase().contains("someone")), "{keys:?}");
        assert!(keys.iter().any(|k| k.starts_with("email:") && !k.contains(":ip:")), "{keys:?}");
    })
}
