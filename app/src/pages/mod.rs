//! One module per area of the site. Public pages now; `account`, `chair` and `admin` join them.

pub mod account;
pub mod in_preparation;
pub mod public;
