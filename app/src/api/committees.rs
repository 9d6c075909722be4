use crate::domain::committee::Committee;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// All committees. Public.
#[server(endpoint = "list_committees", input = GetUrl)]
pub async fn list_committees() -> Result<Vec<Committee>, AppError> {
    use crate::server::{
        db,
        guard::{serve, Access},
    };
    serve(Access::Public, |ctx| async move { db::committees::list(&ctx.db).await }).await
}

/// One committee by its slug. Public.
#[server(endpoint = "get_committee", input = GetUrl)]
pub async fn get_committee(slug: String) -> Result<Committee, AppError> {
    use crate::domain::slug::Slug;
    use crate::server::{
        db,
        guard::{serve, Access},
    };
    serve(Access::Public, |ctx| async move {
        let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
        db::committees::by_slug(&ctx.db, &slug).await
    })
    .await
}
