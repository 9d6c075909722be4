//! Announcements and newsletters as stored: the message, whose it is, where it is in its life,
//! and how far its sending has got. Who it goes to is `audience`; the consents `consents`.

pub mod audience;
pub mod consents;

use crate::domain::ids::{AccountId, CommitteeId, NewsletterId};
use crate::domain::newsletter::{
    Archive, ArchivedLetter, Audience, Letter, NewNewsletter, NewsletterRow, Progress, Status,
};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

/// One message as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: NewsletterId,
    pub audience: Audience,
    pub committee_id: Option<CommitteeId>,
    pub letter: Letter,
    pub archive: Archive,
    pub status: Status,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: NewsletterId,
    audience: String,
    audience_ref: Option<i64>,
    committee_id: Option<CommitteeId>,
    subject_ja: String,
    body_ja: String,
    subject_en: String,
    body_en: String,
    archive: String,
    status: String,
    sent_at: Option<DateTime<Utc>>,
}

impl TryFrom<Row> for Stored {
    type Error = sqlx::Error;

    fn try_from(r: Row) -> Result<Stored, sqlx::Error> {
        let unknown =
            |what: &str, value: &str| sqlx::Error::Decode(format!("unknown newsletter {what} {value}").into());
        Ok(Stored {
            id: r.id,
            audience: Audience::from_parts(&r.audience, r.audience_ref)
                .ok_or_else(|| unknown("audience", &r.audience))?,
            committee_id: r.committee_id,
            letter: Letter {
                subject_ja: r.subject_ja,
                body_ja: r.body_ja,
                subject_en: r.subject_en,
                body_en: r.body_en,
            },
            archive: Archive::parse(&r.archive).ok_or_else(|| unknown("archive", &r.archive))?,
            status: Status::parse(&r.status).ok_or_else(|| unknown("status", &r.status))?,
            sent_at: r.sent_at,
        })
    }
}

const COLUMNS: &str = "id, audience, audience_ref, committee_id, subject_ja, body_ja, subject_en, body_en, archive,
                       status, sent_at";

/// Stores a new draft; `committee` is whose it is (a chair's committee; none for the secretariat).
pub async fn insert(
    tx: &mut PgConnection,
    new: &NewNewsletter,
    committee: Option<CommitteeId>,
    by: AccountId,
) -> Result<NewsletterId, sqlx::Error> {
    let (kind, reference) = new.audience.parts();
    let l = &new.letter;
    sqlx::query_scalar(
        "INSERT INTO newsletters (audience, audience_ref, committee_id, subject_ja, body_ja, subject_en, body_en,
             archive, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(kind)
    .bind(reference)
    .bind(committee)
    .bind(&l.subject_ja)
    .bind(&l.body_ja)
    .bind(&l.subject_en)
    .bind(&l.body_en)
    .bind(new.archive.code())
    .bind(by)
    .fetch_one(tx)
    .await
}

/// Changes a draft (the caller holds its lock and has checked it is one).
pub async fn update(
    tx: &mut PgConnection,
    id: NewsletterId,
    new: &NewNewsletter,
    committee: Option<CommitteeId>,
) -> Result<(), sqlx::Error> {
    let (kind, reference) = new.audience.parts();
    let l = &new.letter;
    sqlx::query(
        "UPDATE newsletters SET audience = $2, audience_ref = $3, committee_id = $4, subject_ja = $5, body_ja = $6,
             subject_en = $7, body_en = $8, archive = $9, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(kind)
    .bind(reference)
    .bind(committee)
    .bind(&l.subject_ja)
    .bind(&l.body_ja)
    .bind(&l.subject_en)
    .bind(&l.body_en)
    .bind(new.archive.code())
    .execute(tx)
    .await?;
    Ok(())
}

pub async fn one(db: &PgPool, id: NewsletterId) -> Result<Option<Stored>, sqlx::Error> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM newsletters WHERE id = $1")).bind(id).fetch_optional(db).await?;
    row.map(Stored::try_from).transpose()
}

/// The message, locked for a change of its text or status.
pub async fn lock(tx: &mut PgConnection, id: NewsletterId) -> Result<Option<Stored>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM newsletters WHERE id = $1 FOR UPDATE"))
        .bind(id)
        .fetch_optional(tx)
        .await?;
    row.map(Stored::try_from).transpose()
}

/// Moves a message to `status`: a start records who and when, the end when it was sent.
pub async fn set_status(
    tx: &mut PgConnection,
    id: NewsletterId,
    status: Status,
    by: Option<AccountId>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE newsletters SET status = $2,
             sent_by = COALESCE(sent_by, $3),
             send_started_at = CASE WHEN $2 = 'sending' THEN COALESCE(send_started_at, now()) ELSE send_started_at END,
             sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
         WHERE id = $1",
    )
    .bind(id)
    .bind(status.code())
    .bind(by)
    .execute(tx)
    .await?;
    Ok(())
}

/// Deletes a draft (nothing was sent of it).
pub async fn delete_draft(tx: &mut PgConnection, id: NewsletterId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM newsletters WHERE id = $1 AND status = 'draft'").bind(id).execute(tx).await?;
    Ok(done.rows_affected() == 1)
}

const PROGRESS: &str = "(SELECT count(*) FROM newsletter_recipients r WHERE r.newsletter_id = n.id AND NOT r.by_post) AS queued,
     (SELECT count(*) FROM newsletter_recipients r WHERE r.newsletter_id = n.id AND r.delivered_at IS NOT NULL) AS delivered,
     (SELECT count(*) FROM newsletter_recipients r WHERE r.newsletter_id = n.id AND r.bounced_at IS NOT NULL) AS bounced,
     (SELECT count(*) FROM newsletter_recipients r WHERE r.newsletter_id = n.id AND r.by_post) AS by_post,
     (SELECT count(*) FROM outbox o WHERE o.newsletter_id = n.id AND o.sent_at IS NULL AND o.bounced_at IS NULL
         AND o.attempts < 10) AS waiting";

#[derive(sqlx::FromRow)]
struct ListRow {
    id: NewsletterId,
    audience: String,
    audience_ref: Option<i64>,
    subject_ja: String,
    subject_en: String,
    status: String,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
    queued: i64,
    delivered: i64,
    bounced: i64,
    by_post: i64,
    waiting: i64,
}

/// The messages of these committees (all, for `None`: the secretariat), newest first.
pub async fn list(db: &PgPool, committees: Option<&[CommitteeId]>) -> Result<Vec<NewsletterRow>, sqlx::Error> {
    let ids: Option<Vec<i64>> = committees.map(|c| c.iter().map(|id| id.0).collect());
    let rows: Vec<ListRow> = sqlx::query_as(&format!(
        "SELECT n.id, n.audience, n.audience_ref, n.subject_ja, n.subject_en, n.status, n.created_at, n.sent_at,
             {PROGRESS}
         FROM newsletters n
         WHERE $1::bigint[] IS NULL OR n.committee_id = ANY($1)
         ORDER BY n.id DESC LIMIT 200"
    ))
    .bind(ids)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            let status = Status::parse(&r.status)
                .ok_or_else(|| sqlx::Error::Decode(format!("unknown newsletter status {}", r.status).into()))?;
            let audience = Audience::from_parts(&r.audience, r.audience_ref).map(|a| a.value()).unwrap_or_default();
            Ok(NewsletterRow {
                id: r.id,
                audience,
                subject_ja: r.subject_ja,
                subject_en: r.subject_en,
                status,
                created_at: r.created_at,
                sent_at: r.sent_at,
                progress: Progress {
                    queued: r.queued,
                    delivered: r.delivered,
                    bounced: r.bounced,
                    by_post: r.by_post,
                    waiting: r.waiting,
                },
            })
        })
        .collect()
}

/// How far one message's sending has got.
pub async fn progress(db: &PgPool, id: NewsletterId) -> Result<Progress, sqlx::Error> {
    let (queued, delivered, bounced, by_post, waiting): (i64, i64, i64, i64, i64) =
        sqlx::query_as(&format!("SELECT {PROGRESS} FROM newsletters n WHERE n.id = $1")).bind(id).fetch_one(db).await?;
    Ok(Progress { queued, delivered, bounced, by_post, waiting })
}

/// How many of the message's mails still wait in the outbox (not sent, not given up).
pub async fn waiting_mail(db: &PgPool, id: NewsletterId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE newsletter_id = $1 AND sent_at IS NULL AND bounced_at IS NULL AND attempts < $2",
    )
    .bind(id)
    .bind(crate::server::db::outbox::MAX_ATTEMPTS)
    .fetch_one(db)
    .await
}

/// The messages being sent now, oldest first (for the sending job).
pub async fn sending(db: &PgPool) -> Result<Vec<NewsletterId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM newsletters WHERE status = 'sending' ORDER BY id").fetch_all(db).await
}

/// Whether the membership is active (the members-only archive is for active members).
pub async fn is_active_member(db: &PgPool, member: crate::domain::ids::MemberId) -> Result<bool, sqlx::Error> {
    let active: Option<bool> = sqlx::query_scalar("SELECT status = 'active' FROM members WHERE id = $1")
        .bind(member)
        .fetch_optional(db)
        .await?;
    Ok(active == Some(true))
}

/// The sent messages on the site's archive: the public ones, and the members-only ones too when
/// `members` (a logged-in member or staff), newest first.
pub async fn archive(db: &PgPool, members: bool) -> Result<Vec<ArchivedLetter>, sqlx::Error> {
    archived(db, members, None).await
}

/// One message of the archive, if this reader may see it.
pub async fn archived_one(db: &PgPool, members: bool, id: NewsletterId) -> Result<Option<ArchivedLetter>, sqlx::Error> {
    Ok(archived(db, members, Some(id)).await?.pop())
}

#[derive(sqlx::FromRow)]
struct ArchiveRow {
    id: NewsletterId,
    subject_ja: String,
    body_ja: String,
    subject_en: String,
    body_en: String,
    sent_at: DateTime<Utc>,
    archive: String,
}

async fn archived(db: &PgPool, members: bool, id: Option<NewsletterId>) -> Result<Vec<ArchivedLetter>, sqlx::Error> {
    let rows: Vec<ArchiveRow> = sqlx::query_as(
        "SELECT id, subject_ja, body_ja, subject_en, body_en, sent_at, archive FROM newsletters
         WHERE status = 'sent' AND sent_at IS NOT NULL
           AND (archive = 'public' OR (archive = 'members' AND $1))
           AND ($2::bigint IS NULL OR id = $2)
         ORDER BY sent_at DESC, id DESC LIMIT 100",
    )
    .bind(members)
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ArchivedLetter {
            id: r.id,
            letter: Letter {
                subject_ja: r.subject_ja,
                body_ja: r.body_ja,
                subject_en: r.subject_en,
                body_en: r.body_en,
            },
            sent_at: r.sent_at,
            members_only: r.archive == "members",
        })
        .collect())
}

#[cfg(test)]
mod tests;
