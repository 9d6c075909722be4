//! Bank statements (入金明細): the credits of an uploaded statement, the member and fiscal years
//! proposed for each, and the treasurer's choice, as the review page shows them. The file formats
//! are read by the server (`server::statement`); the matching is [`matching`].

pub mod matching;
pub mod payer;

use crate::domain::ids::MemberId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How the match of a credit came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum MatchKind {
    /// One member by name (or number and name), and the amount is that year's dues: taken.
    Sure,
    /// One member, but something differs (the amount, a name one typo away, a number alone,
    /// several years): proposed, for the treasurer to confirm.
    Check,
    /// More than one member fits (one reading, two members): the treasurer chooses.
    Several,
    /// Nobody fits.
    None,
}

impl MatchKind {
    pub fn code(self) -> &'static str {
        match self {
            MatchKind::Sure => "sure",
            MatchKind::Check => "check",
            MatchKind::Several => "several",
            MatchKind::None => "none",
        }
    }
}

/// Which kind of file a statement came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum StatementFormat {
    /// The bank's CSV export (date, payer or description, credit columns).
    Csv,
    /// The Zengin 振込入金通知 fixed-length file (200-byte records).
    Zengin,
}

/// A statement in the list of uploads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementSummary {
    pub id: i64,
    pub file_name: String,
    pub format: StatementFormat,
    pub uploaded_at: DateTime<Utc>,
    pub uploaded_by: String,
    pub credits: i64,
    pub taken: i64,
    pub committed_at: Option<DateTime<Utc>>,
    pub undone_at: Option<DateTime<Utc>>,
}

impl StatementSummary {
    pub fn committed(&self) -> bool {
        self.committed_at.is_some()
    }
}

/// A member a line could be for, as the treasurer sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineMember {
    pub id: MemberId,
    pub number: Option<i32>,
    pub name: String,
    pub reading: String,
    /// Fiscal years paid already, newest first (a few), to tell two namesakes apart.
    pub paid: Vec<i32>,
    /// The member's dues for the year the money came in.
    pub due_yen: Option<i32>,
}

/// One credit of the statement, its match and the treasurer's choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    pub id: i64,
    pub line_no: i32,
    pub received_on: NaiveDate,
    pub amount_yen: i32,
    pub payer: String,
    pub cancelled: bool,
    pub kind: MatchKind,
    pub candidates: Vec<LineMember>,
    pub member: Option<LineMember>,
    pub first_year: Option<i32>,
    pub years: i32,
    pub take: bool,
    /// Confirmed (or changed) by the treasurer rather than taken as matched.
    pub decided: bool,
    /// The payments it became, once committed.
    pub payments: Vec<i64>,
}

impl StatementLine {
    /// "2026" or "2025-2026", as the years field shows and reads it.
    pub fn years_text(&self) -> String {
        match self.first_year {
            Some(first) if self.years > 1 => format!("{first}-{}", first + self.years - 1),
            Some(first) => first.to_string(),
            None => String::new(),
        }
    }
}

/// The fiscal years typed for a line, as (first, how many): "2026", "2025-2026" or "2025〜2026年度"
/// (western years; one year or a range of at most `max`).
pub fn parse_years(input: &str, max: i32) -> Option<(i32, i32)> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = input.nfkc().collect();
    let text = text.trim().trim_end_matches("年度");
    let (first, last) = match text.split_once(['-', '~', '〜', '～']) {
        Some((a, b)) => {
            (a.trim().trim_end_matches("年度").parse().ok()?, b.trim().trim_end_matches("年度").parse().ok()?)
        }
        None => {
            let year: i32 = text.parse().ok()?;
            (year, year)
        }
    };
    let count = last - first + 1;
    ((2000..=2100).contains(&first) && (1..=max).contains(&count)).then_some((first, count))
}

/// A statement with its lines, grouped for the review page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementView {
    pub summary: StatementSummary,
    pub encoding: String,
    pub other_lines: i32,
    pub lines: Vec<StatementLine>,
    /// Why the undo is refused now (receipts issued, payments corrected), when committed.
    pub undo_blockers: i64,
}

impl StatementView {
    pub fn taken_total_yen(&self) -> i64 {
        self.lines.iter().filter(|l| l.take).map(|l| i64::from(l.amount_yen)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_one_or_a_short_range() {
        assert_eq!(parse_years("2026", 5), Some((2026, 1)));
        assert_eq!(parse_years(" 2025-2026 ", 5), Some((2025, 2)));
        assert_eq!(parse_years("２０２５〜２０２７年度", 5), Some((2025, 3)));
        assert_eq!(parse_years("2026-2025", 5), None);
        assert_eq!(parse_years("2020-2026", 5), None);
        assert_eq!(parse_years("令和8", 5), None);
        assert_eq!(parse_years("", 5), None);
    }
}
