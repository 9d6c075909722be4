//! Photos, stored as the JPEG the server made of an upload.

use crate::domain::ids::AccountId;
use sqlx::{PgConnection, PgPool};

/// Stores a photo; its id is its address (`/photos/{id}.jpg`).
pub async fn insert(
    tx: &mut PgConnection,
    jpeg: &[u8],
    width: u32,
    height: u32,
    by: AccountId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO photos (jpeg, width, height, created_by) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(jpeg)
        .bind(width as i32)
        .bind(height as i32)
        .bind(by)
        .fetch_one(tx)
        .await
}

/// The JPEG of a photo in use by a partner city or by an event that is public (not a draft: a
/// draft and its photo are its organisers' alone); `None` for any other id, so a replaced photo is
/// no longer served.
pub async fn jpeg(db: &PgPool, id: i64) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT p.jpeg FROM photos p WHERE p.id = $1
           AND (EXISTS (SELECT 1 FROM partner_cities c WHERE c.photo_id = p.id)
             OR EXISTS (SELECT 1 FROM events e WHERE e.photo_id = p.id AND e.status <> 'draft'))",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

#[cfg(test)]
mod tests;
