use crate::domain::city::PartnerCity;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// All partner cities. Public.
#[server(endpoint = "list_partner_cities", input = GetUrl)]
pub async fn list_partner_cities() -> Result<Vec<PartnerCity>, AppError> {
    use crate::server::{db, guard::serve_public};
    serve_public(|ctx| async move { Ok(db::cities::list(&ctx.db).await?) }).await
}

/// One partner city by its slug. Public.
#[server(endpoint = "get_partner_city", input = GetUrl)]
pub async fn get_partner_city(slug: String) -> Result<PartnerCity, AppError> {
    use crate::domain::slug::Slug;
    use crate::server::{db, guard::serve_public};
    serve_public(|ctx| async move {
        let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
        db::cities::by_slug(&ctx.db, &slug).await?.ok_or(AppError::NotFound)
    })
    .await
}

/// A partner city's exchange history: the public events held with it, newest first. Anyone.
#[server(endpoint = "city_events", input = GetUrl)]
pub async fn city_events(slug: String) -> Result<Vec<crate::domain::event::EventView>, AppError> {
    use crate::server::{db::events, guard::serve_public};
    serve_public(|ctx| async move {
        let mut all =
            events::list(&ctx.db, &events::Listing { city_slug: Some(slug.clone()), limit: 100, ..Default::default() })
                .await?;
        all.reverse();
        all.extend(
            events::list(
                &ctx.db,
                &events::Listing { city_slug: Some(slug), past: true, limit: 200, ..Default::default() },
            )
            .await?,
        );
        Ok(all)
    })
    .await
}

/// A partner city's agreements (ties, disaster mutual aid and others), oldest first. Anyone.
#[server(endpoint = "city_agreements", input = GetUrl)]
pub async fn city_agreements(slug: String) -> Result<Vec<crate::domain::city_agreement::Agreement>, AppError> {
    use crate::server::{db, guard::serve_public};
    serve_public(|ctx| async move {
        let slug = crate::domain::slug::Slug::parse(&slug).ok_or(AppError::NotFound)?;
        db::cities::id_by_slug(&ctx.db, slug.as_str()).await?.ok_or(AppError::NotFound)?;
        Ok(db::city_agreements::of_city(&ctx.db, slug.as_str()).await?)
    })
    .await
}
