//! The GET routes that send paper as PDF, with the same session and access rules as the server
//! functions; every download is written to the audit log (what was printed, how many). Drawing
//! runs on a blocking thread, so a year's receipts do not hold up other requests.
//!
//! - `/admin/paper/receipts/{id}`: one receipt (`Dues`).
//! - `/admin/paper/receipts?year=[&all=1]`: a fiscal year's receipts not printed yet, or all (`Dues`).
//! - `/admin/paper/notices?year=`: the dues notice letters for members who get post (`Dues`).
//! - `/admin/paper/labels?sheet=12|24[&unpaid=year]`: address labels (`PostalMail`).

use super::{labels_pdf, notice, receipts_pdf, Issuer, LabelSheet, Pdf};
use crate::auth::{staff, Allowed};
use app::domain::dates::today_in_japan;
use app::error::FieldProblem;
use app::server::db::{association, audit, mailing, receipts};
use app::server::state::AppState;
use app::AppError;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

pub async fn issuer(db: &PgPool) -> Result<(Issuer, app::domain::association_profile::AssociationProfile), AppError> {
    let contact = association::contact(db).await?;
    let profile = association::profile::load(db).await?;
    Ok((Issuer::new(&contact, &profile), profile))
}

/// The fiscal year in `key`, if given; 422 for one that is not a year.
fn year_param(q: &HashMap<String, String>, key: &str) -> Result<Option<i32>, AppError> {
    match q.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => match value.parse::<i32>() {
            Ok(year) if (2000..=2100).contains(&year) => Ok(Some(year)),
            _ => Err(AppError::invalid(key, FieldProblem::InvalidFormat)),
        },
    }
}

/// Draws on a blocking thread (a long run would otherwise stall this worker's other requests).
pub(super) async fn draw(
    work: impl FnOnce() -> Result<Vec<u8>, AppError> + Send + 'static,
) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "drawing a PDF failed");
        AppError::Internal
    })?
}

fn pdf_response(file: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            // Opens in the browser's viewer (print from there); saved under this name.
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{file}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

async fn audited(
    db: &PgPool,
    caller: &app::server::session::Caller,
    action: &str,
    details: serde_json::Value,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    audit::record(&mut tx, caller.account_id, action, "paper", 0, details).await?;
    tx.commit().await?;
    Ok(())
}

/// GET /admin/paper/receipts/{id}: one receipt as issued (再発行 when issued again; a
/// cancelled one says so). Issuing is `issue_receipt`; this only prints.
pub async fn one_receipt(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Allowed { caller, .. }: Allowed<staff::Dues>,
) -> Result<Response, AppError> {
    let (member, receipt) = receipts::one(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    let (issuer, _) = issuer(&state.pool).await?;
    let printed = [receipt.id];
    let file = format!("receipt-{}.pdf", receipt.number_label());
    let details = serde_json::json!({ "receipt": receipt.number_label(), "member_id": member });
    let body = draw(move || receipts_pdf(std::slice::from_ref(&receipt), &issuer)).await?;
    receipts::mark_printed(&state.pool, &printed).await?;
    audited(&state.pool, &caller, "paper.receipt", details).await?;
    Ok(pdf_response(&file, body))
}

/// GET /admin/paper/receipts?year=[&all=1]: the receipts in force for that fiscal year's dues not
/// printed yet (with `all`, every one: those printed before say 控), in number order, one PDF
/// (the year's print run; `issue_receipts` numbers the missing ones).
pub async fn year_receipts(
    State(state): State<AppState>,
    Query(q): Params,
    Allowed { caller, .. }: Allowed<staff::Dues>,
) -> Result<Response, AppError> {
    let (issuer, profile) = issuer(&state.pool).await?;
    let year = year_param(&q, "year")?.unwrap_or(profile.calendar.this_year());
    let all = q.get("all").is_some_and(|v| v == "1");
    let list = receipts::for_dues_year(&state.pool, year, all).await?;
    let printed: Vec<i64> = list.iter().map(|r| r.id).collect();
    let details = serde_json::json!({ "year": year, "receipts": list.len(), "all": all });
    let body = draw(move || receipts_pdf(&list, &issuer)).await?;
    receipts::mark_printed(&state.pool, &printed).await?;
    audited(&state.pool, &caller, "paper.receipts", details).await?;
    Ok(pdf_response(&format!("receipts-{year}.pdf"), body))
}

/// GET /admin/paper/notices?year=: the notice letters for that fiscal year, to every active
/// member who gets post and has not paid it.
pub async fn notices(
    State(state): State<AppState>,
    Query(q): Params,
    Allowed { caller, .. }: Allowed<staff::Dues>,
) -> Result<Response, AppError> {
    let (issuer, profile) = issuer(&state.pool).await?;
    let year = year_param(&q, "year")?.unwrap_or(profile.calendar.this_year());
    let letters = mailing::notices(&state.pool, year).await?;
    let details = serde_json::json!({ "year": year, "letters": letters.len() });
    let (written_on, due_by) = (today_in_japan(), profile.calendar.grace_in(year));
    let body = draw(move || {
        let mut pdf = Pdf::new()?;
        notice::render(&notice::Run { year, written_on, due_by, issuer: &issuer }, &letters, &mut pdf);
        pdf.finish()
    })
    .await?;
    audited(&state.pool, &caller, "paper.notices", details).await?;
    Ok(pdf_response(&format!("dues-notices-{year}.pdf"), body))
}

/// GET /admin/paper/labels?sheet=12|24: a label for every active member who gets post (with
/// `unpaid=year`, only those who have not paid that year's dues).
pub async fn labels(
    State(state): State<AppState>,
    Query(q): Params,
    Allowed { caller, .. }: Allowed<staff::PostalMail>,
) -> Result<Response, AppError> {
    let sheet = match q.get("sheet") {
        None => LabelSheet::Twelve,
        Some(value) => LabelSheet::parse(value).ok_or(AppError::invalid("sheet", FieldProblem::NotAllowed))?,
    };
    let unpaid = year_param(&q, "unpaid")?;
    let to = mailing::addressees(&state.pool, unpaid).await?;
    let details = serde_json::json!({ "labels": to.len(), "per_sheet": sheet.per_sheet(), "unpaid": unpaid });
    let body = draw(move || labels_pdf(sheet, &to)).await?;
    audited(&state.pool, &caller, "paper.labels", details).await?;
    Ok(pdf_response(&format!("labels-{}-{}.pdf", sheet.per_sheet(), today_in_japan().format("%Y%m%d")), body))
}
