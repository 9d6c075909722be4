//! Bank statements: the upload with its credits and proposals, the treasurer's choices, the
//! members a line names, and what the commit and its undo touch.

use crate::domain::ids::{AccountId, MemberId};
use crate::domain::statement::{MatchKind, StatementFormat, StatementSummary};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

/// A credit to store, with its proposal.
pub struct NewLine {
    pub line_no: i32,
    pub received_on: NaiveDate,
    pub amount_yen: i32,
    pub payer: String,
    pub cancelled: bool,
    pub kind: MatchKind,
    pub candidates: Vec<MemberId>,
    pub member: Option<MemberId>,
    pub first_year: Option<i32>,
    pub years: i32,
    pub take: bool,
}

pub struct NewStatement<'a> {
    pub file_name: &'a str,
    pub format: StatementFormat,
    pub encoding: &'a str,
    pub other_lines: i32,
}

pub async fn insert(
    tx: &mut PgConnection,
    by: AccountId,
    statement: &NewStatement<'_>,
    lines: &[NewLine],
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bank_statements (uploaded_by, file_name, format, encoding, other_lines)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(by)
    .bind(statement.file_name)
    .bind(statement.format)
    .bind(statement.encoding)
    .bind(statement.other_lines)
    .fetch_one(&mut *tx)
    .await?;
    for chunk in lines.chunks(1000) {
        let candidates: Vec<String> = chunk
            .iter()
            .map(|l| format!("{{{}}}", l.candidates.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",")))
            .collect();
        sqlx::query(
            "INSERT INTO bank_statement_lines (statement_id, line_no, received_on, amount_yen, payer, cancelled, match,
                 candidates, member_id, first_year, years, take)
             SELECT $1, n, d, a, p, c, k, cands::bigint[], m, f, y, t
             FROM UNNEST($2::int[], $3::date[], $4::int[], $5::text[], $6::bool[], $7::text[], $8::text[],
                 $9::bigint[], $10::smallint[], $11::smallint[], $12::bool[]) AS u(n, d, a, p, c, k, cands, m, f, y, t)",
        )
        .bind(id)
        .bind(chunk.iter().map(|l| l.line_no).collect::<Vec<_>>())
        .bind(chunk.iter().map(|l| l.received_on).collect::<Vec<_>>())
        .bind(chunk.iter().map(|l| l.amount_yen).collect::<Vec<_>>())
        .bind(chunk.iter().map(|l| l.payer.clone()).collect::<Vec<_>>())
        .bind(chunk.iter().map(|l| l.cancelled).collect::<Vec<_>>())
        .bind(chunk.iter().map(|l| l.kind.code()).collect::<Vec<_>>())
        .bind(&candidates)
        .bind(chunk.iter().map(|l| l.member.map(|m| m.0)).collect::<Vec<_>>())
        .bind(chunk.iter().map(|l| l.first_year.map(|y| y as i16)).collect::<Vec<_>>())
        .bind(chunk.iter().map(|l| l.years as i16).collect::<Vec<_>>())
        .bind(chunk.iter().map(|l| l.take).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    }
    Ok(id)
}

const SUMMARY: &str = "SELECT s.id, s.file_name, s.format, s.uploaded_at, a.email AS uploaded_by,
        (SELECT count(*) FROM bank_statement_lines l WHERE l.statement_id = s.id) AS credits,
        (SELECT count(*) FROM bank_statement_lines l WHERE l.statement_id = s.id AND l.take) AS taken,
        s.committed_at, s.undone_at
    FROM bank_statements s JOIN accounts a ON a.id = s.uploaded_by";

type SummaryRow =
    (i64, String, StatementFormat, DateTime<Utc>, String, i64, i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

fn summary(r: SummaryRow) -> StatementSummary {
    let (id, file_name, format, uploaded_at, uploaded_by, credits, taken, committed_at, undone_at) = r;
    StatementSummary { id, file_name, format, uploaded_at, uploaded_by, credits, taken, committed_at, undone_at }
}

/// The statements, newest first.
pub async fn list(db: &PgPool) -> Result<Vec<StatementSummary>, sqlx::Error> {
    let rows: Vec<SummaryRow> =
        sqlx::query_as(&format!("{SUMMARY} ORDER BY s.uploaded_at DESC, s.id DESC LIMIT 100")).fetch_all(db).await?;
    Ok(rows.into_iter().map(summary).collect())
}

/// One statement: its summary, encoding and other lines.
pub async fn get(db: &PgPool, id: i64) -> Result<Option<(StatementSummary, String, i32)>, sqlx::Error> {
    let row: Option<SummaryRow> =
        sqlx::query_as(&format!("{SUMMARY} WHERE s.id = $1")).bind(id).fetch_optional(db).await?;
    let Some(row) = row else { return Ok(None) };
    let (encoding, other): (String, i32) =
        sqlx::query_as("SELECT encoding, other_lines FROM bank_statements WHERE id = $1")
            .bind(id)
            .fetch_one(db)
            .await?;
    Ok(Some((summary(row), encoding, other)))
}

#[derive(sqlx::FromRow)]
pub struct LineRow {
    pub id: i64,
    pub line_no: i32,
    pub received_on: NaiveDate,
    pub amount_yen: i32,
    pub payer: String,
    pub cancelled: bool,
    pub kind: MatchKind,
    pub candidates: Vec<i64>,
    pub member_id: Option<MemberId>,
    pub first_year: Option<i16>,
    pub years: i16,
    pub take: bool,
    pub decided: bool,
    pub payments: Vec<i64>,
}

pub async fn lines(db: &PgPool, id: i64) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.id, l.line_no, l.received_on, l.amount_yen, l.payer, l.cancelled, l.match AS kind, l.candidates,
                l.member_id, l.first_year, l.years, l.take, l.decided_at IS NOT NULL AS decided,
                ARRAY(SELECT d.id FROM dues_payments d WHERE d.statement_line_id = l.id ORDER BY d.fiscal_year) AS payments
         FROM bank_statement_lines l WHERE l.statement_id = $1 ORDER BY l.line_no",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

/// What the page shows of a member a line names: number, name, reading, the last years paid, and
/// the dues of each of `years` (first, last).
pub struct MemberFacts {
    pub id: MemberId,
    pub number: Option<i32>,
    pub name: String,
    pub reading: String,
    pub paid: Vec<i32>,
    pub dues: Vec<Option<i32>>,
}

pub async fn members(db: &PgPool, ids: &[i64], years: (i32, i32)) -> Result<Vec<MemberFacts>, sqlx::Error> {
    type Row = (MemberId, Option<i32>, String, String, Vec<i16>, Vec<Option<i32>>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT m.id, m.member_number, m.full_name, m.name_reading,
                ARRAY(SELECT d.fiscal_year FROM dues_payments d WHERE d.member_id = m.id ORDER BY d.fiscal_year DESC LIMIT 3),
                ARRAY(SELECT dues_for(m.membership_type_id, m.units, y) FROM generate_series($2::int, $3::int) y ORDER BY y)
         FROM members m WHERE m.id = ANY($1)",
    )
    .bind(ids)
    .bind(years.0)
    .bind(years.1)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, number, name, reading, paid, dues)| MemberFacts {
            id,
            number,
            name,
            reading,
            paid: paid.into_iter().map(i32::from).collect(),
            dues,
        })
        .collect())
}

/// The active member with this number.
pub async fn active_by_number(db: &PgPool, number: i32) -> Result<Option<MemberId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM members WHERE member_number = $1 AND status = 'active' AND erased_at IS NULL")
        .bind(number)
        .fetch_optional(db)
        .await
}

/// The statement's status, locked until the transaction ends (`None`: no such statement).
pub async fn lock(tx: &mut PgConnection, id: i64) -> Result<Option<bool>, sqlx::Error> {
    sqlx::query_scalar("SELECT status = 'committed' FROM bank_statements WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_optional(tx)
        .await
}

/// The treasurer's choice for a line of a statement still being checked. False when there is no
/// such line, or it is cancelled.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    tx: &mut PgConnection,
    statement: i64,
    line: i64,
    member: Option<MemberId>,
    first_year: Option<i32>,
    years: Option<i32>,
    take: bool,
    by: AccountId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE bank_statement_lines SET member_id = COALESCE($3, member_id), first_year = COALESCE($4, first_year),
             years = COALESCE($5, years), take = $6, decided_by = $7, decided_at = now()
         WHERE statement_id = $1 AND id = $2 AND NOT cancelled",
    )
    .bind(statement)
    .bind(line)
    .bind(member)
    .bind(first_year.map(|y| y as i16))
    .bind(years.map(|y| y as i16))
    .bind(take)
    .bind(by)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One taken line (to check a choice the moment it is made).
pub async fn taken_line(tx: &mut PgConnection, line: i64) -> Result<Option<TakenLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, member_id, first_year, years, amount_yen, received_on, payer FROM bank_statement_lines
         WHERE id = $1 AND take",
    )
    .bind(line)
    .fetch_optional(tx)
    .await
}

/// Whether any of the years is paid already, or taken by another line of the statement.
pub async fn years_taken(
    tx: &mut PgConnection,
    statement: i64,
    line: i64,
    member: MemberId,
    first: i32,
    last: i32,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM dues_payments WHERE member_id = $3 AND fiscal_year BETWEEN $4 AND $5)
             OR EXISTS (SELECT 1 FROM bank_statement_lines WHERE statement_id = $1 AND id <> $2 AND take
                        AND member_id = $3 AND first_year <= $5 AND first_year + years - 1 >= $4)",
    )
    .bind(statement)
    .bind(line)
    .bind(member)
    .bind(first)
    .bind(last)
    .fetch_one(tx)
    .await
}

/// A line to record: (line, member, first year, years, amount, day received, payer).
pub type TakenLine = (i64, MemberId, i16, i16, i32, NaiveDate, String);

pub async fn taken(tx: &mut PgConnection, statement: i64) -> Result<Vec<TakenLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, member_id, first_year, years, amount_yen, received_on, payer FROM bank_statement_lines
         WHERE statement_id = $1 AND take ORDER BY line_no",
    )
    .bind(statement)
    .fetch_all(tx)
    .await
}

/// Locks the members in id order (so two commits never wait on each other crosswise); their status.
pub async fn lock_members(
    tx: &mut PgConnection,
    ids: &[MemberId],
) -> Result<Vec<(MemberId, crate::domain::member::MemberStatus)>, sqlx::Error> {
    let ids: Vec<i64> = ids.iter().map(|m| m.0).collect();
    sqlx::query_as("SELECT id, status FROM members WHERE id = ANY($1) ORDER BY id FOR UPDATE")
        .bind(&ids)
        .fetch_all(tx)
        .await
}

pub async fn link_payment(tx: &mut PgConnection, payment: i64, line: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE dues_payments SET statement_line_id = $2 WHERE id = $1")
        .bind(payment)
        .bind(line)
        .execute(tx)
        .await?;
    Ok(())
}

/// Remembers a payer name for a member, taught by `statement` (the next statement matches it at once).
pub async fn remember_payer(
    tx: &mut PgConnection,
    key: &str,
    member: MemberId,
    statement: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payer_names (payer_key, member_id, statement_id) VALUES ($1, $2, $3)
         ON CONFLICT (payer_key) DO UPDATE SET member_id = EXCLUDED.member_id, statement_id = EXCLUDED.statement_id,
             updated_at = now()",
    )
    .bind(key)
    .bind(member)
    .bind(statement)
    .execute(tx)
    .await?;
    Ok(())
}

/// Forgets the payer names a statement's commit taught (its undo).
pub async fn forget_payers(tx: &mut PgConnection, statement: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM payer_names WHERE statement_id = $1").bind(statement).execute(tx).await?;
    Ok(())
}

pub async fn mark_committed(tx: &mut PgConnection, id: i64, by: AccountId) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE bank_statements SET status = 'committed', committed_at = now(), committed_by = $2,
             undone_at = NULL, undone_by = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(by)
    .execute(tx)
    .await?;
    Ok(())
}

/// The live payments a statement's commit recorded: (member, payment).
pub async fn payments(tx: &mut PgConnection, id: i64) -> Result<Vec<(MemberId, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.member_id, d.id FROM dues_payments d JOIN bank_statement_lines l ON l.id = d.statement_line_id
         WHERE l.statement_id = $1 ORDER BY d.id",
    )
    .bind(id)
    .fetch_all(tx)
    .await
}

/// How many of the commit's payments have a receipt or a correction since: each blocks the undo
/// (a receipt may be in a member's hands; a correction is the treasurer's later word).
pub async fn undo_blockers(db: impl sqlx::PgExecutor<'_>, id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM dues_payments d JOIN bank_statement_lines l ON l.id = d.statement_line_id
         WHERE l.statement_id = $1
           AND (EXISTS (SELECT 1 FROM receipts r WHERE r.payment_id = d.id)
                OR EXISTS (SELECT 1 FROM dues_payment_revisions v WHERE v.payment_id = d.id))",
    )
    .bind(id)
    .fetch_one(db)
    .await
}

pub async fn mark_undone(tx: &mut PgConnection, id: i64, by: AccountId) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE bank_statements SET status = 'checking', committed_at = NULL, committed_by = NULL,
             undone_at = now(), undone_by = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(by)
    .execute(tx)
    .await?;
    Ok(())
}

/// Deletes a statement not committed (its lines go with it). False when it is committed or gone.
pub async fn discard(tx: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM bank_statements s WHERE s.id = $1 AND s.status = 'checking'
           AND NOT EXISTS (SELECT 1 FROM dues_payments d JOIN bank_statement_lines l ON l.id = d.statement_line_id
                           WHERE l.statement_id = s.id)",
    )
    .bind(id)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests;
