//! Erasing a person (APPI): everything that names, reaches or describes them goes, in every table,
//! in one transaction; what stays are counts (the membership row, dues amounts, places taken) that
//! no longer identify anyone. Used by the secretariat's `erase_member` and the retention job.
//! `server/tests/http/privacy.rs` checks it by sweeping every text column of every table.

use crate::domain::ids::{AccountId, MemberId};
use crate::server::throttle::email_key;
use sqlx::PgConnection;

/// What identifies the person, gathered before anything is changed.
#[derive(sqlx::FromRow)]
struct Person {
    account_id: Option<AccountId>,
    /// Every address they used: the member's, the login's, and any still waiting for confirmation.
    emails: Vec<String>,
    /// Their name and the names of the people they registered or brought along.
    names: Vec<String>,
}

/// The replacement for an erased name (the membership row keeps a name: the column is required).
pub const ERASED: &str = "（消去済み）";

/// Erases member `id` if its membership has ended or was rejected (and it is not erased yet);
/// false otherwise.
pub async fn erase_member(tx: &mut PgConnection, id: MemberId) -> Result<bool, sqlx::Error> {
    let person: Option<Person> = sqlx::query_as(
        "SELECT m.account_id,
             ARRAY(SELECT DISTINCT e FROM unnest(ARRAY[m.email, a.email]
                       || ARRAY(SELECT new_email FROM account_tokens WHERE account_id = m.account_id)) e
                   WHERE e IS NOT NULL) AS emails,
             ARRAY(SELECT DISTINCT n FROM unnest(ARRAY[m.full_name]
                       || ARRAY(SELECT full_name FROM household_members WHERE member_id = m.id)
                       || ARRAY(SELECT p.full_name FROM signup_people p JOIN signups s ON s.id = p.signup_id
                                WHERE s.member_id = m.id OR s.account_id = m.account_id)) n
                   WHERE char_length(n) >= 2 AND n <> $2) AS names
         FROM members m LEFT JOIN accounts a ON a.id = m.account_id
         WHERE m.id = $1 AND m.status IN ('withdrawn', 'deceased', 'lapsed', 'rejected') AND m.erased_at IS NULL
         FOR UPDATE OF m",
    )
    .bind(id)
    .bind(ERASED)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(person) = person else { return Ok(false) };

    sqlx::query(
        "UPDATE members SET full_name = $2, name_reading = 'しょうきょずみ', reading_key = 'しょうきょずみ',
             name_romaji = '', organisation_name = '', email = NULL, phone = '', postal_code = '',
             prefecture_code = NULL, city = '', street = '', birth_date = NULL, languages = '{}',
             photo_consent = false, rejection_reason = '', notes = '', erased_at = now(), updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(ERASED)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM household_members WHERE member_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM member_committees WHERE member_id = $1").bind(id).execute(&mut *tx).await?;
    // Sign-ups stay as counts; the people in them (companions too) lose names, birth dates, answers.
    sqlx::query(
        "UPDATE signup_people SET full_name = $3, name_reading = '', birth_date = NULL, answers = '{}'
         WHERE signup_id IN (SELECT id FROM signups WHERE member_id = $1 OR account_id = $2)",
    )
    .bind(id)
    .bind(person.account_id)
    .bind(ERASED)
    .execute(&mut *tx)
    .await?;
    // The history keeps its steps and dates; a reason is free text. The office's edits keep which
    // fields changed, not what they said.
    sqlx::query("UPDATE membership_history SET reason = '' WHERE member_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query(
        "UPDATE audit_log SET details = jsonb_build_object('fields',
             COALESCE((SELECT jsonb_agg(k ORDER BY k) FROM jsonb_object_keys(details->'changed') k), '[]'::jsonb))
         WHERE action = 'member.edit' AND record_type = 'member' AND record_id = $1",
    )
    .bind(id.0)
    .execute(&mut *tx)
    .await?;
    // Dues stay as amounts; a note is free text and may name anyone.
    sqlx::query("UPDATE dues_payments SET note = '' WHERE member_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("UPDATE dues_payments_voided SET note = '', reason = $2 WHERE member_id = $1")
        .bind(id)
        .bind(ERASED)
        .execute(&mut *tx)
        .await?;
    // A correction may quote an earlier note.
    sqlx::query("DELETE FROM dues_payment_revisions WHERE member_id = $1").bind(id).execute(&mut *tx).await?;
    // A receipt keeps its number and amount (the accounts need both), not the name.
    sqlx::query("UPDATE receipts SET addressee = $2 WHERE member_id = $1")
        .bind(id)
        .bind(ERASED)
        .execute(&mut *tx)
        .await?;
    // A bank statement line keeps its day and amount; the payer's name as the bank wrote it
    // goes, where it was their transfer or they were one of the members it could be.
    sqlx::query("UPDATE bank_statement_lines SET payer = $2 WHERE member_id = $1 OR $1 = ANY(candidates)")
        .bind(id)
        .bind(ERASED)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM payer_names WHERE member_id = $1").bind(id).execute(&mut *tx).await?;
    // Their newsletter consent goes; what they were sent stays as ids, with no unsubscribe link.
    sqlx::query("DELETE FROM newsletter_consents WHERE member_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("UPDATE newsletter_recipients SET unsubscribe_hash = NULL WHERE member_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // A member's donation keeps its day and amount; a note or a purpose may name someone.
    sqlx::query("UPDATE donations SET note = '', purpose = '' WHERE member_id = $1").bind(id).execute(&mut *tx).await?;
    erase_mail(tx, person.account_id, &person.emails, &person.names).await?;
    // An upload never imported may list them; it goes (the secretariat can upload it again).
    sqlx::query(
        "DELETE FROM member_imports i
         WHERE i.status IN ('uploaded', 'discarded', 'undone')
           AND EXISTS (SELECT 1 FROM unnest($1::text[] || $2::text[]) needle
                       WHERE strpos(lower(i.content), lower(needle)) > 0)
           AND NOT EXISTS (SELECT 1 FROM members WHERE import_id = i.id)",
    )
    .bind(&person.emails)
    .bind(&person.names)
    .execute(&mut *tx)
    .await?;
    let brake_keys: Vec<String> = person.emails.iter().map(|e| email_key(e)).collect();
    sqlx::query(
        "DELETE FROM login_throttle WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) k WHERE strpos(key, k) > 0)",
    )
    .bind(&brake_keys)
    .execute(&mut *tx)
    .await?;
    if let Some(account) = person.account_id {
        sqlx::query("DELETE FROM account_tokens WHERE account_id = $1").bind(account).execute(&mut *tx).await?;
        // A login that is also a staff login stays (it is the person's work for the association,
        // closed only by an admin); it only stops being this membership's.
        if super::staff::is_staff(&mut *tx, account).await? {
            sqlx::query("UPDATE members SET account_id = NULL WHERE id = $1").bind(id).execute(&mut *tx).await?;
        } else {
            super::accounts::erase(tx, account).await?;
        }
    }
    Ok(true)
}

/// Deletes the person's mail (sent or not: to any of their addresses, filed under their account,
/// or naming their address) and blanks their names out of any other mail.
async fn erase_mail(
    tx: &mut PgConnection,
    account: Option<AccountId>,
    emails: &[String],
    names: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM outbox o
         WHERE o.account_id = $1 OR o.to_address = ANY($2)
            OR EXISTS (SELECT 1 FROM unnest($2::text[]) e WHERE strpos(lower(o.body), e) > 0)",
    )
    .bind(account)
    .bind(emails)
    .execute(&mut *tx)
    .await?;
    for name in names {
        sqlx::query("UPDATE outbox SET body = replace(body, $1, $2), subject = replace(subject, $1, $2) WHERE strpos(body, $1) > 0 OR strpos(subject, $1) > 0")
            .bind(name)
            .bind(ERASED)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
