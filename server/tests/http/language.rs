use crate::support::{app, get_with, post_form, with_db};
use axum::http::StatusCode;

#[test]
fn switching_language_sets_the_cookie_and_returns_to_the_page() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let app = app(pool);
        let reply = post_form(&app, "/lang", "lang=en&next=%2Fcities%2Fozora", &[]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.header("location"), "/cities/ozora");
        let cookie = reply.header("set-cookie");
        assert!(cookie.starts_with("kizuna_lang=en;"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/") && cookie.contains("Max-Age="));

        let page = get_with(&app, "/cities/ozora", &[("cookie", "kizuna_lang=en")]).await;
        assert!(page.body.contains("Ozora Town"));
    })
}

#[test]
fn the_switch_is_no_open_redirect() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let reply = post_form(&app(pool), "/lang", "lang=ja&next=https%3A%2F%2Fevil.example%2F", &[]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(reply.header("location"), "/");
    })
}

#[test]
fn unknown_languages_are_refused() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let reply = post_form(&app(pool), "/lang", "lang=fr&next=%2F", &[]).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.header("set-cookie").is_empty());
    })
}
