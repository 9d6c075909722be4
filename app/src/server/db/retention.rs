//! The retention rules of `docs/retention.md`, one statement (or one erasure) per rule. Each
//! function deletes or blanks what has outlived its purpose and returns how many rows it touched.

use super::erasure;
use sqlx::PgConnection;

/// Mail is deleted this long after it was queued, sent or not: every retry is long over (the last
/// is about 8½ hours after the first) and every link in it has expired (the longest, an
/// invitation, lasts 14 days).
pub const MAIL_DAYS: i32 = 30;
/// Used or expired links are deleted a day later (kept a day only to explain "link expired").
pub const TOKEN_DAYS: i32 = 1;
/// An upload never imported is deleted after a week (the secretariat can upload it again).
pub const UPLOAD_DAYS: i32 = 7;
/// Answers and birth dates given for an event are cleared this long after it ended.
pub const EVENT_DETAILS_DAYS: i32 = 30;
/// The names of the people in a sign-up are cleared this long after the event ended.
pub const EVENT_NAMES_DAYS: i32 = 365;
/// A rejected application is erased this long after the decision.
pub const REJECTED_DAYS: i32 = 365;
/// A withdrawn member is erased this long after withdrawing.
pub const WITHDRAWN_YEARS: i32 = 3;
/// Dues notes are cleared this many fiscal years after the year they belong to.
pub const DUES_NOTE_YEARS: i32 = 7;
/// Audit entries are deleted after this many years.
pub const AUDIT_YEARS: i32 = 5;

async fn run(tx: &mut PgConnection, sql: &str, amount: i32) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(sql).bind(amount).execute(tx).await?.rows_affected())
}

pub async fn old_mail(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    run(tx, "DELETE FROM outbox WHERE created_at < now() - make_interval(days => $1)", MAIL_DAYS).await
}

pub async fn spent_tokens(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    run(
        tx,
        "DELETE FROM account_tokens
         WHERE used_at < now() - make_interval(days => $1) OR expires_at < now() - make_interval(days => $1)",
        TOKEN_DAYS,
    )
    .await
}

pub async fn stale_uploads(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    let deleted = run(
        tx,
        "DELETE FROM member_imports i
         WHERE i.status IN ('uploaded', 'discarded') AND i.uploaded_at < now() - make_interval(days => $1)
           AND NOT EXISTS (SELECT 1 FROM members WHERE import_id = i.id)",
        UPLOAD_DAYS,
    )
    .await?;
    // Imported or undone files are emptied when that happens; this catches any that were not.
    let emptied = run(
        tx,
        "UPDATE member_imports SET content = '' WHERE status IN ('imported', 'undone') AND content <> ''
           AND uploaded_at < now() - make_interval(days => $1)",
        UPLOAD_DAYS,
    )
    .await?;
    Ok(deleted + emptied)
}

pub async fn past_event_details(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    let details = run(
        tx,
        "UPDATE signup_people p SET answers = '{}', birth_date = NULL
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.id = p.signup_id AND e.ends_at < now() - make_interval(days => $1)
           AND (p.answers <> '{}' OR p.birth_date IS NOT NULL)",
        EVENT_DETAILS_DAYS,
    )
    .await?;
    let names = sqlx::query(
        "UPDATE signup_people p SET full_name = $2, name_reading = ''
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.id = p.signup_id AND e.ends_at < now() - make_interval(days => $1) AND p.full_name <> $2",
    )
    .bind(EVENT_NAMES_DAYS)
    .bind(erasure::ERASED)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(details + names)
}

pub async fn old_dues_notes(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    // The fiscal year starts in April: FY n ends on 31 March of n + 1.
    run(
        tx,
        "UPDATE dues_payments SET note = ''
         WHERE note <> '' AND make_date(fiscal_year + 1 + $1, 4, 1) <= (now() AT TIME ZONE 'Asia/Tokyo')::date",
        DUES_NOTE_YEARS,
    )
    .await
}

pub async fn old_audit_entries(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    run(tx, "DELETE FROM audit_log WHERE at < now() - make_interval(years => $1)", AUDIT_YEARS).await
}

/// An application whose address was never confirmed is given up when its link has expired: it
/// was a slip of the keyboard, or someone using another person's address, and either way the
/// address must become free again for its owner (who would otherwise be told it is registered).
pub const UNCONFIRMED_DAYS: i32 = crate::server::email_confirmation::JOIN_LINK_DAYS as i32;

pub async fn unconfirmed_applications(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    let given_up: Vec<i64> = sqlx::query_scalar(
        "UPDATE members m SET status = 'rejected', decided_at = now(), updated_at = now()
         FROM accounts a
         WHERE a.id = m.account_id AND m.status = 'pending' AND a.email_confirmed_at IS NULL
           AND m.applied_at < now() - make_interval(days => $1)
         RETURNING m.id",
    )
    .bind(UNCONFIRMED_DAYS)
    .fetch_all(&mut *tx)
    .await?;
    let mut erased = 0;
    for id in given_up {
        if erasure::erase_member(&mut *tx, id).await? {
            let details = serde_json::json!({ "by": "retention", "reason": "email_never_confirmed" });
            super::audit::record_system(&mut *tx, "member.erase", "member", id, details).await?;
            erased += 1;
        }
    }
    Ok(erased)
}

/// Members to erase: rejected a year ago, or withdrawn three years ago.
pub async fn due_for_erasure(tx: &mut PgConnection) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM members WHERE erased_at IS NULL AND (
             (status = 'rejected' AND decided_at < now() - make_interval(days => $1))
          OR (status = 'withdrawn' AND withdrawn_at < now() - make_interval(years => $2)))
         ORDER BY id LIMIT 1000",
    )
    .bind(REJECTED_DAYS)
    .bind(WITHDRAWN_YEARS)
    .fetch_all(tx)
    .await
}

pub async fn erase_members(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    let mut erased = 0;
    for id in due_for_erasure(&mut *tx).await? {
        if erasure::erase_member(&mut *tx, id).await? {
            super::audit::record_system(
                &mut *tx,
                "member.erase",
                "member",
                id,
                serde_json::json!({ "by": "retention" }),
            )
            .await?;
            erased += 1;
        }
    }
    Ok(erased)
}

pub async fn stale_brakes(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    run(tx, "DELETE FROM login_throttle WHERE updated_at < now() - make_interval(days => $1)", 1).await
}

#[cfg(test)]
mod tests {
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
        exec(
            &pool,
            "INSERT INTO accounts (email, password_hash) VALUES ('old@example.jp', 'x'), ('new@example.jp', 'x')",
        )
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

        let counts = crate::server::retention::run_once(&pool).await;
        let of = |name: &str| counts.iter().find(|(n, _)| *n == name).map(|(_, rows)| *rows);
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
            let account: i64 = sqlx::query_scalar(
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
}
