//! The one i18n layer: every string the UI shows comes from a [`Texts`] table. The two tables are
//! plain structs, so a string missing in one language is a compile error, not a blank on the page.
//!
//! The language of a request: the `kizuna_lang` cookie if set (the visible switch sets it), else the
//! browser's `Accept-Language`, else Japanese. The server renders `<html lang>` with it and the browser
//! reads it back when hydrating, so both sides always agree.

mod en;
mod field_labels;
mod ja;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod names;
mod texts;
mod words;

pub use texts::Texts;
pub use words::yen;

use crate::error::{AppError, FieldProblem};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Name of the cookie that remembers the reader's choice.
pub const LANG_COOKIE: &str = "kizuna_lang";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The BCP 47 code, as used in `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    /// The language's own name, shown on the switch ("日本語", "English").
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    pub fn t(self) -> &'static Texts {
        match self {
            Lang::Ja => &ja::JA,
            Lang::En => &en::EN,
        }
    }

    /// The best supported language in an `Accept-Language` header, by quality then order.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::parse(primary) {
                if quality > 0.0 && best.is_none_or(|(_, q)| quality > q) {
                    best = Some((lang, quality));
                }
            }
        }
        best.map(|(lang, _)| lang)
    }

    /// The language for a request, from its `Cookie` and `Accept-Language` headers.
    pub fn for_request(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        let from_cookie = cookie.and_then(|header| {
            header.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                (name == LANG_COOKIE).then(|| Lang::parse(value)).flatten()
            })
        });
        from_cookie.or_else(|| accept_language.and_then(Lang::from_accept_language)).unwrap_or_default()
    }

    /// A field problem in words.
    pub fn field_problem(self, problem: &FieldProblem) -> String {
        let t = self.t();
        match problem {
            FieldProblem::Required => t.field_required.to_string(),
            FieldProblem::TooShort { min } => (t.field_too_short)(*min),
            FieldProblem::TooLong { max } => (t.field_too_long)(*max),
            FieldProblem::InvalidFormat => t.field_invalid_format.to_string(),
            FieldProblem::NotAllowed => t.field_not_allowed.to_string(),
            FieldProblem::WrongCredentials => t.login_failed.to_string(),
            FieldProblem::NotKana => t.field_not_kana.to_string(),
            FieldProblem::PostalCode => t.field_postal_code.to_string(),
            FieldProblem::Phone => t.field_phone.to_string(),
            FieldProblem::Date => t.field_date.to_string(),
            FieldProblem::ConsentRequired => t.field_consent_required.to_string(),
            FieldProblem::Duplicate => t.field_duplicate.to_string(),
            FieldProblem::LinkExpired => t.field_link_expired.to_string(),
            FieldProblem::SignupClosed => t.field_signup_closed.to_string(),
            FieldProblem::MembersOnly => t.field_members_only.to_string(),
            FieldProblem::BelowTaken { taken } => (t.field_below_taken)(*taken),
            FieldProblem::TooYoung { min } => (t.field_too_young)(*min),
            FieldProblem::NotEligible => t.field_not_eligible.to_string(),
            FieldProblem::TooCommon => t.field_too_common.to_string(),
            FieldProblem::GuardianConsentRequired => t.field_guardian_consent_required.to_string(),
            FieldProblem::ChooseOne => t.field_choose_one.to_string(),
            FieldProblem::HouseholdRequired => t.field_household_required.to_string(),
            FieldProblem::LastAdmin => t.field_last_admin.to_string(),
            FieldProblem::NotYourself => t.field_not_yourself.to_string(),
            FieldProblem::DateInPast => t.field_date_in_past.to_string(),
            FieldProblem::NoSuchMember => t.field_no_such_member.to_string(),
            FieldProblem::AmountNotYears => t.field_amount_not_years.to_string(),
        }
    }

    /// Title and explanation for an error page or message.
    pub fn error_text(self, error: &AppError) -> (&'static str, &'static str) {
        let t = self.t();
        match error {
            AppError::NotFound => (t.error_not_found_title, t.error_not_found_body),
            AppError::Unauthorized => (t.error_unauthorized_title, t.error_unauthorized_body),
            AppError::Forbidden => (t.error_forbidden_title, t.error_forbidden_body),
            AppError::Invalid(_) => (t.error_invalid_title, t.error_invalid_body),
            AppError::BadRequest => (t.error_bad_request_title, t.error_bad_request_body),
            AppError::TooManyRequests { .. } => (t.error_too_many_title, t.error_too_many_body),
            AppError::Unavailable => (t.error_unavailable_title, t.error_unavailable_body),
            AppError::Busy => (t.error_busy_title, t.error_busy_body),
            AppError::Internal => (t.error_internal_title, t.error_internal_body),
        }
    }
}

/// Decides the page language and makes it available to every component.
pub fn provide_lang() -> Lang {
    let lang = detect();
    provide_context(lang);
    lang
}

/// The page language (Japanese if nothing provided it, e.g. in an isolated test).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The language of the current request, for work outside the page tree (mails, exports).
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    detect()
}

#[cfg(feature = "ssr")]
fn detect() -> Lang {
    use http::header::{ACCEPT_LANGUAGE, COOKIE};
    let Some(parts) = use_context::<http::request::Parts>() else {
        return Lang::default();
    };
    let header = |name| parts.headers.get(name).and_then(|v: &http::HeaderValue| v.to_str().ok());
    Lang::for_request(header(COOKIE), header(ACCEPT_LANGUAGE))
}

#[cfg(not(feature = "ssr"))]
fn detect() -> Lang {
    // The server already decided and wrote it into <html lang>; read it back so hydration matches.
    #[cfg(feature = "hydrate")]
    {
        let code = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"));
        if let Some(lang) = code.as_deref().and_then(Lang::parse) {
            return lang;
        }
    }
    Lang::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_highest_supported_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,ja;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr-FR, ja;q=0.5, en;q=0.4"), Some(Lang::Ja));
        assert_eq!(Lang::from_accept_language("en;q=0.3, ja-JP;q=0.7"), Some(Lang::Ja));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
        assert_eq!(Lang::from_accept_language("en;q=0"), None);
        assert_eq!(Lang::from_accept_language(""), None);
    }

    #[test]
    fn cookie_wins_over_accept_language() {
        let cookie = Some("theme=dark; kizuna_lang=en");
        assert_eq!(Lang::for_request(cookie, Some("ja")), Lang::En);
        assert_eq!(Lang::for_request(Some("kizuna_lang=xx"), Some("en")), Lang::En);
        assert_eq!(Lang::for_request(None, Some("en-GB")), Lang::En);
        assert_eq!(Lang::for_request(None, None), Lang::Ja);
        assert_eq!(Lang::for_request(Some("other_kizuna_lang=en"), None), Lang::Ja);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
    }

    #[test]
    fn field_problems_are_worded_in_both_languages() {
        let problem = FieldProblem::TooLong { max: 50 };
        assert!(Lang::Ja.field_problem(&problem).contains("50"));
        assert!(Lang::En.field_problem(&problem).contains("50"));
        assert_ne!(Lang::Ja.field_problem(&problem), Lang::En.field_problem(&problem));
    }

    #[test]
    fn no_text_is_left_blank_or_untranslated() {
        let (ja, en) = (Lang::Ja.t().all(), Lang::En.t().all());
        assert_eq!(ja.len(), en.len());
        for ((name, ja_text), (_, en_text)) in ja.iter().zip(en.iter()) {
            assert!(!ja_text.trim().is_empty(), "ja.{name} is blank");
            assert!(!en_text.trim().is_empty(), "en.{name} is blank");
        }
        // The Japanese table really is Japanese: every entry has at least one non-ASCII character.
        for (name, text) in ja {
            assert!(!text.is_ascii(), "ja.{name} looks untranslated: {text:?}");
        }
    }
}
