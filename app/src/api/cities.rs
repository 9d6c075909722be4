use crate::domain::city::PartnerCity;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// All partner cities. Public.
#[server(endpoint = "list_partner_cities", input = GetUrl)]
pub async fn list_partner_cities() -> Result<Vec<PartnerCity>, AppError> {
    use crate::server::{
        db,
        guard::{serve, Access},
    };
    serve(Access::Public, |ctx| async move { db::cities::list(&ctx.db).await }).await
}

/// One partner city by its slug. Public.
#[server(endpoint = "get_partner_city", input = GetUrl)]
pub async fn get_partner_city(slug: String) -> Result<PartnerCity, AppError> {
    use crate::domain::slug::Slug;
    use crate::server::{
        db,
        guard::{serve, Access},
    };
    serve(Access::Public, |ctx| async move {
        let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
        db::cities::by_slug(&ctx.db, &slug).await
    })
    .await
}
