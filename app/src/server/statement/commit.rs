//! The commit of a checked statement: every taken line becomes dues payments (bank transfer, on
//! the day received, the payer in the note), all in one transaction or none; a line that no
//! longer fits (the member left, the year was paid meanwhile, several years that are not those
//! years' dues) refuses the whole commit and is named. The undo voids exactly those payments.

use crate::domain::dues::PaymentMethod;
use crate::domain::ids::{AccountId, MemberId};
use crate::domain::member::MemberStatus;
use crate::domain::membership::DuesPayment;
use crate::domain::statement::payer::payer_key;
use crate::error::{AppError, FieldErrors, FieldProblem};
use crate::server::db::{audit, dues, members, statements};
use sqlx::PgConnection;
use std::collections::BTreeSet;

/// The error field of a line's member number / years on the review page.
pub fn line_field(line: i64, field: &str) -> String {
    format!("line.{line}.{field}")
}

/// The payments a taken line becomes: one payment of the whole amount for one year (a part or
/// more than the dues is kept as paid), or each year's dues when the amount is several years'.
pub async fn payments_of(
    tx: &mut PgConnection,
    line: &statements::TakenLine,
) -> Result<Result<Vec<DuesPayment>, FieldProblem>, sqlx::Error> {
    let (_, member, first, years, amount, received_on, payer) = line;
    let note: String = format!("振込 {payer}").chars().take(crate::server::dues::NOTE_MAX).collect();
    let payment = |fiscal_year: i32, amount_yen: i32| DuesPayment {
        fiscal_year,
        paid_on: *received_on,
        amount_yen,
        method: PaymentMethod::BankTransfer,
        note: note.clone(),
    };
    let first = i32::from(*first);
    if *years <= 1 {
        return Ok(Ok(vec![payment(first, *amount)]));
    }
    let mut all = Vec::new();
    for year in first..first + i32::from(*years) {
        match members::dues_for_year(&mut *tx, *member, year).await? {
            Some(due) if due > 0 => all.push(payment(year, due)),
            _ => return Ok(Err(FieldProblem::AmountNotYears)),
        }
    }
    if all.iter().map(|p| p.amount_yen).sum::<i32>() != *amount {
        return Ok(Err(FieldProblem::AmountNotYears));
    }
    Ok(Ok(all))
}

/// Records the taken lines of a locked statement. `Ok(count)` of payments, or every line's problem.
pub async fn record_all(tx: &mut PgConnection, statement: i64, by: AccountId) -> Result<usize, AppError> {
    let taken = statements::taken(&mut *tx, statement).await?;
    if taken.is_empty() {
        return Err(AppError::invalid("form", FieldProblem::Required));
    }
    let ids: BTreeSet<MemberId> = taken.iter().map(|l| l.1).collect();
    let ids: Vec<MemberId> = ids.into_iter().collect();
    let active: BTreeSet<MemberId> = statements::lock_members(&mut *tx, &ids)
        .await?
        .into_iter()
        .filter(|(_, status)| *status == MemberStatus::Active)
        .map(|(id, _)| id)
        .collect();
    let mut errors = FieldErrors::default();
    let mut recorded = 0;
    for line in &taken {
        let (line_id, member, ..) = line;
        if !active.contains(member) {
            errors.add(line_field(*line_id, "member_number"), FieldProblem::NotAllowed);
            continue;
        }
        let payments = match payments_of(&mut *tx, line).await? {
            Ok(payments) => payments,
            Err(problem) => {
                errors.add(line_field(*line_id, "years"), problem);
                continue;
            }
        };
        for payment in &payments {
            // The unique (member, year) decides, also against a payment recorded at this moment.
            let Some(payment_id) = dues::record(&mut *tx, *member, payment, by).await? else {
                errors.add(line_field(*line_id, "years"), FieldProblem::Duplicate);
                break;
            };
            statements::link_payment(&mut *tx, payment_id, *line_id).await?;
            let details = serde_json::json!({
                "payment_id": payment_id, "fiscal_year": payment.fiscal_year, "amount_yen": payment.amount_yen,
                "method": payment.method.code(), "statement": statement,
            });
            audit::record(&mut *tx, by, "dues.record", "member", *member, details).await?;
            recorded += 1;
        }
        let key = payer_key(&line.6);
        if !key.is_empty() {
            statements::remember_payer(&mut *tx, &key, *member, statement).await?;
        }
    }
    errors.into_result()?;
    Ok(recorded)
}

/// Voids the payments a committed statement recorded. Refused while one has a receipt or a
/// correction. The count voided.
pub async fn void_all(tx: &mut PgConnection, statement: i64, by: AccountId) -> Result<usize, AppError> {
    // The members first, as issuing a receipt or correcting a payment does: neither can slip in
    // between the check below and the void.
    let payments = statements::payments(&mut *tx, statement).await?;
    let members: BTreeSet<MemberId> = payments.iter().map(|(member, _)| *member).collect();
    statements::lock_members(&mut *tx, &members.into_iter().collect::<Vec<_>>()).await?;
    if statements::undo_blockers(&mut *tx, statement).await? > 0 {
        return Err(AppError::invalid("form", FieldProblem::NotAllowed));
    }
    let payments = statements::payments(&mut *tx, statement).await?;
    let reason = format!("入金明細（#{statement}）の取り込みを取り消しました");
    for (member, payment) in &payments {
        dues::void(&mut *tx, *member, *payment, by, &reason).await?;
    }
    // The payer names this commit taught are forgotten with it.
    statements::forget_payers(&mut *tx, statement).await?;
    Ok(payments.len())
}
