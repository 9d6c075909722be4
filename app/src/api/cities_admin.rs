//! The partner-city register, kept by the secretariat.

use crate::domain::city_form::CityForm;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// The form for a city (`slug` given) or an empty one. Admins only.
#[server(endpoint = "city_form", input = GetUrl)]
pub async fn load_city_form(#[server(default)] slug: String) -> Result<CityForm, AppError> {
    use crate::domain::slug::Slug;
    use crate::server::{
        db::cities,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::ReadSettings), |ctx| async move {
        if slug.is_empty() {
            return Ok(CityForm { kind: "friendship".into(), status: "in_preparation".into(), ..CityForm::default() });
        }
        let slug = Slug::parse(&slug).ok_or(AppError::NotFound)?;
        Ok(CityForm::from_city(&cities::by_slug(&ctx.db, &slug).await?.ok_or(AppError::NotFound)?))
    })
    .await
}

/// Adds a partner city (`original` empty) or changes one (`original` = its current slug). Admins
/// only; a taken slug is refused.
#[server(endpoint = "save_partner_city")]
pub async fn save_partner_city(
    #[server(default)] original: String,
    #[server(default)] city: CityForm,
) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, cities},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        let admin = ctx.caller;
        let valid = city.validate().map_err(AppError::Invalid)?;
        let mut tx = ctx.db.begin().await?;
        let saved = if original.is_empty() {
            cities::insert(&mut tx, &valid).await?
        } else {
            cities::update(&mut tx, &original, &valid).await?.ok_or(AppError::NotFound)?
        };
        let Some(id) = saved else {
            return Err(AppError::invalid("slug", FieldProblem::Duplicate));
        };
        let action = if original.is_empty() { "city.create" } else { "city.update" };
        audit::record(&mut tx, admin.account_id, action, "partner_city", id, serde_json::json!({ "slug": valid.slug }))
            .await?;
        tx.commit().await?;
        ctx.reference.forget();
        leptos_axum::redirect(&format!("/cities/{}", valid.slug));
        Ok(())
    })
    .await
}
