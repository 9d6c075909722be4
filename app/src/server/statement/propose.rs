//! From a parsed statement to stored lines with proposals: the active members are loaded once
//! (their reading keys, dues per year from the year they joined, years paid, payer names
//! confirmed before) and each credit is matched in file order.

use super::Parsed;
use crate::domain::dues::DuesCalendar;
use crate::domain::ids::MemberId;
use crate::domain::statement::matching::{Candidate, Credit, Matcher, Proposal, MAX_YEARS};
use crate::domain::statement::payer::{payer_key, reading_keys};
use crate::server::db::statements::NewLine;
use sqlx::PgPool;

type MemberRow = (MemberId, Option<i32>, String, String, Vec<Option<i32>>, Vec<i16>, Vec<String>, i32);

/// The active members as the match needs them, with dues for `first..=last`.
pub async fn candidates(db: &PgPool, first: i32, last: i32) -> Result<Vec<Candidate>, sqlx::Error> {
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT m.id, m.member_number, m.name_reading, m.organisation_name,
                ARRAY(SELECT dues_for(m.membership_type_id, m.units, y) FROM generate_series($1::int, $2::int) y ORDER BY y),
                ARRAY(SELECT d.fiscal_year FROM dues_payments d WHERE d.member_id = m.id),
                ARRAY(SELECT p.payer_key FROM payer_names p WHERE p.member_id = m.id),
                fiscal_year_of(COALESCE((SELECT max(h.effective_on) FROM membership_history h
                                         WHERE h.member_id = m.id AND h.change IN ('approved', 'reinstated')),
                                        m.decided_at::date, m.applied_at::date))
         FROM members m WHERE m.status = 'active' AND m.erased_at IS NULL ORDER BY m.member_number, m.id",
    )
    .bind(first)
    .bind(last)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, number, reading, organisation, dues, paid, remembered, joined)| {
            let mut keys = reading_keys(&reading);
            let organisation = payer_key(&organisation);
            if !organisation.is_empty() {
                keys.push(organisation);
            }
            keys.extend(remembered);
            Candidate {
                id,
                number,
                keys,
                dues: (first..=last)
                    .zip(dues)
                    .filter_map(|(year, due)| due.filter(|d| *d > 0 && year >= joined).map(|d| (year, d)))
                    .collect(),
                paid: paid.into_iter().map(i32::from).collect(),
            }
        })
        .collect())
}

/// Every credit with its proposal, ready to store.
pub async fn lines(db: &PgPool, parsed: &Parsed, calendar: DuesCalendar) -> Result<Vec<NewLine>, sqlx::Error> {
    let years: Vec<i32> = parsed.credits.iter().map(|c| calendar.year_of(c.received_on)).collect();
    let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) else { return Ok(Vec::new()) };
    let mut matcher = Matcher::new(candidates(db, first - MAX_YEARS, last + 1).await?);
    Ok(parsed
        .credits
        .iter()
        .zip(years)
        .map(|(credit, fiscal_year)| {
            let proposal = if credit.cancelled {
                Proposal::none()
            } else {
                matcher.propose(&Credit { payer: &credit.payer, amount_yen: credit.amount_yen, fiscal_year })
            };
            NewLine {
                line_no: i32::try_from(credit.line_no).unwrap_or(i32::MAX),
                received_on: credit.received_on,
                amount_yen: credit.amount_yen,
                payer: credit.payer.clone(),
                cancelled: credit.cancelled,
                take: proposal.take(),
                kind: proposal.kind,
                candidates: proposal.candidates,
                member: proposal.member,
                first_year: proposal.first_year,
                years: proposal.years,
            }
        })
        .collect())
}
