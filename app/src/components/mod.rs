//! Building blocks shared by pages.

pub mod agreements;
pub mod bar_chart;
pub mod card_heading;
pub mod confirm;
pub mod contact;
pub mod error_view;
pub mod event_list;
pub mod fields;
pub mod form_errors;
pub mod hydration;
pub mod lang_switch;
pub mod layout;
pub mod loaded;
pub mod localized_text;
pub mod photo;
pub mod profile_fields;
