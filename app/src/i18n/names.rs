//! Names of places and languages in both languages: the 47 prefectures (JIS X 0401 order) and
//! the languages a member may say they speak. The codes and their rules stay in `domain`
//! (`address::parse_prefecture`, `languages::CODES`); this is what they are called.

use super::Lang;
use crate::domain::languages::CODES;

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

/// A prefecture's name by its code (blank for a code that is not one).
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

/// A language's name by its code (the code itself for one not on the list).
pub fn language_name(code: &str, lang: Lang) -> &str {
    let (ja, en) = match code {
        "ja" => ("日本語", "Japanese"),
        "en" => ("英語", "English"),
        "zh" => ("中国語", "Chinese"),
        "ko" => ("韓国語", "Korean"),
        "es" => ("スペイン語", "Spanish"),
        "pt" => ("ポルトガル語", "Portuguese"),
        "tl" => ("タガログ語", "Tagalog"),
        "vi" => ("ベトナム語", "Vietnamese"),
        "fr" => ("フランス語", "French"),
        "de" => ("ドイツ語", "German"),
        _ => return code,
    };
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

impl Lang {
    /// (code, name) of every prefecture, in order: the form's list.
    pub fn prefectures(self) -> impl Iterator<Item = (i16, &'static str)> {
        (1..=PREFECTURES.len() as i16).map(move |code| (code, prefecture_name(code, self)))
    }

    /// (code, name) of every language on the list, in its order.
    pub fn languages(self) -> impl Iterator<Item = (&'static str, &'static str)> {
        CODES.iter().map(move |code| (*code, language_name(code, self)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_language_has_a_name_in_both_languages() {
        for code in CODES {
            assert_ne!(language_name(code, Lang::Ja), code);
            assert!(!language_name(code, Lang::Ja).is_ascii());
            assert_ne!(language_name(code, Lang::En), code);
        }
        assert_eq!(language_name("xx", Lang::En), "xx");
    }

    #[test]
    fn prefectures_are_listed_in_code_order() {
        assert_eq!(Lang::Ja.prefectures().count(), crate::domain::address::PREFECTURE_COUNT as usize);
        assert_eq!(Lang::En.prefectures().nth(12), Some((13, "Tokyo")));
    }
}
