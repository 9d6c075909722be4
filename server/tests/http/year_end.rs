//! Closing a fiscal year: the members unpaid under the articles lapse all at once with the reason
//! (not before the year has ended, not those who paid, not by a treasurer), and the treasurer's
//! report downloads as CSV.

use crate::support::accounts::{admin_and_member, Session};
use crate::support::fixtures::{active_member, hash, staff_login};
use crate::support::{app, form, get_bytes, with_db};
use app::domain::staff::StaffRole;
use axum::http::StatusCode;

#[test]
fn the_unpaid_lapse_together_with_their_reason_and_the_report_downloads() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (email, password) = staff_login(&db.pool, "会計 花子", "kaikei@example.jp", StaffRole::Treasurer).await;
        let treasurer = Session::log_in(&app, (&email, &password)).await;
        let (email, password) = staff_login(&db.pool, "名簿 一郎", "meibo@example.jp", StaffRole::Clerk).await;
        let clerk = Session::log_in(&app, (&email, &password)).await;
        let this_year = app::server::db::association::profile::load(&db.pool).await.unwrap().calendar.this_year();
        let closed = this_year - 1;
        let phrase = hash("a long member phrase").await;
        let (unpaid_account, unpaid) = active_member(&db.pool, "u@example.jp", &phrase, 301).await;
        let (_, paid) = active_member(&db.pool, "p@example.jp", &phrase, 302).await;
        sqlx::query("UPDATE membership_history SET effective_on = make_date($1, 5, 1) WHERE change = 'approved'")
            .bind(closed - 1)
            .execute(&db.pool)
            .await
            .unwrap();
        let record = form(&[
            ("id", &i64::from(paid).to_string()),
            ("fiscal_year", &closed.to_string()),
            ("paid_on", &format!("{closed}-06-01")),
            ("amount_yen", ""),
            ("method", "cash"),
            ("note", ""),
        ]);
        assert_eq!(treasurer.post_form("/api/record_dues", &record).await.status, StatusCode::OK);

        let page: serde_json::Value =
            serde_json::from_str(&treasurer.get(&format!("/api/year_end?year={closed}")).await.body).unwrap();
        assert_eq!(page["unpaid"].as_array().unwrap().len(), 1, "{page}");
        assert_eq!(page["unpaid"][0]["member_number"], 301);
        assert_eq!((page["closable"].as_bool(), page["may_lapse"].as_bool()), (Some(true), Some(false)));

        let lapse = |year: i32, reason: &str| form(&[("year", &year.to_string()), ("reason", reason)]);
        let reason = format!("{closed}年度の会費が未納のため（会則第8条）");
        assert_eq!(
            treasurer.post_form("/api/lapse_unpaid", &lapse(closed, &reason)).await.status,
            StatusCode::FORBIDDEN
        );
        let not_ended = clerk.post_form("/api/lapse_unpaid", &lapse(this_year, &reason)).await;
        assert_eq!(not_ended.status, StatusCode::UNPROCESSABLE_ENTITY, "the year has not ended");
        assert!(not_ended.body.contains("year"), "{}", not_ended.body);
        assert_eq!(
            clerk.post_form("/api/lapse_unpaid", &lapse(closed, " ")).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let done = clerk.post_form("/api/lapse_unpaid", &lapse(closed, &reason)).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);

        let status: Vec<(i32, String)> =
            sqlx::query_as("SELECT member_number, status FROM members WHERE member_number IN (301, 302) ORDER BY 1")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        assert_eq!(status, [(301, "lapsed".into()), (302, "active".into())]);
        let (recorded, on): (String, chrono::NaiveDate) = sqlx::query_as(
            "SELECT reason, effective_on FROM membership_history WHERE member_id = $1 AND change = 'lapsed'",
        )
        .bind(unpaid)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(recorded, reason);
        assert_eq!(on, app::domain::dues::DuesCalendar::default().range(closed).1, "the last day of the year closed");
        let disabled: bool = sqlx::query_scalar("SELECT disabled_at IS NOT NULL FROM accounts WHERE id = $1")
            .bind(unpaid_account)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(disabled, "the lapsed member's login closes");
        let again = clerk.post_form("/api/lapse_unpaid", &lapse(closed, &reason)).await;
        assert_eq!(again.status, StatusCode::OK, "nobody left: nothing happens");
        let runs: Vec<serde_json::Value> = sqlx::query_scalar(
            "SELECT details->'lapsed' FROM audit_log WHERE action = 'dues.lapse_unpaid' ORDER BY id",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(runs, [serde_json::json!(1), serde_json::json!(0)]);

        // The report, for the accountant.
        let (status, body, _) = get_bytes(
            &app,
            &format!("/admin/exports/dues-report.csv?year={closed}"),
            &[("cookie", treasurer.cookie())],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let rows = crate::exports::parse(&body[3..]);
        let total = rows.iter().find(|r| r[1] == "合計").expect("a total row");
        assert_eq!((total[4].as_str(), total[5].as_str()), ("1", "3000"), "{rows:?}");
        let (status, _, _) = get_bytes(&app, "/admin/exports/dues-report.csv", &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    });
}
