use crate::server::db::test_support::test_pool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

async fn exec(pool: &PgPool, sql: &str) {
    sqlx::query(sql).execute(pool).await.unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn the_daily_job_applies_every_rule_and_keeps_what_is_still_needed(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    exec(&pool, "INSERT INTO accounts (email, password_hash) VALUES ('old@example.jp', 'x'), ('new@example.jp', 'x')")
        .await;
    exec(
        &pool,
        "INSERT INTO members (account_id, membership_type_id, status, full_name, name_reading, reading_key, email,
             privacy_notice_version, privacy_consented_at, withdrawn_at, decided_at)
         VALUES ((SELECT id FROM accounts WHERE email = 'old@example.jp'), 1, 'withdrawn', '古田 一郎', 'ふるた', 'ふるた',
                 'old@example.jp', 'v', now(), now() - interval '4 years', NULL),
                (NULL, 1, 'rejected', '却下 花子', 'きゃっか', 'きゃっか', NULL, 'v', now(), NULL, now() - interval '2 years'),
                ((SELECT id FROM accounts WHERE email = 'new@example.jp'), 1, 'withdrawn', '新井 次郎', 'あらい', 'あらい',
                 'new@example.jp', 'v', now(), now() - interval '1 month', NULL)",
    )
    .await;
    exec(
        &pool,
        "INSERT INTO outbox (to_address, subject, body, created_at) VALUES
             ('a@example.jp', 's', 'old', now() - interval '31 days'), ('b@example.jp', 's', 'recent', now())",
    )
    .await;
    exec(
        &pool,
        "INSERT INTO account_tokens (token_hash, account_id, purpose, expires_at, used_at) VALUES
             ('\\x01', (SELECT id FROM accounts WHERE email = 'new@example.jp'), 'password_reset', now() - interval '2 days', NULL),
             ('\\x02', (SELECT id FROM accounts WHERE email = 'new@example.jp'), 'password_reset', now() + interval '1 hour', NULL)",
    )
    .await;
    exec(
        &pool,
        "INSERT INTO member_imports (uploaded_by, uploaded_at, file_name, encoding, content, column_names, row_count)
         VALUES ((SELECT id FROM accounts WHERE email = 'new@example.jp'), now() - interval '8 days', 'old.csv', 'utf8', '氏名\n誰か', '{}', 1),
                ((SELECT id FROM accounts WHERE email = 'new@example.jp'), now(), 'new.csv', 'utf8', '氏名\n誰か', '{}', 1)",
    )
    .await;
    exec(
        &pool,
        "INSERT INTO login_throttle (key, updated_at) VALUES ('ip:192.0.2.1', now() - interval '2 days'), ('ip:192.0.2.2', now())",
    )
    .await;

    // A voided payment of long ago, and a correction of long ago that quoted a note.
    exec(
        &pool,
        "INSERT INTO dues_payments_voided (id, member_id, fiscal_year, paid_on, amount_yen, method, note, recorded_at, reason)
         SELECT 900001, id, 2010, '2010-05-01', 2000, 'cash', '古い振込の覚え', now(), '二重' FROM members
         WHERE full_name = '新井 次郎'",
    )
    .await;
    exec(
        &pool,
        "INSERT INTO dues_payment_revisions (payment_id, member_id, before, after, reason, revised_at)
         SELECT 900002, id, '{\"note\": \"古い覚え\", \"amount_yen\": \"500\"}', '{\"note\": \"\", \"amount_yen\": \"2000\"}',
                '訂正', now() - interval '9 years' FROM members WHERE full_name = '新井 次郎'",
    )
    .await;

    let counts = crate::server::retention::run_once(&pool).await;
    let of = |name: &str| counts.iter().find(|(n, _)| *n == name).map(|(_, rows)| *rows);
    assert_eq!(of("dues notes cleared"), Some(2), "{counts:?}");
    assert_eq!(count(&pool, "SELECT count(*) FROM dues_payments_voided WHERE note = ''").await, 1);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM dues_payment_revisions WHERE NOT before ? 'note' AND before ? 'amount_yen'")
            .await,
        1,
        "the note's values go, the amounts stay"
    );
    assert_eq!(of("members erased"), Some(2), "{counts:?}");
    assert_eq!(of("mails deleted"), Some(1));
    assert_eq!(of("links deleted"), Some(1));
    assert_eq!(of("uploads deleted"), Some(1));
    assert_eq!(of("login brakes deleted"), Some(1));
    assert_eq!(count(&pool, "SELECT count(*) FROM members WHERE erased_at IS NOT NULL").await, 2);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM members WHERE full_name = '新井 次郎' AND erased_at IS NULL").await,
        1,
        "a member who withdrew last month is kept"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM accounts WHERE email = 'old@example.jp'").await, 0);
    assert_eq!(count(&pool, "SELECT count(*) FROM audit_log WHERE action = 'member.erase'").await, 2);
    assert_eq!(count(&pool, "SELECT count(*) FROM outbox").await, 1);
    assert_eq!(count(&pool, "SELECT count(*) FROM account_tokens").await, 1, "a live link stays");
    assert_eq!(count(&pool, "SELECT count(*) FROM member_imports").await, 1, "this week's upload stays");

    let again = crate::server::retention::run_once(&pool).await;
    assert!(again.iter().all(|(_, rows)| *rows == 0), "a second run finds nothing: {again:?}");
}

#[sqlx::test(migrations = "../migrations")]
async fn an_application_never_confirmed_frees_its_address_when_the_link_expires(
    _: PgPoolOptions,
    db: PgConnectOptions,
) {
    let pool = test_pool(db).await;
    for (email, confirmed, days) in
        [("claim@example.jp", false, 8), ("fresh@example.jp", false, 1), ("real@example.jp", true, 30)]
    {
        let account: crate::domain::ids::AccountId = sqlx::query_scalar(
            "INSERT INTO accounts (email, password_hash, email_confirmed_at)
             VALUES ($1, 'x', CASE WHEN $2 THEN now() END) RETURNING id",
        )
        .bind(email)
        .bind(confirmed)
        .fetch_one(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO members (account_id, membership_type_id, status, full_name, name_reading, reading_key, email,
                 privacy_notice_version, privacy_consented_at, applied_at)
             VALUES ($1, 1, 'pending', '申込 太郎', 'もうしこみ', 'もうしこみ', $2, 'v', now(), now() - make_interval(days => $3))",
        )
        .bind(account)
        .bind(email)
        .bind(days)
        .execute(&pool)
        .await
        .unwrap();
    }
    let mut tx = pool.begin().await.unwrap();
    assert_eq!(super::unconfirmed_applications(&mut tx).await.unwrap(), 1);
    tx.commit().await.unwrap();
    assert_eq!(
        count(&pool, "SELECT count(*) FROM accounts WHERE email = 'claim@example.jp'").await,
        0,
        "the address is free"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM members WHERE email = 'claim@example.jp'").await, 0);
    assert_eq!(count(&pool, "SELECT count(*) FROM members WHERE status = 'pending'").await, 2, "the others wait");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM audit_log WHERE action = 'member.erase' AND details->>'reason' = 'email_never_confirmed'")
            .await,
        1
    );
}
