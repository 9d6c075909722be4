//! Roster downloads opened the way a user's software would: parsed back with the `csv` crate in
//! both encodings, BOM, CRLF, neutralised formulas, 髙橋 and ｶﾀｶﾅ intact, the CP932 pre-check,
//! the access rules and the audit log.

use crate::support::accounts::{admin_and_member, log_in, ADMIN, MEMBER};
use crate::support::fixtures::{active_member, appoint_chair};
use crate::support::{app, cookie_header, get_with, with_db};
use axum::http::StatusCode;
use sqlx::PgPool;

pub(crate) async fn roster(pool: &PgPool) {
    let hash = app::server::password::hash(app::domain::password::NewPassword::parse("a long member phrase").unwrap())
        .await
        .unwrap();
    for (n, (name, reading)) in
        [("髙橋 一郎", "たかはし いちろう"), ("ｶﾀｶﾅ 花子", "かたかな はなこ"), ("=SUM(A1)", "あいだ")]
            .iter()
            .enumerate()
    {
        let email = format!("r{n}@example.jp");
        active_member(pool, &email, &hash, 500 + n as i32).await;
        sqlx::query("UPDATE members SET full_name = $1, name_reading = $2, reading_key = $3 WHERE email = $4")
            .bind(name)
            .bind(reading)
            .bind(app::domain::kana::reading_key(reading))
            .bind(&email)
            .execute(pool)
            .await
            .unwrap();
    }
}

pub(crate) fn parse(body: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(body);
    reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

#[test]
fn the_member_roster_opens_in_utf8_and_cp932() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        roster(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let utf8 =
            crate::support::get_bytes(&app, "/admin/exports/members.csv?status=active", &[("cookie", &admin)]).await;
        assert_eq!(utf8.0, StatusCode::OK);
        assert!(utf8.1.starts_with(&[0xEF, 0xBB, 0xBF]), "a BOM for Excel");
        assert!(utf8.2.contains("charset=utf-8"));
        let rows = parse(&utf8.1[3..]);
        assert_eq!(rows[0][1], "氏名", "headers in the admin's language");
        let names: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(names, ["'=SUM(A1)", "ｶﾀｶﾅ 花子", "髙橋 一郎"], "reading order; formulas neutralised; names exact");
        assert!(String::from_utf8_lossy(&utf8.1).contains("\r\n"));

        let sjis = crate::support::get_bytes(
            &app,
            "/admin/exports/members.csv?status=active&encoding=cp932",
            &[("cookie", &admin)],
        )
        .await;
        assert_eq!(sjis.0, StatusCode::OK);
        assert!(sjis.2.contains("Shift_JIS"));
        assert!(!sjis.1.starts_with(&[0xEF, 0xBB, 0xBF]));
        let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&sjis.1);
        assert!(!bad);
        let rows = parse(text.as_bytes());
        assert_eq!(rows[2][1], "ｶﾀｶﾅ 花子");
        assert_eq!(rows[3][1], "髙橋 一郎", "髙 survives CP932");

        let audit: (i64, serde_json::Value) = sqlx::query_as(
            "SELECT count(*), max(details::text)::jsonb FROM audit_log WHERE action = 'export.roster' AND record_type = 'members'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(audit.0, 2);
        assert_eq!(audit.1["rows"], 3);
        assert_eq!(audit.1["filters"]["status"], "active");
    })
}

#[test]
fn cp932_refuses_what_it_cannot_hold_and_says_where() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        roster(&db.pool).await;
        sqlx::query("UPDATE members SET city = '稲城市😀' WHERE email = 'r1@example.jp'")
            .execute(&db.pool)
            .await
            .unwrap();
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let reply = get_with(&app, "/admin/exports/members.csv?encoding=cp932", &[("cookie", &admin)]).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("😀") && reply.body.contains("U+1F600"), "{}", reply.body);
        assert!(reply.body.contains("<td>3</td><td>市区町村</td>"), "the line and column: {}", reply.body);
        assert!(reply.body.contains("encoding=utf-8"), "UTF-8 is offered instead");
        let fine = get_with(&app, "/admin/exports/members.csv", &[("cookie", &admin)]).await;
        assert_eq!(fine.status, StatusCode::OK);
    })
}

#[test]
fn rosters_are_for_those_whose_job_needs_them() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let hash =
            app::server::password::hash(app::domain::password::NewPassword::parse("a long chair phrase").unwrap())
                .await
                .unwrap();
        let (chair, _) = active_member(&db.pool, "chair@example.jp", &hash, 9).await;
        appoint_chair(&db.pool, chair, "regional").await;
        let chair = log_in(&app, ("chair@example.jp", "a long chair phrase")).await;
        let admin = log_in(&app, ADMIN).await;
        let member = log_in(&app, MEMBER).await;
        let cases: [(&str, [StatusCode; 4]); 4] = [
            (
                "/admin/exports/members.csv",
                [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN, StatusCode::FORBIDDEN, StatusCode::OK],
            ),
            (
                "/admin/exports/dues.csv?year=2026",
                [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN, StatusCode::FORBIDDEN, StatusCode::OK],
            ),
            (
                "/admin/exports/committees/regional.csv",
                [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN, StatusCode::OK, StatusCode::OK],
            ),
            (
                "/admin/exports/committees/domestic.csv",
                [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN, StatusCode::FORBIDDEN, StatusCode::OK],
            ),
        ];
        for (path, expected) in cases {
            for ((who, cookie), status) in
                [("anonymous", None), ("member", Some(&member)), ("chair", Some(&chair)), ("admin", Some(&admin))]
                    .into_iter()
                    .zip(expected)
            {
                let reply = get_with(&app, path, &cookie_header(cookie.map(|c| c.as_str()))).await;
                assert_eq!(reply.status, status, "{path} as {who}");
            }
        }
        let as_chair = get_with(&app, "/admin/exports/committees/regional.csv", &[("cookie", &chair)]).await;
        assert!(!as_chair.body.contains("メールアドレス"), "chairs get no email column");
    })
}
