//! Pages anyone may read: the association, its partner cities and committees.

pub mod cities;
pub mod committees;
pub mod home;
pub mod news;
pub mod newsletters;
pub mod unsubscribe;
