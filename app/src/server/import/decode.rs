//! Reading an uploaded member list: which encoding it is in (UTF-8, UTF-8 with a BOM, or the
//! CP932 that Japanese Excel writes by default), and its rows with their line numbers.

use crate::error::FieldProblem;

/// The largest file accepted (a 10,000-member list is about 2 MB).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// More rows than any association's list; a bigger file is most likely something else.
pub const MAX_ROWS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileEncoding {
    Utf8,
    Utf8Bom,
    Cp932,
}

impl FileEncoding {
    pub fn code(self) -> &'static str {
        match self {
            FileEncoding::Utf8 => "utf8",
            FileEncoding::Utf8Bom => "utf8_bom",
            FileEncoding::Cp932 => "cp932",
        }
    }
}

/// The file as text. UTF-8 is tried first (with or without a BOM): CP932 text is almost never
/// valid UTF-8, while UTF-8 text read as CP932 would decode into nonsense without an error.
pub fn decode(bytes: &[u8]) -> Result<(String, FileEncoding), FieldProblem> {
    // A NUL is never in a CSV text file (it is in a spreadsheet or another binary file chosen by
    // mistake), and PostgreSQL cannot store it in text.
    if bytes.contains(&0) {
        return Err(FieldProblem::InvalidFormat);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), FileEncoding::Utf8Bom))
            .map_err(|_| FieldProblem::InvalidFormat);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), FileEncoding::Utf8));
    }
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(FieldProblem::InvalidFormat);
    }
    Ok((text.into_owned(), FileEncoding::Cp932))
}

/// A member list as rows of cells: the headings, then each row with the line it starts on (the
/// heading is line 1; a quoted cell may span lines). Blank rows are left out.
pub struct Table {
    pub headings: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

pub fn read_table(text: &str) -> Result<Table, FieldProblem> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let headings: Vec<String> = match records.next() {
        Some(Ok(record)) => record.iter().map(|h| h.trim().to_string()).collect(),
        Some(Err(_)) => return Err(FieldProblem::InvalidFormat),
        None => return Err(FieldProblem::Required),
    };
    if headings.iter().all(String::is_empty) {
        return Err(FieldProblem::Required);
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|_| FieldProblem::InvalidFormat)?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(FieldProblem::TooLong { max: MAX_ROWS });
        }
        let line = record.position().map_or(0, |p| p.line());
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(Table { headings, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_a_bom_and_cp932_are_told_apart() {
        let text = "氏名,ふりがな\n髙橋 﨑子,ﾀｶﾊｼ ｻｷｺ\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), (text.to_string(), FileEncoding::Utf8));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap(), (text.to_string(), FileEncoding::Utf8Bom));
        let (cp932, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
        assert!(!unmappable);
        assert_eq!(decode(&cp932).unwrap(), (text.to_string(), FileEncoding::Cp932));
        assert_eq!(decode(b"\x82\xa0\xff\xff"), Err(FieldProblem::InvalidFormat));
        assert_eq!(decode(b"name\n\x00a\n"), Err(FieldProblem::InvalidFormat), "a NUL: not a text file");
    }

    #[test]
    fn rows_keep_the_line_they_start_on() {
        let table = read_table("氏名,備考\n田中,\"二行の\n備考\"\n\n,\n鈴木,x\n").unwrap();
        assert_eq!(table.headings, vec!["氏名", "備考"]);
        let lines: Vec<u64> = table.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![2, 6]);
        assert_eq!(table.rows[0].1[1], "二行の\n備考");
        assert_eq!(read_table("").err(), Some(FieldProblem::Required));
    }
}
