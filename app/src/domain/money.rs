//! Amounts of money: yen, as people type them (3,000円, ３０００, ¥3000). How an amount is
//! written for a reader is `i18n::yen`.

use crate::error::FieldProblem;

/// An amount in yen as typed: digits, optionally with thousands separators, "円" or "¥".
pub fn parse_yen(input: &str) -> Result<i32, FieldProblem> {
    use unicode_normalization::UnicodeNormalization;
    let normalised: String = input.nfkc().filter(|c| !matches!(c, ',' | '円' | '¥' | ' ')).collect();
    if normalised.is_empty() {
        return Err(FieldProblem::Required);
    }
    match normalised.parse::<i32>() {
        Ok(yen) if (0..=10_000_000).contains(&yen) => Ok(yen),
        _ => Err(FieldProblem::InvalidFormat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_people_type_them() {
        assert_eq!(parse_yen("3,000円"), Ok(3000));
        assert_eq!(parse_yen("３０００"), Ok(3000));
        assert_eq!(parse_yen("¥12,000"), Ok(12000));
        assert_eq!(parse_yen("-5"), Err(FieldProblem::InvalidFormat));
        assert_eq!(parse_yen("10000001"), Err(FieldProblem::InvalidFormat));
        assert_eq!(parse_yen(""), Err(FieldProblem::Required));
    }
}
