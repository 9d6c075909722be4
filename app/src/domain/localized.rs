//! Text kept in both languages. Either side may be empty; readers then get the other side and a flag
//! so the page can say "available in Japanese only".

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub ja: String,
    pub en: String,
}

/// Text chosen for a reader, and the language it is actually in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chosen<'a> {
    pub text: &'a str,
    pub lang: Lang,
}

impl<'a> Chosen<'a> {
    /// True when the reader asked for one language and gets the other.
    pub fn is_fallback(&self, wanted: Lang) -> bool {
        self.lang != wanted
    }
}

impl Localized {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self { ja: ja.into(), en: en.into() }
    }

    fn side(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }

    /// The text in `lang`, or in the other language when that side is blank.
    pub fn choose(&self, lang: Lang) -> Chosen<'_> {
        let wanted = self.side(lang);
        if wanted.trim().is_empty() {
            let other = lang.other();
            Chosen { text: self.side(other), lang: other }
        } else {
            Chosen { text: wanted, lang }
        }
    }

    /// Shorthand for the chosen text as an owned string.
    pub fn get(&self, lang: Lang) -> String {
        self.choose(lang).text.to_string()
    }

    pub fn is_empty(&self) -> bool {
        self.ja.trim().is_empty() && self.en.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_wanted_language() {
        let text = Localized::new("交流", "Exchange");
        assert_eq!(text.choose(Lang::Ja), Chosen { text: "交流", lang: Lang::Ja });
        assert_eq!(text.get(Lang::En), "Exchange");
    }

    #[test]
    fn falls_back_to_the_other_language_and_says_so() {
        let only_ja = Localized::new("日本語のみ", "  ");
        let chosen = only_ja.choose(Lang::En);
        assert_eq!(chosen.text, "日本語のみ");
        assert!(chosen.is_fallback(Lang::En));
        assert!(!only_ja.choose(Lang::Ja).is_fallback(Lang::Ja));
    }

    #[test]
    fn empty_only_when_both_sides_are_blank() {
        assert!(Localized::default().is_empty());
        assert!(!Localized::new("", "x").is_empty());
    }
}
