//! Exchange events: storing, listing, and the locked row that guards the places.

use crate::domain::event::{EventDraft, EventStatus, EventView, Named, Question};
use crate::domain::ids::{AccountId, CommitteeId, EventId};
use crate::domain::localized::Localized;
use crate::domain::photo::Photo;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};

#[derive(sqlx::FromRow)]
struct EventRow {
    id: EventId,
    committee_slug: String,
    committee_ja: String,
    committee_en: String,
    city_slug: Option<String>,
    city_ja: Option<String>,
    city_en: Option<String>,
    title_ja: String,
    title_en: String,
    description_ja: String,
    description_en: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    venue: String,
    capacity: i32,
    taken: i32,
    waiting: i64,
    signup_opens_at: Option<DateTime<Utc>>,
    signup_closes_at: Option<DateTime<Utc>>,
    fee_yen: i32,
    members_only: bool,
    min_age: Option<i16>,
    guardian_consent_for_minors: bool,
    questions: sqlx::types::Json<Vec<Question>>,
    reminder_days: i16,
    status: EventStatus,
    cancel_reason: String,
    photo_id: Option<i64>,
    photo_width: Option<i32>,
    photo_height: Option<i32>,
    photo_alt_ja: String,
    photo_alt_en: String,
}

impl From<EventRow> for EventView {
    fn from(r: EventRow) -> Self {
        let partner_city = match (r.city_slug, r.city_ja, r.city_en) {
            (Some(slug), Some(ja), Some(en)) => Some(Named { slug, name: Localized::new(ja, en) }),
            _ => None,
        };
        EventView {
            id: r.id,
            committee: Named { slug: r.committee_slug, name: Localized::new(r.committee_ja, r.committee_en) },
            partner_city,
            title: Localized::new(r.title_ja, r.title_en),
            description: Localized::new(r.description_ja, r.description_en),
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            venue: r.venue,
            capacity: r.capacity,
            places_left: r.capacity - r.taken,
            waiting: r.waiting,
            signup_opens_at: r.signup_opens_at,
            signup_closes_at: r.signup_closes_at,
            fee_yen: r.fee_yen,
            members_only: r.members_only,
            min_age: r.min_age,
            guardian_consent_for_minors: r.guardian_consent_for_minors,
            questions: r.questions.0,
            reminder_days: r.reminder_days,
            status: r.status,
            cancel_reason: r.cancel_reason,
            photo: match (r.photo_id, r.photo_width, r.photo_height) {
                (Some(id), Some(width), Some(height)) => {
                    Some(Photo { id, width, height, alt: Localized::new(r.photo_alt_ja, r.photo_alt_en) })
                }
                _ => None,
            },
        }
    }
}

const EVENT_SELECT: &str =
    "SELECT e.id, c.slug AS committee_slug, c.name_ja AS committee_ja, c.name_en AS committee_en,
        p.slug AS city_slug, p.name_ja AS city_ja, p.name_en AS city_en, e.title_ja, e.title_en, e.description_ja,
        e.description_en, e.starts_at, e.ends_at, e.venue, e.capacity, e.taken,
        (SELECT count(*) FROM signups s WHERE s.event_id = e.id AND s.status = 'waiting') AS waiting,
        e.signup_opens_at, e.signup_closes_at, e.fee_yen, e.members_only, e.min_age, e.guardian_consent_for_minors,
        e.questions, e.reminder_days, e.status, e.cancel_reason,
        e.photo_id, ph.width AS photo_width, ph.height AS photo_height, e.photo_alt_ja, e.photo_alt_en
    FROM events e JOIN committees c ON c.id = e.committee_id LEFT JOIN partner_cities p ON p.id = e.partner_city_id
        LEFT JOIN photos ph ON ph.id = e.photo_id";

pub async fn view(db: &PgPool, id: EventId) -> Result<Option<EventView>, sqlx::Error> {
    let row: Option<EventRow> =
        sqlx::query_as(&format!("{EVENT_SELECT} WHERE e.id = $1")).bind(id).fetch_optional(db).await?;
    Ok(row.map(Into::into))
}

/// Which events a listing wants.
/// Several events by id (in no particular order).
pub async fn views(db: &PgPool, ids: &[EventId]) -> Result<Vec<EventView>, sqlx::Error> {
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let rows: Vec<EventRow> =
        sqlx::query_as(&format!("{EVENT_SELECT} WHERE e.id = ANY($1)")).bind(&ids).fetch_all(db).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

#[derive(Debug, Default, Clone)]
pub struct Listing {
    pub committee_slug: Option<String>,
    pub city_slug: Option<String>,
    /// Past events (newest first) instead of upcoming ones (soonest first).
    pub past: bool,
    /// Drafts too, for these committees (a chair's own list); `None` = public events only.
    pub with_drafts_of: Option<Vec<CommitteeId>>,
    pub limit: i64,
    /// How many events of the listing to skip (a later page).
    pub offset: i64,
}

impl Listing {
    /// The conditions after `FROM …`, shared by the rows and their count.
    fn push_where<'a>(&'a self, sql: &mut QueryBuilder<'a, Postgres>) {
        match &self.with_drafts_of {
            None => sql.push(" WHERE e.status <> 'draft'"),
            Some(committees) => sql.push(" WHERE e.committee_id = ANY(").push_bind(committees.clone()).push(")"),
        };
        if let Some(slug) = &self.committee_slug {
            sql.push(" AND c.slug = ").push_bind(slug.clone());
        }
        if let Some(slug) = &self.city_slug {
            sql.push(" AND p.slug = ").push_bind(slug.clone());
        }
        sql.push(if self.past { " AND e.ends_at < now()" } else { " AND e.ends_at >= now()" });
    }
}

pub async fn list(db: &PgPool, listing: &Listing) -> Result<Vec<EventView>, sqlx::Error> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(EVENT_SELECT);
    listing.push_where(&mut sql);
    sql.push(if listing.past { " ORDER BY e.starts_at DESC, e.id DESC" } else { " ORDER BY e.starts_at, e.id" });
    sql.push(" LIMIT ").push_bind(listing.limit).push(" OFFSET ").push_bind(listing.offset);
    let rows: Vec<EventRow> = sql.build_query_as().fetch_all(db).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// How many events the listing has on all its pages.
pub async fn count(db: &PgPool, listing: &Listing) -> Result<i64, sqlx::Error> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT count(*) FROM events e JOIN committees c ON c.id = e.committee_id
         LEFT JOIN partner_cities p ON p.id = e.partner_city_id",
    );
    listing.push_where(&mut sql);
    sql.build_query_scalar().fetch_one(db).await
}

/// The committee an event belongs to (for the organiser check), if the event exists.
pub async fn committee_of(db: &PgPool, id: EventId) -> Result<Option<CommitteeId>, sqlx::Error> {
    sqlx::query_scalar("SELECT committee_id FROM events WHERE id = $1").bind(id).fetch_optional(db).await
}

pub async fn insert(
    tx: &mut PgConnection,
    draft: &EventDraft,
    committee_id: CommitteeId,
    city_id: Option<i64>,
    created_by: AccountId,
) -> Result<EventId, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO events (committee_id, partner_city_id, title_ja, title_en, description_ja, description_en,
             starts_at, ends_at, venue, capacity, signup_opens_at, signup_closes_at, fee_yen, members_only, min_age,
             guardian_consent_for_minors, questions, created_by, reminder_days)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
    )
    .bind(committee_id)
    .bind(city_id)
    .bind(&draft.title.ja)
    .bind(&draft.title.en)
    .bind(&draft.description.ja)
    .bind(&draft.description.en)
    .bind(draft.starts_at)
    .bind(draft.ends_at)
    .bind(&draft.venue)
    .bind(draft.capacity)
    .bind(draft.signup_opens_at)
    .bind(draft.signup_closes_at)
    .bind(draft.fee_yen)
    .bind(draft.members_only)
    .bind(draft.min_age)
    .bind(draft.guardian_consent_for_minors)
    .bind(sqlx::types::Json(&draft.questions))
    .bind(created_by)
    .bind(draft.reminder_days)
    .fetch_one(tx)
    .await
}

/// Saves an edited event (its committee stays). The caller holds the row lock and has checked
/// that the new capacity still holds the confirmed people.
pub async fn update(
    tx: &mut PgConnection,
    id: EventId,
    draft: &EventDraft,
    city_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE events SET partner_city_id = $2, title_ja = $3, title_en = $4, description_ja = $5,
             description_en = $6, starts_at = $7, ends_at = $8, venue = $9, capacity = $10, signup_opens_at = $11,
             signup_closes_at = $12, fee_yen = $13, members_only = $14, min_age = $15,
             guardian_consent_for_minors = $16, questions = $17, reminder_days = $18, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(city_id)
    .bind(&draft.title.ja)
    .bind(&draft.title.en)
    .bind(&draft.description.ja)
    .bind(&draft.description.en)
    .bind(draft.starts_at)
    .bind(draft.ends_at)
    .bind(&draft.venue)
    .bind(draft.capacity)
    .bind(draft.signup_opens_at)
    .bind(draft.signup_closes_at)
    .bind(draft.fee_yen)
    .bind(draft.members_only)
    .bind(draft.min_age)
    .bind(draft.guardian_consent_for_minors)
    .bind(sqlx::types::Json(&draft.questions))
    .bind(draft.reminder_days)
    .execute(tx)
    .await?;
    Ok(())
}

/// The event row, locked until the end of `tx`: every change of places happens under this lock.
#[derive(Debug, sqlx::FromRow)]
pub struct Locked {
    pub id: EventId,
    pub committee_id: CommitteeId,
    pub status: EventStatus,
    pub capacity: i32,
    pub taken: i32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub signup_opens_at: Option<DateTime<Utc>>,
    pub signup_closes_at: Option<DateTime<Utc>>,
    pub venue: String,
    pub fee_yen: i32,
    pub title_ja: String,
    pub title_en: String,
}

impl Locked {
    pub fn window(&self) -> crate::domain::event::SignupWindow {
        crate::domain::event::SignupWindow {
            status: self.status(),
            opens_at: self.signup_opens_at,
            closes_at: self.signup_closes_at,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        }
    }

    pub fn status(&self) -> EventStatus {
        self.status
    }

    pub fn title(&self) -> Localized {
        Localized::new(self.title_ja.clone(), self.title_en.clone())
    }
}

/// Locks the event row. Call it only through `server::event_lock::lock`, which queues the
/// request in the process first and bounds the wait (`lock_timeout`).
pub async fn lock(tx: &mut PgConnection, id: EventId) -> Result<Option<Locked>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, committee_id, status, capacity, taken, starts_at, ends_at, signup_opens_at, signup_closes_at,
             venue, fee_yen, title_ja, title_en
         FROM events WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(tx)
    .await
}

pub async fn set_taken(tx: &mut PgConnection, id: EventId, taken: i32) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE events SET taken = $2 WHERE id = $1").bind(id).bind(taken).execute(tx).await?;
    Ok(())
}

pub async fn set_status(
    tx: &mut PgConnection,
    id: EventId,
    status: EventStatus,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE events SET status = $2, cancel_reason = $3, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(status)
        .bind(reason)
        .execute(tx)
        .await?;
    Ok(())
}

/// The event's stored questions, and the highest question number (`q7` → 7) that any answer
/// given to the event carries, so that a new question never takes a key an old answer uses.
pub async fn question_keys(tx: &mut PgConnection, id: EventId) -> Result<(Vec<Question>, u32), sqlx::Error> {
    let (questions, highest): (sqlx::types::Json<Vec<Question>>, i32) = sqlx::query_as(
        "SELECT e.questions,
                COALESCE((SELECT max(substring(k FROM 2)::int)
                          FROM signups s JOIN signup_people p ON p.signup_id = s.id,
                               jsonb_object_keys(p.answers) AS k
                          WHERE s.event_id = e.id AND k ~ '^q[0-9]{1,9}$'), 0)
         FROM events e WHERE e.id = $1",
    )
    .bind(id)
    .fetch_one(tx)
    .await?;
    Ok((questions.0, highest.max(0) as u32))
}

#[cfg(test)]
mod tests;

/// Gives the event `photo_id` with its description; `false` for an unknown event.
pub async fn set_photo(
    tx: &mut PgConnection,
    id: EventId,
    photo_id: i64,
    alt: &Localized,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE events SET photo_id = $2, photo_alt_ja = $3, photo_alt_en = $4 WHERE id = $1")
        .bind(id)
        .bind(photo_id)
        .bind(&alt.ja)
        .bind(&alt.en)
        .execute(tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes the event's photo off (it is no longer served); `false` for an unknown event.
pub async fn clear_photo(tx: &mut PgConnection, id: EventId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE events SET photo_id = NULL, photo_alt_ja = '', photo_alt_en = '' WHERE id = $1")
        .bind(id)
        .execute(tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
