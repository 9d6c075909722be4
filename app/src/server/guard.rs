//! The one gate of every server function. Each `#[server]` body is `serve(Access::…, |ctx| …)`: the
//! caller is checked against the rule *before* any work, and an error sets the HTTP status.
//! Row-level rules (a chair's own committee) come on top, in the function, after this check;
//! nothing else decides who may call what.

use crate::domain::ids::CommitteeId;
pub use crate::domain::staff::Duty;
use crate::domain::staff::StaffRole;
use crate::error::AppError;
use crate::server::event_lock::EventQueues;
use crate::server::request_outage::RequestOutage;
use crate::server::session::{self, Caller};
use crate::server::state::AppState;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sqlx::PgPool;
use std::future::Future;
use tower_sessions::Session;

/// Who may call a server function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not: the public pages about the association, logging in.
    Public,
    /// Any logged-in account (401 otherwise).
    SignedIn,
    /// A logged-in account with a membership record (pending, active or rejected; withdrawn
    /// members cannot log in). 403 for other accounts.
    Member,
    /// A committee chair or vice-chair, or a secretariat admin (403 for other accounts); which
    /// committee's events a chair may touch is checked on the row with [`may_organise`].
    Organiser,
    /// Staff whose roles in force today allow this duty (401 when not logged in, 403 for other
    /// accounts): the rule table is [`StaffRole::allows`].
    Staff(Duty),
}

/// What a permitted call gets to work with. `C` is what the guard knows of the caller: a
/// [`Caller`] for every access above `Public` (never to be checked again), an `Option` for
/// [`serve_public`].
pub struct Ctx<C = Caller> {
    pub db: PgPool,
    pub session: Session,
    pub caller: C,
    /// For [`crate::server::event_lock::lock`].
    pub event_queues: EventQueues,
    /// Reference data kept for a few seconds; a function that changes it calls `forget`.
    pub reference: crate::server::reference::Reference,
}

/// The context of a public call: the caller, if anyone is logged in.
pub type PublicCtx = Ctx<Option<Caller>>;

/// Checks `access` (anything above `Public`; public calls use [`serve_public`]), runs `work` with
/// the logged-in caller, and turns an error into the matching HTTP status.
pub async fn serve<T, F, Fut>(access: Access, work: F) -> Result<T, AppError>
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    guarded(access, |ctx: PublicCtx| async move {
        // `decide` has refused every access above `Public` without a caller; this is the one
        // place that turns the checked `Option` into the caller itself.
        let Some(caller) = ctx.caller else { return Err(AppError::Unauthorized) };
        work(Ctx { db: ctx.db, session: ctx.session, caller, event_queues: ctx.event_queues, reference: ctx.reference })
            .await
    })
    .await
}

/// Runs a public call (anyone, logged in or not): `work` gets the caller if there is one.
pub async fn serve_public<T, F, Fut>(work: F) -> Result<T, AppError>
where
    F: FnOnce(PublicCtx) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    guarded(Access::Public, work).await
}

async fn guarded<T, F, Fut>(access: Access, work: F) -> Result<T, AppError>
where
    F: FnOnce(PublicCtx) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    // Taken before any await: the response of this request (server-function call or page render),
    // and whether the database already failed another part of it (then this part does not wait).
    let response = ErrorStatus::for_this_request();
    let outage = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestOutage>().cloned())
        .unwrap_or_default();
    let result = outage
        .run(async {
            match authorize(access).await {
                Ok(ctx) => work(ctx).await,
                Err(error) => Err(error),
            }
        })
        .await;
    if let Err(error) = &result {
        response.set(error);
    }
    result
}

/// Sets the HTTP status of a refused server-function call. Not on a form posted without
/// JavaScript: the framework answers that with a redirect back to the form (carrying the error),
/// which a 4xx status would turn into a dead end. Not while a page renders either: there the page
/// shows what it does with the error, and the error page (`ErrorView`) sets the status when it is
/// shown, so the status always matches the body (a failed menu no longer turns a page that
/// rendered in full into a 503).
pub struct ErrorStatus {
    response: Option<ResponseOptions>,
}

impl ErrorStatus {
    pub fn for_this_request() -> Self {
        let server_function_call = is_server_function_call() && !is_plain_form_post();
        ErrorStatus { response: use_context::<ResponseOptions>().filter(|_| server_function_call) }
    }

    pub fn set(&self, error: &AppError) {
        let Some(response) = &self.response else { return };
        response.set_status(error.status());
        if let Some(seconds) = error.retry_after_secs() {
            response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
    }
}

/// The request is a call of a server function (they all live under `/api/`), not a page.
fn is_server_function_call() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| parts.uri.path().starts_with("/api/"))
}

/// A form posted by the browser itself (no JavaScript): it asks for a page back, not data.
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts.method == http::Method::POST
            && parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
    })
}

async fn authorize(access: Access) -> Result<PublicCtx, AppError> {
    let state = use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState is missing from the request context");
        AppError::Internal
    })?;
    let session = leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "no session layer in front of a server function");
        AppError::Internal
    })?;
    let caller = admit(access, &session, &state.pool).await?;
    Ok(Ctx {
        db: state.pool.clone(),
        session,
        caller,
        event_queues: state.event_queues.clone(),
        reference: state.reference.clone(),
    })
}

/// The check itself, for server functions and plain routes alike: who is logged in on `session`,
/// and may they make a call that needs `access`? A refusal is logged. `None` only for `Public`.
pub async fn admit(access: Access, session: &Session, db: &PgPool) -> Result<Option<Caller>, AppError> {
    let caller = session::caller(session, db).await?;
    let allowed = decide(access, caller.as_ref());
    if let Err(refused) = &allowed {
        let account = caller.as_ref().map(|c| c.account_id.0);
        tracing::warn!(?access, ?account, error = %refused, "refused a call");
    }
    allowed.map(|()| caller)
}

/// [`admit`] for an access above `Public`: the logged-in caller itself.
pub async fn admit_signed(access: Access, session: &Session, db: &PgPool) -> Result<Caller, AppError> {
    // `decide` refuses every access above `Public` without a caller.
    match admit(access, session, db).await? {
        Some(caller) => Ok(caller),
        None => Err(AppError::Unauthorized),
    }
}

/// The rule table itself: may this caller (or nobody) make a call that needs `access`?
pub fn decide(access: Access, caller: Option<&Caller>) -> Result<(), AppError> {
    match (access, caller) {
        (Access::Public, _) => Ok(()),
        (_, None) => Err(AppError::Unauthorized),
        (Access::SignedIn, Some(_)) => Ok(()),
        (Access::Member, Some(caller)) if caller.member_id.is_some() => Ok(()),
        (Access::Member, Some(_)) => Err(AppError::Forbidden),
        // A first-time (generated) password must be replaced before it opens staff work.
        (Access::Staff(duty), Some(caller)) if may(caller, duty) => Ok(()),
        (Access::Staff(_), Some(_)) => Err(AppError::Forbidden),
        (Access::Organiser, Some(caller)) if is_admin(caller) || !caller.chair_of.is_empty() => Ok(()),
        (Access::Organiser, Some(_)) => Err(AppError::Forbidden),
    }
}

/// An admin who may act as one (not still on a generated first-time password).
pub fn is_admin(caller: &Caller) -> bool {
    caller.roles.contains(&StaffRole::Admin) && !caller.must_change_password
}

/// Whether the caller's roles in force allow `duty` (a question: logs nothing). Not on a generated
/// first-time password.
pub fn may(caller: &Caller, duty: Duty) -> bool {
    !caller.must_change_password && crate::domain::staff::any_allows(&caller.roles, duty)
}

/// Whether `caller` organises this committee's events: the secretariat, or a chair of exactly
/// that committee. A question, not a refusal, so it logs nothing: pages ask it on every view
/// (may this visitor see the organiser's links?), and logging those would bury real refusals.
pub fn organises(caller: &Caller, committee_id: CommitteeId) -> bool {
    is_admin(caller) || caller.chair_of.contains(&committee_id)
}

/// The row rule for one event: 404 for an unknown event, else [`may_organise`] on the committee
/// it is stored under (never a committee the caller names). Returns that committee.
pub async fn organise_event(
    db: &PgPool,
    caller: &Caller,
    event_id: crate::domain::ids::EventId,
) -> Result<CommitteeId, AppError> {
    let committee = crate::server::db::events::committee_of(db, event_id).await?.ok_or(AppError::NotFound)?;
    may_organise(caller, committee)?;
    Ok(committee)
}

/// The row rule for a committee's events (ASVS 8.2.2), as a refusal: a chair of the domestic
/// committee cannot touch an international event. Logged, since a refusal here is a real one.
pub fn may_organise(caller: &Caller, committee_id: CommitteeId) -> Result<(), AppError> {
    if organises(caller, committee_id) {
        Ok(())
    } else {
        tracing::warn!(account = caller.account_id.0, %committee_id, "refused: not this committee's organiser");
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(is_admin: bool) -> Caller {
        Caller {
            account_id: crate::domain::ids::AccountId(1),
            email: "a@example.jp".into(),
            roles: if is_admin { vec![StaffRole::Admin] } else { Vec::new() },
            must_change_password: false,
            member_id: (!is_admin).then_some(crate::domain::ids::MemberId(7)),
            chair_of: Vec::new(),
        }
    }

    #[test]
    fn a_first_time_password_opens_no_admin_work() {
        let fresh = Caller { must_change_password: true, ..caller(true) };
        assert_eq!(decide(Access::Staff(Duty::ReadMembers), Some(&fresh)), Err(AppError::Forbidden));
        assert_eq!(decide(Access::SignedIn, Some(&fresh)), Ok(()));
    }

    #[test]
    fn chairs_organise_only_their_own_committees() {
        let chair = Caller { chair_of: vec![CommitteeId(1)], ..caller(false) };
        assert_eq!(may_organise(&chair, CommitteeId(1)), Ok(()));
        assert_eq!(may_organise(&chair, CommitteeId(2)), Err(AppError::Forbidden));
        assert_eq!(may_organise(&caller(true), CommitteeId(2)), Ok(()));
        assert_eq!(may_organise(&caller(false), CommitteeId(1)), Err(AppError::Forbidden));
    }

    /// Counts WARN events while `work` runs (on this thread).
    fn warnings_during(work: impl FnOnce()) -> usize {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        use tracing_subscriber::layer::SubscriberExt;
        struct CountWarnings(Arc<AtomicUsize>);
        impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountWarnings {
            fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
                if *event.metadata().level() == tracing::Level::WARN {
                    self.0.fetch_add(1, Ordering::SeqCst);
                }
            }
        }
        let count = Arc::new(AtomicUsize::new(0));
        let subscriber = tracing_subscriber::registry().with(CountWarnings(count.clone()));
        tracing::subscriber::with_default(subscriber, work);
        count.load(Ordering::SeqCst)
    }

    #[test]
    fn asking_who_organises_is_not_a_refusal() {
        let member = caller(false);
        assert_eq!(warnings_during(|| assert!(!organises(&member, CommitteeId(1)))), 0, "a question logs nothing");
        assert_eq!(
            warnings_during(|| assert!(may_organise(&member, CommitteeId(1)).is_err())),
            1,
            "a refusal is logged"
        );
    }

    #[test]
    fn the_rule_table() {
        let (member, admin) = (caller(false), caller(true));
        let chair = Caller { chair_of: vec![CommitteeId(1)], ..caller(false) };
        let treasurer = Caller { roles: vec![StaffRole::Treasurer], ..caller(false) };
        let cases = [
            (Access::Public, None, Ok(())),
            (Access::Public, Some(&member), Ok(())),
            (Access::SignedIn, None, Err(AppError::Unauthorized)),
            (Access::SignedIn, Some(&member), Ok(())),
            (Access::SignedIn, Some(&admin), Ok(())),
            (Access::Member, None, Err(AppError::Unauthorized)),
            (Access::Member, Some(&member), Ok(())),
            (Access::Member, Some(&admin), Err(AppError::Forbidden)),
            (Access::Staff(Duty::Dues), None, Err(AppError::Unauthorized)),
            (Access::Staff(Duty::Dues), Some(&member), Err(AppError::Forbidden)),
            (Access::Staff(Duty::Dues), Some(&admin), Ok(())),
            (Access::Staff(Duty::Dues), Some(&treasurer), Ok(())),
            (Access::Staff(Duty::EditMembers), Some(&treasurer), Err(AppError::Forbidden)),
            (Access::Organiser, Some(&treasurer), Err(AppError::Forbidden)),
            (Access::Organiser, None, Err(AppError::Unauthorized)),
            (Access::Organiser, Some(&member), Err(AppError::Forbidden)),
            (Access::Organiser, Some(&chair), Ok(())),
            (Access::Organiser, Some(&admin), Ok(())),
        ];
        for (access, who, expected) in cases {
            assert_eq!(decide(access, who), expected, "{access:?} for {who:?}");
        }
    }
}
