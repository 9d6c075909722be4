//! The Zengin (全銀協) 振込入金通知 file: fixed-length records of 200 bytes in JIS X 0201 (so
//! CP932 bytes: half-width katakana are one byte each), with or without line breaks. A header
//! (1, 種別コード 01), data records (2), a trailer (8) with the count and total, an end record (9).
//! Dates are YYMMDD; banks write the year in the Japanese era (令和) or the western calendar, so
//! the year read is the one of the two that is not in the future and nearest to today.

use super::{Parsed, ParsedCredit, StatementProblem};
use crate::domain::statement::StatementFormat;
use chrono::NaiveDate;

const RECORD: usize = 200;
/// 種別コード of the 振込入金通知 (入出金取引明細 is 03, with another layout).
const TRANSFER_NOTICE: &[u8] = b"01";

/// Whether the file starts like a 振込入金通知: header record type 1, kind 01.
pub fn looks_like(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.first() == Some(&b'1') && bytes.get(1..3) == Some(TRANSFER_NOTICE) && first_record(bytes).len() >= 150
}

fn first_record(bytes: &[u8]) -> &[u8] {
    bytes.split(|b| *b == b'\n').next().unwrap_or(bytes)
}

/// The records as CP932 bytes of 200 each: split at line breaks when there are any, else every
/// 200 bytes. A file saved again as UTF-8 is turned back into CP932 first, so positions hold.
fn records(bytes: &[u8]) -> Result<(Vec<Vec<u8>>, &'static str), StatementProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Some banks' software still ends a file with the DOS end-of-file byte.
    let bytes = bytes.strip_suffix(b"\x1A").unwrap_or(bytes);
    let (cp932, encoding) = match std::str::from_utf8(bytes) {
        Ok(text) if !text.is_ascii() => {
            let (encoded, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
            if unmappable {
                return Err(StatementProblem::Encoding);
            }
            (encoded.into_owned(), "utf8")
        }
        _ => (bytes.to_vec(), "cp932"),
    };
    let records: Vec<Vec<u8>> = if cp932.contains(&b'\n') {
        cp932
            .split(|b| *b == b'\n')
            .map(|r| r.strip_suffix(b"\r").unwrap_or(r).to_vec())
            .filter(|r| !r.iter().all(u8::is_ascii_whitespace))
            .collect()
    } else {
        cp932.chunks(RECORD).map(<[u8]>::to_vec).filter(|r| !r.iter().all(u8::is_ascii_whitespace)).collect()
    };
    // Some banks trim the trailing spaces of each record.
    let records = records
        .into_iter()
        .map(|mut r| {
            if r.len() > RECORD {
                return Err(StatementProblem::Encoding);
            }
            r.resize(RECORD, b' ');
            Ok(r)
        })
        .collect::<Result<_, _>>()?;
    Ok((records, encoding))
}

fn text(record: &[u8], from: usize, len: usize) -> String {
    let (text, _) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&record[from..from + len]);
    text.trim().to_string()
}

fn number(record: &[u8], from: usize, len: usize) -> Option<i64> {
    let field = std::str::from_utf8(&record[from..from + len]).ok()?.trim();
    if field.is_empty() || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

/// YYMMDD, in 令和 or the western calendar: the reading not in the future, nearest to today.
pub fn date(field: &str, today: NaiveDate) -> Option<NaiveDate> {
    if field.len() != 6 || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (yy, mm, dd): (i32, u32, u32) = (field[..2].parse().ok()?, field[2..4].parse().ok()?, field[4..].parse().ok()?);
    let readings = [2018 + yy, 2000 + yy];
    readings
        .iter()
        .filter_map(|year| NaiveDate::from_ymd_opt(*year, mm, dd))
        .filter(|d| *d <= today + chrono::Days::new(1))
        .max()
}

pub fn parse(bytes: &[u8], today: NaiveDate) -> Result<Parsed, StatementProblem> {
    let (records, encoding) = records(bytes)?;
    let mut credits: Vec<ParsedCredit> = Vec::new();
    let mut other_lines = 0;
    // One file may hold several accounts: header, data, trailer for each. The trailer counts
    // its own group's transfers (not the cancellations).
    let mut group: Option<(i64, i64)> = None;
    let mut trailers = 0;
    for (i, record) in records.iter().enumerate() {
        let line_no = i as u64 + 1;
        match record[0] {
            b'1' => group = Some((0, 0)),
            b'9' => {}
            b'2' => {
                let Some((count, sum)) = group.as_mut() else { return Err(StatementProblem::Line(line_no)) };
                let received_on = date(&text(record, 7, 6), today).ok_or(StatementProblem::Line(line_no))?;
                let amount = number(record, 19, 10).ok_or(StatementProblem::Line(line_no))?;
                let amount_yen = i32::try_from(amount).map_err(|_| StatementProblem::Line(line_no))?;
                let cancelled = record[127] == b'1';
                if !cancelled {
                    *count += 1;
                    *sum += amount;
                }
                if amount_yen == 0 {
                    other_lines += 1;
                    continue;
                }
                let payer = text(record, 49, 48);
                if cancelled {
                    // The transfer it cancels is not to be taken either: the latest live one of the
                    // same day, amount and payer.
                    if let Some(earlier) = credits.iter_mut().rev().find(|c| {
                        !c.cancelled && c.received_on == received_on && c.amount_yen == amount_yen && c.payer == payer
                    }) {
                        earlier.cancelled = true;
                    }
                }
                credits.push(ParsedCredit { line_no, received_on, amount_yen, payer, cancelled });
            }
            b'8' => {
                let count = number(record, 1, 6).ok_or(StatementProblem::Line(line_no))?;
                let sum = number(record, 7, 12).ok_or(StatementProblem::Line(line_no))?;
                if group.take() != Some((count, sum)) {
                    return Err(StatementProblem::Totals);
                }
                trailers += 1;
            }
            _ => return Err(StatementProblem::Line(line_no)),
        }
    }
    // A file cut short has lost its trailer (or a group's).
    if trailers == 0 || group.is_some() {
        return Err(StatementProblem::Totals);
    }
    if credits.is_empty() {
        return Err(StatementProblem::Empty);
    }
    Ok(Parsed { format: StatementFormat::Zengin, encoding, credits, other_lines })
}

/// A 振込入金通知 file, as a bank writes it: for tests and the benchmark. Each credit is (date
/// YYMMDD, amount, payer in half-width katakana, cancelled).
pub fn write(credits: &[(&str, i32, &str, bool)]) -> Vec<u8> {
    fn field(out: &mut Vec<u8>, value: &str, len: usize, right: bool) {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(value);
        let mut bytes = bytes.into_owned();
        bytes.truncate(len);
        let pad = len - bytes.len();
        if right {
            out.extend(std::iter::repeat_n(b'0', pad));
            out.extend(bytes);
        } else {
            out.extend(bytes);
            out.extend(std::iter::repeat_n(b' ', pad));
        }
    }
    let mut out = Vec::new();
    let mut record = |fill: &dyn Fn(&mut Vec<u8>)| {
        let mut r = Vec::with_capacity(RECORD);
        fill(&mut r);
        r.resize(RECORD, b' ');
        out.extend(r);
        out.extend(b"\r\n");
    };
    let first = credits.first().map_or("080401", |c| c.0);
    let last = credits.last().map_or("080401", |c| c.0);
    record(&|r| {
        r.extend(b"1010");
        field(r, last, 6, false);
        field(r, first, 6, false);
        field(r, last, 6, false);
        field(r, "0000", 4, false);
        field(r, "ﾀﾏｷﾞﾝｺｳ", 15, false);
        field(r, "123", 3, false);
        field(r, "ｲﾅｷﾞｼﾃﾝ", 15, false);
        field(r, "", 3, false);
        field(r, "1", 1, false);
        field(r, "1234567", 7, false);
        field(r, "ｲﾅｷﾞｼｼﾏｲﾕｳｺｳﾄｼｺｳﾘﾕｳｷﾖｳｶｲ", 40, false);
    });
    for (i, (day, amount, payer, cancelled)) in credits.iter().enumerate() {
        record(&|r| {
            r.push(b'2');
            field(r, &(i + 1).to_string(), 6, true);
            field(r, day, 6, false);
            field(r, day, 6, false);
            field(r, &amount.to_string(), 10, true);
            field(r, "0", 10, true);
            field(r, "", 10, false);
            field(r, payer, 48, false);
            field(r, "ﾕｳﾁﾖ", 15, false);
            field(r, "", 15, false);
            r.push(if *cancelled { b'1' } else { b'0' });
        });
    }
    let live: Vec<_> = credits.iter().filter(|c| !c.3).collect();
    let total: i64 = live.iter().map(|c| i64::from(c.1)).sum();
    let cancelled: Vec<_> = credits.iter().filter(|c| c.3).collect();
    let cancelled_total: i64 = cancelled.iter().map(|c| i64::from(c.1)).sum();
    record(&|r| {
        r.push(b'8');
        field(r, &live.len().to_string(), 6, true);
        field(r, &total.to_string(), 12, true);
        field(r, &cancelled.len().to_string(), 6, true);
        field(r, &cancelled_total.to_string(), 12, true);
    });
    record(&|r| r.push(b'9'));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn two_digit_years_are_reiwa_or_western_whichever_is_not_ahead() {
        let today = day(2026, 5, 10);
        assert_eq!(date("080415", today), Some(day(2026, 4, 15)), "令和8年");
        assert_eq!(date("260415", today), Some(day(2026, 4, 15)), "2026");
        assert_eq!(date("260511", today), Some(day(2026, 5, 11)), "tomorrow in Japan");
        assert_eq!(date("261231", today), None, "both readings are ahead");
        assert_eq!(date("081332", today), None);
    }

    #[test]
    fn a_written_file_reads_back_with_its_cancellation_and_totals() {
        let bytes = write(&[
            ("080415", 2000, "ｲﾅｷﾞ ﾊﾅｺ", false),
            ("080416", 3000, "0012 ﾔﾉ ﾀﾛｳ", false),
            ("080416", 3000, "0012 ﾔﾉ ﾀﾛｳ", true),
        ]);
        assert!(looks_like(&bytes));
        let parsed = parse(&bytes, day(2026, 5, 1)).unwrap();
        assert_eq!(parsed.encoding, "cp932");
        assert_eq!(parsed.credits.len(), 3);
        assert_eq!(
            parsed.credits[0],
            ParsedCredit {
                line_no: 2,
                received_on: day(2026, 4, 15),
                amount_yen: 2000,
                payer: "ｲﾅｷﾞ ﾊﾅｺ".into(),
                cancelled: false
            }
        );
        assert!(parsed.credits[2].cancelled);
        assert!(parsed.credits[1].cancelled, "the transfer the bank cancelled is not taken either");
        // without line breaks, and with the trailing spaces trimmed: the same
        let joined: Vec<u8> =
            bytes.split(|b| *b == b'\n').flat_map(|r| r.strip_suffix(b"\r").unwrap_or(r).to_vec()).collect();
        assert_eq!(parse(&joined, day(2026, 5, 1)).unwrap().credits, parsed.credits);
        // saved again as UTF-8
        let (utf8, _) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes);
        assert_eq!(parse(utf8.as_bytes(), day(2026, 5, 1)).unwrap().credits, parsed.credits);
    }

    #[test]
    fn a_file_cut_short_is_refused() {
        let bytes = write(&[("080415", 2000, "ｲﾅｷﾞ ﾊﾅｺ", false), ("080416", 3000, "ﾔﾉ ﾀﾛｳ", false)]);
        let records: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        let cut = [records[0], records[1], records[3], records[4]].join(&b'\n');
        assert_eq!(parse(&cut, day(2026, 5, 1)).err(), Some(StatementProblem::Totals));
        let no_trailer = [records[0], records[1], records[2]].join(&b'\n');
        assert_eq!(parse(&no_trailer, day(2026, 5, 1)).err(), Some(StatementProblem::Totals), "the end is missing");
        // two accounts in one file, each with its own trailer; a DOS end-of-file byte at the end
        let mut two = [bytes.as_slice(), bytes.as_slice()].concat();
        two.push(0x1A);
        assert_eq!(parse(&two, day(2026, 5, 1)).unwrap().credits.len(), 4);
    }
}
