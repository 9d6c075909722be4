//! Record ids that say what they are the id of, so that an event id can never be passed where a
//! sign-up id is wanted (the positional runs of ids in the sign-up queries), nor a member's id
//! where their login's is wanted. On the wire and in the database each is its plain number.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map($name)
            }
        }
    };
}

id!(
    /// An announcement or newsletter (`newsletters.id`).
    NewsletterId
);
id!(
    /// An exchange event (`events.id`).
    EventId
);
id!(
    /// A sign-up for an event (`signups.id`).
    SignupId
);
id!(
    /// A committee (`committees.id`): whose events a chair may organise.
    CommitteeId
);
id!(
    /// A membership record (`members.id`): the person, applicant or member.
    MemberId
);
id!(
    /// A login (`accounts.id`): who is signed in, who acted.
    AccountId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_numbers_on_the_wire() {
        assert_eq!(serde_json::to_string(&EventId(7)).unwrap(), "7");
        assert_eq!(serde_json::from_str::<SignupId>("12").unwrap(), SignupId(12));
        assert_eq!("42".parse::<EventId>().unwrap().to_string(), "42");
        assert_eq!(serde_json::to_string(&MemberId(3)).unwrap(), "3");
        assert_eq!(serde_json::from_str::<AccountId>("5").unwrap(), AccountId(5));
        assert_eq!("9".parse::<MemberId>().unwrap(), MemberId(9));
    }
}
