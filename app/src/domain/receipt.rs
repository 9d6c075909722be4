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
    /// What the money was for: a fiscal year's dues, or a donation.
    pub for_what: ReceiptFor,
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

/// What a receipt is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReceiptFor {
    /// A fiscal year's dues.
    Dues(i32),
    /// A donation (寄付金), with what the donor gave it for (empty when they did not say).
    Donation(String),
}

impl ReceiptFor {
    /// The words after 但し on the paper: 「2026年度 年会費」, 「寄付金（青少年交流）」.
    pub fn words_ja(&self) -> String {
        match self {
            ReceiptFor::Dues(year) => format!("{year}年度 年会費"),
            ReceiptFor::Donation(purpose) if purpose.is_empty() => "寄付金".to_string(),
            ReceiptFor::Donation(purpose) => format!("寄付金（{purpose}）"),
        }
    }

    pub fn dues_year(&self) -> Option<i32> {
        match self {
            ReceiptFor::Dues(year) => Some(*year),
            ReceiptFor::Donation(_) => None,
        }
    }
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

    #[test]
    fn a_receipt_says_what_the_money_was_for() {
        assert_eq!(ReceiptFor::Dues(2026).words_ja(), "2026年度 年会費");
        assert_eq!(ReceiptFor::Donation(String::new()).words_ja(), "寄付金");
        assert_eq!(ReceiptFor::Donation("青少年交流".into()).words_ja(), "寄付金（青少年交流）");
    }
}
