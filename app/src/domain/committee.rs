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

/// A member's post on a committee, as the association records it (the right to organise events
/// in Kizuna is a separate appointment).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CommitteePost {
    /// Listed first.
    Chair,
    ViceChair,
    #[default]
    Member,
}

impl CommitteePost {
    /// In the order the office's form offers them.
    pub const ALL: [CommitteePost; 3] = [CommitteePost::Member, CommitteePost::ViceChair, CommitteePost::Chair];

    pub fn code(self) -> &'static str {
        match self {
            CommitteePost::Chair => "chair",
            CommitteePost::ViceChair => "vice_chair",
            CommitteePost::Member => "member",
        }
    }

    pub fn parse(code: &str) -> Option<CommitteePost> {
        Self::ALL.into_iter().find(|post| post.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_round_trip_and_chairs_sort_first() {
        for post in CommitteePost::ALL {
            assert_eq!(CommitteePost::parse(post.code()), Some(post));
        }
        assert_eq!(CommitteePost::parse("treasurer"), None);
        let mut posts = CommitteePost::ALL.to_vec();
        posts.sort();
        assert_eq!(posts, vec![CommitteePost::Chair, CommitteePost::ViceChair, CommitteePost::Member]);
    }
}
