//! Correcting and voiding a recorded dues payment (the treasurer's and admins' work, `Duty::Dues`):
//! a correction keeps what the payment said before, with the reason and who changed it; a voided
//! payment leaves the member's dues for the register of voided payments. Both audited.

use crate::domain::dues::{PaymentForm, PaymentRevision};
use crate::domain::ids::MemberId;
use crate::domain::membership::RecordedPayment;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

/// Everything the page of one payment shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentPage {
    pub member_id: MemberId,
    pub member_name: String,
    pub member_number: Option<i32>,
    pub payment: RecordedPayment,
    pub revisions: Vec<PaymentRevision>,
    /// Its receipts: the one in force first, then cancelled ones.
    pub receipts: Vec<crate::domain::receipt::Receipt>,
    /// Where its receipt can be emailed (none: the member has no email address).
    pub mail_to: Option<String>,
    /// The correction form: the payment's values, or what was typed before a refusal.
    pub form: PaymentForm,
    pub reason: String,
}

#[cfg(feature = "ssr")]
fn draft_key(payment: i64) -> String {
    format!("draft:dues-payment:{payment}")
}

/// One payment of a member with its corrections. Staff with `Dues`; 404 for a payment that is not
/// the member's (or was voided).
#[server(endpoint = "dues_payment", input = GetUrl)]
pub async fn load_dues_payment(id: MemberId, payment: i64) -> Result<PaymentPage, AppError> {
    use crate::server::{
        db::{dues, members, receipts},
        form_draft,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let recorded = dues::one(&ctx.db, record.id, payment).await?.ok_or(AppError::NotFound)?;
        let draft: Option<(PaymentForm, String)> = form_draft::take(&ctx.session, &draft_key(payment)).await;
        let (form, reason) = draft.unwrap_or_else(|| {
            let p = &recorded.payment;
            let form = PaymentForm {
                fiscal_year: p.fiscal_year.to_string(),
                paid_on: p.paid_on.to_string(),
                amount_yen: p.amount_yen.to_string(),
                method: p.method.code().to_string(),
                note: p.note.clone(),
            };
            (form, String::new())
        });
        Ok(PaymentPage {
            member_id: record.id,
            member_name: record.full_name.clone(),
            member_number: record.member_number,
            revisions: dues::revisions(&ctx.db, payment).await?,
            receipts: receipts::of_payment(&ctx.db, payment).await?,
            mail_to: receipts::mail_address(&ctx.db, record.id).await?,
            payment: recorded,
            form,
            reason,
        })
    })
    .await
}

/// Corrects a payment (whose member it names): the fields as on the record form, and why. The fields that changed are kept
/// as they were (`dues_payment_revisions`) and written to the audit log. 422 with field errors
/// (`fiscal_year` `Duplicate` when that year is recorded in another payment; `reason` `Required`).
#[server(endpoint = "correct_dues_payment")]
pub async fn correct_dues_payment(
    payment: i64,
    #[server(default)] fiscal_year: String,
    #[server(default)] paid_on: String,
    #[server(default)] amount_yen: String,
    #[server(default)] method: String,
    #[server(default)] note: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, dues, members},
        form_draft,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let id = dues::member_of(&ctx.db, payment).await?.ok_or(AppError::NotFound)?;
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let form = PaymentForm { fiscal_year, paid_on, amount_yen, method, note };
        let checked = crate::server::dues::validate(&ctx.db, record.id, &form).await;
        let why = crate::server::dues::reason(&reason);
        let (corrected, why) = match (checked, why) {
            (Ok(corrected), Ok(why)) => (corrected, why),
            (checked, why) => {
                let mut e = crate::error::FieldErrors::default();
                for result in [checked.err(), why.err()].into_iter().flatten() {
                    match result {
                        AppError::Invalid(errors) => e.0.extend(errors.0),
                        other => return Err(other),
                    }
                }
                form_draft::keep_for_plain_post(&ctx.session, &draft_key(payment), &(&form, &reason)).await;
                return Err(AppError::Invalid(e));
            }
        };
        let mut tx = ctx.db.begin().await?;
        // The member first, then the payment: the order an import's undo takes.
        if members::lock_erased(&mut tx, record.id).await? != Some(false) {
            return Err(AppError::NotFound);
        }
        let before = dues::lock(&mut tx, record.id, payment).await?.ok_or(AppError::NotFound)?;
        let changes = before.changes(&corrected);
        if changes.is_empty() {
            leptos_axum::redirect(&format!("/admin/members/{id}?done=unchanged"));
            return Ok(());
        }
        if !dues::correct(&mut tx, record.id, payment, &changes, &corrected, ctx.caller.account_id, &why).await? {
            form_draft::keep_for_plain_post(&ctx.session, &draft_key(payment), &(&form, &reason)).await;
            return Err(AppError::invalid("fiscal_year", FieldProblem::Duplicate));
        }
        // Which fields, not what they said: a note or a reason may name someone, and the audit log
        // outlives an erasure (the values are in dues_payment_revisions, which the erasure clears).
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        let details = serde_json::json!({ "payment_id": payment, "fields": fields });
        audit::record(&mut tx, ctx.caller.account_id, "dues.correct", "member", id, details).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/admin/members/{id}?done=dues_corrected"));
        Ok(())
    })
    .await
}

/// Voids a payment recorded by mistake, with the reason: it leaves the member's dues (that year is
/// unpaid again and can be recorded anew) for the register of voided payments. Audited.
#[server(endpoint = "void_dues_payment")]
pub async fn void_dues_payment(id: MemberId, payment: i64, #[server(default)] reason: String) -> Result<(), AppError> {
    use crate::server::{
        db::{audit, dues, members},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let why = crate::server::dues::reason(&reason)?;
        let mut tx = ctx.db.begin().await?;
        if members::lock_erased(&mut tx, record.id).await? != Some(false) {
            return Err(AppError::NotFound);
        }
        let voided = dues::lock(&mut tx, record.id, payment).await?.ok_or(AppError::NotFound)?;
        dues::void(&mut tx, record.id, payment, ctx.caller.account_id, &why).await?;
        let details = serde_json::json!({
            "payment_id": payment, "fiscal_year": voided.fiscal_year, "amount_yen": voided.amount_yen,
        });
        audit::record(&mut tx, ctx.caller.account_id, "dues.void", "member", id, details).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/admin/members/{id}?done=dues_voided"));
        Ok(())
    })
    .await
}
