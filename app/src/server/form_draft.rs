//! What was typed into a form that came back with an error *without JavaScript*: the browser then
//! reloads the form page, so the values are kept in the session for that one page load. (With
//! JavaScript the form stays on screen and keeps its values by itself.)

use serde::{de::DeserializeOwned, Serialize};
use tower_sessions::Session;

/// Keeps `value` under `key` if this request is a plain form post.
pub async fn keep_for_plain_post<T: Serialize>(session: &Session, key: &str, value: &T) {
    if !crate::server::guard::is_plain_form_post() {
        return;
    }
    if let Err(error) = session.insert(key, value).await {
        tracing::warn!(%error, "could not keep the form draft");
    }
}

/// Takes the kept values, if any (they are shown once).
pub async fn take<T: DeserializeOwned>(session: &Session, key: &str) -> Option<T> {
    session.remove::<T>(key).await.ok().flatten()
}
