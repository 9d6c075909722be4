//! The retention rules of `docs/retention.md`, one statement (or one erasure) per rule. Each
//! function deletes or blanks what has outlived its purpose and returns how many rows it touched.

use super::erasure;
use crate::domain::ids::MemberId;
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

/// A newsletter's unsubscribe link works this long after it was sent (a reader finds an old
/// newsletter and wants no more); then its hash is cleared. My page stops them at any time.
pub const UNSUBSCRIBE_DAYS: i32 = 400;

pub async fn old_unsubscribe_links(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    run(
        tx,
        "UPDATE newsletter_recipients SET unsubscribe_hash = NULL
         WHERE unsubscribe_hash IS NOT NULL AND queued_at < now() - make_interval(days => $1)",
        UNSUBSCRIBE_DAYS,
    )
    .await
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
    // A bank statement never recorded (or undone and left) goes with the payers' names in it.
    let statements = run(
        tx,
        "DELETE FROM bank_statements s WHERE s.status = 'checking' AND s.uploaded_at < now() - make_interval(days => $1)
           AND NOT EXISTS (SELECT 1 FROM dues_payments d JOIN bank_statement_lines l ON l.id = d.statement_line_id
                           WHERE l.statement_id = s.id)",
        STATEMENT_DAYS,
    )
    .await?;
    Ok(deleted + emptied + statements)
}

/// Days a bank statement may wait to be recorded (a treasurer checks it over weeks, not months).
pub const STATEMENT_DAYS: i32 = 90;

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
    // FY n ends the day before FY n + 1 starts (the association's calendar).
    let live = run(
        tx,
        "UPDATE dues_payments SET note = ''
         WHERE note <> '' AND fiscal_year_start(fiscal_year + 1 + $1) <= (now() AT TIME ZONE 'Asia/Tokyo')::date",
        DUES_NOTE_YEARS,
    )
    .await?;
    let voided = run(
        tx,
        "UPDATE dues_payments_voided SET note = ''
         WHERE note <> '' AND fiscal_year_start(fiscal_year + 1 + $1) <= (now() AT TIME ZONE 'Asia/Tokyo')::date",
        DUES_NOTE_YEARS,
    )
    .await?;
    // A correction may quote a note: its note lines go after as many years from the correction.
    let revised = run(
        tx,
        "UPDATE dues_payment_revisions SET before = before - 'note', after = after - 'note'
         WHERE before ? 'note' AND revised_at < now() - make_interval(years => $1 + 1)",
        DUES_NOTE_YEARS,
    )
    .await?;
    Ok(live + voided + revised)
}

pub async fn old_audit_entries(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    run(tx, "DELETE FROM audit_log WHERE at < now() - make_interval(years => $1)", AUDIT_YEARS).await
}

/// An application whose address was never confirmed is given up when its link has expired: it
/// was a slip of the keyboard, or someone using another person's address, and either way the
/// address must become free again for its owner (who would otherwise be told it is registered).
pub const UNCONFIRMED_DAYS: i32 = crate::server::email_confirmation::JOIN_LINK_DAYS as i32;

pub async fn unconfirmed_applications(tx: &mut PgConnection) -> Result<u64, sqlx::Error> {
    let given_up: Vec<MemberId> = sqlx::query_scalar(
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
pub async fn due_for_erasure(tx: &mut PgConnection) -> Result<Vec<MemberId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM members WHERE erased_at IS NULL AND (
             (status = 'rejected' AND decided_at < now() - make_interval(days => $1))
          OR (status IN ('withdrawn', 'deceased', 'lapsed') AND withdrawn_at < now() - make_interval(years => $2)))
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
mod tests;
