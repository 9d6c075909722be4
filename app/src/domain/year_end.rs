//! Closing a fiscal year: the members unpaid by the articles' rule (so many whole fiscal years
//! without dues, `lapse_after_unpaid_years` in the settings), and the treasurer's report.

use crate::domain::dues::PaymentMethod;
use crate::domain::ids::MemberId;
use crate::domain::localized::Localized;
use serde::{Deserialize, Serialize};

/// A member whose dues are unpaid for every year the rule looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnpaidMember {
    pub id: MemberId,
    pub member_number: Option<i32>,
    pub full_name: String,
    pub class_name: Localized,
    /// What the unpaid years' dues come to.
    pub owed_yen: i64,
}

/// The fiscal years the rule looks at when closing `year`: the last `years` of them, up to it.
pub fn years_looked_at(year: i32, years: u8) -> std::ops::RangeInclusive<i32> {
    (year - i32::from(years.max(1)) + 1)..=year
}

/// One membership class in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassLine {
    pub name: Localized,
    /// Active members of the class today.
    pub members: i64,
    /// Payments of the year's dues (by members now in the class), and their sum.
    pub payments: i64,
    pub collected_yen: i64,
    /// The year's dues of its active members (fee per unit that year × units).
    pub expected_yen: i64,
}

/// Payments of the year by how they came in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodLine {
    pub method: PaymentMethod,
    pub payments: i64,
    pub collected_yen: i64,
}

/// The treasurer's report for one fiscal year's dues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreasurerReport {
    pub year: i32,
    pub by_class: Vec<ClassLine>,
    pub by_method: Vec<MethodLine>,
    /// Receipts in force for the year's dues.
    pub receipts: i64,
    /// Payments voided (kept for the auditor), and what they came to.
    pub voided: i64,
    pub voided_yen: i64,
    /// Donations received in the fiscal year (not voided), and what they came to.
    pub donations: i64,
    pub donations_yen: i64,
}

impl TreasurerReport {
    pub fn collected_yen(&self) -> i64 {
        self.by_method.iter().map(|m| m.collected_yen).sum()
    }

    pub fn payments(&self) -> i64 {
        self.by_method.iter().map(|m| m.payments).sum()
    }

    pub fn expected_yen(&self) -> i64 {
        self.by_class.iter().map(|c| c.expected_yen).sum()
    }

    pub fn members(&self) -> i64 {
        self.by_class.iter().map(|c| c.members).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_looks_at_the_last_whole_years_up_to_the_one_closed() {
        assert_eq!(years_looked_at(2026, 1), 2026..=2026);
        assert_eq!(years_looked_at(2026, 2), 2025..=2026);
        assert_eq!(years_looked_at(2026, 0), 2026..=2026, "at least the year itself");
    }
}
