//! Name readings (ふりがな). A reading is kana only; half-width katakana and full-width spaces are
//! normalised (NFKC). The *reading key* (hiragana, no spaces) is what the member list sorts and
//! searches by, so "たなか", "タナカ" and "ﾀﾅｶ" all find 田中.

use crate::error::FieldProblem;
use unicode_normalization::UnicodeNormalization;

pub const MAX_CHARS: usize = 100;

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}')
}

fn is_separator(c: char) -> bool {
    c == ' ' || c == '・'
}

/// A required reading: kana, long-vowel marks, spaces and ・ only.
pub fn parse_reading(input: &str) -> Result<String, FieldProblem> {
    let reading = optional_reading(input)?;
    if reading.is_empty() {
        return Err(FieldProblem::Required);
    }
    Ok(reading)
}

/// An optional reading (empty when left blank).
pub fn optional_reading(input: &str) -> Result<String, FieldProblem> {
    let normalised: String = input.nfkc().collect();
    let reading = normalised.split_whitespace().collect::<Vec<_>>().join(" ");
    if reading.chars().count() > MAX_CHARS {
        return Err(FieldProblem::TooLong { max: MAX_CHARS });
    }
    if !reading.chars().all(|c| is_kana(c) || is_separator(c)) {
        return Err(FieldProblem::NotKana);
    }
    Ok(reading)
}

/// Hiragana without separators: the sort and search key of a reading. Any input works (a search
/// box may hold kanji or Latin letters); only katakana is folded.
pub fn reading_key(input: &str) -> String {
    input
        .nfkc()
        .filter(|c| !c.is_whitespace() && !is_separator(*c))
        .map(|c| match c {
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_are_kana_only() {
        assert_eq!(parse_reading(" たなか　はなこ ").unwrap(), "たなか はなこ");
        assert_eq!(parse_reading("ｽｽﾞｷ ｲﾁﾛｰ").unwrap(), "スズキ イチロー");
        assert_eq!(parse_reading(""), Err(FieldProblem::Required));
        assert_eq!(parse_reading("田中"), Err(FieldProblem::NotKana));
        assert_eq!(parse_reading("tanaka"), Err(FieldProblem::NotKana));
        assert_eq!(optional_reading("").unwrap(), "");
    }

    #[test]
    fn keys_fold_katakana_and_drop_spaces() {
        assert_eq!(reading_key("タナカ ハナコ"), "たなかはなこ");
        assert_eq!(reading_key("ﾀﾅｶ"), "たなか");
        assert_eq!(reading_key("すずき・いちろー"), "すずきいちろー");
        assert_eq!(reading_key("ヴ"), "ゔ");
        assert_eq!(reading_key("田中"), "田中");
    }
}
