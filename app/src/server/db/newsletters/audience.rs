//! Who a message reaches. Members by email: those of the audience who get email (メール, 両方), have
//! an address and (for a newsletter) have opted in; by post: those who get post (郵送, 両方), have
//! an address and have not said no. An event's people: the holders of its confirmed (or waiting)
//! sign-ups who have an email, members or not, consent or not (the message is about their
//! sign-up). Outside contacts: those on the list who have not unsubscribed.

use crate::domain::ids::{AccountId, MemberId, NewsletterId};
use crate::domain::newsletter::{Audience, Reach};
use sqlx::{PgConnection, PgPool};

/// One person to mail.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Candidate {
    pub member_id: Option<MemberId>,
    pub account_id: Option<AccountId>,
    pub contact_id: Option<i64>,
    pub email: String,
    /// Their language: the login's (Japanese without one), or the contact's.
    pub lang: String,
}

/// Which members of the audience (`$1`: its reference), before how they are reached.
fn members_of(audience: Audience) -> &'static str {
    match audience {
        Audience::Members => "m.status = 'active'",
        Audience::Class(_) => "m.status = 'active' AND m.membership_type_id = $1",
        Audience::Committee(_) => {
            "m.status = 'active'
             AND EXISTS (SELECT 1 FROM member_committees mc WHERE mc.member_id = m.id AND mc.committee_id = $1)"
        }
        Audience::Unpaid(_) => {
            "m.status = 'active' AND COALESCE(dues_for(m.membership_type_id, m.units, $1::smallint), 0) > 0
             AND NOT EXISTS (SELECT 1 FROM dues_payments d WHERE d.member_id = m.id AND d.fiscal_year = $1)"
        }
        // Not member audiences: matched by no member.
        Audience::EventConfirmed(_) | Audience::EventWaiting(_) | Audience::Contacts(_) => "false",
    }
}

const BY_EMAIL: &str = "m.erased_at IS NULL AND m.contact_by IN ('email', 'both') AND COALESCE(m.email, '') <> ''";
const SUBSCRIBED: &str =
    "EXISTS (SELECT 1 FROM newsletter_consents c WHERE c.member_id = m.id AND c.withdrawn_at IS NULL)";
const BY_POST: &str = "m.erased_at IS NULL AND m.contact_by IN ('post', 'both')
     AND m.postal_code <> '' AND m.city <> '' AND m.street <> ''
     AND NOT EXISTS (SELECT 1 FROM newsletter_consents c WHERE c.member_id = m.id AND c.withdrawn_at IS NOT NULL)";

/// Every person the message reaches by email (`$2`: a message; those who have it already are
/// left out), as (kind of query, SQL). `$1` is the audience's reference.
fn email_query(audience: Audience) -> String {
    match audience {
        Audience::EventConfirmed(_) | Audience::EventWaiting(_) => {
            let status = if matches!(audience, Audience::EventConfirmed(_)) { "confirmed" } else { "waiting" };
            format!(
                "SELECT CASE WHEN s.account_id IS NULL THEN s.member_id END AS member_id, s.account_id,
                     NULL::bigint AS contact_id, COALESCE(a.email, m.email) AS email,
                     COALESCE(a.lang, (SELECT ma.lang FROM accounts ma WHERE ma.id = m.account_id), 'ja') AS lang
                 FROM signups s LEFT JOIN accounts a ON a.id = s.account_id LEFT JOIN members m ON m.id = s.member_id
                 WHERE s.event_id = $1 AND s.status = '{status}' AND COALESCE(a.email, m.email, '') <> ''
                   AND a.disabled_at IS NULL AND (m.id IS NULL OR (m.erased_at IS NULL AND m.status <> 'withdrawn'))
                   AND NOT EXISTS (SELECT 1 FROM newsletter_recipients r WHERE r.newsletter_id = $2
                       AND (r.account_id = s.account_id OR (s.account_id IS NULL AND r.member_id = s.member_id)))
                 ORDER BY s.id"
            )
        }
        Audience::Contacts(_) => "SELECT NULL::bigint AS member_id, NULL::bigint AS account_id, c.id AS contact_id,
                 c.email, c.lang
             FROM outside_contacts c
             WHERE c.list_id = $1 AND c.unsubscribed_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM newsletter_recipients r WHERE r.newsletter_id = $2 AND r.contact_id = c.id)
             ORDER BY c.id"
            .to_string(),
        _ => format!(
            "SELECT m.id AS member_id, NULL::bigint AS account_id, NULL::bigint AS contact_id, m.email,
                 COALESCE(a.lang, 'ja') AS lang
             FROM members m LEFT JOIN accounts a ON a.id = m.account_id
             WHERE {} AND {BY_EMAIL} AND {SUBSCRIBED}
               AND NOT EXISTS (SELECT 1 FROM newsletter_recipients r
                   WHERE r.newsletter_id = $2 AND r.member_id = m.id AND NOT r.by_post)
             ORDER BY m.id",
            members_of(audience)
        ),
    }
}

fn reference(audience: Audience) -> Option<i64> {
    audience.parts().1
}

/// The next `limit` people still to mail for message `id`.
pub async fn next_batch(
    tx: &mut PgConnection,
    id: NewsletterId,
    audience: Audience,
    limit: i64,
) -> Result<Vec<Candidate>, sqlx::Error> {
    sqlx::query_as(&format!("{} LIMIT $3", email_query(audience)))
        .bind(reference(audience))
        .bind(id)
        .bind(limit)
        .fetch_all(tx)
        .await
}

/// Records that `who` has message `id` (with the hash of their unsubscribe link, if any); false
/// when they had it already.
pub async fn record(
    tx: &mut PgConnection,
    id: NewsletterId,
    who: &Candidate,
    unsubscribe_hash: Option<&[u8]>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO newsletter_recipients (newsletter_id, member_id, account_id, contact_id, lang, unsubscribe_hash)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(id)
    .bind(who.member_id)
    .bind(who.account_id)
    .bind(who.contact_id)
    .bind(if who.lang == "en" { "en" } else { "ja" })
    .bind(unsubscribe_hash)
    .fetch_optional(tx)
    .await
}

pub async fn set_outbox(tx: &mut PgConnection, recipient: i64, outbox_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE newsletter_recipients SET outbox_id = $2 WHERE id = $1")
        .bind(recipient)
        .bind(outbox_id)
        .execute(tx)
        .await?;
    Ok(())
}

/// Records the members of the audience who get post as the message's print run (at the end of
/// its sending, so the paper goes to whoever it would have reached that day); returns how many.
pub async fn record_post(tx: &mut PgConnection, id: NewsletterId, audience: Audience) -> Result<u64, sqlx::Error> {
    if audience.is_service() || matches!(audience, Audience::Contacts(_)) {
        return Ok(0);
    }
    let done = sqlx::query(&format!(
        "INSERT INTO newsletter_recipients (newsletter_id, member_id, lang, by_post)
         SELECT $2, m.id, COALESCE(a.lang, 'ja'), true
         FROM members m LEFT JOIN accounts a ON a.id = m.account_id
         WHERE {} AND {BY_POST}
         ON CONFLICT DO NOTHING",
        members_of(audience)
    ))
    .bind(reference(audience))
    .bind(id)
    .execute(tx)
    .await?;
    Ok(done.rows_affected())
}

/// Who the message would reach if it were sent now (those who have it already not counted out:
/// `id` none).
pub async fn reach(db: &PgPool, audience: Audience) -> Result<Reach, sqlx::Error> {
    let by_lang: Vec<(String, i64)> =
        sqlx::query_as(&format!("SELECT lang, count(*) FROM ({}) x GROUP BY lang", email_query(audience)))
            .bind(reference(audience))
            .bind(None::<i64>)
            .fetch_all(db)
            .await?;
    let count = |lang: &str| by_lang.iter().filter(|(l, _)| l == lang).map(|(_, n)| n).sum::<i64>();
    let member_audience = !audience.is_service() && !matches!(audience, Audience::Contacts(_));
    let (post, not_subscribed): (i64, i64) = if member_audience {
        sqlx::query_as(&format!(
            "SELECT count(*) FILTER (WHERE {BY_POST}), count(*) FILTER (WHERE {BY_EMAIL} AND NOT {SUBSCRIBED})
             FROM members m WHERE {}",
            members_of(audience)
        ))
        .bind(reference(audience))
        .fetch_one(db)
        .await?
    } else {
        (0, 0)
    };
    Ok(Reach { email_ja: count("ja"), email_en: count("en"), post, not_subscribed })
}

/// What audiences can be chosen from: classes, committees (in force), events (published, from
/// two months back), contact lists. For a chair (`committees` given): their committees and their
/// events only.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    pub classes: Vec<(i64, String, String)>,
    pub committees: Vec<(crate::domain::ids::CommitteeId, String, String)>,
    pub events: Vec<(crate::domain::ids::EventId, String, String, chrono::DateTime<chrono::Utc>)>,
    pub lists: Vec<(i64, String)>,
}

pub async fn choices(
    db: &PgPool,
    committees: Option<&[crate::domain::ids::CommitteeId]>,
) -> Result<Choices, sqlx::Error> {
    let ids: Option<Vec<i64>> = committees.map(|c| c.iter().map(|id| id.0).collect());
    let whole = ids.is_none();
    Ok(Choices {
        classes: if whole {
            sqlx::query_as("SELECT id, name_ja, name_en FROM membership_types ORDER BY sort_order, id")
                .fetch_all(db)
                .await?
        } else {
            Vec::new()
        },
        committees: sqlx::query_as(
            "SELECT id, name_ja, name_en FROM committees
             WHERE (retired_on IS NULL OR retired_on > CURRENT_DATE) AND ($1::bigint[] IS NULL OR id = ANY($1))
             ORDER BY sort_order, id",
        )
        .bind(&ids)
        .fetch_all(db)
        .await?,
        events: sqlx::query_as(
            "SELECT id, title_ja, title_en, starts_at FROM events
             WHERE status IN ('published', 'closed') AND starts_at > now() - interval '60 days'
               AND ($1::bigint[] IS NULL OR committee_id = ANY($1))
             ORDER BY starts_at, id LIMIT 100",
        )
        .bind(&ids)
        .fetch_all(db)
        .await?,
        lists: if whole { crate::server::db::contacts::names(db).await? } else { Vec::new() },
    })
}
