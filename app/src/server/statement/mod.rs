//! The bank statement import (server side): reading the bank's file (its CSV export, or the
//! Zengin 振込入金通知 fixed-length file), proposing a member and fiscal years for each credit,
//! and the commit that records the taken lines as dues payments, all or none, with its undo.

pub mod bank_csv;
pub mod commit;
pub mod propose;
pub mod view;
pub mod zengin;

use chrono::NaiveDate;

/// The most credits one statement may hold (a year of an association's account is far less).
pub const MAX_CREDITS: usize = 20_000;

/// One credit as the file gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCredit {
    /// The line (CSV) or record (Zengin) it came from, first = 1.
    pub line_no: u64,
    pub received_on: NaiveDate,
    pub amount_yen: i32,
    pub payer: String,
    /// A Zengin record that cancels an earlier notice (取消区分 1).
    pub cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub format: crate::domain::statement::StatementFormat,
    pub encoding: &'static str,
    pub credits: Vec<ParsedCredit>,
    /// Lines that are not credits (withdrawals, fees, balances), counted.
    pub other_lines: usize,
}

/// Why a file is not read as a statement; the upload form words each for the treasurer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementProblem {
    /// Neither UTF-8 nor CP932 text, nor a Zengin file.
    Encoding,
    /// No credits in it.
    Empty,
    /// A CSV without columns for the date, the credit and the payer.
    Columns,
    /// A line whose date or amount cannot be read.
    Line(u64),
    /// A Zengin file whose trailer totals differ from its records (cut short, or not the whole file).
    Totals,
    TooMany,
}

impl StatementProblem {
    /// The code the upload form is sent back with (`?problem=`), and the line where there is one.
    pub fn code(self) -> (&'static str, Option<u64>) {
        match self {
            StatementProblem::Encoding => ("encoding", None),
            StatementProblem::Empty => ("empty", None),
            StatementProblem::Columns => ("columns", None),
            StatementProblem::Line(n) => ("line", Some(n)),
            StatementProblem::Totals => ("totals", None),
            StatementProblem::TooMany => ("too_many", None),
        }
    }
}

/// Reads an uploaded statement: a Zengin file when it starts with a 振込入金通知 header record,
/// else the bank's CSV. `today` settles the two-digit years of Zengin dates.
pub fn parse(bytes: &[u8], today: NaiveDate) -> Result<Parsed, StatementProblem> {
    let parsed = if zengin::looks_like(bytes) {
        zengin::parse(bytes, today)?
    } else {
        let (text, encoding) = crate::server::import::decode::decode(bytes).map_err(|_| StatementProblem::Encoding)?;
        bank_csv::parse(&text, encoding.code(), today)?
    };
    if parsed.credits.iter().all(|c| c.cancelled) {
        return Err(StatementProblem::Empty);
    }
    if parsed.credits.len() > MAX_CREDITS {
        return Err(StatementProblem::TooMany);
    }
    Ok(parsed)
}
