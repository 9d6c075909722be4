//! Japanese postal addresses and phone numbers: a 7-digit postal code (〒206-8601), one of the 47
//! prefectures, then city and street as typed. Full-width digits and hyphens are accepted (NFKC).

use crate::error::FieldProblem;
use crate::i18n::Lang;
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

/// The prefectures in their official order (JIS X 0401 codes 1–47).
pub const PREFECTURES: [(&str, &str); 47] = [
    ("北海道", "Hokkaido"),
    ("青森県", "Aomori"),
    ("岩手県", "Iwate"),
    ("宮城県", "Miyagi"),
    ("秋田県", "Akita"),
    ("山形県", "Yamagata"),
    ("福島県", "Fukushima"),
    ("茨城県", "Ibaraki"),
    ("栃木県", "Tochigi"),
    ("群馬県", "Gunma"),
    ("埼玉県", "Saitama"),
    ("千葉県", "Chiba"),
    ("東京都", "Tokyo"),
    ("神奈川県", "Kanagawa"),
    ("新潟県", "Niigata"),
    ("富山県", "Toyama"),
    ("石川県", "Ishikawa"),
    ("福井県", "Fukui"),
    ("山梨県", "Yamanashi"),
    ("長野県", "Nagano"),
    ("岐阜県", "Gifu"),
    ("静岡県", "Shizuoka"),
    ("愛知県", "Aichi"),
    ("三重県", "Mie"),
    ("滋賀県", "Shiga"),
    ("京都府", "Kyoto"),
    ("大阪府", "Osaka"),
    ("兵庫県", "Hyogo"),
    ("奈良県", "Nara"),
    ("和歌山県", "Wakayama"),
    ("鳥取県", "Tottori"),
    ("島根県", "Shimane"),
    ("岡山県", "Okayama"),
    ("広島県", "Hiroshima"),
    ("山口県", "Yamaguchi"),
    ("徳島県", "Tokushima"),
    ("香川県", "Kagawa"),
    ("愛媛県", "Ehime"),
    ("高知県", "Kochi"),
    ("福岡県", "Fukuoka"),
    ("佐賀県", "Saga"),
    ("長崎県", "Nagasaki"),
    ("熊本県", "Kumamoto"),
    ("大分県", "Oita"),
    ("宮崎県", "Miyazaki"),
    ("鹿児島県", "Kagoshima"),
    ("沖縄県", "Okinawa"),
];

/// Tokyo: most members live in Inagi, so the form starts there.
pub const DEFAULT_PREFECTURE: i16 = 13;

/// A prefecture code from the form's list.
pub fn parse_prefecture(input: &str) -> Result<i16, FieldProblem> {
    let input = input.trim();
    if input.is_empty() {
        return Err(FieldProblem::Required);
    }
    match input.parse::<i16>() {
        Ok(code) if (1..=47).contains(&code) => Ok(code),
        _ => Err(FieldProblem::NotAllowed),
    }
}

pub fn prefecture_name(code: i16, lang: Lang) -> &'static str {
    let Some((ja, en)) = usize::try_from(code).ok().and_then(|c| c.checked_sub(1)).and_then(|i| PREFECTURES.get(i))
    else {
        return "";
    };
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
