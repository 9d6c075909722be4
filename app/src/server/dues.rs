//! Dues payments as the treasurer records and corrects them: one set of rules for the form's
//! values, whichever form posts them.

use crate::domain::dates::today_in_japan;
use crate::domain::dues::{parse_date, PaymentForm, PaymentMethod};
use crate::domain::ids::MemberId;
use crate::domain::membership::DuesPayment;
use crate::domain::money::parse_yen;
use crate::domain::text;
use crate::error::{AppError, FieldErrors, FieldProblem};
use crate::server::db::members;
use sqlx::PgPool;

/// The longest note on a payment.
pub const NOTE_MAX: usize = 200;

/// The payment the form describes, or every field's problem. A blank amount is that fiscal year's
/// dues for the member's units (a price changed later does not apply); with no price that year (a
/// class added later) the amount must be typed.
pub async fn validate(db: &PgPool, member_id: MemberId, form: &PaymentForm) -> Result<DuesPayment, AppError> {
    let mut e = FieldErrors::default();
    let year = match form.fiscal_year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            e.add("fiscal_year", FieldProblem::InvalidFormat);
            None
        }
    };
    // Paid on a real day, and not one still to come.
    let paid_on = parse_date(&form.paid_on)
        .and_then(|d| if d > today_in_japan() { Err(FieldProblem::Date) } else { Ok(d) })
        .map_err(|p| e.add("paid_on", p))
        .ok();
    let amount = if form.amount_yen.trim().is_empty() {
        match year {
            Some(year) => members::dues_for_year(db, member_id, year).await?.ok_or(FieldProblem::Required),
            None => Err(FieldProblem::Required),
        }
    } else {
        parse_yen(&form.amount_yen)
    };
    let amount = amount.map_err(|p| e.add("amount_yen", p)).ok();
    let method = PaymentMethod::parse(&form.method).map_err(|p| e.add("method", p)).ok();
    let note = text::optional(&form.note, NOTE_MAX).map_err(|p| e.add("note", p)).ok();
    e.into_result()?;
    match (year, paid_on, amount, method, note) {
        (Some(fiscal_year), Some(paid_on), Some(amount_yen), Some(method), Some(note)) => {
            Ok(DuesPayment { fiscal_year, paid_on, amount_yen, method, note })
        }
        _ => Err(AppError::Internal),
    }
}

/// Why a payment is corrected or voided: required, one line.
pub fn reason(input: &str) -> Result<String, AppError> {
    text::required(input, NOTE_MAX).map_err(|p| AppError::invalid("reason", p))
}
