//! Signing up for an event: who comes (the holder, household members, named guests), their
//! answers to the event's questions, and the guardian's consent for minors. The states and kinds
//! (`kinds`), the form and its check against the event's rules (`form`), and what the member's
//! and the chair's pages show (`views`).

mod form;
mod kinds;
mod views;

pub use form::*;
pub use kinds::*;
pub use views::*;
