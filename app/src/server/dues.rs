//! Dues payments as the treasurer records and corrects them: one set of rules for the form's
//! values, whichever form posts them.

use crate::domain::dates::today_in_japan;
use crate::domain::dues::{parse_date, PaymentForm, PaymentMethod, MAX_YEARS_AT_ONCE};
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

/// The payments one form records: `years` consecutive fiscal years from the form's (blank: one),
/// each at that year's dues. A typed amount is then the total, and must be those dues (a partial
/// payment covers one year: it is recorded on its own).
pub async fn validate_years(
    db: &PgPool,
    member_id: MemberId,
    form: &PaymentForm,
    years: &str,
) -> Result<Vec<DuesPayment>, AppError> {
    let mut e = FieldErrors::default();
    let count = match years.trim() {
        "" => Some(1),
        typed => typed.parse::<i32>().ok().filter(|n| (1..=MAX_YEARS_AT_ONCE).contains(n)).or_else(|| {
            e.add("years", FieldProblem::NotAllowed);
            None
        }),
    };
    let first = match validate(db, member_id, form).await {
        Ok(first) => Some(first),
        Err(AppError::Invalid(errors)) => {
            e.0.extend(errors.0);
            None
        }
        Err(other) => return Err(other),
    };
    e.into_result()?;
    let (Some(count), Some(first)) = (count, first) else { return Err(AppError::Internal) };
    if count == 1 {
        return Ok(vec![first]);
    }
    if first.fiscal_year + count - 1 > 2100 {
        return Err(AppError::invalid("years", FieldProblem::NotAllowed));
    }
    let mut payments = Vec::new();
    for year in first.fiscal_year..first.fiscal_year + count {
        // A year without a price (a class added later) is recorded on its own, with its amount.
        let due = members::dues_for_year(db, member_id, year)
            .await?
            .ok_or_else(|| AppError::invalid("amount_yen", FieldProblem::Required))?;
        payments.push(DuesPayment { fiscal_year: year, amount_yen: due, ..first.clone() });
    }
    let total: i32 = payments.iter().map(|p| p.amount_yen).sum();
    if !form.amount_yen.trim().is_empty() && total != first.amount_yen {
        return Err(AppError::invalid("amount_yen", FieldProblem::NotAllowed));
    }
    Ok(payments)
}

/// Why a payment is corrected or voided: required, one line.
pub fn reason(input: &str) -> Result<String, AppError> {
    text::required(input, NOTE_MAX).map_err(|p| AppError::invalid("reason", p))
}
