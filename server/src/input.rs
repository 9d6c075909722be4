//! The edge check of every request, before any handler or server function runs: text that no
//! parameter of Kizuna can hold is refused here, once, so that it never reaches a query (where
//! PostgreSQL would answer a NUL with an error) or a download stream. Validators further in still
//! check each field's own rules; this is the floor under all of them.
//!
//! - the path: control characters or broken UTF-8 → 404 (no such page);
//! - the query string: longer than `MAX_QUERY_BYTES` → 414;
//! - each parameter, in the query or in a form body: control characters other than tab and line
//!   breaks, broken UTF-8, or more characters than its cap → 422, naming the parameter.

use app::error::{AppError, FieldProblem};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Longest query string accepted (filters and ids only ever need a few dozen bytes).
pub const MAX_QUERY_BYTES: usize = 4096;
/// Longest form body read here; the router's body limit is the same.
pub const MAX_FORM_BYTES: usize = crate::MAX_BODY_BYTES;
/// Most characters in one parameter value. The longest text field (an event's description) takes
/// 5,000; anything beyond this cap is not a form a person filled in.
pub const MAX_VALUE_CHARS: usize = 10_000;
/// An email address has at most 254 characters (RFC 5321), whatever the form.
pub const MAX_EMAIL_CHARS: usize = 254;
/// Longest parameter name (nested form names like `people[3][answers][q1]` are short).
pub const MAX_NAME_CHARS: usize = 200;

/// Refuses a request whose path, query or form fields carry what no field can hold.
pub async fn refuse_malformed_input(request: Request, next: Next) -> Response {
    if !path_is_clean(request.uri().path()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    if let Some(query) = request.uri().query() {
        if query.len() > MAX_QUERY_BYTES {
            return StatusCode::URI_TOO_LONG.into_response();
        }
        if let Err((field, problem)) = check_pairs(query.as_bytes()) {
            return refused(request.uri().path(), field, problem);
        }
    }
    if !is_form(&request) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    if let Err((field, problem)) = check_pairs(&bytes) {
        return refused(parts.uri.path(), field, problem);
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

fn is_form(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"))
}

fn path_is_clean(path: &str) -> bool {
    let decoded: Vec<u8> = percent_decode(path.as_bytes(), false);
    std::str::from_utf8(&decoded).is_ok_and(|text| !text.chars().any(char::is_control))
}

/// Checks every `name=value` pair of an URL-encoded text.
fn check_pairs(encoded: &[u8]) -> Result<(), (String, FieldProblem)> {
    for pair in encoded.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let mut halves = pair.splitn(2, |b| *b == b'=');
        let name = percent_decode(halves.next().unwrap_or_default(), true);
        let value = percent_decode(halves.next().unwrap_or_default(), true);
        let Ok(name) = String::from_utf8(name) else {
            return Err(("form".into(), FieldProblem::InvalidFormat));
        };
        let shown = || name.chars().take(MAX_NAME_CHARS).filter(|c| !c.is_control()).collect::<String>();
        if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
            return Err((shown(), FieldProblem::InvalidFormat));
        }
        let Ok(value) = std::str::from_utf8(&value) else {
            return Err((shown(), FieldProblem::InvalidFormat));
        };
        if value.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
            return Err((shown(), FieldProblem::InvalidFormat));
        }
        let max = if is_email_field(&name) { MAX_EMAIL_CHARS } else { MAX_VALUE_CHARS };
        if value.chars().count() > max {
            return Err((shown(), FieldProblem::TooLong { max }));
        }
    }
    Ok(())
}

/// `email`, `new_email`, `member[email]`…: any parameter that holds an email address.
fn is_email_field(name: &str) -> bool {
    let last = name.rsplit('[').next().unwrap_or(name).trim_end_matches(']');
    last == "email" || last.ends_with("_email")
}

/// Percent-decoding (and `+` as a space in form encoding) into bytes, so that broken UTF-8 can be
/// told apart from text; a broken escape stays as it is.
fn percent_decode(input: &[u8], plus_is_space: bool) -> Vec<u8> {
    let spaced: Vec<u8> = input.iter().map(|b| if plus_is_space && *b == b'+' { b' ' } else { *b }).collect();
    percent_encoding::percent_decode(&spaced).collect()
}

/// 422 with the field named, in the shape server functions answer errors in.
fn refused(path: &str, field: String, problem: FieldProblem) -> Response {
    tracing::warn!(%path, %field, ?problem, "refused malformed input");
    let error = AppError::invalid(field, problem);
    let body = serde_json::to_string(&error).unwrap_or_default();
    let mut response = (StatusCode::UNPROCESSABLE_ENTITY, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_line_breaks_are_not() {
        assert!(check_pairs(b"title=%E7%A8%B2%E5%9F%8E&description=a%0D%0Ab%09c").is_ok());
        assert_eq!(check_pairs(b"email=a%00b").unwrap_err().0, "email");
        assert_eq!(check_pairs(b"q=x%1B").unwrap_err().1, FieldProblem::InvalidFormat);
        assert_eq!(check_pairs(b"q=%FF").unwrap_err().1, FieldProblem::InvalidFormat, "not UTF-8");
        assert!(check_pairs(b"a%00=1").is_err(), "names too");
    }

    #[test]
    fn values_have_caps() {
        let long_email = format!("email={}", "a".repeat(300));
        assert_eq!(check_pairs(long_email.as_bytes()).unwrap_err().1, FieldProblem::TooLong { max: MAX_EMAIL_CHARS });
        let nested = format!("member[new_email]={}", "a".repeat(300));
        assert!(check_pairs(nested.as_bytes()).is_err());
        let description = format!("event[description_ja]={}", "あ".repeat(5000));
        assert!(check_pairs(description.as_bytes()).is_ok());
        let huge = format!("note={}", "a".repeat(MAX_VALUE_CHARS + 1));
        assert!(check_pairs(huge.as_bytes()).is_err());
    }

    #[test]
    fn paths_with_control_characters_are_no_page() {
        assert!(path_is_clean("/cities/ozora"));
        assert!(path_is_clean("/cities/%E5%A4%A7%E7%A9%BA"));
        assert!(!path_is_clean("/cities/oz%00ra"));
        assert!(!path_is_clean("/cities/%C3"));
    }

    #[test]
    fn decoding_keeps_broken_escapes() {
        assert_eq!(percent_decode(b"a%2", true), b"a%2");
        assert_eq!(percent_decode(b"a+b%41", true), b"a bA");
        assert_eq!(percent_decode(b"a+b", false), b"a+b");
    }
}
