//! A newsletter to 10,000 subscribed members: the sending job's queuing (one mail per member in
//! their language, each with its own unsubscribe link, in transactions of 200), next to its
//! baseline measured in the same run: the dues notice run to the same 10,000 (`dues_mail::send`,
//! the same batching without unsubscribe links). Mails queued per second, the process's peak
//! memory, and the home page's latency while each runs, next to the page with nothing running.

use bench::{drop_database, fresh_database, pages_while, peak_memory_kib, reset_peak_memory, row};
use std::time::{Duration, Instant};

const DATABASE: &str = "kizuna_bench_newsletter";
const MEMBERS: i64 = 10_000;
const URL: &str = "https://kizuna.example.jp";

#[tokio::main]
async fn main() {
    let pool = fresh_database(DATABASE).await;
    let app = bench::router(pool.clone());
    app::server::bootstrap::ensure_first_admin(&pool, Some(bench::ADMIN.0), Some(bench::ADMIN.1)).await.unwrap();
    let admin: app::domain::ids::AccountId = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(bench::ADMIN.0)
        .fetch_one(&pool)
        .await
        .unwrap();
    seed(&pool).await;
    let year = app::server::db::association::profile::load(&pool).await.unwrap().calendar.this_year();

    println!("| {MEMBERS} mails queued | time | mails per second | peak RSS of the process |");
    println!("|---|---|---|---|");
    reset_peak_memory();
    let started = Instant::now();
    let mut baseline = 0;
    let baseline_pages = pages_while(&app, async {
        let run = app::server::dues_mail::Run::default();
        let kind = app::server::db::dues_mail::DuesMailKind::Notice;
        baseline = app::server::dues_mail::send(&pool, year, kind, admin, run).await.unwrap();
    })
    .await;
    let time = started.elapsed();
    assert_eq!(baseline as i64, MEMBERS);
    println!("{}", line("the dues notice run (`dues_mail::send`, baseline)", time, peak_memory_kib()));

    let id = newsletter(&pool, admin).await;
    reset_peak_memory();
    let started = Instant::now();
    let mut queued = 0;
    let newsletter_pages = pages_while(&app, async {
        queued = app::server::newsletters::run_once(&pool, URL).await.unwrap();
    })
    .await;
    let time = started.elapsed();
    assert_eq!(queued as i64, MEMBERS);
    let distinct: i64 = sqlx::query_scalar("SELECT count(DISTINCT to_address) FROM outbox WHERE newsletter_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(distinct, MEMBERS, "one mail per member");
    println!("{}", line("a newsletter (`newsletters::run_once`, batches of 200)", time, peak_memory_kib()));

    println!("\n| the home page (GET /), one request at a time | per second | p50 | p99 |");
    println!("|---|---|---|---|");
    let quiet = pages_while(&app, async { tokio::time::sleep(Duration::from_secs(10)).await }).await;
    println!("{}", row("with nothing else running (baseline, 10 s)", &quiet));
    println!("{}", row("while the dues notice run queues 10,000 mails", &baseline_pages));
    println!("{}", row("while the newsletter queues 10,000 mails", &newsletter_pages));
    drop_database(pool, DATABASE).await;
}

fn line(what: &str, time: Duration, peak_kib: u64) -> String {
    format!(
        "| {what} | {:.1} s | {:.0} | {:.1} MiB |",
        time.as_secs_f64(),
        MEMBERS as f64 / time.as_secs_f64(),
        peak_kib as f64 / 1024.0
    )
}

/// Active members who get email, have opted in to newsletters, and owe this year's dues; a tenth
/// read English.
async fn seed(pool: &sqlx::PgPool) {
    sqlx::query(
        "WITH made AS (
             INSERT INTO members (membership_type_id, full_name, name_reading, reading_key, email, status, member_number,
                                  privacy_notice_version, privacy_consented_at)
             SELECT (SELECT id FROM membership_types WHERE code = 'individual'), '稲城 会員' || g, 'いなぎ かいいん',
                    'いなぎかいいん' || lpad(g::text, 6, '0'), 'm' || g || '@example.jp', 'active', g, 'v', now()
             FROM generate_series(1, $1) g RETURNING id)
         INSERT INTO newsletter_consents (member_id, given_at, given_source) SELECT id, now(), 'office' FROM made",
    )
    .bind(MEMBERS)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
}

/// A newsletter to every member, started (the job queues it).
async fn newsletter(pool: &sqlx::PgPool, by: app::domain::ids::AccountId) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO newsletters (audience, subject_ja, body_ja, subject_en, body_en, created_by, status, archive)
         VALUES ('members', '会報12月号', $1, 'December newsletter', $2, $3, 'sending', 'public') RETURNING id",
    )
    .bind("今月の交流会のお知らせです。\n".repeat(40))
    .bind("News of this month's meetings.\n".repeat(40))
    .bind(by)
    .fetch_one(pool)
    .await
    .unwrap();
    id
}
