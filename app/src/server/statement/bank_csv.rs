//! The banks' CSV export of an account's transactions. No two banks name their columns alike, so
//! the columns are found by what their headings say: the date (日付, 取引日, 年月日, …), the credit
//! (お預り金額, 入金額, 受入金額, …, or one 金額 column with a 入出金区分), and the payer
//! (振込依頼人名, 摘要内容, お取引内容, 摘要, …). Headings may follow a few title lines. Only
//! credits are kept; withdrawals and balances are counted as other lines.

use super::{Parsed, ParsedCredit, StatementProblem};
use crate::domain::import::row::flexible_date;
use crate::domain::statement::StatementFormat;
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// Rows looked through for the headings (banks put the account and period above them).
const HEADING_ROWS: usize = 10;

const DATE: [&str; 9] = ["取引日", "日付", "年月日", "勘定日", "取扱日", "入金日", "お取引日", "お取り扱い日", "date"];
const CREDIT: [&str; 9] = ["入金", "お預り", "お預入", "預入", "預かり", "預り", "受入", "credit", "deposit"];
/// Best first: a payer column beats a description column.
const PAYER: [&str; 15] = [
    "振込依頼人",
    "依頼人",
    "お振込人",
    "振込人",
    "摘要内容",
    "詳細2",
    "お取引内容",
    "お取り扱い内容",
    "取引内容",
    "摘要",
    "内容",
    "詳細",
    "備考",
    "メモ",
    "description",
];

#[derive(Debug, PartialEq, Eq)]
enum Credit {
    Column(usize),
    /// One amount column, and a column saying 入金 or 出金.
    Kind {
        amount: usize,
        kind: usize,
    },
}

#[derive(Debug, PartialEq, Eq)]
struct Columns {
    date: usize,
    credit: Credit,
    payer: usize,
}

fn folded(heading: &str) -> String {
    heading.nfkc().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

fn find(headings: &[String], words: &[&str], skip: &[usize], refuse: &[&str]) -> Option<usize> {
    words.iter().find_map(|word| {
        headings
            .iter()
            .enumerate()
            .find(|(i, h)| !skip.contains(i) && h.contains(word) && !refuse.iter().any(|r| h.contains(r)))
            .map(|(i, _)| i)
    })
}

fn columns(row: &[String]) -> Option<Columns> {
    let headings: Vec<String> = row.iter().map(|h| folded(h)).collect();
    let date = find(&headings, &DATE, &[], &[])?;
    let credit = match find(&headings, &CREDIT, &[date], &["出", "払", "区分", "残高", "件数"]) {
        Some(column) => Credit::Column(column),
        None => {
            let kind = find(&headings, &["入出金区分", "入払区分", "区分"], &[date], &[])?;
            let amount = find(&headings, &["金額", "amount"], &[date, kind], &["残高"])?;
            Credit::Kind { amount, kind }
        }
    };
    let taken = match credit {
        Credit::Column(c) => vec![date, c],
        Credit::Kind { amount, kind } => vec![date, amount, kind],
    };
    let payer = find(&headings, &PAYER, &taken, &[])?;
    Some(Columns { date, credit, payer })
}

/// "2026/04/15", "2026-04-15", "2026年4月15日", "令和8年4月15日", "R8.4.15" or "20260415".
fn date(cell: &str) -> Option<NaiveDate> {
    let text: String = cell.nfkc().collect::<String>().trim().to_string();
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(&text, "%Y%m%d").ok();
    }
    flexible_date(&text)
}

/// An amount cell: "3,000", "￥3,000", "3000円". `None` when it is not a number.
fn amount(cell: &str) -> Option<i64> {
    let text: String =
        cell.nfkc().filter(|c| !matches!(c, ',' | '円' | '¥' | '\\' | '+' | ' ' | '"')).collect::<String>();
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    let whole = text.strip_suffix(".00").or_else(|| text.strip_suffix(".0")).unwrap_or(text);
    whole.parse().ok()
}

pub fn parse(text: &str, encoding: &'static str, _today: NaiveDate) -> Result<Parsed, StatementProblem> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut found = None;
    let mut credits = Vec::new();
    let mut other_lines = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| StatementProblem::Line(e.position().map_or(0, |p| p.line())))?;
        let line_no = record.position().map_or(0, |p| p.line());
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        let Some(columns) = &found else {
            if i >= HEADING_ROWS {
                return Err(StatementProblem::Columns);
            }
            found = columns(&cells);
            continue;
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |n: usize| cells.get(n).map(String::as_str).unwrap_or_default();
        let credit = match columns.credit {
            Credit::Column(c) => amount(cell(c)).ok_or(StatementProblem::Line(line_no))?,
            Credit::Kind { amount: a, kind } => {
                let value = amount(cell(a)).ok_or(StatementProblem::Line(line_no))?;
                let kind: String = cell(kind).nfkc().collect();
                if kind.contains('入') || kind.contains("credit") {
                    value
                } else {
                    0
                }
            }
        };
        let Some(received_on) = date(cell(columns.date)) else {
            // A total or a note under the table has no date at all; a date that cannot be read is
            // a problem of the file, not a line to leave out.
            if cell(columns.date).nfkc().any(|c| c.is_ascii_digit()) {
                return Err(StatementProblem::Line(line_no));
            }
            other_lines += 1;
            continue;
        };
        if credit <= 0 {
            other_lines += 1;
            continue;
        }
        let amount_yen = i32::try_from(credit).map_err(|_| StatementProblem::Line(line_no))?;
        let payer: String = cell(columns.payer).trim().chars().filter(|c| !c.is_control()).take(100).collect();
        credits.push(ParsedCredit { line_no, received_on, amount_yen, payer, cancelled: false });
    }
    if found.is_none() {
        return Err(StatementProblem::Columns);
    }
    if credits.is_empty() {
        return Err(StatementProblem::Empty);
    }
    Ok(Parsed { format: StatementFormat::Csv, encoding, credits, other_lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        day(2026, 6, 1)
    }

    #[test]
    fn a_bank_export_with_title_lines_keeps_only_credits() {
        let text = "口座番号,1234567\n照会期間,2026/04/01～2026/05/31\n\
                    日付,摘要,お支払金額,お預り金額,残高\n\
                    2026/04/15,振込 ｲﾅｷﾞ ﾊﾅｺ,,\"2,000\",\"102,000\"\n\
                    2026/04/16,ｶ-ﾄﾞ,\"5,000\",,\"97,000\"\n\
                    令和8年4月17日,ﾌﾘｺﾐ 0012 ﾔﾉ ﾀﾛｳ,,3000円,\"100,000\"\n\
                    合計,,\"5,000\",\"5,000\",\n";
        let parsed = parse(text, "utf8", today()).unwrap();
        assert_eq!(parsed.other_lines, 2);
        assert_eq!(
            parsed.credits,
            vec![
                ParsedCredit {
                    line_no: 4,
                    received_on: day(2026, 4, 15),
                    amount_yen: 2000,
                    payer: "振込 ｲﾅｷﾞ ﾊﾅｺ".into(),
                    cancelled: false
                },
                ParsedCredit {
                    line_no: 6,
                    received_on: day(2026, 4, 17),
                    amount_yen: 3000,
                    payer: "ﾌﾘｺﾐ 0012 ﾔﾉ ﾀﾛｳ".into(),
                    cancelled: false
                },
            ]
        );
    }

    #[test]
    fn columns_are_found_by_what_the_headings_say() {
        let cols = |line: &str| columns(&line.split(',').map(str::to_string).collect::<Vec<_>>());
        assert_eq!(
            cols("日付,摘要,摘要内容,支払い金額,預かり金額,差引残高,メモ"),
            Some(Columns { date: 0, credit: Credit::Column(4), payer: 2 })
        );
        assert_eq!(
            cols("取引日,入金額,出金額,振込依頼人名,残高"),
            Some(Columns { date: 0, credit: Credit::Column(1), payer: 3 })
        );
        assert_eq!(
            cols("年月日,お引出し,お預入れ,お取り扱い内容,残高"),
            Some(Columns { date: 0, credit: Credit::Column(2), payer: 3 })
        );
        assert_eq!(
            cols("勘定日,入出金区分,金額,内容"),
            Some(Columns { date: 0, credit: Credit::Kind { amount: 2, kind: 1 }, payer: 3 })
        );
        assert_eq!(cols("氏名,住所"), None);
    }

    #[test]
    fn a_kind_column_tells_credits_from_withdrawals() {
        let text = "勘定日,入出金区分,金額,内容\n20260415,入金,2000,ｲﾅｷﾞ ﾊﾅｺ\n20260416,出金,500,ﾃｽｳﾘﾖｳ\n";
        let parsed = parse(text, "utf8", today()).unwrap();
        assert_eq!(parsed.credits.len(), 1);
        assert_eq!(parsed.other_lines, 1);
    }

    #[test]
    fn unreadable_lines_and_files_are_named() {
        assert_eq!(parse("氏名,住所\n田中,稲城\n", "utf8", today()).err(), Some(StatementProblem::Columns));
        let bad = "日付,摘要,お預り金額\n2026/04/15,ｲﾅｷﾞ,2000\n2026/13/01,ﾔﾉ,3000\n";
        assert_eq!(parse(bad, "utf8", today()).err(), Some(StatementProblem::Line(3)));
        let bad_amount = "日付,摘要,お預り金額\n2026/04/15,ｲﾅｷﾞ,二千\n";
        assert_eq!(parse(bad_amount, "utf8", today()).err(), Some(StatementProblem::Line(2)));
        assert_eq!(
            parse("日付,摘要,お預り金額\n2026/04/16,ｶｰﾄﾞ,\n", "utf8", today()).err(),
            Some(StatementProblem::Empty)
        );
    }
}
