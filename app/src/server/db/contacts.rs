//! Outside contacts and their lists (see `domain::contact`).

use crate::domain::contact::{Contact, ContactList, NewContact};
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

#[derive(sqlx::FromRow)]
struct ContactRow {
    list_id: i64,
    id: i64,
    name: String,
    organisation: String,
    email: String,
    lang: String,
    consent_at: DateTime<Utc>,
    consent_source: String,
    unsubscribed_at: Option<DateTime<Utc>>,
}

/// Every list with its contacts, lists by name, contacts by name.
pub async fn lists(db: &PgPool) -> Result<Vec<ContactList>, sqlx::Error> {
    let lists: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM contact_lists ORDER BY name, id").fetch_all(db).await?;
    let contacts: Vec<ContactRow> = sqlx::query_as(
        "SELECT list_id, id, name, organisation, email, lang, consent_at, consent_source, unsubscribed_at
         FROM outside_contacts ORDER BY name, id",
    )
    .fetch_all(db)
    .await?;
    Ok(lists
        .into_iter()
        .map(|(id, name)| ContactList {
            id,
            name,
            contacts: contacts
                .iter()
                .filter(|c| c.list_id == id)
                .map(|c| Contact {
                    id: c.id,
                    name: c.name.clone(),
                    organisation: c.organisation.clone(),
                    email: c.email.clone(),
                    lang: Lang::parse(&c.lang).unwrap_or(Lang::En),
                    consent_at: c.consent_at,
                    consent_source: c.consent_source.clone(),
                    unsubscribed_at: c.unsubscribed_at,
                })
                .collect(),
        })
        .collect())
}

/// A new list; none when the name is taken.
pub async fn create_list(tx: &mut PgConnection, name: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO contact_lists (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id")
        .bind(name)
        .fetch_optional(tx)
        .await
}

/// Adds a contact; none when the list does not exist or has that address already.
pub async fn add(tx: &mut PgConnection, contact: &NewContact) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outside_contacts (list_id, name, organisation, email, lang, consent_source)
         SELECT l.id, $2, $3, $4, $5, $6 FROM contact_lists l WHERE l.id = $1
         ON CONFLICT (list_id, email) DO NOTHING RETURNING id",
    )
    .bind(contact.list_id)
    .bind(&contact.name)
    .bind(&contact.organisation)
    .bind(contact.email.as_str())
    .bind(contact.lang.code())
    .bind(&contact.consent_source)
    .fetch_optional(tx)
    .await
}

/// Removes a contact (and the record of what they were sent).
pub async fn remove(tx: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM outside_contacts WHERE id = $1").bind(id).execute(tx).await?;
    Ok(done.rows_affected() == 1)
}

/// The lists as audiences: (id, name).
pub async fn names(db: &PgPool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM contact_lists ORDER BY name, id").fetch_all(db).await
}
