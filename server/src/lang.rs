//! `POST /lang`: the language switch. Remembers the choice in a cookie and returns the reader to
//! the page they were on.

use app::i18n::{Lang, LANG_COOKIE};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LangChoice {
    lang: String,
    next: Option<String>,
}

/// One year: a reader's language rarely changes.
const COOKIE_MAX_AGE_SECS: u32 = 365 * 24 * 60 * 60;

pub async fn switch(Form(choice): Form<LangChoice>) -> Response {
    let Some(lang) = Lang::parse(&choice.lang) else {
        return (StatusCode::BAD_REQUEST, "unknown language").into_response();
    };
    let cookie =
        format!("{LANG_COOKIE}={}; Path=/; Max-Age={COOKIE_MAX_AGE_SECS}; SameSite=Lax; HttpOnly", lang.code());
    (StatusCode::SEE_OTHER, [(header::LOCATION, local_path(choice.next.as_deref())), (header::SET_COOKIE, cookie)])
        .into_response()
}

/// `next` if it is a path on this site, else `/`: the switch must not become an open redirect.
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(|c| c.is_control() || c == '\\') =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn keeps_local_paths() {
        assert_eq!(local_path(Some("/cities/ozora")), "/cities/ozora");
        assert_eq!(local_path(Some("/cities?kind=sister")), "/cities?kind=sister");
    }

    #[test]
    fn refuses_anything_that_leaves_the_site() {
        for bad in ["https://evil.example", "//evil.example", "/\\evil.example", "evil", "/a\r\nSet-Cookie: x=1", ""] {
            assert_eq!(local_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(local_path(None), "/");
    }
}
