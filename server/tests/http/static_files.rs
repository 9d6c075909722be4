//! Issue 11.1: the browser bundle under `/pkg` (hashed names cached for a year, precompressed
//! copies, no `Vary` on cookies or language), the favicon, and compressed pages and downloads.

use crate::support::accounts::{admin_and_member, log_in, ADMIN};
use crate::support::with_db;
use app::server::state::AppState;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use std::io::Read;
use std::path::PathBuf;
use tower::ServiceExt;

const HASH: &str = "0qNDC9o7Qx2ZbLGuPbTxLA";

/// A site folder as `cargo leptos build --release --precompress` leaves it: hashed names, each with
/// a `.br` and a `.gz` copy (here with made-up contents, to see which file was sent).
fn site_root() -> PathBuf {
    let root = std::env::temp_dir().join(format!("kizuna-site-{}-{}", std::process::id(), rand_suffix()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for (name, body) in [
        (format!("kizuna.{HASH}.wasm"), "plain wasm".repeat(50)),
        (format!("kizuna.{HASH}.wasm.br"), "brotli wasm".into()),
        (format!("kizuna.{HASH}.wasm.gz"), "gzip wasm".into()),
        (format!("kizuna.{HASH}.js"), "export default function init() {}".repeat(10)),
        ("kizuna.css".into(), "body { margin: 0 }".repeat(10)),
    ] {
        std::fs::write(pkg.join(name), body).unwrap();
    }
    std::fs::write(root.join("favicon.ico"), "an icon".repeat(20)).unwrap();
    root
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(0u8)
}

fn app_on(pool: sqlx::PgPool, site_root: &str) -> Router {
    server::router(AppState {
        leptos_options: server::leptos_options_for(site_root),
        pool,
        secure_cookies: false,
        trusted_proxies: vec![],
        settings: Default::default(),
        event_queues: Default::default(),
        reference: Default::default(),
    })
}

struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> String {
        self.headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(", ")
    }
}

async fn fetch(app: &Router, path: &str, headers: &[(&str, &str)]) -> Raw {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    Raw { status, headers, body }
}

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).expect("a gzip body");
    text
}

fn unbrotli(bytes: &[u8]) -> String {
    let mut text = String::new();
    brotli::Decompressor::new(bytes, 4096).read_to_string(&mut text).expect("a brotli body");
    text
}

#[test]
fn hashed_bundle_files_are_cached_for_a_year_and_sent_precompressed() {
    with_db(|db| async move {
        let root = site_root();
        let app = app_on(db.pool.clone(), root.to_str().unwrap());
        let wasm = format!("/pkg/kizuna.{HASH}.wasm");

        let br = fetch(&app, &wasm, &[("accept-encoding", "gzip, deflate, br, zstd")]).await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(br.header("content-encoding"), "br");
        assert_eq!(br.body, b"brotli wasm", "the .br file written at build time");
        assert_eq!(br.header("content-type"), "application/wasm");
        assert_eq!(br.header("cache-control"), "public, max-age=31536000, immutable");
        let vary = br.header("vary");
        assert!(!vary.contains("Cookie") && !vary.contains("Accept-Language"), "no Vary on reader: {vary}");
        assert!(vary.to_ascii_lowercase().contains("accept-encoding"), "{vary}");
        assert_eq!(br.header("set-cookie"), "", "static files set no cookie");

        let gz = fetch(&app, &wasm, &[("accept-encoding", "gzip")]).await;
        assert_eq!(gz.header("content-encoding"), "gzip");
        assert_eq!(gz.body, b"gzip wasm");

        let plain = fetch(&app, &wasm, &[]).await;
        assert_eq!(plain.header("content-encoding"), "");
        assert_eq!(plain.body, "plain wasm".repeat(50).as_bytes());
        assert_eq!(plain.header("cache-control"), "public, max-age=31536000, immutable");

        let js = fetch(&app, &format!("/pkg/kizuna.{HASH}.js"), &[("accept-encoding", "br")]).await;
        assert_eq!(js.status, StatusCode::OK);
        assert_eq!(js.header("cache-control"), "public, max-age=31536000, immutable");
        assert!(!js.header("vary").contains("Cookie"), "{}", js.header("vary"));

        // A name without a hash may change with the next build: the browser asks each time.
        let css = fetch(&app, "/pkg/kizuna.css", &[]).await;
        assert_eq!(css.status, StatusCode::OK);
        assert_eq!(css.header("cache-control"), "no-cache");
        assert!(!css.header("vary").contains("Cookie"), "{}", css.header("vary"));

        // Even for a logged-in browser, the bundle is not personal data.
        admin_and_member(&db.pool).await;
        let admin = log_in(&app, ADMIN).await;
        let logged_in = fetch(&app, &wasm, &[("cookie", &admin), ("accept-encoding", "br")]).await;
        assert_eq!(logged_in.header("cache-control"), "public, max-age=31536000, immutable");
        assert!(!logged_in.header("vary").contains("Cookie"));
        assert_eq!(logged_in.header("set-cookie"), "", "no session cookie on a file caches may keep");

        // The favicon, asked for on every visit otherwise.
        let icon = fetch(&app, "/favicon.ico", &[("cookie", &admin)]).await;
        assert_eq!(icon.status, StatusCode::OK);
        assert_eq!(icon.header("cache-control"), "public, max-age=604800");
        assert!(!icon.header("vary").contains("Cookie"), "{}", icon.header("vary"));
        assert_eq!(icon.header("set-cookie"), "");

        let missing = fetch(&app, "/pkg/kizuna.AAAAAAAAAAAAAAAAAAAAAA.wasm", &[]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.header("cache-control"), "", "a miss is never cached for a year");
        let _ = std::fs::remove_dir_all(root);
    })
}

#[test]
fn pages_are_compressed_and_still_vary_by_reader() {
    with_db(|db| async move {
        let app = app_on(db.pool.clone(), "target/site");
        let plain = fetch(&app, "/", &[]).await;
        assert_eq!(plain.status, StatusCode::OK);
        assert_eq!(plain.header("content-encoding"), "");
        let html = String::from_utf8(plain.body.clone()).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{html:.80}");

        let gz = fetch(&app, "/", &[("accept-encoding", "gzip")]).await;
        assert_eq!(gz.status, StatusCode::OK);
        assert_eq!(gz.header("content-encoding"), "gzip");
        // A page is small HTML now (no data written in for hydration), so well under half, not a third.
        assert!(gz.body.len() * 2 < plain.body.len(), "{} bytes gzip for {}", gz.body.len(), plain.body.len());
        assert!(gunzip(&gz.body).starts_with("<!DOCTYPE html>"));
        let vary = gz.header("vary");
        assert!(vary.contains("Cookie") && vary.contains("Accept-Language"), "{vary}");
        assert!(vary.to_ascii_lowercase().contains("accept-encoding"), "{vary}");
        assert!(gz.header("content-security-policy").contains("nonce-"), "the page keeps its policy");

        let br = fetch(&app, "/events", &[("accept-encoding", "br;q=1.0, gzip;q=0.5")]).await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(br.header("content-encoding"), "br");
        assert!(unbrotli(&br.body).contains("</html>"));

        // A 404 page too.
        let missing = fetch(&app, "/no/such/page", &[("accept-encoding", "gzip")]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.header("content-encoding"), "gzip");
    })
}

#[test]
fn downloads_stream_compressed_when_asked() {
    with_db(|db| async move {
        let app = app_on(db.pool.clone(), "target/site");
        admin_and_member(&db.pool).await;
        let admin = log_in(&app, ADMIN).await;
        let path = "/admin/exports/members.csv";
        let plain = fetch(&app, path, &[("cookie", &admin)]).await;
        assert_eq!(plain.status, StatusCode::OK);
        let gz = fetch(&app, path, &[("cookie", &admin), ("accept-encoding", "gzip")]).await;
        assert_eq!(gz.status, StatusCode::OK);
        assert_eq!(gz.header("content-encoding"), "gzip");
        assert_eq!(gz.header("content-disposition"), plain.header("content-disposition"));
        assert_eq!(gz.header("cache-control"), "no-store");
        let mut csv = Vec::new();
        flate2::read::GzDecoder::new(gz.body.as_slice()).read_to_end(&mut csv).unwrap();
        assert_eq!(csv, plain.body, "the same file once unpacked");
    })
}
