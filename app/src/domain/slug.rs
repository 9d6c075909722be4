//! URL slugs of reference records (`/cities/foster-city`). Checked against an allow-list before any
//! query, so a malformed path is a plain "not found" and never reaches SQL.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 60;

    /// Lowercase ASCII letters and digits in words joined by single hyphens.
    pub fn parse(input: &str) -> Option<Slug> {
        let ok = !input.is_empty()
            && input.len() <= Self::MAX_LEN
            && input
                .split('-')
                .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        ok.then(|| Slug(input.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_simple_and_hyphenated_words() {
        assert_eq!(Slug::parse("ozora").unwrap().as_str(), "ozora");
        assert!(Slug::parse("foster-city").is_some());
        assert!(Slug::parse("area51").is_some());
    }

    #[test]
    fn refuses_anything_else() {
        for bad in ["", "-a", "a-", "a--b", "Ozora", "大空", "a b", "a/b", "a'--", &"x".repeat(61)] {
            assert!(Slug::parse(bad).is_none(), "{bad:?} should be refused");
        }
    }
}
