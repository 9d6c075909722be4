//! A statement as the review page shows it: each line with the members it names (number, name,
//! reading, years paid, the dues of the year the money came in).

use crate::domain::statement::{LineMember, StatementLine, StatementView};
use crate::server::db::{association, statements};
use crate::AppError;
use sqlx::PgPool;
use std::collections::HashMap;

pub async fn assemble(db: &PgPool, id: i64) -> Result<StatementView, AppError> {
    let (summary, encoding, other_lines) = statements::get(db, id).await?.ok_or(AppError::NotFound)?;
    let rows = statements::lines(db, id).await?;
    let calendar = association::profile::load(db).await?.calendar;
    let year_of = |row: &statements::LineRow| calendar.year_of(row.received_on);
    let first = rows.iter().map(year_of).min().unwrap_or_else(|| calendar.this_year());
    let last = rows.iter().map(year_of).max().unwrap_or(first);
    let mut ids: Vec<i64> =
        rows.iter().flat_map(|r| r.candidates.iter().copied().chain(r.member_id.map(|m| m.0))).collect();
    ids.sort_unstable();
    ids.dedup();
    let facts: HashMap<i64, statements::MemberFacts> =
        statements::members(db, &ids, (first, last)).await?.into_iter().map(|m| (m.id.0, m)).collect();
    let member = |id: i64, year: i32| {
        facts.get(&id).map(|m| LineMember {
            id: m.id,
            number: m.number,
            name: m.name.clone(),
            reading: m.reading.clone(),
            paid: m.paid.clone(),
            due_yen: usize::try_from(year - first).ok().and_then(|i| m.dues.get(i).copied().flatten()),
        })
    };
    let lines = rows
        .iter()
        .map(|row| {
            let year = year_of(row);
            StatementLine {
                id: row.id,
                line_no: row.line_no,
                received_on: row.received_on,
                amount_yen: row.amount_yen,
                payer: row.payer.clone(),
                cancelled: row.cancelled,
                kind: row.kind,
                candidates: row.candidates.iter().filter_map(|c| member(*c, year)).collect(),
                member: row.member_id.and_then(|m| member(m.0, year)),
                first_year: row.first_year.map(i32::from),
                years: i32::from(row.years),
                take: row.take,
                decided: row.decided,
                payments: row.payments.clone(),
            }
        })
        .collect();
    let undo_blockers = if summary.committed() { statements::undo_blockers(db, id).await? } else { 0 };
    Ok(StatementView { summary, encoding, other_lines, lines, undo_blockers })
}
