//! "Download my data": a member's own record as JSON or CSV (GET /account/export.json, .csv).
//! Plain routes, so the browser downloads a file; the same session and the same access rule as
//! the server functions (`guard::decide` with `Access::Member`).

use crate::csv_out::neutralise;
use app::domain::membership::MyMembership;
use app::server::db::members;
use app::server::guard::{decide, Access};
use app::server::state::AppState;
use app::server::{membership, session};
use app::AppError;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tower_sessions::Session;

#[derive(Serialize)]
struct Export {
    exported_at: chrono::DateTime<chrono::Utc>,
    login_email: String,
    membership: MyMembership,
    signups: Vec<app::domain::signup::MySignup>,
}

pub async fn json_file(State(state): State<AppState>, session: Session) -> Response {
    match build(&state, &session).await {
        Ok(export) => json(&export),
        Err(error) => (error.status(), error.to_string()).into_response(),
    }
}

pub async fn csv_file(State(state): State<AppState>, session: Session) -> Response {
    match build(&state, &session).await {
        Ok(export) => csv(&export),
        Err(error) => (error.status(), error.to_string()).into_response(),
    }
}

async fn build(state: &AppState, session: &Session) -> Result<Export, AppError> {
    let caller = session::caller(session, &state.pool).await?;
    decide(Access::Member, caller.as_ref())?;
    let caller = caller.ok_or(AppError::Unauthorized)?;
    let record = members::by_account(&state.pool, caller.account_id).await?.ok_or(AppError::Forbidden)?;
    let membership = membership::assemble(&state.pool, &record, &state.settings).await?;
    tracing::info!(member_id = record.id, "member downloaded their own data");
    let signups = app::server::db::signups::mine(&state.pool, caller.account_id, Some(record.id)).await?;
    Ok(Export { exported_at: chrono::Utc::now(), login_email: caller.email, membership, signups })
}

fn attachment(content_type: &str, name: &str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

fn json(export: &Export) -> Response {
    match serde_json::to_vec_pretty(export) {
        Ok(body) => attachment("application/json; charset=utf-8", "kizuna-my-data.json", body),
        Err(error) => {
            tracing::error!(%error, "could not write the export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// One row per fact: section, field, value. UTF-8 with a BOM so that Excel reads it as such; cells
/// that a spreadsheet would run as a formula are prefixed with '.
fn csv(export: &Export) -> Response {
    let mut rows: Vec<[String; 3]> = vec![["section".into(), "field".into(), "value".into()]];
    let mut flatten = |section: &str, value: &serde_json::Value| walk(section, "", value, &mut rows);
    let value = serde_json::to_value(export).unwrap_or_default();
    flatten("data", &value);
    let mut writer =
        ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(vec![0xEF, 0xBB, 0xBF]);
    for row in &rows {
        let safe: Vec<String> = row.iter().map(|cell| neutralise(cell)).collect();
        if writer.write_record(&safe).is_err() {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    match writer.into_inner() {
        Ok(body) => attachment("text/csv; charset=utf-8", "kizuna-my-data.csv", body),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn walk(section: &str, path: &str, value: &serde_json::Value, rows: &mut Vec<[String; 3]>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                walk(section, &path, inner, rows);
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                walk(section, &format!("{path}.{i}"), inner, rows);
            }
        }
        Value::String(text) => rows.push([section.to_string(), path.to_string(), text.clone()]),
        Value::Null => rows.push([section.to_string(), path.to_string(), String::new()]),
        other => rows.push([section.to_string(), path.to_string(), other.to_string()]),
    }
}
