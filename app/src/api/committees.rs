use crate::domain::committee::Committee;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// All committees. Public.
#[server(endpoint = "list_committees", input = GetUrl)]
pub async fn list_committees() -> Result<Vec<Committee>, AppError> {
    use crate::server::{db, guard::serve_public};
    serve_public(|ctx| async move { Ok(db::committees::list(&ctx.db).await?) }).await
}

/// One committee by its slug. Public.
#[server(endpoint = "get_committee", input = GetUrl)]
pub async fn get_committee(slug: String) -> Result<Committee, AppError> {
    use crate::domain::slug::Slug;
    use crate::server::{db, guard::serve_public};
    serve_public(|ctx| async move {
        let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
        db::committees::by_slug(&ctx.db, &slug).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// What a committee does now: its chairs and events (public), and for active members its members
/// (names only) and whether they belong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CommitteeActivity {
    pub chairs: Vec<String>,
    pub vice_chairs: Vec<String>,
    pub upcoming: Vec<crate::domain::event::EventView>,
    pub past: Vec<crate::domain::event::EventView>,
    /// Names of its members: only for active members and admins.
    pub members: Option<Vec<String>>,
    /// Whether the caller belongs (active members only).
    pub joined: Option<bool>,
}

/// Chairs, upcoming and past events of a committee; members' names for members. Anyone.
#[server(endpoint = "committee_activity", input = GetUrl)]
pub async fn load_committee_activity(slug: String) -> Result<CommitteeActivity, AppError> {
    use crate::domain::committee::CommitteePost;
    use crate::domain::member::MemberStatus;
    use crate::server::{
        db::{committees, events, members},
        guard::serve_public,
    };
    serve_public(|ctx| async move {
        let id = committees::id_by_slug(&ctx.db, &slug).await?.ok_or(AppError::NotFound)?;
        let listing =
            |past| events::Listing { committee_slug: Some(slug.clone()), past, limit: 20, ..Default::default() };
        let me = match &ctx.caller {
            Some(caller) => members::by_account(&ctx.db, caller.account_id).await?,
            None => None,
        };
        let active = me.as_ref().filter(|m| m.status() == MemberStatus::Active);
        let sees_members = active.is_some() || ctx.caller.as_ref().is_some_and(crate::server::guard::is_admin);
        let joined = match active {
            Some(m) => Some(committees::of_member(&ctx.db, m.id).await?.iter().any(|c| c.slug == slug)),
            None => None,
        };
        Ok(CommitteeActivity {
            chairs: committees::names_with_post(&ctx.db, id, CommitteePost::Chair).await?,
            vice_chairs: committees::names_with_post(&ctx.db, id, CommitteePost::ViceChair).await?,
            upcoming: events::list(&ctx.db, &listing(false)).await?,
            past: events::list(&ctx.db, &listing(true)).await?,
            members: if sees_members { Some(committees::member_names(&ctx.db, id).await?) } else { None },
            joined,
        })
    })
    .await
}

/// Joins (`join` = true) or leaves a committee. Active members only.
#[server(endpoint = "set_committee_membership")]
pub async fn set_committee_membership(slug: String, join: bool) -> Result<(), AppError> {
    use crate::domain::member::MemberStatus;
    use crate::server::{
        db::{committees, members},
        guard::{serve, Access},
    };
    serve(Access::Member, |ctx| async move {
        let caller = ctx.caller;
        let me = members::by_account(&ctx.db, caller.account_id).await?.ok_or(AppError::Forbidden)?;
        if me.status() != MemberStatus::Active {
            return Err(AppError::Forbidden);
        }
        committees::id_by_slug(&ctx.db, &slug).await?.ok_or(AppError::NotFound)?;
        let mut tx = ctx.db.begin().await?;
        committees::set_membership(&mut tx, me.id, &slug, join).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/committees/{slug}"));
        Ok(())
    })
    .await
}
