//! Membership views that the queries build and several pages show: membership types, committee
//! choices, a member as they see themselves, list rows and the list filter. Types that one page
//! and its server function alone exchange live beside that function in `api/`.

use super::dues::{DuesStanding, PaymentMethod};
use super::ids::MemberId;
use super::localized::Localized;
use super::member::{MemberStatus, Profile};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipType {
    pub id: i64,
    pub code: String,
    pub name: Localized,
    pub annual_fee_yen: i32,
    pub has_household: bool,
    pub is_organisation: bool,
    pub offered: bool,
}

/// A committee to tick on a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeChoice {
    pub slug: String,
    pub name: Localized,
}

/// One fiscal year's dues as the member (and the secretariat) see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesPayment {
    pub fiscal_year: i32,
    pub paid_on: NaiveDate,
    pub amount_yen: i32,
    pub method: PaymentMethod,
    pub note: String,
}

/// A member's own membership (my page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMembership {
    pub member_id: MemberId,
    pub status: MemberStatus,
    pub member_number: Option<i32>,
    pub membership_type: MembershipType,
    pub email: Option<String>,
    pub profile: Profile,
    pub committees: Vec<CommitteeChoice>,
    pub applied_at: DateTime<Utc>,
    pub rejection_reason: String,
    pub current_fiscal_year: i32,
    pub dues_standing: Option<DuesStanding>,
    pub dues: Vec<DuesPayment>,
    /// Committees this account chairs.
    pub chairs: Vec<CommitteeChoice>,
}

/// A row of the secretariat's member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: MemberId,
    pub member_number: Option<i32>,
    pub full_name: String,
    pub name_reading: String,
    pub email: Option<String>,
    pub status: MemberStatus,
    pub type_name: Localized,
    pub paid_this_year: bool,
    pub applied_at: DateTime<Utc>,
}

/// Filters of the member list, as they appear in its URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberFilter {
    /// Name, reading (kana, any script) or email.
    pub q: String,
    pub status: String,
    /// Membership type code.
    pub kind: String,
    /// Committee slug.
    pub committee: String,
    /// "paid" or "unpaid" for `year`.
    pub dues: String,
    pub year: String,
    /// Keyset cursor: the reading key and id of the last row of the previous page.
    pub after: String,
}
