//! The archive of sent newsletters on the site: the public ones for everyone, the members-only
//! ones for logged-in members and staff.

use crate::domain::ids::NewsletterId;
use crate::domain::newsletter::ArchivedLetter;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// Whether this caller reads the members-only part of the archive: staff, and active members
/// (not an applicant still waiting, nor one turned down).
#[cfg(feature = "ssr")]
async fn reads_members_only(
    db: &sqlx::PgPool,
    caller: Option<&crate::server::session::Caller>,
) -> Result<bool, AppError> {
    match caller {
        None => Ok(false),
        Some(c) if !c.roles.is_empty() => Ok(true),
        Some(c) => match c.member_id {
            Some(member) => Ok(crate::server::db::newsletters::is_active_member(db, member).await?),
            None => Ok(false),
        },
    }
}

/// The sent newsletters this caller may read, newest first.
#[server(endpoint = "newsletter_archive", input = GetUrl)]
pub async fn load_newsletter_archive() -> Result<Vec<ArchivedLetter>, AppError> {
    use crate::server::db::newsletters;
    use crate::server::guard::serve_public;
    serve_public(|ctx| async move {
        let members = reads_members_only(&ctx.db, ctx.caller.as_ref()).await?;
        Ok(newsletters::archive(&ctx.db, members).await?)
    })
    .await
}

/// One sent newsletter; 404 when it is not on the archive for this caller.
#[server(endpoint = "archived_newsletter", input = GetUrl)]
pub async fn load_archived_newsletter(id: NewsletterId) -> Result<ArchivedLetter, AppError> {
    use crate::server::db::newsletters;
    use crate::server::guard::serve_public;
    serve_public(|ctx| async move {
        let members = reads_members_only(&ctx.db, ctx.caller.as_ref()).await?;
        newsletters::archived_one(&ctx.db, members, id).await?.ok_or(AppError::NotFound)
    })
    .await
}
