//! Types shared by the server and the browser, with their parsing and validation rules.
//! Nothing here touches the database or the DOM, so all of it is unit-tested directly.

pub mod account;
pub mod city;
pub mod committee;
pub mod dates;
pub mod email;
pub mod localized;
pub mod password;
pub mod slug;
