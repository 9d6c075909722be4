//! An account as its owner sees it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub email: String,
    /// Staff roles in force today.
    pub roles: Vec<crate::domain::staff::StaffRole>,
    pub must_change_password: bool,
}

impl AccountSummary {
    /// Whether this account may do `duty` (for showing links; the server checks again).
    pub fn may(&self, duty: crate::domain::staff::Duty) -> bool {
        !self.must_change_password && crate::domain::staff::any_allows(&self.roles, duty)
    }

    /// Any staff role: the secretariat's menu entry.
    pub fn is_staff(&self) -> bool {
        !self.roles.is_empty()
    }
}
