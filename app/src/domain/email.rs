//! Email addresses, normalised to lower case so that one person has one account.

use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    /// A deliberately plain check (one `@`, a dotted domain, no spaces): the real proof that an
    /// address works is the mail we send to it.
    pub fn parse(input: &str) -> Result<Email, FieldProblem> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err(FieldProblem::Required);
        }
        if email.len() > Self::MAX_LEN {
            return Err(FieldProblem::TooLong { max: Self::MAX_LEN });
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(FieldProblem::InvalidFormat);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || !domain_ok || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(FieldProblem::InvalidFormat);
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_spaces() {
        assert_eq!(Email::parse("  Hanako.Tanaka@Example.JP ").unwrap().as_str(), "hanako.tanaka@example.jp");
    }

    #[test]
    fn refuses_what_cannot_be_an_address() {
        assert_eq!(Email::parse("   "), Err(FieldProblem::Required));
        for bad in ["tanaka", "@example.jp", "a@b", "a@.jp", "a@b..jp", "a b@example.jp", "a@b@c.jp", "a@b.jp."] {
            assert_eq!(Email::parse(bad), Err(FieldProblem::InvalidFormat), "{bad}");
        }
        let long = format!("{}@example.jp", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(FieldProblem::TooLong { max: 254 }));
    }
}
