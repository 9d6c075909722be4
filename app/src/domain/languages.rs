//! Languages a member speaks: a fixed allow-list, so the roster can be filtered by them. Their
//! names are in `i18n::names`.

/// The codes, in the order the form lists them.
pub const CODES: [&str; 10] = ["ja", "en", "zh", "ko", "es", "pt", "tl", "vi", "fr", "de"];

pub fn is_known(code: &str) -> bool {
    CODES.contains(&code)
}
