//! Pages about one's own account: logging in and out, "my page".

pub mod login;
pub mod my_page;
