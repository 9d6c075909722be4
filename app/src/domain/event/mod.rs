//! Exchange events: their states and the sign-up rule (`status`), the extra questions
//! (`questions`), what a chair types into the event form and its validation (`form`), and what the
//! pages show (`view`). Times are typed and shown in Japan time and stored in UTC (`dates`).

mod capacity;
mod form;
mod questions;
mod status;
mod view;

pub use capacity::*;
pub use form::*;
pub use questions::*;
pub use status::*;
pub use view::*;
