//! A partner city's agreements and their history. The city's tie (its sister or friendship
//! agreement, as every page shows it) is `city_tie(city)` in SQL.

use crate::domain::city::{CityKind, CityStatus};
use crate::domain::city_agreement::{Agreement, AgreementDraft, AgreementKind, AgreementStep};
use crate::domain::dates::{DatePrecision, PartialDate};
use crate::domain::ids::AccountId;
use crate::domain::localized::Localized;
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

#[derive(sqlx::FromRow)]
struct AgreementRow {
    id: i64,
    kind: AgreementKind,
    status: CityStatus,
    counterpart_ja: String,
    counterpart_en: String,
    concluded_on: Option<NaiveDate>,
    concluded_on_precision: DatePrecision,
    ended_on: Option<NaiveDate>,
    note_ja: String,
    note_en: String,
}

impl From<AgreementRow> for Agreement {
    fn from(r: AgreementRow) -> Self {
        Agreement {
            id: r.id,
            kind: r.kind,
            status: r.status,
            counterpart: Localized::new(r.counterpart_ja, r.counterpart_en),
            concluded_on: r.concluded_on.map(|date| PartialDate { date, precision: r.concluded_on_precision }),
            ended_on: r.ended_on,
            note: Localized::new(r.note_ja, r.note_en),
        }
    }
}

/// The city's agreements, oldest first; empty for an unknown city.
pub async fn of_city(db: &PgPool, slug: &str) -> Result<Vec<Agreement>, sqlx::Error> {
    let rows: Vec<AgreementRow> = sqlx::query_as(
        "SELECT a.id, a.kind, a.status, a.counterpart_ja, a.counterpart_en, a.concluded_on, a.concluded_on_precision,
                a.ended_on, a.note_ja, a.note_en
         FROM city_agreements a JOIN partner_cities c ON c.id = a.city_id
         WHERE c.slug = $1 ORDER BY a.concluded_on NULLS LAST, a.id",
    )
    .bind(slug)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Agreement::from).collect())
}

/// (agreement, status, effective on, recorded by, recorded at)
type StepRow = (i64, CityStatus, Option<NaiveDate>, Option<String>, chrono::DateTime<chrono::Utc>);

/// Every step of the city's agreements, with who recorded it.
pub async fn history_of_city(db: &PgPool, slug: &str) -> Result<Vec<AgreementStep>, sqlx::Error> {
    let rows: Vec<StepRow> = sqlx::query_as(
        "SELECT h.agreement_id, h.status, h.effective_on,
                    recorder_name(h.recorded_by), h.recorded_at
             FROM city_agreement_history h JOIN city_agreements a ON a.id = h.agreement_id
             JOIN partner_cities c ON c.id = a.city_id
             WHERE c.slug = $1 ORDER BY h.agreement_id, h.id",
    )
    .bind(slug)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(agreement_id, status, effective_on, recorded_by, recorded_at)| AgreementStep {
            agreement_id,
            status,
            effective_on,
            recorded_by,
            recorded_at,
        })
        .collect())
}

/// Adds an agreement to the city and the first step of its history; its id.
pub async fn add(
    tx: &mut PgConnection,
    city_id: i64,
    draft: &AgreementDraft,
    by: Option<AccountId>,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO city_agreements (city_id, kind, status, counterpart_ja, counterpart_en, concluded_on,
             concluded_on_precision, note_ja, note_en)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(city_id)
    .bind(draft.kind)
    .bind(draft.status)
    .bind(&draft.counterpart.ja)
    .bind(&draft.counterpart.en)
    .bind(draft.concluded_on.map(|d| d.date))
    .bind(draft.concluded_on.map_or(DatePrecision::Day, |d| d.precision))
    .bind(&draft.note.ja)
    .bind(&draft.note.en)
    .fetch_one(&mut *tx)
    .await?;
    step(tx, id, draft.status, draft.concluded_on.map(|d| d.date), by).await?;
    Ok(id)
}

async fn step(
    tx: &mut PgConnection,
    agreement: i64,
    status: CityStatus,
    on: Option<NaiveDate>,
    by: Option<AccountId>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO city_agreement_history (agreement_id, status, effective_on, recorded_by) VALUES ($1, $2, $3, $4)",
    )
    .bind(agreement)
    .bind(status)
    .bind(on)
    .bind(by)
    .execute(tx)
    .await?;
    Ok(())
}

/// What a change of status found.
#[derive(Debug, PartialEq, Eq)]
pub enum Moved {
    Done,
    /// No such agreement of this city.
    Unknown,
    /// A step back, or no change.
    NotAllowed,
}

/// Moves the city's agreement `id` to `next` on `on` (the conclusion keeps its precision; an end
/// is a day), recording the step.
pub async fn move_to(
    tx: &mut PgConnection,
    city_slug: &str,
    id: i64,
    next: CityStatus,
    on: PartialDate,
    by: AccountId,
) -> Result<Moved, sqlx::Error> {
    let now: Option<CityStatus> = sqlx::query_scalar(
        "SELECT a.status FROM city_agreements a JOIN partner_cities c ON c.id = a.city_id
         WHERE a.id = $1 AND c.slug = $2 FOR UPDATE OF a",
    )
    .bind(id)
    .bind(city_slug)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(now) = now else { return Ok(Moved::Unknown) };
    if !now.may_become(next) {
        return Ok(Moved::NotAllowed);
    }
    let sql = match next {
        // One that ends while in preparation keeps no conclusion date: it never concluded.
        CityStatus::Ended => {
            "UPDATE city_agreements SET status = 'ended', ended_on = $2, updated_at = now() WHERE id = $1"
        }
        _ => {
            "UPDATE city_agreements SET status = 'concluded', concluded_on = $2, concluded_on_precision = $3,
                 updated_at = now() WHERE id = $1"
        }
    };
    let mut change = sqlx::query(sql).bind(id).bind(on.date);
    if next == CityStatus::Concluded {
        change = change.bind(on.precision);
    }
    change.execute(&mut *tx).await?;
    step(tx, id, next, Some(on.date), Some(by)).await?;
    Ok(Moved::Done)
}

/// The city form's tie (kind, status, date) written to the city's tie agreement: a new one when it
/// has none (in preparation or concluded), else that agreement, whose status only moves forward
/// (ended: today, as the form has no end date). `false` for a step back or a new tie that ended.
pub async fn set_tie(
    tx: &mut PgConnection,
    city_id: i64,
    kind: CityKind,
    status: CityStatus,
    agreed_on: Option<PartialDate>,
    by: AccountId,
) -> Result<bool, sqlx::Error> {
    // The row itself is locked (FOR UPDATE on a function's rows locks nothing): a change of status
    // made meanwhile through `move_to` is seen, not overwritten.
    let tie: Option<(i64, CityStatus)> =
        sqlx::query_as("SELECT id, status FROM city_agreements WHERE id = (SELECT id FROM city_tie($1)) FOR UPDATE")
            .bind(city_id)
            .fetch_optional(&mut *tx)
            .await?;
    let kind = match kind {
        CityKind::Sister => AgreementKind::Sister,
        CityKind::Friendship => AgreementKind::Friendship,
    };
    let Some((id, now)) = tie else {
        if status == CityStatus::Ended {
            return Ok(false);
        }
        let draft = AgreementDraft {
            kind,
            status,
            counterpart: Localized::default(),
            concluded_on: agreed_on,
            note: Localized::default(),
        };
        add(tx, city_id, &draft, Some(by)).await?;
        return Ok(true);
    };
    if now != status && !now.may_become(status) {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE city_agreements SET kind = $2, status = $3, concluded_on = $4, concluded_on_precision = $5,
             ended_on = CASE WHEN $3 = 'ended' THEN COALESCE(ended_on, japan_today()) END, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(kind)
    .bind(status)
    .bind(agreed_on.map(|d| d.date))
    .bind(agreed_on.map_or(DatePrecision::Day, |d| d.precision))
    .execute(&mut *tx)
    .await?;
    if now != status {
        let on = if status == CityStatus::Ended {
            crate::domain::dates::today_in_japan()
        } else {
            agreed_on.map_or_else(crate::domain::dates::today_in_japan, |d| d.date)
        };
        step(tx, id, status, Some(on), Some(by)).await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests;
