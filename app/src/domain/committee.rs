//! The association's committees (国内・国際・地域交流委員会).

use super::localized::Localized;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Committee {
    pub slug: String,
    pub name: Localized,
    pub summary: Localized,
    pub description: Localized,
}
