//! Receipts (領収書) for dues payments: what one says, and how it is numbered.
//!
//! A receipt is numbered within the fiscal year of the day the money was received (2026-0001,
//! 2026-0002, …); a number is never given twice nor reused. It keeps what it says when it was
//! issued; issuing it again is a reissue (再発行), and printing one issue twice gives a copy (控).
//! When the payment is voided or changes, it is cancelled, and the next receipt for that payment
//! takes a new number.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub id: i64,
    /// The fiscal year its number belongs to: the year of `received_on`.
    pub fiscal_year: i32,
    pub number: i32,
    /// The name it is made out to (the organisation, for a class held by one).
    pub addressee: String,
    pub member_number: Option<i32>,
    pub amount_yen: i32,
    pub received_on: NaiveDate,
    /// Which fiscal year's dues it is for.
    pub dues_year: i32,
    /// How many times it was issued: the first, then each reissue.
    pub issues: i32,
    pub issued_on: NaiveDate,
    pub cancelled: Option<Cancelled>,
    /// This issue was printed before: a print now is a copy (控), not a second original.
    pub printed: bool,
}

impl Receipt {
    /// "2026-0001": the fiscal year and the number within it.
    pub fn number_label(&self) -> String {
        number_label(self.fiscal_year, self.number)
    }

    /// Printed again after the first time: the paper says 再発行.
    pub fn is_reissue(&self) -> bool {
        self.issues > 1
    }
}

pub fn number_label(fiscal_year: i32, number: i32) -> String {
    format!("{fiscal_year}-{number:04}")
}

/// Why a receipt no longer counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Cancelled {
    /// The payment was voided.
    Voided,
    /// The payment (or the name on it) changed after the receipt was issued.
    Changed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_the_year_and_four_digits() {
        assert_eq!(number_label(2026, 1), "2026-0001");
        assert_eq!(number_label(2026, 12345), "2026-12345");
    }
}
