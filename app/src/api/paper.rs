//! Receipts and the paper page (`/admin/paper`): issuing receipts (one, or a fiscal year's run),
//! and what the treasurer and the records clerks can print. The PDFs themselves are GET routes of
//! the server (`/admin/paper/…`, see `docs/api.md`).

use crate::domain::ids::MemberId;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

/// What the paper page shows for one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperSummary {
    pub year: i32,
    pub this_year: i32,
    /// The caller records dues: the receipts and notice letters are theirs to print.
    pub may_dues: bool,
    /// That year's dues payments (not those the import brought), how many have a receipt in
    /// force, and how many receipts in force are not printed yet.
    pub payments: i64,
    pub with_receipt: i64,
    pub unprinted: i64,
    pub payment_account_set: bool,
    /// Members who get post, and those of them who have not paid that year (each gets a notice
    /// letter).
    pub postal: i64,
    pub postal_unpaid: i64,
    /// Members who asked for post but have no address: (id, number, name).
    pub without_address: Vec<(MemberId, Option<i32>, String)>,
    /// The notice and the reminder by email: (mailed already, still to mail).
    pub notice_mail: (i64, i64),
    pub reminder_mail: (i64, i64),
    /// The due day has passed: reminders may go.
    pub reminders_open: bool,
    /// The notice as a member sees it: (subject, body) in Japanese, then English.
    pub preview: Vec<(String, String)>,
}

/// The paper page: staff with `PostalMail` (labels); the receipts and letters need `Dues` too.
#[server(endpoint = "paper_overview", input = GetUrl)]
pub async fn paper_overview(#[server(default)] year: Option<i32>) -> Result<PaperSummary, AppError> {
    use crate::server::db::dues_mail::{self, DuesMailKind};
    use crate::server::db::{association, mailing, receipts};
    use crate::server::guard::{may, serve, Access, Duty};
    serve(Access::Staff(Duty::PostalMail), |ctx| async move {
        let profile = association::profile::load(&ctx.db).await?;
        let this_year = profile.calendar.this_year();
        let year = year.filter(|y| (2000..=2100).contains(y)).unwrap_or(this_year);
        let may_dues = may(&ctx.caller, Duty::Dues);
        let (payments, with_receipt, unprinted) =
            if may_dues { receipts::year_counts(&ctx.db, year).await? } else { (0, 0, 0) };
        let (notice_mail, reminder_mail) = if may_dues {
            (
                dues_mail::progress(&ctx.db, year, DuesMailKind::Notice).await?,
                dues_mail::progress(&ctx.db, year, DuesMailKind::Reminder).await?,
            )
        } else {
            ((0, 0), (0, 0))
        };
        let preview = if may_dues { preview(&profile, year) } else { Vec::new() };
        let without_address = mailing::without_address(&ctx.db, None)
            .await?
            .into_iter()
            .map(|a| (a.member_id, a.member_number, a.addressee))
            .collect();
        Ok(PaperSummary {
            year,
            this_year,
            may_dues,
            payments,
            with_receipt,
            unprinted,
            payment_account_set: !profile.payment_account.ja.is_empty(),
            postal: mailing::count(&ctx.db, None).await?,
            postal_unpaid: mailing::count(&ctx.db, Some(year)).await?,
            without_address,
            notice_mail,
            reminder_mail,
            reminders_open: profile.calendar.grace_in(year) < crate::domain::dates::today_in_japan(),
            preview,
        })
    })
    .await
}

/// Issues the receipt of a payment, numbered in its fiscal year; for a payment that has one in
/// force, issues it again (a reissue: same number, the paper says 再発行). The payment's page lists it. A receipt whose payment
/// changed since is cancelled and a new number taken. Staff with `Dues`; audited.
#[server(endpoint = "issue_receipt")]
pub async fn issue_receipt(payment: i64) -> Result<(), AppError> {
    use crate::server::db::{audit, dues, members, receipts};
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let member = dues::member_of(&ctx.db, payment).await?.ok_or(AppError::NotFound)?;
        let mut tx = ctx.db.begin().await?;
        // The member, then the payment: the order corrections and voids take.
        if members::lock_erased(&mut tx, member).await? != Some(false) {
            return Err(AppError::NotFound);
        }
        dues::lock(&mut tx, member, payment).await?.ok_or(AppError::NotFound)?;
        let receipt = receipts::issue(&mut tx, payment, ctx.caller.account_id).await?.ok_or(AppError::NotFound)?;
        let details = serde_json::json!({
            "payment_id": payment, "receipt": receipt.number_label(), "issues": receipt.issues,
        });
        audit::record(&mut tx, ctx.caller.account_id, "receipt.issue", "member", member, details).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/admin/members/{member}/dues/{payment}#receipt"));
        Ok(())
    })
    .await
}

/// A fiscal year's run: a receipt for every payment of that year's dues that has none in force,
/// numbered in member-number order, all in one transaction (the audit entry says how many). Staff
/// with `Dues`; audited.
#[server(endpoint = "issue_receipts")]
pub async fn issue_receipts(year: i32) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::db::{audit, receipts};
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        if !(2000..=2100).contains(&year) {
            return Err(AppError::invalid("year", FieldProblem::InvalidFormat));
        }
        let mut tx = ctx.db.begin().await?;
        let issued = receipts::issue_missing(&mut tx, receipts::Which::DuesYear(year), ctx.caller.account_id).await?;
        let details = serde_json::json!({ "year": year, "issued": issued });
        audit::record(&mut tx, ctx.caller.account_id, "receipt.issue_year", "dues", i64::from(year), details).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/admin/paper?year={year}"));
        Ok(())
    })
    .await
}

/// The notice as a sample member reads it, in Japanese and in English.
#[cfg(feature = "ssr")]
fn preview(profile: &crate::domain::association_profile::AssociationProfile, year: i32) -> Vec<(String, String)> {
    use crate::server::db::dues_mail::{DuesMailKind, Recipient};
    ["ja", "en"]
        .into_iter()
        .map(|lang| {
            let sample = Recipient {
                member_id: crate::domain::ids::MemberId(0),
                account_id: None,
                email: String::new(),
                full_name: if lang == "ja" { "稲城 花子".into() } else { "Hanako Inagi".into() },
                member_number: Some(1234),
                dues_yen: 2000,
                lang: lang.into(),
            };
            let (_, subject, body) = crate::server::dues_mail::compose(profile, year, DuesMailKind::Notice, &sample);
            (subject, body)
        })
        .collect()
}

/// Mails the year's dues notice (`kind=notice`) or, once the due day has passed, its reminder
/// (`kind=reminder`) to every active member who gets email and owes that year's dues, in batches;
/// nobody gets the same one twice, and a run stopped half-way sends only the rest when started
/// again. Staff with `Dues`; audited (`dues.mail`, how many).
#[server(endpoint = "send_dues_mail")]
pub async fn send_dues_mail(year: i32, #[server(default)] kind: String) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::db::dues_mail::DuesMailKind;
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        if !(2000..=2100).contains(&year) {
            return Err(AppError::invalid("year", FieldProblem::InvalidFormat));
        }
        let kind = DuesMailKind::parse(&kind).ok_or(AppError::invalid("kind", FieldProblem::ChooseOne))?;
        let run = crate::server::dues_mail::Run::default();
        let sent = crate::server::dues_mail::send(&ctx.db, year, kind, ctx.caller.account_id, run).await?;
        leptos_axum::redirect(&format!("/admin/paper?year={year}&mailed={sent}"));
        Ok(())
    })
    .await
}
