//! CSV for Excel, as every roster download writes it: RFC 4180 quoting by the `csv` crate, CRLF
//! line ends, UTF-8 with a BOM by default or Shift_JIS (CP932 / Windows-31J, what older Japanese
//! Excel expects) on request, and formula injection neutralised (ASVS 1.2.10) in text cells only:
//! typed cells (dates, numbers) that the program itself wrote are left as they are.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use encoding_rs::SHIFT_JIS;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 with a byte-order mark: opens correctly in Excel as it is.
    Utf8,
    /// Shift_JIS as Windows writes it (WHATWG "Shift_JIS" = Windows-31J / CP932).
    Cp932,
}

impl Encoding {
    pub fn parse(value: Option<&str>) -> Encoding {
        match value.map(|v| v.trim().to_ascii_lowercase()) {
            Some(v) if matches!(v.as_str(), "cp932" | "sjis" | "shift_jis" | "shift-jis" | "windows-31j") => {
                Encoding::Cp932
            }
            _ => Encoding::Utf8,
        }
    }

    pub fn charset(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Cp932 => "Shift_JIS",
        }
    }

    /// The `Content-Type` of a CSV file in this encoding.
    pub fn content_type(self) -> String {
        format!("text/csv; charset={}", self.charset())
    }

    /// What opens the file: the BOM for UTF-8, nothing for CP932.
    pub fn preamble(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => &[0xEF, 0xBB, 0xBF],
            Encoding::Cp932 => &[],
        }
    }
}

/// The answer of every download (rosters, the participants' CSV, a member's own data): its type,
/// the name to save it under, and never kept in a cache.
pub fn attachment(file_name: &str, content_type: &str, body: impl Into<Body>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body.into(),
    )
        .into_response()
}

/// One cell: text typed by people (neutralised), or a value the program formatted (left alone).
/// Cells borrow from the row they come from where they can: a roster of 100,000 members would
/// otherwise copy two million strings only to write them out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Typed(Cow<'a, str>),
}

impl<'a> Cell<'a> {
    /// Text typed by people (or words): neutralised when written.
    pub fn text(value: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(value.into())
    }

    /// A value the program formatted (a date, a number): written as it is.
    pub fn typed(value: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Typed(value.into())
    }
}

/// A CSV file being written in pieces: rows go into one buffer, taken (encoded) every so often.
pub struct CsvOut {
    writer: csv::Writer<Shared>,
    buffer: Shared,
    encoding: Encoding,
}

/// The bytes the CSV writer has produced and the stream has not yet taken.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CsvOut {
    pub fn new(encoding: Encoding) -> CsvOut {
        let buffer = Shared::default();
        let writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(buffer.clone());
        CsvOut { writer, buffer, encoding }
    }

    pub fn row(&mut self, cells: &[Cell<'_>]) {
        // Writing to memory cannot fail.
        for cell in cells {
            let _ = match cell {
                Cell::Text(text) => self.writer.write_field(neutralise(text).as_bytes()),
                Cell::Typed(value) => self.writer.write_field(value.as_bytes()),
            };
        }
        let _ = self.writer.write_record(None::<&[u8]>);
    }

    /// Bytes written so far and not yet taken (give or take the writer's own small buffer).
    pub fn len(&self) -> usize {
        self.buffer.0.lock().map(|b| b.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A whole file written at once: the preamble (BOM) and every row.
    pub fn into_file(mut self) -> Vec<u8> {
        let mut file = self.encoding.preamble().to_vec();
        file.extend(self.take());
        file
    }

    /// The rows written so far, in the file's encoding (whole rows only).
    pub fn take(&mut self) -> Vec<u8> {
        let _ = self.writer.flush();
        let utf8 = self.buffer.0.lock().map(|mut b| std::mem::take(&mut *b)).unwrap_or_default();
        match self.encoding {
            Encoding::Utf8 => utf8,
            Encoding::Cp932 => SHIFT_JIS.encode(&String::from_utf8_lossy(&utf8)).0.into_owned(),
        }
    }
}

/// A cell that begins with = + - @ TAB CR or LF gets a leading ' so a spreadsheet shows it as text.
fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// One CSV line (with CRLF), encoded.
pub fn line(cells: &[Cell<'_>], encoding: Encoding) -> Vec<u8> {
    let mut out = CsvOut::new(encoding);
    out.row(cells);
    out.take()
}

/// The characters of `text` that CP932 cannot hold (emoji, some rare kanji such as 𠮷).
pub fn not_in_cp932(text: &str) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        let mut buffer = [0u8; 4];
        let (_, _, unmappable) = SHIFT_JIS.encode(c.encode_utf8(&mut buffer));
        if unmappable && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_are_neutralised_and_typed_ones_are_not() {
        let row = [Cell::Text("=1+1".into()), Cell::Typed("-500".into()), Cell::Text("髙橋".into())];
        assert_eq!(String::from_utf8(line(&row, Encoding::Utf8)).unwrap(), "'=1+1,-500,髙橋\r\n");
        let quoted = [Cell::Text("a,b".into()), Cell::Text("say \"hi\"".into())];
        assert_eq!(String::from_utf8(line(&quoted, Encoding::Utf8)).unwrap(), "\"a,b\",\"say \"\"hi\"\"\"\r\n");
    }

    #[test]
    fn cp932_holds_ibm_extensions_but_not_emoji() {
        // 髙 and 﨑 are NEC/IBM extension characters: CP932 has them, plain Shift_JIS does not.
        assert!(not_in_cp932("髙﨑 ｶﾀｶﾅ ①").is_empty());
        assert_eq!(not_in_cp932("田中😀𠮷"), vec!['😀', '𠮷']);
        let bytes = line(&[Cell::Text("髙橋".into())], Encoding::Cp932);
        let (decoded, _, bad) = SHIFT_JIS.decode(&bytes);
        assert!(!bad);
        assert_eq!(decoded, "髙橋\r\n");
    }

    #[test]
    fn encodings_by_name() {
        assert_eq!(Encoding::parse(Some("cp932")), Encoding::Cp932);
        assert_eq!(Encoding::parse(Some("Shift_JIS")), Encoding::Cp932);
        assert_eq!(Encoding::parse(None), Encoding::Utf8);
        assert_eq!(Encoding::parse(Some("latin1")), Encoding::Utf8);
    }
}
