//! `POST /admin/imports/upload`: the secretariat uploads its existing member list (a plain multipart
//! form, so it works without JavaScript). The file is decoded (UTF-8, UTF-8 with a BOM or CP932,
//! detected), its headings read and a first mapping suggested; the admin then continues on the
//! import's page. Any problem sends the admin back to the upload form with a plain message.

use crate::auth::{staff, Allowed};
use app::domain::import::fields::{ImportField, Mapping};
use app::error::FieldProblem;
use app::server::db::{audit, imports};
use app::server::import::decode::{decode, read_table, MAX_FILE_BYTES};
use app::server::state::AppState;
use app::AppError;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};

/// The body limit of this route: the file plus the form around it.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024)
}

/// Why an upload went back to the form (the page words each in the admin's language).
fn back(problem: &str) -> Response {
    Redirect::to(&format!("/admin/imports?problem={problem}")).into_response()
}

pub async fn upload(
    State(state): State<AppState>,
    Allowed { caller: admin, .. }: Allowed<staff::Imports>,
    multipart: Multipart,
) -> Response {
    let (file_name, bytes) = match read_file(multipart, "members.csv").await {
        Ok(file) => file,
        Err(problem) => return back(problem),
    };
    let (text, encoding) = match decode(&bytes) {
        Ok(decoded) => decoded,
        Err(_) => return back("encoding"),
    };
    let table = match read_table(&text) {
        Ok(table) if !table.rows.is_empty() => table,
        Ok(_) | Err(FieldProblem::Required) => return back("empty"),
        Err(FieldProblem::TooLong { .. }) => return back("too_many_rows"),
        Err(_) => return back("format"),
    };
    match store(&state, admin.account_id, &file_name, encoding.code(), &text, &table.headings, table.rows.len()).await {
        Ok(id) => Redirect::to(&format!("/admin/imports/{id}")).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The `file` field of the form, up to the size limit, with its name (`default_name` when the
/// browser sent none).
pub async fn read_file(mut multipart: Multipart, default_name: &str) -> Result<(String, Vec<u8>), &'static str> {
    while let Some(mut field) = multipart.next_field().await.map_err(|_| "too_large")? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
        let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| "too_large")? {
            if bytes.len() + chunk.len() > MAX_FILE_BYTES {
                return Err("too_large");
            }
            bytes.extend_from_slice(&chunk);
        }
        if bytes.is_empty() {
            return Err("missing");
        }
        return Ok((if name.is_empty() { default_name.to_string() } else { name }, bytes));
    }
    Err("missing")
}

async fn store(
    state: &AppState,
    admin: app::domain::ids::AccountId,
    file_name: &str,
    encoding: &str,
    text: &str,
    headings: &[String],
    rows: usize,
) -> Result<i64, AppError> {
    let remembered: Vec<(String, ImportField)> = imports::remembered(&state.pool)
        .await?
        .into_iter()
        .filter_map(|(heading, field)| ImportField::parse(&field).map(|f| (heading, f)))
        .collect();
    let mapping = Mapping::suggest(headings, &remembered);
    let upload = imports::Upload {
        file_name,
        encoding,
        content: text,
        column_names: headings,
        row_count: i32::try_from(rows).unwrap_or(i32::MAX),
        mapping: serde_json::to_value(&mapping).map_err(|_| AppError::Internal)?,
    };
    let mut tx = state.pool.begin().await?;
    let id = imports::insert(&mut tx, admin, &upload).await?;
    let details = serde_json::json!({ "file": file_name, "encoding": encoding, "rows": rows });
    audit::record(&mut tx, admin, "member_import.upload", "member_import", id, details).await?;
    tx.commit().await?;
    tracing::info!(import = id, rows, encoding, "member list uploaded");
    Ok(id)
}
