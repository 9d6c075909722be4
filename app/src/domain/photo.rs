//! A photo shown with a record (a partner city): where it is served and what it shows.

use crate::domain::localized::Localized;
use serde::{Deserialize, Serialize};

/// The photo's size is stored so that pages reserve its place before it loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub id: i64,
    pub width: i32,
    pub height: i32,
    /// What the photo shows, for readers who cannot see it.
    pub alt: Localized,
}

impl Photo {
    /// Its address: a new upload is a new id, so browsers may keep a photo for good.
    pub fn src(&self) -> String {
        format!("/photos/{}.jpg", self.id)
    }
}
