//! The chairs' work on their committee's events (admins may do it for any committee), the server
//! side of `pages/chair` and `/chair`: create and edit, publish, close, mark held, cancel with a
//! reason (`events`); see participants and the waiting list, take attendance, cancel a sign-up
//! (`participants`); enter a sign-up for a member without email (`on_behalf`). Every function
//! checks the caller is an organiser (`Access::Organiser`), then that the event's committee is
//! theirs (`organise_event`); the work itself is a service call (`server::organising`,
//! `server::places`).

pub mod events;
pub mod on_behalf;
pub mod participants;

pub use events::*;
pub use on_behalf::*;
pub use participants::*;
