//! One module per area of the site: public pages, joining and the member's own pages, and the
//! secretariat's pages (`chair` joins them with the events).

pub mod account;
pub mod admin;
pub mod chair;
pub mod events;
pub mod membership;
pub mod public;
