//! The archive of sent newsletters on the site: the public ones for everyone, the members-only
//! ones for logged-in members and staff.

use crate::domain::ids::NewsletterId;
use crate::domain::newsletter::ArchivedLetter;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// Whether this caller reads the members-only part of the archive.
#[cfg(feature = "ssr")]
fn reads_members_only(caller: Option<&crate::server::session::Caller>) -> bool {
    caller.is_some_and(|c| c.member_id.is_some() || !c.roles.is_empty())
}

/// The sent newsletters this caller may read, newest first.
#[server(endpoint = "newsletter_archive", input = GetUrl)]
pub async fn load_newsletter_archive() -> Result<Vec<ArchivedLetter>, AppError> {
    use crate::server::db::newsletters;
    use crate::server::guard::serve_public;
    serve_public(|ctx| async move { Ok(newsletters::archive(&ctx.db, reads_members_only(ctx.caller.as_ref())).await?) })
        .await
}

/// One sent newsletter; 404 when it is not on the archive for this caller.
#[server(endpoint = "archived_newsletter", input = GetUrl)]
pub async fn load_archived_newsletter(id: NewsletterId) -> Result<ArchivedLetter, AppError> {
    use crate::server::db::newsletters;
    use crate::server::guard::serve_public;
    serve_public(|ctx| async move {
        newsletters::archived_one(&ctx.db, reads_members_only(ctx.caller.as_ref()), id).await?.ok_or(AppError::NotFound)
    })
    .await
}
