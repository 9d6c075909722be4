//! Name readings (ふりがな). A reading is kana only; half-width katakana and full-width spaces are
//! normalised (NFKC). The *reading key* (hiragana, no spaces) is what the member list sorts and
//! searches by, so "たなか", "タナカ" and "ﾀﾅｶ" all find 田中.

use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

pub const MAX_CHARS: usize = 100;

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}')
}

fn is_separator(c: char) -> bool {
    c == ' ' || c == '・'
}

/// A name reading: kana, long-vowel marks, spaces and ・ only (or empty where a reading is
/// optional). Made by [`Reading::parse`] / [`Reading::optional`] from what someone typed; read
/// back from the wire only through the same check.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct Reading(String);

impl Reading {
    /// A required reading.
    pub fn parse(input: &str) -> Result<Reading, FieldProblem> {
        let reading = Reading::optional(input)?;
        if reading.is_empty() {
            return Err(FieldProblem::Required);
        }
        Ok(reading)
    }

    /// An optional reading (empty when left blank).
    pub fn optional(input: &str) -> Result<Reading, FieldProblem> {
        let normalised: String = input.nfkc().collect();
        let reading = normalised.split_whitespace().collect::<Vec<_>>().join(" ");
        if reading.chars().count() > MAX_CHARS {
            return Err(FieldProblem::TooLong { max: MAX_CHARS });
        }
        if !reading.chars().all(|c| is_kana(c) || is_separator(c)) {
            return Err(FieldProblem::NotKana);
        }
        Ok(Reading(reading))
    }

    /// The sort and search key (see [`reading_key`]).
    pub fn key(&self) -> String {
        reading_key(&self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Deref for Reading {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Reading {
    type Error = FieldProblem;

    fn try_from(value: String) -> Result<Reading, FieldProblem> {
        Reading::optional(&value)
    }
}

impl From<Reading> for String {
    fn from(reading: Reading) -> String {
        reading.0
    }
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
        assert_eq!(Reading::parse(" たなか　はなこ ").unwrap().as_str(), "たなか はなこ");
        assert_eq!(Reading::parse("ｽｽﾞｷ ｲﾁﾛｰ").unwrap().as_str(), "スズキ イチロー");
        assert_eq!(Reading::parse("ｽｽﾞｷ ｲﾁﾛｰ").unwrap().key(), "すずきいちろー");
        assert_eq!(Reading::parse(""), Err(FieldProblem::Required));
        assert_eq!(Reading::parse("田中"), Err(FieldProblem::NotKana));
        assert_eq!(Reading::parse("tanaka"), Err(FieldProblem::NotKana));
        assert!(Reading::optional("").unwrap().is_empty());
    }

    #[test]
    fn the_wire_cannot_bypass_the_rule() {
        assert_eq!(serde_json::from_str::<Reading>("\"ﾀﾅｶ\"").unwrap().as_str(), "タナカ");
        assert!(serde_json::from_str::<Reading>("\"田中\"").is_err());
        assert_eq!(serde_json::to_string(&Reading::parse("たなか").unwrap()).unwrap(), "\"たなか\"");
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
