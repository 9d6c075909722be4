//! Free text from forms: kept exactly as typed apart from Unicode NFC (so 髙 and 﨑 stay what they
//! are), surrounding spaces and a length limit counted in characters, not bytes.

use crate::error::FieldProblem;
use unicode_normalization::UnicodeNormalization;

/// A required one-line text of at most `max` characters.
pub fn required(input: &str, max: usize) -> Result<String, FieldProblem> {
    let text = optional(input, max)?;
    if text.is_empty() {
        return Err(FieldProblem::Required);
    }
    Ok(text)
}

/// Characters that show as nothing and arrive by copy and paste (zero-width space, word joiner,
/// the byte-order mark): dropped, so that "\u{200B}" is not a name and 稲城 equals 稲\u{200B}城.
/// (Zero-width joiners stay: emoji and some scripts need them.)
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

/// Characters that reorder the text around them (bidirectional overrides and isolates): in a
/// name or title they only serve to make one string look like another.
fn is_reordering(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// The text without invisible characters, trimmed, in NFC.
fn clean(input: &str) -> String {
    let visible: String = input.chars().filter(|c| !is_invisible(*c)).collect();
    visible.trim().nfc().collect()
}

/// An optional one-line text (empty when left blank) of at most `max` characters.
pub fn optional(input: &str, max: usize) -> Result<String, FieldProblem> {
    let text = clean(input);
    if text.chars().count() > max {
        return Err(FieldProblem::TooLong { max });
    }
    if text.chars().any(|c| c.is_control() || is_reordering(c)) {
        return Err(FieldProblem::InvalidFormat);
    }
    Ok(text)
}

/// A multi-line text (line breaks allowed, other control characters not).
pub fn multiline(input: &str, max: usize) -> Result<String, FieldProblem> {
    let text = clean(&input.replace("\r\n", "\n"));
    if text.chars().count() > max {
        return Err(FieldProblem::TooLong { max });
    }
    if text.chars().any(|c| (c.is_control() && c != '\n') || is_reordering(c)) {
        return Err(FieldProblem::InvalidFormat);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_kanji_are_kept_as_typed() {
        // 髙 (U+9AD9) and 﨑 (U+FA11) have no canonical decomposition: NFC keeps them.
        assert_eq!(required(" 髙﨑 花子 ", 100).unwrap(), "髙﨑 花子");
        // a decomposed が (か + combining dakuten) is composed
        assert_eq!(required("か\u{3099}", 10).unwrap(), "が");
    }

    #[test]
    fn limits_count_characters() {
        assert_eq!(required("", 5), Err(FieldProblem::Required));
        assert_eq!(required("あいうえお", 5).unwrap(), "あいうえお");
        assert_eq!(required("あいうえおか", 5), Err(FieldProblem::TooLong { max: 5 }));
        assert_eq!(optional("a\u{0}b", 5), Err(FieldProblem::InvalidFormat));
        assert_eq!(optional("   ", 5).unwrap(), "");
        assert_eq!(multiline("a\r\nb", 5).unwrap(), "a\nb");
    }

    #[test]
    fn invisible_characters_are_dropped_and_reordering_ones_refused() {
        assert_eq!(required("\u{FEFF}稲\u{200B}城\u{2060}", 10).unwrap(), "稲城");
        assert_eq!(required(" \u{200B} ", 10), Err(FieldProblem::Required), "nothing visible is no name");
        assert_eq!(multiline("\u{FEFF}交流\n会", 10).unwrap(), "交流\n会");
        assert_eq!(optional("abc\u{202E}fdp.exe", 20), Err(FieldProblem::InvalidFormat));
        assert_eq!(multiline("a\u{2066}b", 20), Err(FieldProblem::InvalidFormat));
        assert_eq!(optional("👨\u{200D}👩", 5).unwrap(), "👨\u{200D}👩", "a joiner inside an emoji stays");
    }
}
