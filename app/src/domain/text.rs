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

/// An optional one-line text (empty when left blank) of at most `max` characters.
pub fn optional(input: &str, max: usize) -> Result<String, FieldProblem> {
    let text: String = input.trim().nfc().collect();
    if text.chars().count() > max {
        return Err(FieldProblem::TooLong { max });
    }
    if text.chars().any(char::is_control) {
        return Err(FieldProblem::InvalidFormat);
    }
    Ok(text)
}

/// A multi-line text (line breaks allowed, other control characters not).
pub fn multiline(input: &str, max: usize) -> Result<String, FieldProblem> {
    let text: String = input.trim().replace("\r\n", "\n").nfc().collect();
    if text.chars().count() > max {
        return Err(FieldProblem::TooLong { max });
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
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
}
