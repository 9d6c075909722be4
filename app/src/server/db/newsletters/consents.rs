//! Consent to newsletters by email: given (on "my page", or recorded by the office from a paper
//! form), withdrawn (there, or by the unsubscribe link in a newsletter). The row keeps when and
//! how; a new consent after a withdrawal starts it again.

use crate::domain::ids::MemberId;
use crate::domain::newsletter::Subscription;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

/// Where a consent or its withdrawal came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    MyPage,
    Office,
    /// The unsubscribe link of a newsletter (withdrawal only).
    Link,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::MyPage => "my_page",
            Source::Office => "office",
            Source::Link => "link",
        }
    }
}

/// Records a consent (a no-op when one is in force: its first time and source stay).
pub async fn give(tx: &mut PgConnection, member: MemberId, source: Source) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO newsletter_consents (member_id, given_at, given_source) VALUES ($1, now(), $2)
         ON CONFLICT (member_id) DO UPDATE
             SET given_at = now(), given_source = $2, withdrawn_at = NULL, withdrawn_source = NULL
             WHERE newsletter_consents.withdrawn_at IS NOT NULL",
    )
    .bind(member)
    .bind(source.code())
    .execute(tx)
    .await?;
    Ok(())
}

/// Records a no: withdraws a consent in force, or (a member who never said yes, and gets paper)
/// says no outright. Their newsletter mail still waiting in the outbox goes too. False when they
/// had said no already.
pub async fn withdraw(tx: &mut PgConnection, member: MemberId, source: Source) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO newsletter_consents (member_id, withdrawn_at, withdrawn_source) VALUES ($1, now(), $2)
         ON CONFLICT (member_id) DO UPDATE SET withdrawn_at = now(), withdrawn_source = $2
             WHERE newsletter_consents.withdrawn_at IS NULL",
    )
    .bind(member)
    .bind(source.code())
    .execute(&mut *tx)
    .await?;
    drop_waiting_mail(tx, "r.member_id = $1", member.0).await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the newsletter mail (never a service message: those carry no unsubscribe address)
/// still waiting in the outbox for the recipients `who` names.
async fn drop_waiting_mail(tx: &mut PgConnection, who: &str, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "DELETE FROM outbox o USING newsletter_recipients r
         WHERE r.outbox_id = o.id AND {who} AND o.sent_at IS NULL AND o.list_unsubscribe <> ''"
    ))
    .bind(id)
    .execute(tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ConsentRow {
    has_email: bool,
    by_post: bool,
    given_at: Option<DateTime<Utc>>,
    withdrawn_at: Option<DateTime<Utc>>,
    given_source: Option<String>,
    withdrawn_source: Option<String>,
}

/// A member's subscription as "my page" shows it.
pub async fn of_member(db: &PgPool, member: MemberId) -> Result<Subscription, sqlx::Error> {
    let row: ConsentRow = sqlx::query_as(
        "SELECT COALESCE(m.email, '') <> '' AND m.contact_by IN ('email', 'both') AS has_email,
             m.contact_by IN ('post', 'both') AS by_post,
             c.given_at, c.withdrawn_at, c.given_source, c.withdrawn_source
         FROM members m LEFT JOIN newsletter_consents c ON c.member_id = m.id WHERE m.id = $1",
    )
    .bind(member)
    .fetch_one(db)
    .await?;
    let ConsentRow { has_email, by_post, given_at, withdrawn_at, given_source, withdrawn_source } = row;
    Ok(match (given_at, withdrawn_at) {
        (Some(given), None) => Subscription {
            subscribed: true,
            since: Some(given),
            source: given_source.unwrap_or_default(),
            has_email,
            by_post,
        },
        (_, Some(withdrawn)) => Subscription {
            subscribed: false,
            since: Some(withdrawn),
            source: withdrawn_source.unwrap_or_default(),
            has_email,
            by_post,
        },
        (None, None) => Subscription { subscribed: false, since: None, source: String::new(), has_email, by_post },
    })
}

/// What an unsubscribe link's token names: the member or contact it was sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsubscriber {
    Member(MemberId),
    Contact(i64),
}

pub async fn by_token(db: &PgPool, token_hash: &[u8]) -> Result<Option<Unsubscriber>, sqlx::Error> {
    let row: Option<(Option<MemberId>, Option<i64>)> =
        sqlx::query_as("SELECT member_id, contact_id FROM newsletter_recipients WHERE unsubscribe_hash = $1")
            .bind(token_hash)
            .fetch_optional(db)
            .await?;
    Ok(match row {
        Some((Some(member), _)) => Some(Unsubscriber::Member(member)),
        Some((None, Some(contact))) => Some(Unsubscriber::Contact(contact)),
        _ => None,
    })
}

/// Stops newsletters to whoever the token names (true when they were still getting them).
pub async fn unsubscribe(tx: &mut PgConnection, who: Unsubscriber) -> Result<bool, sqlx::Error> {
    match who {
        Unsubscriber::Member(member) => withdraw(tx, member, Source::Link).await,
        Unsubscriber::Contact(contact) => {
            let done = sqlx::query(
                "UPDATE outside_contacts SET unsubscribed_at = now() WHERE id = $1 AND unsubscribed_at IS NULL",
            )
            .bind(contact)
            .execute(&mut *tx)
            .await?;
            drop_waiting_mail(tx, "r.contact_id = $1", contact).await?;
            Ok(done.rows_affected() == 1)
        }
    }
}
