//! The life of an event, and the one rule for when it takes sign-ups.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum EventStatus {
    Draft,
    Published,
    /// Sign-ups closed by the chair (the event still takes place).
    Closed,
    Held,
    Cancelled,
}

impl EventStatus {
    pub const ALL: [EventStatus; 5] =
        [EventStatus::Draft, EventStatus::Published, EventStatus::Closed, EventStatus::Held, EventStatus::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            EventStatus::Draft => "draft",
            EventStatus::Published => "published",
            EventStatus::Closed => "closed",
            EventStatus::Held => "held",
            EventStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<EventStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the public (and members) may see the event.
    pub fn is_public(self) -> bool {
        self != EventStatus::Draft
    }

    /// The state a chair may move the event to from here (cancelling is separate: it needs a reason).
    pub fn may_become(self, next: EventStatus) -> bool {
        use EventStatus::*;
        matches!(
            (self, next),
            (Draft, Published) | (Published, Closed) | (Closed, Published) | (Published | Closed, Held)
        )
    }
}

/// Who puts a sign-up in: the person themself, or a chair entering it for a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Own,
    ByChair,
}

/// What decides whether an event takes sign-ups: the one rule, used by the page, the server
/// function and the service under the event lock alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignupWindow {
    pub status: EventStatus,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl SignupWindow {
    /// Members sign up while the event is published, inside its window (if any) and before the
    /// start. A chair may also enter one after sign-ups were closed (a phone call), until the end.
    pub fn open_for(&self, entry: Entry, now: DateTime<Utc>) -> bool {
        match entry {
            Entry::Own => {
                self.status == EventStatus::Published
                    && self.opens_at.is_none_or(|t| now >= t)
                    && self.closes_at.is_none_or(|t| now <= t)
                    && now < self.starts_at
            }
            Entry::ByChair => {
                matches!(self.status, EventStatus::Published | EventStatus::Closed) && now <= self.ends_at
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_move_forward_only() {
        use EventStatus::*;
        assert!(Draft.may_become(Published));
        assert!(!Draft.may_become(Held));
        assert!(Published.may_become(Closed) && Closed.may_become(Published));
        assert!(!Held.may_become(Published));
        assert!(!Cancelled.may_become(Published));
    }

    #[test]
    fn members_sign_up_inside_the_window_chairs_until_the_end() {
        use chrono::TimeZone;
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2027, 7, d, h, 0, 0).unwrap();
        let window = SignupWindow {
            status: EventStatus::Published,
            opens_at: Some(at(1, 0)),
            closes_at: Some(at(20, 0)),
            starts_at: at(24, 8),
            ends_at: at(24, 18),
        };
        assert!(!window.open_for(Entry::Own, at(1, 0) - chrono::Duration::seconds(1)));
        assert!(window.open_for(Entry::Own, at(10, 0)));
        assert!(!window.open_for(Entry::Own, at(21, 0)));
        assert!(window.open_for(Entry::ByChair, at(24, 12)));
        assert!(!window.open_for(Entry::ByChair, at(24, 19)));
        let closed = SignupWindow { status: EventStatus::Closed, ..window };
        assert!(!closed.open_for(Entry::Own, at(10, 0)));
        assert!(closed.open_for(Entry::ByChair, at(10, 0)));
        for status in [EventStatus::Draft, EventStatus::Held, EventStatus::Cancelled] {
            let window = SignupWindow { status, ..window };
            assert!(!window.open_for(Entry::Own, at(10, 0)) && !window.open_for(Entry::ByChair, at(10, 0)));
        }
    }
}
