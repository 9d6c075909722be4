//! The chairs' pages (and the secretariat's, for any committee): their events, the event form,
//! and one event's participants, waiting list and attendance.

pub mod attendance;
pub mod editor;
pub mod event;
pub mod list;
pub mod newsletter;
pub mod newsletter_form;
pub mod newsletters;
