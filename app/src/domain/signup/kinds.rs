//! The states of a sign-up, the kinds of people on it, and how a member agreed to one a chair
//! entered.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum SignupStatus {
    Confirmed,
    Waiting,
    Cancelled,
}

impl SignupStatus {
    pub fn code(self) -> &'static str {
        match self {
            SignupStatus::Confirmed => "confirmed",
            SignupStatus::Waiting => "waiting",
            SignupStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<SignupStatus> {
        [SignupStatus::Confirmed, SignupStatus::Waiting, SignupStatus::Cancelled].into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum PersonKind {
    Holder,
    Household,
    Guest,
}

impl PersonKind {
    pub fn code(self) -> &'static str {
        match self {
            PersonKind::Holder => "holder",
            PersonKind::Household => "household",
            PersonKind::Guest => "guest",
        }
    }

    pub fn parse(code: &str) -> Option<PersonKind> {
        [PersonKind::Holder, PersonKind::Household, PersonKind::Guest].into_iter().find(|k| k.code() == code)
    }
}

/// How a member agreed to a sign-up a chair entered for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum ConsentMethod {
    Online,
    Paper,
    Phone,
    InPerson,
}

impl ConsentMethod {
    pub fn code(self) -> &'static str {
        match self {
            ConsentMethod::Online => "online",
            ConsentMethod::Paper => "paper",
            ConsentMethod::Phone => "phone",
            ConsentMethod::InPerson => "in_person",
        }
    }

    pub fn parse(code: &str) -> Option<ConsentMethod> {
        [ConsentMethod::Online, ConsentMethod::Paper, ConsentMethod::Phone, ConsentMethod::InPerson]
            .into_iter()
            .find(|m| m.code() == code)
    }
}
