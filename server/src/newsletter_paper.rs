//! A newsletter's paper, for its members who get post (recorded when its sending ended):
//!
//! - `GET /chair/newsletters/{id}/print.pdf?lang=ja|en`: the newsletter to print and copy, in one
//!   language (organisers who handle the message).
//! - `GET /chair/newsletters/{id}/labels.pdf?sheet=12|24`: address labels for its print run
//!   (`PostalMail`: names and addresses are the secretariat's).
//!
//! Each download is audited; drawing runs on a blocking thread.

use crate::auth::{staff, Allowed, Organiser};
use crate::paper::{labels_pdf, newsletter, LabelSheet, Pdf};
use app::domain::dates::{japan_day, today_in_japan};
use app::domain::ids::NewsletterId;
use app::error::FieldProblem;
use app::i18n::Lang;
use app::server::db::{association, audit, mailing, newsletters};
use app::server::state::AppState;
use app::AppError;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

async fn draw(work: impl FnOnce() -> Result<Vec<u8>, AppError> + Send + 'static) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "drawing a PDF failed");
        AppError::Internal
    })?
}

fn pdf(file: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{file}\"")),
        ],
        body,
    )
        .into_response()
}

async fn audited(
    state: &AppState,
    by: app::domain::ids::AccountId,
    action: &str,
    id: NewsletterId,
    details: serde_json::Value,
) -> Result<(), AppError> {
    let mut tx = state.pool.begin().await?;
    audit::record(&mut tx, by, action, "newsletter", id.0, details).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn print(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
    Allowed { caller, .. }: Allowed<Organiser>,
) -> Result<Response, AppError> {
    let id = NewsletterId(id);
    let stored = newsletters::one(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    app::server::newsletters::may_handle(&caller, stored.committee_id)?;
    let lang = match q.get("lang") {
        None => Lang::Ja,
        Some(code) => Lang::parse(code).ok_or(AppError::invalid("lang", FieldProblem::NotAllowed))?,
    };
    let association = association::profile::load(&state.pool).await?.name.get(lang);
    let sent_on = stored.sent_at.map(japan_day).unwrap_or_else(today_in_japan);
    let letter = stored.letter;
    let body = draw(move || {
        let mut pdf = Pdf::new()?;
        newsletter::render(&letter, lang, &association, sent_on, &mut pdf);
        pdf.finish()
    })
    .await?;
    audited(&state, caller.account_id, "newsletter.print", id, serde_json::json!({ "lang": lang.code() })).await?;
    Ok(pdf(&format!("newsletter-{id}-{}.pdf", lang.code()), body))
}

pub async fn labels(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
    Allowed { caller, .. }: Allowed<staff::PostalMail>,
) -> Result<Response, AppError> {
    let id = NewsletterId(id);
    newsletters::one(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    let sheet = match q.get("sheet") {
        None => LabelSheet::Twelve,
        Some(value) => LabelSheet::parse(value).ok_or(AppError::invalid("sheet", FieldProblem::NotAllowed))?,
    };
    let to = mailing::of_newsletter(&state.pool, id).await?;
    let details = serde_json::json!({ "labels": to.len(), "per_sheet": sheet.per_sheet() });
    let body = draw(move || labels_pdf(sheet, &to)).await?;
    audited(&state, caller.account_id, "newsletter.labels", id, details).await?;
    Ok(pdf(&format!("newsletter-{id}-labels-{}.pdf", sheet.per_sheet()), body))
}
