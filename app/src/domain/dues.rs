//! Annual dues. The fiscal year (年度) starts in the month the association's settings say (April:
//! 2026年度 is 2026-04-01 … 2027-03-31) and is named by the year it starts in. An active member whose
//! current year is unpaid after the grace date (May 31 unless set otherwise) is *lapsed*.

use super::dates::plausible;
use crate::error::FieldProblem;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The most fiscal years one payment may cover (paid in arrears, or ahead: 前納).
pub const MAX_YEARS_AT_ONCE: i32 = 5;

/// The association's dues calendar (kept in its settings): the month its fiscal year starts in and
/// the grace date. A fiscal year is named by the calendar year it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesCalendar {
    /// 1–12; 4 (April–March) in Japan unless the articles say otherwise.
    pub start_month: u32,
    pub grace: GraceDate,
}

impl Default for DuesCalendar {
    fn default() -> Self {
        DuesCalendar { start_month: 4, grace: GraceDate::default() }
    }
}

impl DuesCalendar {
    pub fn year_of(self, date: NaiveDate) -> i32 {
        if date.month() >= self.start_month {
            date.year()
        } else {
            date.year() - 1
        }
    }

    /// First and last day of a fiscal year.
    pub fn range(self, year: i32) -> (NaiveDate, NaiveDate) {
        let first = |year| NaiveDate::from_ymd_opt(year, self.start_month, 1).expect("a month's first day exists");
        (first(year), first(year + 1).pred_opt().expect("a day before"))
    }

    /// The grace date inside fiscal year `year`.
    pub fn grace_in(self, year: i32) -> NaiveDate {
        let calendar_year = if self.grace.month >= self.start_month { year } else { year + 1 };
        NaiveDate::from_ymd_opt(calendar_year, self.grace.month, self.grace.day).expect("validated when parsed")
    }

    /// The fiscal year today (in Japan) falls in.
    pub fn this_year(self) -> i32 {
        self.year_of(super::dates::today_in_japan())
    }

    /// What a member's dues look like on `today`.
    pub fn standing(self, paid_this_year: bool, today: NaiveDate) -> DuesStanding {
        if paid_this_year {
            DuesStanding::Paid
        } else if today > self.grace_in(self.year_of(today)) {
            DuesStanding::Lapsed
        } else {
            DuesStanding::Due
        }
    }
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
        Self::new(month.parse().ok()?, day.parse().ok()?)
    }

    pub fn new(month: u32, day: u32) -> Option<GraceDate> {
        NaiveDate::from_ymd_opt(2001, month, day)?;
        Some(GraceDate { month, day })
    }

    /// "05-31", as `parse` reads it.
    pub fn code(self) -> String {
        format!("{:02}-{:02}", self.month, self.day)
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum PaymentMethod {
    Cash,
    BankTransfer,
    /// 郵便振替 (a postal transfer slip, common with older members).
    PostalTransfer,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 4] =
        [PaymentMethod::Cash, PaymentMethod::BankTransfer, PaymentMethod::PostalTransfer, PaymentMethod::Other];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::PostalTransfer => "postal_transfer",
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

/// One correction of a payment: the changed fields, why, who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRevision {
    pub changes: Vec<FieldChange>,
    pub reason: String,
    pub revised_by: Option<String>,
    pub revised_at: DateTime<Utc>,
}

/// One field of a payment before and after a correction, as stored: `fiscal_year` (2025),
/// `paid_on` (2025-04-01), `amount_yen` (2000), `method` (its code) or `note`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A payment's fields as a form posts them (the record and the correction forms).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentForm {
    pub fiscal_year: String,
    pub paid_on: String,
    /// Blank: that year's dues for the member's units.
    pub amount_yen: String,
    pub method: String,
    pub note: String,
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
    fn fiscal_years_start_in_the_association_s_month() {
        let april = DuesCalendar::default();
        assert_eq!(april.year_of(day(2026, 4, 1)), 2026);
        assert_eq!(april.year_of(day(2027, 3, 31)), 2026);
        assert_eq!(april.year_of(day(2026, 3, 31)), 2025);
        assert_eq!(april.range(2026), (day(2026, 4, 1), day(2027, 3, 31)));
        let january = DuesCalendar { start_month: 1, grace: GraceDate { month: 3, day: 31 } };
        assert_eq!(january.year_of(day(2026, 1, 1)), 2026);
        assert_eq!(january.range(2026), (day(2026, 1, 1), day(2026, 12, 31)));
        let september = DuesCalendar { start_month: 9, grace: GraceDate { month: 10, day: 31 } };
        assert_eq!(september.year_of(day(2026, 8, 31)), 2025);
        assert_eq!(september.range(2025), (day(2025, 9, 1), day(2026, 8, 31)));
        assert_eq!(september.grace_in(2025), day(2025, 10, 31));
    }

    #[test]
    fn lapsed_only_after_the_grace_date() {
        let calendar = DuesCalendar::default();
        assert_eq!(calendar.standing(false, day(2026, 5, 31)), DuesStanding::Due);
        assert_eq!(calendar.standing(false, day(2026, 6, 1)), DuesStanding::Lapsed);
        assert_eq!(calendar.standing(false, day(2027, 3, 1)), DuesStanding::Lapsed);
        assert_eq!(calendar.standing(false, day(2027, 4, 1)), DuesStanding::Due, "a new year starts afresh");
        assert_eq!(calendar.standing(true, day(2026, 12, 1)), DuesStanding::Paid);
        let january = DuesCalendar { grace: GraceDate::parse("01-31").unwrap(), ..calendar };
        assert_eq!(january.grace_in(2026), day(2027, 1, 31));
        assert_eq!(GraceDate::parse("02-29"), None);
        assert_eq!(GraceDate::parse("13-01"), None);
        assert_eq!(GraceDate::default().code(), "05-31");
    }
}
