//! Annual dues. The fiscal year (年度) runs April 1 – March 31 and is named by the year it starts
//! in: 2026年度 is 2026-04-01 … 2027-03-31. An active member whose current year is unpaid after the
//! grace date (May 31 unless configured) is *lapsed*.

use super::dates::plausible;
use crate::error::FieldProblem;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub fn fiscal_year_of(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// First and last day of a fiscal year.
pub fn fiscal_year_range(year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, 4, 1).expect("April 1 exists");
    let last = NaiveDate::from_ymd_opt(year + 1, 3, 31).expect("March 31 exists");
    (first, last)
}

/// The day in a fiscal year after which unpaid dues count as late ("05-31" = May 31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraceDate {
    pub month: u32,
    pub day: u32,
}

impl Default for GraceDate {
    fn default() -> Self {
        GraceDate { month: 5, day: 31 }
    }
}

impl GraceDate {
    /// "MM-DD"; February 29 is refused because most years lack it.
    pub fn parse(input: &str) -> Option<GraceDate> {
        let (month, day) = input.trim().split_once('-')?;
        let (month, day) = (month.parse().ok()?, day.parse().ok()?);
        NaiveDate::from_ymd_opt(2001, month, day)?;
        Some(GraceDate { month, day })
    }

    /// The grace date inside fiscal year `year`.
    pub fn in_fiscal_year(self, year: i32) -> NaiveDate {
        let calendar_year = if self.month >= 4 { year } else { year + 1 };
        NaiveDate::from_ymd_opt(calendar_year, self.month, self.day).expect("validated when parsed")
    }
}

/// What a member's dues look like on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DuesStanding {
    Paid,
    /// Unpaid, but the grace date has not passed yet.
    Due,
    /// Unpaid after the grace date.
    Lapsed,
}

pub fn standing(paid_this_year: bool, today: NaiveDate, grace: GraceDate) -> DuesStanding {
    if paid_this_year {
        DuesStanding::Paid
    } else if today > grace.in_fiscal_year(fiscal_year_of(today)) {
        DuesStanding::Lapsed
    } else {
        DuesStanding::Due
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum PaymentMethod {
    Cash,
    BankTransfer,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 3] = [PaymentMethod::Cash, PaymentMethod::BankTransfer, PaymentMethod::Other];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Result<PaymentMethod, FieldProblem> {
        match code.trim() {
            "" => Err(FieldProblem::Required),
            code => Self::ALL.into_iter().find(|m| m.code() == code).ok_or(FieldProblem::NotAllowed),
        }
    }
}

/// A date typed as YYYY-MM-DD (what `<input type=date>` sends).
pub fn parse_date(input: &str) -> Result<NaiveDate, FieldProblem> {
    match input.trim() {
        "" => Err(FieldProblem::Required),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| FieldProblem::Date).and_then(plausible),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_and_dates() {
        assert_eq!(PaymentMethod::parse("bank_transfer"), Ok(PaymentMethod::BankTransfer));
        assert_eq!(PaymentMethod::parse("paypal"), Err(FieldProblem::NotAllowed));
        assert_eq!(parse_date("2026-04-10"), Ok(day(2026, 4, 10)));
        assert_eq!(parse_date("2026/04/10"), Err(FieldProblem::Date));
        assert_eq!(parse_date("1066-10-14"), Err(FieldProblem::Date), "a year nobody here paid in");
        assert_eq!(parse_date("20266-04-10"), Err(FieldProblem::Date));
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn fiscal_years_start_in_april() {
        assert_eq!(fiscal_year_of(day(2026, 4, 1)), 2026);
        assert_eq!(fiscal_year_of(day(2027, 3, 31)), 2026);
        assert_eq!(fiscal_year_of(day(2026, 3, 31)), 2025);
        assert_eq!(fiscal_year_range(2026), (day(2026, 4, 1), day(2027, 3, 31)));
    }

    #[test]
    fn lapsed_only_after_the_grace_date() {
        let grace = GraceDate::default();
        assert_eq!(standing(false, day(2026, 5, 31), grace), DuesStanding::Due);
        assert_eq!(standing(false, day(2026, 6, 1), grace), DuesStanding::Lapsed);
        assert_eq!(standing(false, day(2027, 3, 1), grace), DuesStanding::Lapsed);
        assert_eq!(standing(false, day(2027, 4, 1), grace), DuesStanding::Due, "a new year starts afresh");
        assert_eq!(standing(true, day(2026, 12, 1), grace), DuesStanding::Paid);
        let january = GraceDate::parse("01-31").unwrap();
        assert_eq!(january.in_fiscal_year(2026), day(2027, 1, 31));
        assert_eq!(GraceDate::parse("02-29"), None);
        assert_eq!(GraceDate::parse("13-01"), None);
    }
}
