//! Member imports: the uploaded file, its mapping and progress, the remembered mapping, the
//! lookups of the dry run, the bulk insert and the undo.

use crate::domain::ids::{AccountId, MemberId};
use crate::domain::import::row::ImportedMember;
use crate::domain::import::{ImportStatus, ImportSummary, UndoBlocker};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

/// What an account gets instead of a password hash until its owner accepts the invitation. It
/// is no PHC string, so no password ever matches it.
pub const NO_PASSWORD_YET: &str = "!invited";

#[derive(sqlx::FromRow)]
pub struct ImportRecord {
    pub id: i64,
    pub file_name: String,
    pub encoding: String,
    pub uploaded_at: DateTime<Utc>,
    pub status: ImportStatus,
    pub content: String,
    pub column_names: Vec<String>,
    pub row_count: i32,
    pub mapping: serde_json::Value,
    pub progress_rows: i32,
    pub imported_at: Option<DateTime<Utc>>,
    pub imported_count: Option<i32>,
    pub skipped_count: Option<i32>,
    /// A run ended in an error, or the server stopped while it ran (no heartbeat for a minute).
    pub failed: bool,
}

impl ImportRecord {
    pub fn status(&self) -> ImportStatus {
        self.status
    }
}

pub struct Upload<'a> {
    pub file_name: &'a str,
    pub encoding: &'a str,
    pub content: &'a str,
    pub column_names: &'a [String],
    pub row_count: i32,
    pub mapping: serde_json::Value,
}

pub async fn insert(tx: &mut PgConnection, by: AccountId, upload: &Upload<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO member_imports (uploaded_by, file_name, encoding, content, column_names, row_count, mapping)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(by)
    .bind(upload.file_name)
    .bind(upload.encoding)
    .bind(upload.content)
    .bind(upload.column_names)
    .bind(upload.row_count)
    .bind(&upload.mapping)
    .fetch_one(tx)
    .await
}

/// One row of the uploads list: id, file name, uploaded at, uploader, status, rows, imported.
type SummaryRow = (i64, String, DateTime<Utc>, String, ImportStatus, i32, Option<i32>);

pub async fn list(db: &PgPool) -> Result<Vec<ImportSummary>, sqlx::Error> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT i.id, i.file_name, i.uploaded_at, a.email, i.status, i.row_count, i.imported_count
         FROM member_imports i JOIN accounts a ON a.id = i.uploaded_by
         ORDER BY i.uploaded_at DESC, i.id DESC LIMIT 100",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, file_name, uploaded_at, uploaded_by, status, row_count, imported_count)| ImportSummary {
            id,
            file_name,
            uploaded_at,
            uploaded_by,
            status,
            row_count,
            imported_count,
        })
        .collect())
}

pub async fn get(db: &PgPool, id: i64) -> Result<Option<ImportRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, file_name, encoding, uploaded_at, status, content, column_names, row_count, mapping,
                progress_rows, imported_at, imported_count, skipped_count,
                failed_at IS NOT NULL AS failed
         FROM member_imports WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Heading key -> field code, as chosen on earlier imports.
pub async fn remembered(db: &PgPool) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT heading, field FROM import_column_defaults").fetch_all(db).await
}

/// Keeps a new mapping (only before importing). Returns false when the import is past that.
pub async fn save_mapping(tx: &mut PgConnection, id: i64, mapping: &serde_json::Value) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE member_imports SET mapping = $2 WHERE id = $1 AND status = 'uploaded'")
        .bind(id)
        .bind(mapping)
        .execute(tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Remembers heading -> field pairs as the default for the next file.
pub async fn remember(tx: &mut PgConnection, pairs: &[(String, String)]) -> Result<(), sqlx::Error> {
    let (headings, fields): (Vec<String>, Vec<String>) = pairs.iter().cloned().unzip();
    sqlx::query(
        "INSERT INTO import_column_defaults (heading, field)
         SELECT * FROM UNNEST($1::text[], $2::text[])
         ON CONFLICT (heading) DO UPDATE SET field = EXCLUDED.field, updated_at = now()",
    )
    .bind(&headings)
    .bind(&fields)
    .execute(tx)
    .await?;
    Ok(())
}

/// A run whose heartbeat stopped (the server stopped while it ran; its transaction was rolled
/// back) goes back to waiting, marked as failed, so that it can be run again or discarded. The
/// heartbeat is renewed after every step of a run; ten minutes is far beyond any step.
pub async fn reset_if_stale(db: &PgPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE member_imports SET status = 'uploaded', failed_at = now(), heartbeat_at = NULL
         WHERE id = $1 AND status = 'importing' AND heartbeat_at < now() - interval '10 minutes'",
    )
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Starts a run: only from waiting, so only one at a time.
pub async fn claim(db: &PgPool, id: i64, invite: bool) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "UPDATE member_imports
         SET status = 'importing', progress_rows = 0, heartbeat_at = now(), failed_at = NULL, invite = $2
         WHERE id = $1 AND status = 'uploaded'",
    )
    .bind(id)
    .bind(invite)
    .execute(db)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Progress, written outside the import's transaction so that the page can show it.
pub async fn heartbeat(db: &PgPool, id: i64, rows: i32) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE member_imports SET progress_rows = $2, heartbeat_at = now() WHERE id = $1 AND status = 'importing'",
    )
    .bind(id)
    .bind(rows)
    .execute(db)
    .await?;
    Ok(())
}

/// The run went through: the members hold the data now, so the file's text is dropped.
pub async fn mark_imported(tx: &mut PgConnection, id: i64, imported: i32, skipped: i32) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE member_imports SET status = 'imported', content = '', imported_at = now(), imported_count = $2,
                skipped_count = $3, progress_rows = $2 + $3, heartbeat_at = NULL
         WHERE id = $1",
    )
    .bind(id)
    .bind(imported)
    .bind(skipped)
    .execute(tx)
    .await?;
    Ok(())
}

/// The run failed and was rolled back: back to the dry run, with a note.
pub async fn mark_failed(db: &PgPool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE member_imports SET status = 'uploaded', failed_at = now(), heartbeat_at = NULL
         WHERE id = $1 AND status = 'importing'",
    )
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Drops an upload that will not be imported (its text is personal data).
pub async fn discard(tx: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE member_imports SET status = 'discarded', content = '' WHERE id = $1 AND status = 'uploaded'",
    )
    .bind(id)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Of these emails, the ones a member or an account already has, with the member number if any.
pub async fn known_emails(db: &mut PgConnection, emails: &[String]) -> Result<Vec<(String, Option<i32>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.email, m.member_number FROM members m WHERE m.email = ANY($1)
         UNION ALL
         SELECT a.email, NULL FROM accounts a
         WHERE a.email = ANY($1) AND NOT EXISTS (SELECT 1 FROM members m WHERE m.account_id = a.id)",
    )
    .bind(emails)
    .fetch_all(db)
    .await
}

/// Members with one of these (name, reading key) pairs: their birth date and number.
pub async fn known_people(
    db: &mut PgConnection,
    names: &[String],
    keys: &[String],
) -> Result<Vec<(String, String, Option<NaiveDate>, Option<i32>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.full_name, m.reading_key, m.birth_date, m.member_number
         FROM members m JOIN UNNEST($1::text[], $2::text[]) AS wanted (full_name, reading_key)
           ON m.full_name = wanted.full_name AND m.reading_key = wanted.reading_key
         WHERE m.erased_at IS NULL",
    )
    .bind(names)
    .bind(keys)
    .fetch_all(db)
    .await
}

/// Of these member numbers, the ones already given.
pub async fn taken_numbers(db: &mut PgConnection, numbers: &[i32]) -> Result<Vec<i32>, sqlx::Error> {
    sqlx::query_scalar("SELECT member_number FROM members WHERE member_number = ANY($1)")
        .bind(numbers)
        .fetch_all(db)
        .await
}

/// Holds, until the transaction ends, the one lock that member imports take: two imports never
/// check for duplicates and insert at the same time (each would miss the other's members).
pub async fn lock_imports(tx: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('kizuna.member_import'))").execute(tx).await?;
    Ok(())
}

/// Moves the member-number sequence past `highest` (the largest number in the file), so that
/// members numbered by the sequence, now and later, never take an imported number.
pub async fn keep_numbers_free(tx: &mut PgConnection, highest: i32) -> Result<(), sqlx::Error> {
    sqlx::query(
        "SELECT setval('member_number_seq', top) FROM (
           SELECT GREATEST($1, (SELECT COALESCE(max(member_number), 0) FROM members)) AS top
         ) t WHERE top >= (SELECT last_value FROM member_number_seq)",
    )
    .bind(highest)
    .execute(tx)
    .await?;
    Ok(())
}

/// Creates the members of `rows`, each with its history's first step (joining, on the day the
/// file says, else today), household, committees and the dues years it had paid. Returns how many
/// members were made.
pub async fn insert_members(
    tx: &mut PgConnection,
    import_id: i64,
    admin: AccountId,
    rows: &[ImportedMember],
) -> Result<u64, sqlx::Error> {
    macro_rules! column {
        ($field:ident) => {
            rows.iter().map(|r| r.$field.clone()).collect::<Vec<_>>()
        };
    }
    // Every row has its number before it goes in, so what belongs to a member follows by number.
    let unnumbered = rows.iter().filter(|r| r.member_number.is_none()).count();
    let fresh: Vec<i32> =
        sqlx::query_scalar("SELECT nextval('member_number_seq')::integer FROM generate_series(1, $1) ORDER BY 1")
            .bind(i64::try_from(unnumbered).unwrap_or(i64::MAX))
            .fetch_all(&mut *tx)
            .await?;
    let mut fresh = fresh.into_iter();
    let numbers: Vec<i32> = rows.iter().map(|r| r.member_number.or_else(|| fresh.next()).unwrap_or_default()).collect();
    let contact: Vec<&str> = rows.iter().map(|r| r.contact_by.code()).collect();
    let done = sqlx::query(
        "WITH added AS (
           INSERT INTO members (member_number, status, membership_type_id, full_name, name_reading, reading_key,
               name_romaji, organisation_name, email, phone, postal_code, prefecture_code, city, street, birth_date,
               privacy_notice_version, privacy_consented_at, applied_at, decided_at, decided_by, import_id, contact_by,
               units, notes)
           SELECT r.number, 'active', r.type_id, r.full_name,
                  r.reading, r.reading_key, r.romaji, r.organisation, r.email, r.phone, r.postal_code, r.prefecture,
                  r.city, r.street, r.birth_date, 'imported', now(),
                  COALESCE(r.joined_on::timestamp AT TIME ZONE 'Asia/Tokyo', now()), now(), $16, $17,
                  r.contact_by, r.units, r.notes
           FROM UNNEST($1::integer[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::smallint[], $12::text[], $13::text[], $14::date[],
                       $15::date[], $18::text[], $19::smallint[], $20::text[])
                AS r (number, type_id, full_name, reading, reading_key, romaji, organisation, email, phone,
                      postal_code, prefecture, city, street, birth_date, joined_on, contact_by, units, notes)
           RETURNING id, applied_at)
         INSERT INTO membership_history (member_id, change, effective_on, recorded_by)
         SELECT id, 'approved', (applied_at AT TIME ZONE 'Asia/Tokyo')::date, $16 FROM added",
    )
    .bind(&numbers)
    .bind(column!(membership_type_id))
    .bind(column!(full_name))
    .bind(column!(name_reading))
    .bind(column!(reading_key))
    .bind(column!(name_romaji))
    .bind(column!(organisation_name))
    .bind(column!(email))
    .bind(column!(phone))
    .bind(column!(postal_code))
    .bind(column!(prefecture_code))
    .bind(column!(city))
    .bind(column!(street))
    .bind(column!(birth_date))
    .bind(column!(joined_on))
    .bind(admin)
    .bind(import_id)
    .bind(&contact)
    .bind(column!(units))
    .bind(column!(notes))
    .execute(&mut *tx)
    .await?;
    insert_belongings(tx, import_id, admin, rows, &numbers).await?;
    Ok(done.rows_affected())
}

/// The household, committees and paid years of the members just made (`numbers[i]` is the
/// number of `rows[i]`).
async fn insert_belongings(
    tx: &mut PgConnection,
    import_id: i64,
    admin: AccountId,
    rows: &[ImportedMember],
    numbers: &[i32],
) -> Result<(), sqlx::Error> {
    let mut people: (Vec<i32>, Vec<String>, Vec<String>, Vec<i32>) = Default::default();
    let mut committees: (Vec<i32>, Vec<String>) = Default::default();
    let mut paid: (Vec<i32>, Vec<i16>, Vec<i32>) = Default::default();
    for (row, number) in rows.iter().zip(numbers) {
        for (position, person) in (0..).zip(&row.household) {
            people.0.push(*number);
            people.1.push(person.full_name.clone());
            people.2.push(person.relationship.clone());
            people.3.push(position);
        }
        for slug in &row.committee_slugs {
            committees.0.push(*number);
            committees.1.push(slug.clone());
        }
        for (year, amount) in &row.paid {
            paid.0.push(*number);
            paid.1.push(i16::try_from(*year).unwrap_or_default());
            paid.2.push(*amount);
        }
    }
    sqlx::query(
        "INSERT INTO household_members (member_id, full_name, relationship, position)
         SELECT m.id, p.full_name, p.relationship, p.position
         FROM UNNEST($1::integer[], $2::text[], $3::text[], $4::integer[]) AS p (number, full_name, relationship, position)
         JOIN members m ON m.member_number = p.number AND m.import_id = $5",
    )
    .bind(&people.0)
    .bind(&people.1)
    .bind(&people.2)
    .bind(&people.3)
    .bind(import_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO member_committees (member_id, committee_id)
         SELECT m.id, c.id FROM UNNEST($1::integer[], $2::text[]) AS p (number, slug)
         JOIN members m ON m.member_number = p.number AND m.import_id = $3 JOIN committees c ON c.slug = p.slug",
    )
    .bind(&committees.0)
    .bind(&committees.1)
    .bind(import_id)
    .execute(&mut *tx)
    .await?;
    // The old list says a year was paid, not when nor how: the payment is dated the first day of
    // its fiscal year and says where it came from.
    sqlx::query(
        "INSERT INTO dues_payments (member_id, fiscal_year, paid_on, amount_yen, method, note, recorded_by)
         SELECT m.id, p.year, LEAST(fiscal_year_start(p.year), japan_today()), p.amount, 'other', $4, $5
         FROM UNNEST($1::integer[], $2::smallint[], $3::integer[]) AS p (number, year, amount)
         JOIN members m ON m.member_number = p.number AND m.import_id = $6",
    )
    .bind(&paid.0)
    .bind(&paid.1)
    .bind(&paid.2)
    .bind(IMPORTED_DUES_NOTE)
    .bind(admin)
    .bind(import_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The note of a payment taken from an old list.
pub const IMPORTED_DUES_NOTE: &str = "名簿の取り込み（納入日・方法は不明）";

/// The import's members who did something since: signed up, paid dues, joined a committee, chose
/// a password, or changed (their details, their status). Up to `limit` of them, and how many.
pub async fn undo_blockers(
    conn: &mut PgConnection,
    import_id: i64,
    limit: i64,
) -> Result<(Vec<UndoBlocker>, i64), sqlx::Error> {
    let rows: Vec<(Option<i32>, String, i64)> = sqlx::query_as(
        "SELECT m.member_number, m.full_name, count(*) OVER ()
         FROM members m JOIN member_imports i ON i.id = m.import_id
         LEFT JOIN accounts a ON a.id = m.account_id
         WHERE m.import_id = $1
           AND (m.status <> 'active'
                OR m.updated_at > i.imported_at
                OR a.password_hash IS DISTINCT FROM $3 AND a.id IS NOT NULL
                OR EXISTS (SELECT 1 FROM signups s WHERE s.member_id = m.id OR s.account_id = m.account_id)
                OR EXISTS (SELECT 1 FROM dues_payments d WHERE d.member_id = m.id AND d.recorded_at > i.imported_at)
                OR EXISTS (SELECT 1 FROM dues_payment_revisions r WHERE r.member_id = m.id)
                OR EXISTS (SELECT 1 FROM dues_payments_voided v WHERE v.member_id = m.id)
                OR EXISTS (SELECT 1 FROM receipts r WHERE r.member_id = m.id)
                OR EXISTS (SELECT 1 FROM donations dn WHERE dn.member_id = m.id)
                OR EXISTS (SELECT 1 FROM bank_statement_lines l WHERE l.member_id = m.id)
                OR EXISTS (SELECT 1 FROM member_committees c WHERE c.member_id = m.id AND c.joined_at > i.imported_at)
                OR EXISTS (SELECT 1 FROM committee_chairs h WHERE h.account_id = m.account_id))
         ORDER BY m.reading_key, m.id LIMIT $2",
    )
    .bind(import_id)
    .bind(limit)
    .bind(NO_PASSWORD_YET)
    .fetch_all(conn)
    .await?;
    let count = rows.first().map_or(0, |r| r.2);
    Ok((
        rows.into_iter().map(|(member_number, full_name, _)| UndoBlocker { member_number, full_name }).collect(),
        count,
    ))
}

/// Deletes the import's members and the accounts their invitations made (their links go with
/// them). Returns how many members went.
pub async fn undo(tx: &mut PgConnection, import_id: i64, admin: AccountId) -> Result<u64, sqlx::Error> {
    let accounts: Vec<AccountId> =
        sqlx::query_scalar("SELECT account_id FROM members WHERE import_id = $1 AND account_id IS NOT NULL")
            .bind(import_id)
            .fetch_all(&mut *tx)
            .await?;
    // The payments the file recorded go with their members (nothing else can be there: a later
    // one blocks the undo).
    sqlx::query("DELETE FROM dues_payments d USING members m WHERE m.id = d.member_id AND m.import_id = $1")
        .bind(import_id)
        .execute(&mut *tx)
        .await?;
    let deleted = sqlx::query("DELETE FROM members WHERE import_id = $1").bind(import_id).execute(&mut *tx).await?;
    // Invitations not yet delivered would carry the names and links of people no longer here.
    sqlx::query(
        "DELETE FROM outbox WHERE sent_at IS NULL
           AND to_address IN (SELECT email FROM accounts WHERE id = ANY($1) AND password_hash = $2)",
    )
    .bind(&accounts)
    .bind(NO_PASSWORD_YET)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM accounts WHERE id = ANY($1) AND password_hash = $2")
        .bind(&accounts)
        .bind(NO_PASSWORD_YET)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE member_imports SET status = 'undone', undone_at = now(), undone_by = $2 WHERE id = $1")
        .bind(import_id)
        .bind(admin)
        .execute(&mut *tx)
        .await?;
    Ok(deleted.rows_affected())
}

/// Whether the import recorded dues payments (years the file said were paid).
pub async fn recorded_dues(tx: &mut PgConnection, import_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM dues_payments d JOIN members m ON m.id = d.member_id WHERE m.import_id = $1)",
    )
    .bind(import_id)
    .fetch_one(tx)
    .await
}

/// Locks the import's members, so that nobody can sign them up, record their dues or change
/// them between the check for activity and the undo.
pub async fn lock_members(tx: &mut PgConnection, import_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT id FROM members WHERE import_id = $1 FOR UPDATE").bind(import_id).execute(tx).await?;
    Ok(())
}

/// Locks the import row for a change of state; its status.
pub async fn lock(tx: &mut PgConnection, id: i64) -> Result<Option<ImportStatus>, sqlx::Error> {
    sqlx::query_scalar("SELECT status FROM member_imports WHERE id = $1 FOR UPDATE").bind(id).fetch_optional(tx).await
}

/// Imported members who have an email but no account yet (and whose email no account has).
const INVITABLE: &str = "FROM members m
    WHERE m.import_id = $1 AND m.status = 'active' AND m.email IS NOT NULL AND m.account_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.email = m.email)";

pub async fn to_invite(
    conn: &mut PgConnection,
    import_id: i64,
) -> Result<Vec<(MemberId, String, String)>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT m.id, m.email, m.full_name {INVITABLE} ORDER BY m.id"))
        .bind(import_id)
        .fetch_all(conn)
        .await
}

pub async fn count_to_invite(db: &PgPool, import_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT count(*) {INVITABLE}")).bind(import_id).fetch_one(db).await
}

/// An account without a password for an imported member, linked to the member.
pub async fn invite_account(
    tx: &mut PgConnection,
    member_id: MemberId,
    email: &str,
) -> Result<Option<AccountId>, sqlx::Error> {
    let account: Option<AccountId> = sqlx::query_scalar(
        "INSERT INTO accounts (email, password_hash, lang) VALUES ($1, $2, 'ja')
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(email)
    .bind(NO_PASSWORD_YET)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(account) = account {
        // The member's row is not touched otherwise, so inviting never counts as activity.
        sqlx::query("UPDATE members SET account_id = $2 WHERE id = $1")
            .bind(member_id)
            .bind(account)
            .execute(tx)
            .await?;
    }
    Ok(account)
}

#[cfg(test)]
mod tests;
