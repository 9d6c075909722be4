//! How many people an event takes.

use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};

/// The places of an event: 1 to 10,000 (more is a slip of the keyboard, not an exchange event).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct Capacity(i32);

impl Capacity {
    pub const MAX: i32 = 10_000;

    pub fn parse(input: &str) -> Result<Capacity, FieldProblem> {
        match input.trim() {
            "" => Err(FieldProblem::Required),
            text => text.parse::<i32>().map_err(|_| FieldProblem::InvalidFormat).and_then(Capacity::try_from),
        }
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

impl TryFrom<i32> for Capacity {
    type Error = FieldProblem;

    fn try_from(places: i32) -> Result<Capacity, FieldProblem> {
        if (1..=Capacity::MAX).contains(&places) {
            Ok(Capacity(places))
        } else {
            Err(FieldProblem::InvalidFormat)
        }
    }
}

impl From<Capacity> for i32 {
    fn from(capacity: Capacity) -> i32 {
        capacity.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_from_one_to_ten_thousand() {
        assert_eq!(Capacity::parse(" 50 ").map(Capacity::get), Ok(50));
        assert_eq!(Capacity::parse(""), Err(FieldProblem::Required));
        for wrong in ["0", "-3", "10001", "五十", "2.5"] {
            assert_eq!(Capacity::parse(wrong), Err(FieldProblem::InvalidFormat), "{wrong}");
        }
        assert!(serde_json::from_str::<Capacity>("0").is_err(), "the wire cannot bypass the rule");
    }
}
