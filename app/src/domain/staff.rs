//! The secretariat's roles and what each may do: the rule table of staff work. A duty is one kind
//! of work (reading the member list, recording dues…); a role is a set of duties. `docs/roles.md`
//! prints this table, and the access-matrix test checks every server function against it.

use serde::{Deserialize, Serialize};

/// A role a staff account holds (for a term, or until revoked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum StaffRole {
    /// 事務局（管理者）: everything.
    Admin,
    /// 会計: dues, payments, receipts; reads the member list.
    Treasurer,
    /// 名簿係: member records, applications, imports; no dues.
    Clerk,
    /// 監事: reads everything, the audit log too; changes nothing, exports nothing.
    Auditor,
    /// A grant on top of a role: may download rosters with personal data.
    Exports,
}

/// One kind of staff work, as a server function or a download asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Duty {
    /// The member list, a member's page, the dashboard.
    ReadMembers,
    /// Approve, reject, edit, disable a login, send a reset link, erase.
    EditMembers,
    /// The member-list import and its invitations.
    Imports,
    /// Record dues payments.
    Dues,
    /// Read the association's settings: membership types and fees, the partner-city register.
    ReadSettings,
    /// Change the settings: contact details, cities, membership types, chairs.
    Settings,
    /// The audit log.
    Audit,
    /// The mail outbox (what was sent to whom).
    Outbox,
    /// Staff accounts and their roles.
    Staff,
    /// Download the member roster (personal data).
    ExportMembers,
    /// Download the dues roster (personal data).
    ExportDues,
    /// Print address labels for the members who get post (names and addresses).
    PostalMail,
    /// Write to all members, a class, the unpaid or outside contacts, and keep the contact lists
    /// (a chair writes to their own committee and events without it).
    Newsletters,
}

impl StaffRole {
    pub const ALL: [StaffRole; 5] =
        [StaffRole::Admin, StaffRole::Treasurer, StaffRole::Clerk, StaffRole::Auditor, StaffRole::Exports];

    pub fn code(self) -> &'static str {
        match self {
            StaffRole::Admin => "admin",
            StaffRole::Treasurer => "treasurer",
            StaffRole::Clerk => "clerk",
            StaffRole::Auditor => "auditor",
            StaffRole::Exports => "exports",
        }
    }

    pub fn parse(code: &str) -> Option<StaffRole> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The rule table: may a holder of this role do `duty`?
    pub fn allows(self, duty: Duty) -> bool {
        use Duty::*;
        match self {
            StaffRole::Admin => true,
            StaffRole::Treasurer => matches!(duty, ReadMembers | Dues | ReadSettings | ExportDues | PostalMail),
            StaffRole::Clerk => {
                matches!(duty, ReadMembers | EditMembers | Imports | ReadSettings | Outbox | ExportMembers | PostalMail)
            }
            StaffRole::Auditor => matches!(duty, ReadMembers | ReadSettings | Audit | Outbox),
            StaffRole::Exports => matches!(duty, ExportMembers | ExportDues),
        }
    }
}

impl Duty {
    pub const ALL: [Duty; 13] = [
        Duty::ReadMembers,
        Duty::EditMembers,
        Duty::Imports,
        Duty::Dues,
        Duty::ReadSettings,
        Duty::Settings,
        Duty::Audit,
        Duty::Outbox,
        Duty::Staff,
        Duty::ExportMembers,
        Duty::ExportDues,
        Duty::PostalMail,
        Duty::Newsletters,
    ];
}

/// What a set of roles allows (the roles of one caller, those in force today).
pub fn any_allows(roles: &[StaffRole], duty: Duty) -> bool {
    roles.iter().any(|role| role.allows(duty))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_privilege() {
        use Duty::*;
        assert!(Duty::ALL.iter().all(|d| StaffRole::Admin.allows(*d)));
        assert!(StaffRole::Treasurer.allows(Dues) && !StaffRole::Treasurer.allows(EditMembers));
        assert!(StaffRole::Clerk.allows(EditMembers) && !StaffRole::Clerk.allows(Dues));
        // The auditor reads everything and changes nothing.
        for duty in [EditMembers, Imports, Dues, Settings, Staff, ExportMembers, ExportDues, PostalMail] {
            assert!(!StaffRole::Auditor.allows(duty), "{duty:?}");
        }
        assert!(any_allows(&[StaffRole::Auditor, StaffRole::Exports], ExportMembers));
        assert!(!any_allows(&[StaffRole::Exports], ReadMembers), "a grant alone opens no page");
    }

    #[test]
    fn codes_round_trip() {
        for role in StaffRole::ALL {
            assert_eq!(StaffRole::parse(role.code()), Some(role));
        }
    }
}
