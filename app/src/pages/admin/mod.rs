//! The secretariat's pages (admins only; the server functions refuse everyone else).

pub mod audit;
pub mod cities;
pub mod city_agreements;
pub mod committees;
pub mod contacts;
pub mod dashboard;
pub mod donations;
pub mod dues_payment;
pub mod import;
pub mod imports;
pub mod member;
pub mod member_course;
pub mod member_record;
pub mod members;
pub mod membership_types;
pub mod news;
pub mod outbox;
pub mod paper;
pub mod settings;
pub mod staff;
pub mod statement;
pub mod statements;
pub mod year_end;
