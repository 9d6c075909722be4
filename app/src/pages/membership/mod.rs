//! Joining, and the member's own pages.

pub mod join;
pub mod password;
pub mod profile;
pub mod withdraw;
