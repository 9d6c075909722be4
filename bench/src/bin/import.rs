//! The member-list import with 10,000 rows: the upload (POST /admin/imports/upload), the dry run
//! (GET /api/import), and the commit from the button to the last row in (POST /api/commit_import,
//! then waiting for the background run), next to `psql \copy` of the same file into a plain table
//! with the same columns (no checks, no duplicates search), measured in the same run.

use axum::body::Body;
use axum::http::Request;
use bench::{admin_cookie, database_url, drop_database, fresh_database, median, ms};
use http_body_util::BodyExt;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const DATABASE: &str = "kizuna_bench_import";
const ROWS: usize = 10_000;
const RUNS: usize = 3;
const HEADINGS: &str =
    "会員番号,氏名,フリガナ,メールアドレス,電話番号,郵便番号,都道府県,市区町村,番地,生年月日,会員種別";

#[tokio::main]
async fn main() {
    let pool = fresh_database(DATABASE).await;
    let app = bench::router(pool.clone());
    let cookie = admin_cookie(&pool, &app, "10.8.0.1").await;
    let file = member_list();
    let path = std::env::temp_dir().join("kizuna-bench-import.csv");
    std::fs::write(&path, &file).unwrap();

    let (mut uploads, mut checks, mut commits, mut copies) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        sqlx::query("DELETE FROM members").execute(&pool).await.unwrap();
        let started = Instant::now();
        let id = upload(&app, &cookie, file.as_bytes()).await;
        uploads.push(started.elapsed());
        let started = Instant::now();
        let view = call(&app, &cookie, Request::get(format!("/api/import?id={id}")).body(Body::empty()).unwrap()).await;
        checks.push(started.elapsed());
        assert!(view.contains(&format!("\"creatable\":{ROWS}")), "the dry run found problems");
        let started = Instant::now();
        commit(&app, &cookie, id).await;
        commits.push(started.elapsed());
        let started = Instant::now();
        psql_copy(&path);
        copies.push(started.elapsed());
    }
    let copy = median(copies);
    println!("| step ({ROWS} rows, {} KB) | time (median of {RUNS}) |", file.len() / 1024);
    println!("|---|---|");
    println!("| `psql \\copy` of the same file into a table with the same columns (baseline) | {:.0} ms |", ms(copy));
    for (what, times) in [
        ("upload: decode, read, store (`POST /admin/imports/upload`)", uploads),
        ("dry run: every row checked, duplicates searched (`GET /api/import`)", checks),
        ("commit: checked again, inserted in one transaction, with progress (`commit_import` until done)", commits),
    ] {
        let time = median(times);
        println!("| {what} | {:.0} ms ({:.1}× the baseline) |", ms(time), time.as_secs_f64() / copy.as_secs_f64());
    }
    let _ = std::fs::remove_file(&path);
    drop_database(pool, DATABASE).await;
}

fn member_list() -> String {
    let mut file = format!("{HEADINGS}\n");
    for n in 0..ROWS {
        file.push_str(&format!(
            "{},会員 {n},カイイン,m{n}@example.jp,042-378-{:04},206-8601,東京都,稲城市,東長沼{n},昭和{}年{}月{}日,個人会員\n",
            2000 + n,
            n % 10_000,
            20 + n % 40,
            1 + n % 12,
            1 + n % 28
        ));
    }
    file
}

async fn call(app: &axum::Router, cookie: &str, mut request: Request<Body>) -> String {
    request.headers_mut().insert("cookie", cookie.parse().unwrap());
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(status.is_success() || status.is_redirection(), "{status}");
    String::from_utf8_lossy(&body).into_owned()
}

async fn upload(app: &axum::Router, cookie: &str, bytes: &[u8]) -> i64 {
    let boundary = "kizuna-bench";
    let mut body =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"members.csv\"\r\n\r\n")
            .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut request = Request::post("/admin/imports/upload")
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    request.headers_mut().insert("cookie", cookie.parse().unwrap());
    let response = app.clone().oneshot(request).await.unwrap();
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    location
        .strip_prefix("/admin/imports/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("upload went to {location}"))
}

async fn commit(app: &axum::Router, cookie: &str, id: i64) {
    let request = Request::post("/api/commit_import")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("id={id}")))
        .unwrap();
    call(app, cookie, request).await;
    loop {
        let view = call(app, cookie, Request::get(format!("/api/import?id={id}")).body(Body::empty()).unwrap()).await;
        if view.contains("\"status\":\"Imported\"") {
            return;
        }
        assert!(!view.contains("\"failed\":true"), "the import failed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn psql_copy(path: &std::path::Path) {
    let sql = format!(
        "SET client_min_messages = warning; DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (member_number integer, full_name text, \
         name_reading text, email text, phone text, postal_code text, prefecture text, city text, street text, \
         birth_date text, membership_type text); \\copy bench_copy FROM '{}' WITH CSV HEADER",
        path.display()
    );
    let status = std::process::Command::new("psql")
        .args(["-X", "-q", &database_url(DATABASE)])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(sql.as_bytes())?;
            child.wait()
        })
        .expect("psql on PATH");
    assert!(status.success());
}
