//! Types shared by the server and the browser, with their parsing and validation rules.
//! Nothing here touches the database or the DOM, so all of it is unit-tested directly.

pub mod account;
pub mod address;
pub mod association;
pub mod association_profile;
pub mod city;
pub mod city_agreement;
pub mod city_form;
pub mod committee;
pub mod committee_form;
pub mod contact;
pub mod dates;
pub mod donation;
pub mod dues;
pub mod email;
pub mod event;
pub mod ids;
pub mod import;
pub mod kana;
pub mod languages;
pub mod localized;
pub mod member;
pub mod membership;
pub mod membership_class;
pub mod money;
pub mod news;
pub mod newsletter;
pub mod password;
pub mod photo;

pub mod query_string;
pub mod receipt;
pub mod signup;
pub mod slug;
pub mod staff;
pub mod statement;
pub mod text;
pub mod year_end;
