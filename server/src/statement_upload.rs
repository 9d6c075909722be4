//! `POST /admin/statements/upload`: the treasurer uploads the bank's statement (a plain multipart
//! form, so it works without JavaScript). The file is read (the bank's CSV in UTF-8 or CP932, or a
//! Zengin 振込入金通知 file), each credit matched to members, and the lines stored for review on
//! the statement's page. A file that cannot be read goes back to the form with a plain message
//! (and the line, where one is at fault); nothing is stored then.

use crate::auth::{staff, Allowed};
use app::domain::dates::today_in_japan;
use app::server::db::{association, audit, statements};
use app::server::state::AppState;
use app::server::statement::{parse, propose, Parsed};
use app::AppError;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};

fn back(problem: &str, line: Option<u64>) -> Response {
    let line = line.map(|n| format!("&line={n}")).unwrap_or_default();
    Redirect::to(&format!("/admin/statements?problem={problem}{line}")).into_response()
}

pub async fn upload(
    State(state): State<AppState>,
    Allowed { caller, .. }: Allowed<staff::Dues>,
    multipart: Multipart,
) -> Response {
    let (file_name, bytes) = match crate::uploads::read_file(multipart, "statement.csv").await {
        Ok(file) => file,
        Err(problem) => return back(problem, None),
    };
    let parsed = match parse(&bytes, today_in_japan()) {
        Ok(parsed) => parsed,
        Err(problem) => {
            let (code, line) = problem.code();
            return back(code, line);
        }
    };
    match store(&state, caller.account_id, &file_name, &parsed).await {
        Ok(id) => Redirect::to(&format!("/admin/statements/{id}")).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn store(
    state: &AppState,
    by: app::domain::ids::AccountId,
    file_name: &str,
    parsed: &Parsed,
) -> Result<i64, AppError> {
    let calendar = association::profile::load(&state.pool).await?.calendar;
    let lines = propose::lines(&state.pool, parsed, calendar).await?;
    let statement = statements::NewStatement {
        file_name,
        format: parsed.format,
        encoding: parsed.encoding,
        other_lines: i32::try_from(parsed.other_lines).unwrap_or(i32::MAX),
    };
    let mut tx = state.pool.begin().await?;
    let id = statements::insert(&mut tx, by, &statement, &lines).await?;
    let sure = lines.iter().filter(|l| l.take).count();
    let details = serde_json::json!({
        "file": file_name, "format": parsed.format, "credits": lines.len(), "sure": sure,
    });
    audit::record(&mut tx, by, "statement.upload", "bank_statement", id, details).await?;
    tx.commit().await?;
    tracing::info!(statement = id, credits = lines.len(), sure, "bank statement uploaded");
    Ok(id)
}
