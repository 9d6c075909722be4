//! What the page of one import shows, worked out from its stored state.

use super::decode::read_table;
use super::dry_run;
use crate::domain::import::fields::{ImportField, Mapping};
use crate::domain::import::{ImportStatus, ImportView};
use crate::server::db::{imports, imports::ImportRecord};
use crate::AppError;
use sqlx::PgPool;

/// Rows shown from the file to help choose the mapping.
const SAMPLE_ROWS: usize = 3;
/// Members shown by name when an undo is blocked.
const BLOCKERS_SHOWN: i64 = 20;

pub fn mapping_of(record: &ImportRecord) -> Mapping {
    serde_json::from_value(record.mapping.clone()).unwrap_or_default()
}

pub async fn assemble(db: &PgPool, record: ImportRecord) -> Result<ImportView, AppError> {
    let status = record.status();
    let mapping = mapping_of(&record);
    let samples = match read_table(&record.content) {
        Ok(table) => table.rows.into_iter().take(SAMPLE_ROWS).map(|(_, cells)| cells).collect(),
        Err(_) => Vec::new(),
    };
    let dry_run = if status == ImportStatus::Uploaded {
        let rules = dry_run::rules(db).await?;
        let mut conn = db.acquire().await?;
        Some(dry_run::check(&mut conn, &record.content, &mapping, &rules).await?.report)
    } else {
        None
    };
    let (invitable, (undo_blockers, undo_blocker_count)) = if status == ImportStatus::Imported {
        let mut conn = db.acquire().await?;
        (
            imports::count_to_invite(db, record.id).await?,
            imports::undo_blockers(&mut conn, record.id, BLOCKERS_SHOWN).await?,
        )
    } else {
        (0, (Vec::new(), 0))
    };
    Ok(ImportView {
        id: record.id,
        file_name: record.file_name,
        encoding: record.encoding,
        uploaded_at: record.uploaded_at,
        status,
        row_count: record.row_count,
        columns: record.column_names,
        samples,
        mapping,
        dry_run,
        progress_rows: record.progress_rows,
        failed: record.failed,
        imported_count: record.imported_count,
        skipped_count: record.skipped_count,
        invitable,
        undo_blockers,
        undo_blocker_count,
    })
}

/// The mapping posted by the form: field code -> column number, or blank for "not imported".
/// Problems are filed under `mapping.<field>`.
pub fn parse_mapping(
    posted: &std::collections::HashMap<String, String>,
    columns: usize,
) -> Result<Mapping, crate::error::FieldErrors> {
    use crate::error::{FieldErrors, FieldProblem};
    let mut errors = FieldErrors::default();
    let mut chosen: Vec<(ImportField, usize)> = Vec::new();
    for field in ImportField::ALL {
        let value = posted.get(field.code()).map_or("", |v| v.trim());
        if value.is_empty() {
            if field.is_required() {
                errors.add(format!("mapping.{}", field.code()), FieldProblem::Required);
            }
            continue;
        }
        match value.parse::<usize>() {
            Ok(column) if column < columns => {
                if chosen.iter().any(|(_, c)| *c == column) {
                    errors.add(format!("mapping.{}", field.code()), FieldProblem::Duplicate);
                } else {
                    chosen.push((field, column));
                }
            }
            _ => errors.add(format!("mapping.{}", field.code()), FieldProblem::NotAllowed),
        }
    }
    match errors.0.is_empty() {
        true => Ok(Mapping(chosen)),
        false => Err(errors),
    }
}
