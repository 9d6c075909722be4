//! "Download my data": a member's own record as JSON or CSV (GET /account/export.json, .csv).
//! Plain routes, so the browser downloads a file; the same session and the same access rule as
//! the server functions (`Allowed<Member>`, the guard's own check).

use crate::auth::{Allowed, Member};
use crate::csv_out::{attachment, Cell, CsvOut, Encoding};
use app::domain::membership::MyMembership;
use app::server::db::members;
use app::server::membership;
use app::server::session::Caller;
use app::server::state::AppState;
use app::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Serialize)]
struct Export {
    exported_at: chrono::DateTime<chrono::Utc>,
    login_email: String,
    membership: MyMembership,
    signups: Vec<app::domain::signup::MySignup>,
}

pub async fn json_file(State(state): State<AppState>, Allowed { caller, .. }: Allowed<Member>) -> Response {
    match build(&state, caller).await {
        Ok(export) => json(&export),
        Err(error) => error.into_response(),
    }
}

pub async fn csv_file(State(state): State<AppState>, Allowed { caller, .. }: Allowed<Member>) -> Response {
    match build(&state, caller).await {
        Ok(export) => csv(&export),
        Err(error) => error.into_response(),
    }
}

async fn build(state: &AppState, caller: Caller) -> Result<Export, AppError> {
    let record = members::by_account(&state.pool, caller.account_id).await?.ok_or(AppError::Forbidden)?;
    let membership = membership::assemble(&state.pool, &record, &state.reference.profile(&state.pool).await?).await?;
    tracing::info!(member_id = record.id.0, "member downloaded their own data");
    let signups = app::server::db::signups::mine(&state.pool, caller.account_id, Some(record.id)).await?;
    Ok(Export { exported_at: chrono::Utc::now(), login_email: caller.email, membership, signups })
}

fn json(export: &Export) -> Response {
    match serde_json::to_vec_pretty(export) {
        Ok(body) => attachment("kizuna-my-data.json", "application/json; charset=utf-8", body),
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
    let encoding = Encoding::Utf8;
    let mut out = CsvOut::new(encoding);
    for row in &rows {
        out.row(&row.iter().map(Cell::text).collect::<Vec<_>>());
    }
    attachment("kizuna-my-data.csv", &encoding.content_type(), out.into_file())
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
