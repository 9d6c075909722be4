pub mod login;
pub mod membership_view;
pub mod my_page;
pub mod subscription;
