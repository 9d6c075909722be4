//! The gate of the plain axum routes (downloads, the upload), as an extractor: a handler that
//! takes `Allowed<staff::ExportMembers>` runs only for staff whose roles allow that duty, and gets the [`Caller`] itself. The
//! check is the server functions' own (`guard::admit`: the session, the rule table `decide`, the
//! refusal logged), so both kinds of route answer the same caller the same way.

use app::server::guard::{admit_signed, Access, Duty};
use app::server::session::Caller;
use app::server::state::AppState;
use app::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::marker::PhantomData;
use tower_sessions::Session;

/// A rule of [`Access`] as a type, for [`Allowed`].
pub trait Rule {
    const ACCESS: Access;
}

/// [`Access::Staff`] rules, one type per duty a plain route asks for.
pub mod staff {
    use super::{Access, Duty, Rule};

    macro_rules! staff_rules {
        ($($duty:ident),*) => {$(
            #[doc = concat!("[`Access::Staff`]`(Duty::", stringify!($duty), ")`.")]
            pub struct $duty;
            impl Rule for $duty {
                const ACCESS: Access = Access::Staff(Duty::$duty);
            }
        )*};
    }

    staff_rules!(ReadMembers, ExportMembers, ExportDues, Audit, Imports, Settings, Dues, PostalMail, Newsletters);
}

/// [`Access::Organiser`]: which committee is still checked on the row (`guard::may_organise`).
pub struct Organiser;
/// [`Access::Member`].
pub struct Member;
/// [`Access::SignedIn`].
pub struct SignedIn;

impl Rule for Organiser {
    const ACCESS: Access = Access::Organiser;
}
impl Rule for Member {
    const ACCESS: Access = Access::Member;
}
impl Rule for SignedIn {
    const ACCESS: Access = Access::SignedIn;
}

/// A caller that `R` admits; refused requests are answered by the [`AppError`] (401 or 403).
/// Only the extractor makes one. Take it apart with `Allowed { caller, .. }`.
pub struct Allowed<R> {
    pub caller: Caller,
    rule: PhantomData<R>,
}

impl<R: Rule> FromRequestParts<AppState> for Allowed<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let session = Session::from_request_parts(parts, state).await.map_err(|(_, error)| {
            tracing::error!(error, "no session layer in front of a plain route");
            AppError::Internal
        })?;
        let caller = admit_signed(R::ACCESS, &session, &state.pool).await?;
        Ok(Allowed { caller, rule: PhantomData })
    }
}
