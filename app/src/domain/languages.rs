//! Languages a member speaks: a fixed allow-list, so the roster can be filtered by them.

use crate::i18n::Lang;

/// (code, Japanese name, English name)
pub const LANGUAGES: [(&str, &str, &str); 10] = [
    ("ja", "日本語", "Japanese"),
    ("en", "英語", "English"),
    ("zh", "中国語", "Chinese"),
    ("ko", "韓国語", "Korean"),
    ("es", "スペイン語", "Spanish"),
    ("pt", "ポルトガル語", "Portuguese"),
    ("tl", "タガログ語", "Tagalog"),
    ("vi", "ベトナム語", "Vietnamese"),
    ("fr", "フランス語", "French"),
    ("de", "ドイツ語", "German"),
];

pub fn is_known(code: &str) -> bool {
    LANGUAGES.iter().any(|(c, _, _)| *c == code)
}

pub fn name(code: &str, lang: Lang) -> &str {
    LANGUAGES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, ja, en)| match lang {
            Lang::Ja => *ja,
            Lang::En => *en,
        })
        .unwrap_or(code)
}
