//! `POST /admin/paper/receipts/{id}/mail`: a receipt in force, mailed to its member with the PDF
//! attached (from the payment's page; staff with `Dues`). The PDF is drawn now and travels in the
//! outbox with the mail (`outbox_attachments`), in the member's language; the mailed PDF is the
//! original, so the receipt counts as printed (a later print says 控).

use super::receipts_pdf;
use super::routes::{draw, issuer};
use crate::auth::{staff, Allowed};
use app::i18n::{mail::Mail, Lang};
use app::server::db::{audit, outbox, receipts};
use app::server::state::AppState;
use app::AppError;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

pub async fn mail_receipt(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Allowed { caller, .. }: Allowed<staff::Dues>,
) -> Result<Response, AppError> {
    // A cancelled receipt, an erased member or one without an address: nothing to mail.
    let (payment, member, address, lang, account) =
        receipts::mail_target(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    let (_, receipt) = receipts::one(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    let lang = Lang::parse(&lang).unwrap_or(Lang::Ja);
    let (issuer, _) = issuer(&state.pool).await?;
    let number = receipt.number_label();
    let (subject, body) = Mail::Receipt {
        name: &receipt.addressee,
        number: &number,
        amount_yen: receipt.amount_yen,
        dues_year: receipt.for_what.dues_year(),
    }
    .compose(lang);
    let file = format!("receipt-{number}.pdf");
    let to_draw = receipt.clone();
    let pdf = draw(move || receipts_pdf(std::slice::from_ref(&to_draw), &issuer)).await?;
    let mut tx = state.pool.begin().await?;
    let queued = outbox::enqueue_signed(&mut tx, account, &address, lang, &subject, &body).await?;
    outbox::attach(&mut tx, queued, &file, "application/pdf", &pdf).await?;
    receipts::mark_printed(&mut *tx, &[receipt.id]).await?;
    let details = serde_json::json!({ "receipt": number, "member_id": member, "outbox_id": queued });
    audit::record(&mut tx, caller.account_id, "receipt.mail", "receipt", receipt.id, details).await?;
    tx.commit().await?;
    let back = match payment {
        Some(payment) => format!("/admin/members/{member}/dues/{payment}?receipt_mailed=1#receipt"),
        None => format!("/admin/donations?year={}&receipt_mailed=1", receipt.fiscal_year),
    };
    Ok(Redirect::to(&back).into_response())
}
