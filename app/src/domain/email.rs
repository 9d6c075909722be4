//! Email addresses, normalised to lower case so that one person has one account.

use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    /// Characters that only quoted or commented addresses use (RFC 5322 "specials") and that have
    /// no place in an address people type: refused, so that no address can smuggle a header, a
    /// comment or a second recipient into a mail, or markup into a page.
    pub const REFUSED: &'static [char] = &['"', '(', ')', '<', '>', '\'', ',', ';', ':', '\\', '[', ']'];

    /// A deliberately plain check (one `@`, a dotted domain, no spaces, control characters or
    /// specials): the real proof that an address works is the link we send to it.
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
        let odd = |c: char| c.is_whitespace() || c.is_control() || Self::REFUSED.contains(&c);
        if local.is_empty() || !domain_ok || email.chars().any(odd) {
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
    fn plain_addresses_pass() {
        for good in ["tanaka+events@example.jp", "hanako.tanaka@mail.example.co.jp", "a_b-c@example.jp", "髙橋@例え.jp"]
        {
            assert!(Email::parse(good).is_ok(), "{good}");
        }
    }

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
        for bad in [
            "\"a b\"@example.jp",
            "\"tanaka\"@example.jp",
            "tanaka(comment)@example.jp",
            "tanaka@(comment)example.jp",
            "<tanaka@example.jp>",
            "Tanaka <tanaka@example.jp>",
            "o'brien@example.jp",
            "a,b@example.jp",
            "a;b@example.jp",
            "a:b@example.jp",
            "a\\b@example.jp",
            "a@[192.0.2.1]",
            "a\tb@example.jp",
            "a\u{0}b@example.jp",
            "a\u{7f}b@example.jp",
            "a\u{3000}b@example.jp",
            "tanaka@example.jp\r\nBcc: x@example.jp",
        ] {
            assert_eq!(Email::parse(bad), Err(FieldProblem::InvalidFormat), "{bad:?}");
        }
        let long = format!("{}@example.jp", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(FieldProblem::TooLong { max: 254 }));
    }
}
