//! Importing the existing member list (server side): decoding the upload, the dry run, the
//! commit that runs in the background with progress, invitations and undo.

pub mod decode;
pub mod dry_run;
pub mod invite;
pub mod run;
pub mod view;
