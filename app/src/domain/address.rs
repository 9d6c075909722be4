//! Japanese postal addresses and phone numbers: a 7-digit postal code (〒206-8601), one of the 47
//! prefectures, then city and street as typed. Full-width digits and hyphens are accepted (NFKC).

use crate::error::FieldProblem;
use unicode_normalization::UnicodeNormalization;

/// Digits only ("2068601"), from "〒206-8601", "２０６－８６０１" and the like.
pub fn parse_postal_code(input: &str) -> Result<String, FieldProblem> {
    let normalised: String = input.nfkc().collect();
    let digits: String = normalised.chars().filter(|c| !matches!(c, '〒' | '-' | 'ー' | '−' | ' ')).collect();
    if digits.is_empty() {
        return Err(FieldProblem::Required);
    }
    if digits.len() != 7 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldProblem::PostalCode);
    }
    Ok(digits)
}

/// "〒206-8601" for "2068601"; anything else as it is.
pub fn format_postal_code(digits: &str) -> String {
    if digits.len() == 7 && digits.is_ascii() {
        format!("〒{}-{}", &digits[..3], &digits[3..])
    } else {
        digits.to_string()
    }
}

/// A phone number as typed (normalised to half-width), with 10 to 15 digits; hyphens, spaces,
/// brackets and a leading + are allowed.
pub fn parse_phone(input: &str) -> Result<String, FieldProblem> {
    let normalised: String = input.nfkc().collect::<String>().trim().replace(['ー', '−'], "-");
    if normalised.is_empty() {
        return Err(FieldProblem::Required);
    }
    let allowed = normalised
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')') || (c == '+' && i == 0));
    let digits = normalised.chars().filter(char::is_ascii_digit).count();
    if !allowed || !(10..=15).contains(&digits) {
        return Err(FieldProblem::Phone);
    }
    Ok(normalised)
}

/// Tokyo: most members live in Inagi, so the form starts there.
pub const DEFAULT_PREFECTURE: i16 = 13;

/// How many prefectures there are (codes 1–47); their names are in `i18n::names`.
pub const PREFECTURE_COUNT: i16 = 47;

/// A prefecture code from the form's list.
pub fn parse_prefecture(input: &str) -> Result<i16, FieldProblem> {
    let input = input.trim();
    if input.is_empty() {
        return Err(FieldProblem::Required);
    }
    match input.parse::<i16>() {
        Ok(code) if (1..=PREFECTURE_COUNT).contains(&code) => Ok(code),
        _ => Err(FieldProblem::NotAllowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::names::prefecture_name;
    use crate::i18n::Lang;

    #[test]
    fn postal_codes_in_any_usual_form() {
        for input in ["2068601", "206-8601", "〒206-8601", "２０６－８６０１", " 206 8601 "] {
            assert_eq!(parse_postal_code(input).unwrap(), "2068601", "{input}");
        }
        assert_eq!(parse_postal_code(""), Err(FieldProblem::Required));
        for bad in ["206-860", "20686011", "abc-defg"] {
            assert_eq!(parse_postal_code(bad), Err(FieldProblem::PostalCode), "{bad}");
        }
        assert_eq!(format_postal_code("2068601"), "〒206-8601");
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(parse_phone("042-378-2111").unwrap(), "042-378-2111");
        assert_eq!(parse_phone("０９０ー１２３４ー５６７８").unwrap(), "090-1234-5678");
        assert_eq!(parse_phone("+1 (650) 286-3200").unwrap(), "+1 (650) 286-3200");
        assert_eq!(parse_phone(""), Err(FieldProblem::Required));
        for bad in ["12345", "042-378-211x", "1+2345678901"] {
            assert_eq!(parse_phone(bad), Err(FieldProblem::Phone), "{bad}");
        }
    }

    #[test]
    fn prefectures_by_code() {
        assert_eq!(parse_prefecture("13"), Ok(13));
        assert_eq!(prefecture_name(13, Lang::Ja), "東京都");
        assert_eq!(prefecture_name(47, Lang::En), "Okinawa");
        assert_eq!(parse_prefecture("48"), Err(FieldProblem::NotAllowed));
        assert_eq!(parse_prefecture(""), Err(FieldProblem::Required));
        assert_eq!(prefecture_name(0, Lang::Ja), "");
    }
}
