//! Who is logged in. The session (id in a cookie, data in PostgreSQL) holds only the account id,
//! the account's session epoch and the login time; everything else is read fresh from the
//! database on each call, so disabling an account or raising its epoch takes effect at once.

use crate::domain::ids::{AccountId, CommitteeId, MemberId};
use crate::error::AppError;
use crate::server::db;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use tower_sessions::Session;

const KEY: &str = "signed_in";

/// A session unused for this long ends (ASVS 7.3.1); the server's session layer gives the cookie
/// and the stored row the same expiry.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(60);
/// However active, a login lasts at most this long (ASVS 7.3.2).
pub const ABSOLUTE_LIFETIME: Duration = Duration::hours(12);
/// The store only rewrites a session that changed, and the expiry is set when it is written; so
/// an active session records that it was seen, at most this often (rarely, because a write could
/// bring back a session that a parallel logout just removed).
const REFRESH_AFTER: Duration = Duration::minutes(5);

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SignedIn {
    account_id: AccountId,
    epoch: i32,
    since: DateTime<Utc>,
    last_seen: DateTime<Utc>,
}

#[derive(Debug, PartialEq, Eq)]
enum Standing {
    Expired,
    Current,
    /// Current, and due to be marked as seen (which renews the idle expiry).
    Seen,
}

fn standing(signed_in: &SignedIn, now: DateTime<Utc>) -> Standing {
    if now - signed_in.since > ABSOLUTE_LIFETIME || now - signed_in.last_seen > IDLE_TIMEOUT {
        Standing::Expired
    } else if now - signed_in.last_seen > REFRESH_AFTER {
        Standing::Seen
    } else {
        Standing::Current
    }
}

/// The logged-in account behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account_id: AccountId,
    pub email: String,
    /// Staff roles in force today (none for members and chairs).
    pub roles: Vec<crate::domain::staff::StaffRole>,
    pub must_change_password: bool,
    /// The account's membership record, if it is a member (or applicant).
    pub member_id: Option<MemberId>,
    /// Committees (ids) this account chairs or vice-chairs, in a term in force.
    pub chair_of: Vec<CommitteeId>,
}

fn store_error(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(%error, "session store error");
    AppError::Unavailable
}

/// The caller of this request, if logged in and still allowed to be.
pub async fn caller(session: &Session, pool: &PgPool) -> Result<Option<Caller>, AppError> {
    let signed_in = match session.get::<SignedIn>(KEY).await {
        Ok(Some(signed_in)) => signed_in,
        Ok(None) => return Ok(None),
        // Data written by an older version of this struct: start afresh rather than fail.
        Err(tower_sessions::session::Error::SerdeJson(error)) => {
            tracing::warn!(%error, "unreadable session data; session ended");
            session.flush().await.map_err(store_error)?;
            return Ok(None);
        }
        Err(error) => return Err(store_error(error)),
    };
    let now = Utc::now();
    match standing(&signed_in, now) {
        Standing::Expired => {
            session.flush().await.map_err(store_error)?;
            return Ok(None);
        }
        Standing::Seen => {
            let seen = SignedIn { last_seen: now, ..signed_in.clone() };
            session.insert(KEY, seen).await.map_err(store_error)?;
        }
        Standing::Current => {}
    }
    match db::accounts::for_session(pool, signed_in.account_id).await? {
        Some(account) if account.session_epoch == signed_in.epoch && account.disabled_at.is_none() => {
            Ok(Some(Caller {
                account_id: signed_in.account_id,
                email: account.email,
                roles: account.roles,
                must_change_password: account.must_change_password,
                member_id: account.member_id,
                chair_of: account.chair_of,
            }))
        }
        _ => {
            session.flush().await.map_err(store_error)?;
            Ok(None)
        }
    }
}

/// Logs `account_id` in, under a new session id (ASVS 7.2.4).
pub async fn sign_in(session: &Session, account_id: AccountId, epoch: i32) -> Result<(), AppError> {
    session.cycle_id().await.map_err(store_error)?;
    let now = Utc::now();
    session.insert(KEY, SignedIn { account_id, epoch, since: now, last_seen: now }).await.map_err(store_error)
}

/// Ends this session, here and in the store.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(store_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed_in(since_minutes_ago: i64, seen_minutes_ago: i64) -> SignedIn {
        let now = Utc::now();
        SignedIn {
            account_id: AccountId(1),
            epoch: 0,
            since: now - Duration::minutes(since_minutes_ago),
            last_seen: now - Duration::minutes(seen_minutes_ago),
        }
    }

    #[test]
    fn an_active_session_is_renewed_now_and_then() {
        assert_eq!(standing(&signed_in(30, 1), Utc::now()), Standing::Current);
        assert_eq!(standing(&signed_in(30, 6), Utc::now()), Standing::Seen);
    }

    #[test]
    fn idle_sessions_end() {
        assert_eq!(standing(&signed_in(90, 61), Utc::now()), Standing::Expired);
    }

    #[test]
    fn no_session_outlives_the_absolute_lifetime() {
        assert_eq!(standing(&signed_in(12 * 60 + 1, 1), Utc::now()), Standing::Expired);
        assert_eq!(standing(&signed_in(11 * 60, 1), Utc::now()), Standing::Current);
    }
}
