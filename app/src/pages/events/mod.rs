//! Exchange events for everyone: the list (upcoming and past), one event with its sign-up form,
//! and the member's own sign-ups.

pub mod detail;
pub mod list;
pub mod my_signups;
pub mod signup_form;
