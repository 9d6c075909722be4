//! `api/committees.rs` over HTTP: joining and leaving committees, who sees their members.

use crate::support::accounts::{admin_and_member, Session, MEMBER};
use crate::support::fixtures::active_member;
use crate::support::{app, form, get_with, post_form, with_db};
use app::domain::password::NewPassword;
use axum::http::StatusCode;

#[test]
fn members_join_committees_and_see_who_else_belongs() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let hash = app::server::password::hash(NewPassword::parse("a long member phrase").unwrap()).await.unwrap();
        active_member(&db.pool, "yamada@example.jp", &hash, 7).await;
        let member = Session::log_in(&app, ("yamada@example.jp", "a long member phrase")).await;
        let account = Session::log_in(&app, MEMBER).await;
        let join = form(&[("slug", "regional"), ("join", "true")]);
        assert_eq!(post_form(&app, "/api/set_committee_membership", &join, &[]).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(account.post_form("/api/set_committee_membership", &join).await.status, StatusCode::FORBIDDEN);
        assert_eq!(member.post_form("/api/set_committee_membership", &join).await.status, StatusCode::OK);
        let path = "/api/committee_activity?slug=regional";
        let seen: serde_json::Value = serde_json::from_str(&member.get(path).await.body).unwrap();
        assert_eq!(seen["joined"], true);
        assert_eq!(seen["members"], serde_json::json!(["会員 7"]));
        let public: serde_json::Value = serde_json::from_str(&get_with(&app, path, &[]).await.body).unwrap();
        assert_eq!(public["members"], serde_json::Value::Null, "members' names are for members only");
        let leave = form(&[("slug", "regional"), ("join", "false")]);
        member.post_form("/api/set_committee_membership", &leave).await;
        let seen: serde_json::Value = serde_json::from_str(&member.get(path).await.body).unwrap();
        assert_eq!(seen["joined"], false);
    })
}
