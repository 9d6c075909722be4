//! Request protections that apply to every route.

use app::server::csp::{self, PageNonce};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// Leptos server functions have no CSRF protection of their own, so every state-changing request
/// must come from our own pages. Browsers say where a request comes from in `Sec-Fetch-Site`
/// (or, older ones, `Origin`); a request carrying neither is not from a browser and cannot ride
/// on a user's cookies.
pub async fn refuse_cross_site_writes(request: Request, next: Next) -> Response {
    let safe_method = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe_method && !is_same_origin(request.headers()) {
        tracing::warn!(
            method = %request.method(),
            path = %request.uri().path(),
            origin = ?request.headers().get(header::ORIGIN),
            "refused a cross-site write"
        );
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(request).await
}

fn is_same_origin(headers: &HeaderMap) -> bool {
    let text = |name: &HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(&HeaderName::from_static("sec-fetch-site")) {
        return site == "same-origin" || site == "none";
    }
    match (text(&header::ORIGIN), text(&header::HOST)) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").is_some_and(|(_, authority)| authority == host),
        (Some(_), None) => false,
    }
}

/// Downloads (rosters, one's own data) are GET requests, but they are not harmless: each one hands
/// personal data to whoever started it and writes an audit entry in the user's name. A link on
/// another site must not make a logged-in browser fetch one, so these routes get the same check
/// as writes.
pub async fn refuse_cross_site_downloads(request: Request, next: Next) -> Response {
    if !is_same_origin(request.headers()) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site download");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(request).await
}

/// `Cache-Control: no-store` on every answer that may carry personal data, so that no browser
/// cache or proxy keeps it: server-function answers, downloads, and anything sent to a logged-in
/// browser, except static files (which never depend on who asks).
pub async fn no_store_for_personal_data(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let static_file = request.uri().path().starts_with("/pkg/");
    let logged_in = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|cookies| cookies.split(';').any(|c| c.trim_start().split('=').next().is_some_and(is_session_cookie)));
    let mut response = next.run(request).await;
    let headers = response.headers();
    let download = headers.get(header::CONTENT_DISPOSITION).is_some();
    let asset = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| {
        ["image/", "font/", "text/css", "text/javascript", "application/javascript", "application/wasm"]
            .iter()
            .any(|kind| t.starts_with(kind))
    });
    if (api || download || logged_in) && !static_file && !asset {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn is_session_cookie(name: &str) -> bool {
    name == crate::sessions::cookie_name(false) || name == crate::sessions::cookie_name(true)
}

/// Chooses the nonce for a page before it is rendered, and sends the page's policy with it. The
/// router hands the same nonce to Leptos (`app::server::csp::provide_page_nonce`), which puts it on
/// its inline scripts; no other inline script can run.
pub async fn page_nonce(mut request: Request, next: Next) -> Response {
    let nonce = PageNonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        if let Ok(value) = HeaderValue::from_str(&csp::policy(Some(&nonce.0))) {
            response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

/// Security headers on every response (unless a handler set its own). `https`: the site is
/// reached over HTTPS (its public URL says so), and browsers are told to keep to it (HSTS).
pub fn with_headers<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let router = if https {
        router.layer(set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains"))
    } else {
        router
    };
    router
        // Pages send their own policy with a nonce; this one covers everything else.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp::policy(None)).expect("a valid header value"),
        ))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "same-origin"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(axum::middleware::from_fn(vary_by_reader))
}

/// Pages (and every other answer but the bundle under `/pkg` and the favicon) differ by the language cookie,
/// Accept-Language and the session: caches must keep them apart. The bundle is the same for
/// everyone, so it says nothing of the kind and can be cached once for all.
pub async fn vary_by_reader(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    // Photos are the same for every reader too (their address names one picture).
    let static_file = path.starts_with(crate::static_files::PKG_PREFIX)
        || path == crate::static_files::FAVICON
        || path.starts_with("/photos/");
    let mut response = next.run(request).await;
    if !static_file && !response.headers().contains_key(header::VARY) {
        response.headers_mut().insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(is_same_origin(&headers(&[("sec-fetch-site", "none")])));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "cross-site"), ("origin", "http://a"), ("host", "a")])));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "same-site")])));
    }

    #[test]
    fn origin_must_match_host_otherwise() {
        assert!(is_same_origin(&headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")])));
        assert!(!is_same_origin(&headers(&[("origin", "http://evil.example"), ("host", "127.0.0.1:3000")])));
        assert!(!is_same_origin(&headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])));
        assert!(is_same_origin(&headers(&[])), "no browser headers: not a cross-site browser request");
    }
}
