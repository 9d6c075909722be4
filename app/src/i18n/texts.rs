//! The list of UI strings. Adding a name here forces both `ja.rs` and `en.rs` to supply it.

macro_rules! texts {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        /// Every string the UI shows, in one language.
        pub struct Texts {
            $($(#[$doc])* pub $name: &'static str,)*
        }

        impl Texts {
            /// (name, text) of every entry, for completeness tests.
            pub fn all(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name),)*]
            }
        }
    };
}

texts! {
    association_name,
    app_name,
    skip_to_content,
    nav_label,
    nav_home,
    nav_cities,
    nav_committees,
    nav_events,
    nav_join,
    nav_login,
    lang_switch_label,
    footer_about,
    footer_secretariat,

    home_title,
    home_lead,
    home_roles_heading,
    home_role_information,
    home_role_opportunities,
    home_role_promotion,
    home_history_heading,
    home_history_body,
    home_cities_heading,
    home_cities_lead,
    home_committees_heading,
    home_committees_lead,
    home_join_heading,
    home_join_body,

    cities_title,
    cities_lead,
    city_kind_sister,
    city_kind_friendship,
    city_status_in_preparation,
    city_status_concluded,
    city_status_ended,
    city_kind_label,
    city_status_label,
    city_agreed_label,
    city_region_label,
    city_official_site,
    city_all_cities,

    committees_title,
    committees_lead,
    committee_work_heading,
    committee_all_committees,

    /// Shown to an English reader when a text exists only in Japanese (and vice versa below).
    fallback_only_ja,
    fallback_only_en,
    loading,

    events_title,
    join_title,
    login_title,
    login_lead,
    login_email,
    login_password,
    login_submit,
    /// Same words for an unknown email and a wrong password.
    login_failed,
    logout_submit,
    nav_account,
    account_title,
    account_email,
    account_role,
    account_role_admin,
    account_role_member,
    account_must_change_password,
    password_heading,
    password_current,
    password_new,
    /// Under the new-password field: the rules in plain words.
    password_new_hint,
    password_submit,
    password_changed,
    /// Body of pages whose features are being built.
    in_preparation_body,

    error_not_found_title,
    error_not_found_body,
    error_unauthorized_title,
    error_unauthorized_body,
    error_forbidden_title,
    error_forbidden_body,
    error_invalid_title,
    error_invalid_body,
    error_bad_request_title,
    error_bad_request_body,
    error_too_many_title,
    error_too_many_body,
    error_unavailable_title,
    error_unavailable_body,
    error_internal_title,
    error_internal_body,
    back_to_home,

    field_required,
    /// `{n}` is replaced by the minimum length.
    field_too_short,
    /// `{n}` is replaced by the maximum length.
    field_too_long,
    field_invalid_format,
    field_not_allowed,
}
