//! Donations (寄付金): the year's list with its receipts, recording one (from a member, by number,
//! or from someone outside, by name and address), its receipt (issued, or issued again: 再発行),
//! and voiding one with a reason. Staff with `Dues` (treasurer, admin); every step audited.

use crate::domain::donation::{DonationForm, DonationsPage};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
const DRAFT: &str = "draft:donation";

/// Back to the year's list at one donation. The address is new each time (`v`), so that with
/// JavaScript the page reads the list again even when the rest of the address is the same.
#[cfg(feature = "ssr")]
fn back_to_list(year: i32, what: &str, id: i64) {
    let v = chrono::Utc::now().timestamp_millis();
    leptos_axum::redirect(&format!("/admin/donations?year={year}{what}&v={v}#donation-{id}"));
}

/// A fiscal year's donations (by the day received; this year when not given).
#[server(endpoint = "donations", input = GetUrl)]
pub async fn load_donations(#[server(default)] year: Option<i32>) -> Result<DonationsPage, AppError> {
    use crate::server::{
        db::{association, donations},
        form_draft,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let calendar = association::profile::load(&ctx.db).await?.calendar;
        let this_year = calendar.this_year();
        let year = year.filter(|y| (2000..=2100).contains(y)).unwrap_or(this_year);
        let today = crate::domain::dates::today_in_japan();
        let form = form_draft::take(&ctx.session, DRAFT).await.unwrap_or_else(|| DonationForm {
            received_on: today.to_string(),
            method: "bank_transfer".into(),
            ..DonationForm::default()
        });
        Ok(DonationsPage { year, this_year, today, donations: donations::of_year(&ctx.db, year).await?, form })
    })
    .await
}

/// Records a donation (`donation[…]` fields). With `member_number`, a member's (any member not
/// erased, a former one too); without, someone outside named by `donor_name` (required) with an
/// optional postal code and address for the receipt. 422 with field errors; the typed form is kept
/// for the page.
#[server(endpoint = "record_donation")]
pub async fn record_donation(#[server(default)] donation: DonationForm) -> Result<(), AppError> {
    use crate::domain::donation::Donor;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, donations},
        form_draft,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let form = donation;
        let refuse = |error: AppError| async {
            form_draft::keep_for_plain_post(&ctx.session, DRAFT, &form).await;
            Err(error)
        };
        let donation = match form.check(crate::domain::dates::today_in_japan()) {
            Ok(donation) => donation,
            Err(errors) => return refuse(AppError::Invalid(errors)).await,
        };
        let member = match donation.donor {
            Donor::Member(number) => match donations::member_by_number(&ctx.db, number).await? {
                Some(id) => Some(id),
                None => return refuse(AppError::invalid("member_number", FieldProblem::NoSuchMember)).await,
            },
            Donor::Outside { .. } => None,
        };
        let mut tx = ctx.db.begin().await?;
        let id = donations::insert(&mut tx, member, &donation, ctx.caller.account_id).await?;
        // Amounts and ids only: a donor's name stays out of the audit log, which outlives an erasure.
        let details = serde_json::json!({ "amount_yen": donation.amount_yen, "member_id": member });
        audit::record(&mut tx, ctx.caller.account_id, "donation.record", "donation", id, details).await?;
        tx.commit().await?;
        let year = crate::server::db::association::profile::load(&ctx.db).await?.calendar.year_of(donation.received_on);
        back_to_list(year, "&recorded=1", id);
        Ok(())
    })
    .await
}

/// Issues the donation's receipt, numbered in the same series as dues receipts, or issues it
/// again (再発行). 404 for a voided donation or an erased member's.
#[server(endpoint = "issue_donation_receipt")]
pub async fn issue_donation_receipt(id: i64) -> Result<(), AppError> {
    use crate::server::{
        db::{audit, donations, members, receipts},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let member = donations::member_of(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let mut tx = ctx.db.begin().await?;
        // The member first, then the donation, then the numbering: the order a dues receipt takes.
        if let Some(member) = member {
            if members::lock_erased(&mut tx, member).await? != Some(false) {
                return Err(AppError::NotFound);
            }
        }
        let year = donations::lock_live(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let receipt = receipts::issue_donation(&mut tx, id, ctx.caller.account_id).await?.ok_or(AppError::NotFound)?;
        let details =
            serde_json::json!({ "donation": id, "receipt": receipt.number_label(), "issues": receipt.issues });
        audit::record(&mut tx, ctx.caller.account_id, "receipt.issue", "donation", id, details).await?;
        tx.commit().await?;
        back_to_list(year, "", id);
        Ok(())
    })
    .await
}

/// Voids a donation (it stays on the list, marked, with the reason); its receipt is cancelled.
/// 422 `reason` when none is given; 404 for one voided already.
#[server(endpoint = "void_donation")]
pub async fn void_donation(id: i64, #[server(default)] reason: String) -> Result<(), AppError> {
    use crate::server::{
        db::{audit, donations},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let why = crate::server::dues::reason(&reason)?;
        let mut tx = ctx.db.begin().await?;
        let year = donations::lock_live(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        donations::void(&mut tx, id, ctx.caller.account_id, &why).await?;
        audit::record(&mut tx, ctx.caller.account_id, "donation.void", "donation", id, serde_json::json!({})).await?;
        tx.commit().await?;
        back_to_list(year, "", id);
        Ok(())
    })
    .await
}
