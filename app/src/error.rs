//! The one error type of the application. It crosses the server-function boundary as JSON, so the
//! browser gets a kind it can show in the user's language, never the underlying SQL or stack text.

use http::StatusCode;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// What went wrong, as much as the user may know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("not logged in")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    /// A form failed validation; each entry names the field and the problem.
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("bad request")]
    BadRequest,
    /// A brake holds. `retry_after_secs` (sent as `Retry-After` too) is given for rate limits, and
    /// left out where it would tell a guesser when to strike again (the per-email login brake).
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: Option<u64> },
    /// The database (or another dependency) did not answer in time.
    #[error("service unavailable")]
    Unavailable,
    /// Too many people are changing the same thing (one event's places) at this moment; trying
    /// again in a few seconds works. Answered 503 with `Retry-After`.
    #[error("busy, try again")]
    Busy,
    /// Anything else; the details are in the server log only.
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable | AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Seconds to put in `Retry-After`, for the errors that say when to come back.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests { retry_after_secs } => *retry_after_secs,
            AppError::Busy => Some(BUSY_RETRY_AFTER_SECS),
            _ => None,
        }
    }

    /// One problem with one field: the most common refusal.
    pub fn invalid(field: impl Into<String>, problem: FieldProblem) -> AppError {
        AppError::Invalid(FieldErrors::single(field, problem))
    }

    /// The field errors of an `Invalid` error, or none.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Invalid(errors) => &errors.0,
            _ => &[],
        }
    }
}

/// A busy event frees up within a second or two (each change of places takes milliseconds).
pub const BUSY_RETRY_AFTER_SECS: u64 = 2;

/// Field-level validation errors of one form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, problem: FieldProblem) {
        self.0.push(FieldError { field: field.into(), problem });
    }

    /// One problem with one field.
    pub fn single(field: impl Into<String>, problem: FieldProblem) -> FieldErrors {
        let mut errors = FieldErrors::default();
        errors.add(field, problem);
        errors
    }

    /// The first problem reported for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&FieldProblem> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.problem)
    }

    /// `Ok(())` when nothing was added, else the whole set as an `AppError::Invalid`.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: FieldProblem,
}

/// Why a field was refused. The wording lives in `i18n`, so each user reads it in their language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    InvalidFormat,
    NotAllowed,
    /// Login refused. Deliberately one answer for an unknown email and a wrong password.
    WrongCredentials,
    /// A name reading with other characters than kana.
    NotKana,
    PostalCode,
    Phone,
    /// Not a date (YYYY-MM-DD), or one outside what makes sense for the field.
    Date,
    /// A consent the form cannot go on without.
    ConsentRequired,
    /// Already recorded (e.g. dues for that fiscal year).
    Duplicate,
    /// A password-reset link that is unknown, used or expired.
    LinkExpired,
    /// The event takes no sign-ups now (not published, closed, or outside its sign-up window).
    SignupClosed,
    /// Fewer places than people already confirmed.
    BelowTaken {
        taken: usize,
    },
    /// The event is for active members only.
    MembersOnly,
    /// Younger than the event's minimum age.
    TooYoung {
        min: usize,
    },
    /// Someone acting for another person (a chair for a member) asked for something that person
    /// cannot have. Deliberately one answer for every reason, so that the answer reveals nothing
    /// the actor may not see (a birth date, a household, whether a number is an active member's).
    NotEligible,
    /// A password on the list of the most common ones.
    TooCommon,
    /// A minor's sign-up without their guardian's consent.
    GuardianConsentRequired,
    /// A choice (a question's answers, a list) left unanswered.
    ChooseOne,
    /// A family membership with no household member named.
    HouseholdRequired,
    /// The change would leave the association without an admin who can log in.
    LastAdmin,
    /// Staff cannot disable their own login (someone else must).
    NotYourself,
    /// A date that has passed where only today or a later one makes sense (the end of a term).
    DateInPast,
    /// A member number no active member has.
    NoSuchMember,
    /// Several fiscal years whose dues do not add up to the amount received.
    AmountNotYears,
}

/// For logs and for serde's refusals of a typed value (`Capacity`, `Reading`) read off the wire;
/// users read the words of `i18n`, never this.
impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        tracing::warn!(error = %value, "server function framework error");
        let error = match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            // The browser could not reach the server at all.
            ServerFnErrorErr::Request(_) => AppError::Unavailable,
            _ => AppError::Internal,
        };
        // These errors arise before the function body (and its guard) runs, so the status is set
        // here; on the server this runs inside the request's reactive owner.
        #[cfg(feature = "ssr")]
        crate::server::guard::ErrorStatus::for_this_request().set(&error);
        error
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
                tracing::error!(%error, "database unavailable");
                AppError::Unavailable
            }
            // A `lock_timeout` ran out: someone else holds the row; trying again soon works.
            sqlx::Error::Database(ref db) if db.code().is_some_and(|code| code == "55P03") => {
                tracing::warn!(%error, "lock wait timed out");
                AppError::Busy
            }
            // SQLSTATE class 08 (connection exception), 57P (server shutting down or restarting)
            // and 57014 (cancelled: `statement_timeout` ran out, e.g. waiting behind a lock).
            sqlx::Error::Database(ref db)
                if db
                    .code()
                    .is_some_and(|code| code.starts_with("08") || code.starts_with("57P") || code == "57014") =>
            {
                tracing::error!(%error, "database unavailable");
                AppError::Unavailable
            }
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}

/// The answer of a plain axum route (downloads, the upload) that refuses or fails: the status,
/// a short plain-text body naming the kind of error (never its cause), and `Retry-After` where
/// the error says when to come back.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let mut response = (self.status(), self.to_string()).into_response();
        if let Some(seconds) = self.retry_after_secs() {
            response.headers_mut().insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_the_kind_of_error() {
        assert_eq!(AppError::NotFound.status(), StatusCode::NOT_FOUND);
        assert_eq!(AppError::Unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(AppError::Invalid(FieldErrors::default()).status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(AppError::TooManyRequests { retry_after_secs: Some(5) }.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(AppError::Busy.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(AppError::Busy.retry_after_secs(), Some(BUSY_RETRY_AFTER_SECS));
        assert_eq!(AppError::Internal.retry_after_secs(), None);
    }

    #[test]
    fn field_errors_collect_and_convert() {
        let mut errors = FieldErrors::default();
        assert_eq!(errors.clone().into_result(), Ok(()));
        errors.add("email", FieldProblem::Required);
        errors.add("email", FieldProblem::InvalidFormat);
        assert_eq!(errors.get("email"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("name"), None);
        let err = errors.into_result().unwrap_err();
        assert_eq!(err.field_errors().len(), 2);
    }

    #[test]
    fn errors_round_trip_through_the_wire_format() {
        let mut errors = FieldErrors::default();
        errors.add("name", FieldProblem::TooLong { max: 100 });
        for err in [
            AppError::Internal,
            AppError::TooManyRequests { retry_after_secs: Some(30) },
            AppError::TooManyRequests { retry_after_secs: None },
            AppError::Invalid(errors),
        ] {
            let bytes = err.ser();
            assert_eq!(AppError::de(bytes), err);
        }
    }

    #[test]
    fn framework_errors_never_carry_their_text() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::ServerError("SELECT secret FROM x".into()));
        assert_eq!(err, AppError::Internal);
        let json = String::from_utf8(err.ser().to_vec()).unwrap();
        assert!(!json.contains("SELECT"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn plain_routes_answer_with_the_status_and_the_kind() {
        use axum::response::IntoResponse;
        let response = AppError::Forbidden.into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(response.headers().get(http::header::RETRY_AFTER).is_none());
        let response = AppError::TooManyRequests { retry_after_secs: Some(30) }.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[http::header::RETRY_AFTER], "30");
    }
}
