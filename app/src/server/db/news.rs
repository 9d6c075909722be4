//! News posts as stored.

use crate::domain::ids::AccountId;
use crate::domain::news::{NewPost, NewsPost};
use crate::domain::newsletter::Letter;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title_ja: String,
    body_ja: String,
    title_en: String,
    body_en: String,
    published_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

impl From<Row> for NewsPost {
    fn from(r: Row) -> NewsPost {
        NewsPost {
            id: r.id,
            texts: Letter { subject_ja: r.title_ja, body_ja: r.body_ja, subject_en: r.title_en, body_en: r.body_en },
            published_at: r.published_at,
            updated_at: r.updated_at,
        }
    }
}

const COLUMNS: &str = "id, title_ja, body_ja, title_en, body_en, published_at, updated_at";

/// The published posts, newest first (`limit` of them).
pub async fn published(db: &PgPool, limit: i64) -> Result<Vec<NewsPost>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM news_posts WHERE published_at IS NOT NULL ORDER BY published_at DESC, id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(NewsPost::from).collect())
}

/// One post: a published one, or any (`drafts`: for the staff).
pub async fn one(db: &PgPool, id: i64, drafts: bool) -> Result<Option<NewsPost>, sqlx::Error> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM news_posts WHERE id = $1 AND (published_at IS NOT NULL OR $2)"))
            .bind(id)
            .bind(drafts)
            .fetch_optional(db)
            .await?;
    Ok(row.map(NewsPost::from))
}

/// Every post, drafts first, then the newest.
pub async fn all(db: &PgPool) -> Result<Vec<NewsPost>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM news_posts ORDER BY published_at DESC NULLS FIRST, id DESC LIMIT 200"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(NewsPost::from).collect())
}

pub async fn insert(tx: &mut PgConnection, post: &NewPost, by: AccountId) -> Result<i64, sqlx::Error> {
    let t = &post.texts;
    sqlx::query_scalar(
        "INSERT INTO news_posts (title_ja, body_ja, title_en, body_en, published_at, created_by)
         VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END, $6) RETURNING id",
    )
    .bind(&t.subject_ja)
    .bind(&t.body_ja)
    .bind(&t.subject_en)
    .bind(&t.body_en)
    .bind(post.publish)
    .bind(by)
    .fetch_one(tx)
    .await
}

/// Changes a post; publishing keeps its first day, taking it back makes it a draft. False when
/// there is no such post.
pub async fn update(tx: &mut PgConnection, id: i64, post: &NewPost) -> Result<bool, sqlx::Error> {
    let t = &post.texts;
    let done = sqlx::query(
        "UPDATE news_posts SET title_ja = $2, body_ja = $3, title_en = $4, body_en = $5,
             published_at = CASE WHEN $6 THEN COALESCE(published_at, now()) END, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(&t.subject_ja)
    .bind(&t.body_ja)
    .bind(&t.subject_en)
    .bind(&t.body_en)
    .bind(post.publish)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(tx: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM news_posts WHERE id = $1").bind(id).execute(tx).await?.rows_affected() == 1)
}
