//! The commit: every valid row in one transaction, or nothing. It runs in the background so that
//! the page can show progress (written outside the transaction) while a long list goes in.

use super::dry_run;
use super::invite::invite_all;
use crate::domain::ids::AccountId;
use crate::domain::import::fields::Mapping;
use crate::server::db::{audit, imports};
use crate::AppError;
use sqlx::PgPool;

/// Rows per INSERT, and per progress update.
const BATCH: usize = 500;

/// Runs the claimed import `id` to its end. Any failure rolls everything back and leaves the
/// import as it was before, marked as failed.
pub async fn run(db: PgPool, id: i64, admin: AccountId, invite: bool) {
    if let Err(error) = import(&db, id, admin, invite).await {
        tracing::error!(import = id, %error, "member import failed; nothing was imported");
        if let Err(error) = imports::mark_failed(&db, id).await {
            tracing::error!(import = id, %error, "could not mark the import as failed");
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error("the file no longer passes the dry run")]
    NoLongerValid,
    #[error("the import is gone")]
    Gone,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    App(#[from] AppError),
}

async fn import(db: &PgPool, id: i64, admin: AccountId, invite: bool) -> Result<(), Failure> {
    let record = imports::get(db, id).await?.ok_or(Failure::Gone)?;
    let mapping: Mapping = serde_json::from_value(record.mapping.clone()).unwrap_or_default();
    let rules = dry_run::rules(db).await?;
    let mut tx = db.begin().await?;
    imports::lock_imports(&mut tx).await?;
    let checked = dry_run::check(&mut tx, &record.content, &mapping, &rules).await?;
    if !checked.report.can_import() {
        return Err(Failure::NoLongerValid);
    }
    imports::heartbeat(db, id, 0).await?;
    let highest = checked.members.iter().filter_map(|m| m.member_number).max().unwrap_or(0);
    imports::keep_numbers_free(&mut tx, highest).await?;
    let mut done = 0usize;
    for batch in checked.members.chunks(BATCH) {
        imports::insert_members(&mut tx, id, admin, batch).await?;
        done += batch.len();
        imports::heartbeat(db, id, i32::try_from(done).unwrap_or(i32::MAX)).await?;
    }
    let invited = if invite { invite_all(&mut tx, id).await? } else { 0 };
    imports::heartbeat(db, id, i32::try_from(done).unwrap_or(i32::MAX)).await?;
    let imported = i32::try_from(done).unwrap_or(i32::MAX);
    let skipped = i32::try_from(checked.report.duplicate_count).unwrap_or(i32::MAX);
    imports::mark_imported(&mut tx, id, imported, skipped).await?;
    let details =
        serde_json::json!({ "file": record.file_name, "imported": imported, "skipped": skipped, "invited": invited });
    audit::record(&mut tx, admin, "member_import.commit", "member_import", id, details).await?;
    tx.commit().await?;
    tracing::info!(import = id, imported, skipped, invited, "member import committed");
    Ok(())
}
