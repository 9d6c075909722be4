//! The browser bundle under `/pkg` (wasm, its JavaScript glue, the stylesheet) and compression.
//!
//! `cargo leptos build` names these files after their content (`hash-files = true`:
//! `kizuna.<hash>.wasm`), so a page can only ever ask for the bundle it was rendered with, and a
//! browser may keep a hashed file for a year without asking again. Release builds also write
//! `.br` and `.gz` copies beside each file (`cargo leptos build --release --precompress`), which
//! are sent as they are to browsers that accept them. Pages and other answers are compressed as
//! they are sent.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use std::path::PathBuf;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

/// Where the browser bundle is served.
pub const PKG_PREFIX: &str = "/pkg/";

/// Where the favicon is served.
pub const FAVICON: &str = "/favicon.ico";

/// Sent with files whose name carries their content's hash: they never change.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Sent with unhashed bundle files (a build without `hash-files`): the browser asks each time
/// whether its copy is still current.
pub const REVALIDATE: &str = "no-cache";

/// The files of `site_root/site_pkg_dir`, the precompressed copy when the browser takes it.
pub fn pkg_dir(options: &LeptosOptions) -> ServeDir {
    let dir = PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

/// Caching for `/pkg`: a year for hashed names, a check each time for others. The answer depends
/// on `Accept-Encoding` only (never on cookies or language): that is all it varies by.
pub async fn pkg_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed_name(request.uri().path());
    let mut response = next.run(request).await;
    if matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT) {
        let headers = response.headers_mut();
        let cache = if hashed { IMMUTABLE } else { REVALIDATE };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    response
}

/// The favicon, which every page names and browsers ask for on their own: kept a week.
pub fn favicon(options: &LeptosOptions) -> ServeFile {
    ServeFile::new(PathBuf::from(options.site_root.as_ref()).join("favicon.ico"))
        .precompressed_br()
        .precompressed_gzip()
}

/// Sent with the favicon: unhashed, but rarely changed, and a stale one for a few days harms no one.
pub const A_WEEK: &str = "public, max-age=604800";

/// Caching for the favicon (see [`favicon`]).
pub async fn favicon_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED) {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(A_WEEK));
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    response
}

/// `kizuna.<hash>.wasm`: cargo-leptos puts the base64url MD5 of the content (22 characters)
/// between the name and the extension.
pub fn is_hashed_name(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let parts: Vec<&str> = file.split('.').collect();
    parts.len() >= 3 && {
        let hash = parts[parts.len() - 2];
        hash.len() == 22 && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }
}

/// Compression of everything the server renders or streams (pages, server-function answers,
/// downloads), brotli or gzip as the browser asks. Not wasm: the bundle is compressed at build
/// time (release), and compressing a debug build's tens of megabytes on every request would only
/// slow the tests down. Already-compressed answers (the precompressed files) pass untouched.
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("application/wasm")))
}

/// Ends every answer's body for good once it has ended. The compression reads a body once more
/// after its end, and a streamed download (a `futures::stream::unfold`) panics when polled again.
pub async fn fused_body(request: Request, next: Next) -> Response {
    next.run(request).await.map(|body| Body::new(body.fuse()))
}

/// Whether `cargo leptos build` left hashed file names: its `hash.txt` beside the server binary,
/// where Leptos looks for it. `LEPTOS_HASH_FILES` (true or false), when set, decides instead.
pub fn hash_files_built() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed_name("/pkg/kizuna.0qNDC9o7Qx2ZbLGuPbTxLA.wasm"));
        assert!(is_hashed_name("/pkg/kizuna.0qNDC9o7Qx2ZbLGuPbTxLA.js"));
        assert!(is_hashed_name("/pkg/kizuna.Ab-_9qNDC9o7Qx2ZbLGuPb.css"));
        assert!(!is_hashed_name("/pkg/kizuna.wasm"));
        assert!(!is_hashed_name("/pkg/kizuna_bg.wasm"));
        assert!(!is_hashed_name("/pkg/snippets/x/inline0.js"));
        assert!(!is_hashed_name("/pkg/kizuna.short.wasm"));
    }
}
