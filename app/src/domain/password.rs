//! The password rules (OWASP ASVS 6.2): at least 8 characters, at least 64 allowed, no composition
//! rules, nothing truncated, and none of the most common passwords.

use crate::error::FieldProblem;

/// A password that passed the rules. Deliberately not `Serialize` or `Debug`-printable.
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

impl NewPassword {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<NewPassword, FieldProblem> {
        let chars = input.chars().count();
        if chars == 0 {
            return Err(FieldProblem::Required);
        }
        if chars < Self::MIN_CHARS {
            return Err(FieldProblem::TooShort { min: Self::MIN_CHARS });
        }
        if chars > Self::MAX_CHARS {
            return Err(FieldProblem::TooLong { max: Self::MAX_CHARS });
        }
        let lowered = input.to_lowercase();
        if COMMON_PASSWORDS.lines().any(|common| common.trim() == lowered) {
            return Err(FieldProblem::TooCommon);
        }
        Ok(NewPassword(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules() {
        assert_eq!(NewPassword::parse("").unwrap_err(), FieldProblem::Required);
        assert_eq!(NewPassword::parse("short").unwrap_err(), FieldProblem::TooShort { min: 8 });
        assert!(NewPassword::parse(&"かな".repeat(32)).is_ok(), "64 characters must be allowed");
        assert_eq!(NewPassword::parse(&"x".repeat(129)).unwrap_err(), FieldProblem::TooLong { max: 128 });
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 8 kana are 24 bytes but 8 characters: allowed. 7 are not.
        assert!(NewPassword::parse("いなぎしのまつり").is_ok());
        assert!(NewPassword::parse("いなぎしのまつ").is_err());
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        assert_eq!(NewPassword::parse("password").unwrap_err(), FieldProblem::TooCommon);
        assert_eq!(NewPassword::parse("PassWord123").unwrap_err(), FieldProblem::TooCommon);
        assert!(NewPassword::parse("correct horse battery staple").is_ok());
    }

    #[test]
    fn no_composition_rules_and_nothing_trimmed() {
        let spaced = "  all lower case  ";
        assert_eq!(NewPassword::parse(spaced).unwrap().expose(), spaced);
    }
}
