//! `api/membership_types.rs` over HTTP: the articles' classes, fees per unit from a fiscal year,
//! new classes, and which classes are offered.

use crate::support::accounts::{admin_and_member, Session, ADMIN};
use crate::support::fixtures::{apply, join_form};
use crate::support::{app, form, get_with, with_db};
use axum::http::StatusCode;

#[test]
fn the_secretariat_renames_retires_and_re_prices_a_class() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let individual: i64 = sqlx::query_scalar("SELECT id FROM membership_types WHERE code = 'individual'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let this_year: i32 =
            sqlx::query_scalar("SELECT fiscal_year_of(japan_today())").fetch_one(&db.pool).await.unwrap();
        let body = form(&[
            ("id", &individual.to_string()),
            ("class[name_ja]", "正会員（個人）"),
            ("class[name_en]", "Full member (individual)"),
            ("class[category]", "full"),
            ("class[holder]", "individual"),
            ("class[votes]", "yes"),
        ]);
        let saved = admin.post_form("/api/update_membership_type", &body).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let offered: bool = sqlx::query_scalar("SELECT offered FROM membership_types WHERE id = $1")
            .bind(individual)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(!offered, "the box left empty retires the class");
        let page = get_with(&app, "/api/join_page", &[]).await;
        assert!(!page.body.contains("\"individual\""), "a class no longer offered is not on the join form");
        let refused = apply(&app, &join_form(&[])).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

        // A new price from next year; this year keeps its own, and a past year is refused.
        let next = (this_year + 1).to_string();
        let fee = form(&[("id", &individual.to_string()), ("fee_per_unit_yen", "2,500円"), ("from_year", &next)]);
        assert_eq!(admin.post_form("/api/set_membership_fee", &fee).await.status, StatusCode::OK);
        let past = (this_year - 1).to_string();
        let fee = form(&[("id", &individual.to_string()), ("fee_per_unit_yen", "1"), ("from_year", &past)]);
        let refused = admin.post_form("/api/set_membership_fee", &fee).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("from_year"), "{}", refused.body);
        let fees: Vec<(i32, i32)> =
            sqlx::query_as("SELECT $2, membership_fee($1, $2) UNION ALL SELECT $3, membership_fee($1, $3)")
                .bind(individual)
                .bind(this_year)
                .bind(this_year + 1)
                .fetch_all(&db.pool)
                .await
                .unwrap();
        assert_eq!(fees, [(this_year, 2000), (this_year + 1, 2500)]);
    })
}

#[test]
fn a_new_class_is_offered_at_its_fee_and_applicants_choose_units() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let incomplete = admin.post_form("/api/create_membership_type", &form(&[("class[name_ja]", "名誉会員")])).await;
        assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["name_en", "category", "holder", "fee_per_unit_yen"] {
            assert!(incomplete.body.contains(field), "{field} is named: {}", incomplete.body);
        }
        let body = form(&[
            ("class[name_ja]", "学生賛助会員"),
            ("class[name_en]", "Student supporter"),
            ("class[category]", "supporting"),
            ("class[holder]", "individual"),
            ("class[offered]", "yes"),
            ("fee_per_unit_yen", "300"),
        ]);
        assert_eq!(admin.post_form("/api/create_membership_type", &body).await.status, StatusCode::OK);
        let page = get_with(&app, "/api/join_page", &[]).await;
        assert!(page.body.contains("\"student_supporter\""), "{}", page.body);

        let applied =
            apply(&app, &join_form(&[("account[membership_type]", "student_supporter"), ("account[units]", "３")]))
                .await;
        assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
        let (units, votes, dues): (i16, bool, i32) = sqlx::query_as(
            "SELECT m.units, t.votes, membership_fee(t.id, fiscal_year_of(japan_today())) * m.units
             FROM members m JOIN membership_types t ON t.id = m.membership_type_id WHERE t.code = 'student_supporter'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!((units, votes, dues), (3, false, 900), "a supporting class without a vote, ¥300 × 3 units");
        let too_many = apply(&app, &join_form(&[("account[email]", "b@example.jp"), ("account[units]", "100")])).await;
        assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(too_many.body.contains("units"));
    })
}
