//! Who is logged in. The session (id in a cookie, data in PostgreSQL) holds only the account id,
//! the account's session epoch and the login time; everything else is read fresh from the
//! database on each call, so disabling an account or raising its epoch takes effect at once.

use crate::error::AppError;
use crate::server::db;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use tower_sessions::Session;

const KEY: &str = "signed_in";

/// However active, a login lasts at most this long (ASVS 7.3.2). The idle timeout is the
/// session cookie's own expiry, set in the server's session layer.
pub const ABSOLUTE_LIFETIME: Duration = Duration::hours(12);

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SignedIn {
    account_id: i64,
    epoch: i32,
    since: DateTime<Utc>,
}

/// The logged-in account behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account_id: i64,
    pub email: String,
    pub is_admin: bool,
    pub must_change_password: bool,
}

fn store_error(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(%error, "session store error");
    AppError::Unavailable
}

/// The caller of this request, if logged in and still allowed to be.
pub async fn caller(session: &Session, pool: &PgPool) -> Result<Option<Caller>, AppError> {
    let Some(signed_in) = session.get::<SignedIn>(KEY).await.map_err(store_error)? else {
        return Ok(None);
    };
    if Utc::now() - signed_in.since > ABSOLUTE_LIFETIME {
        session.flush().await.map_err(store_error)?;
        return Ok(None);
    }
    match db::accounts::for_session(pool, signed_in.account_id).await? {
        Some(account) if account.session_epoch == signed_in.epoch && account.disabled_at.is_none() => {
            Ok(Some(Caller {
                account_id: signed_in.account_id,
                email: account.email,
                is_admin: account.is_admin,
                must_change_password: account.must_change_password,
            }))
        }
        _ => {
            session.flush().await.map_err(store_error)?;
            Ok(None)
        }
    }
}

/// Logs `account_id` in, under a new session id (ASVS 7.2.4).
pub async fn sign_in(session: &Session, account_id: i64, epoch: i32) -> Result<(), AppError> {
    session.cycle_id().await.map_err(store_error)?;
    session.insert(KEY, SignedIn { account_id, epoch, since: Utc::now() }).await.map_err(store_error)
}

/// Ends this session, here and in the store.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(store_error)
}
