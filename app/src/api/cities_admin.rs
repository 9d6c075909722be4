//! The partner-city register, kept by the secretariat.

use crate::domain::city_agreement::{Agreement, AgreementForm, AgreementStep};
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
        db::{audit, cities, city_agreements},
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
        if !city_agreements::set_tie(&mut tx, id, valid.kind, valid.status, valid.agreed_on, admin.account_id).await? {
            // An agreement's status only moves forward; an earlier step is refused.
            return Err(AppError::invalid("status", FieldProblem::NotAllowed));
        }
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

/// A city's agreements with their history and who recorded each step. Staff who read the
/// settings.
#[server(endpoint = "city_agreement_register", input = GetUrl)]
pub async fn city_agreement_register(slug: String) -> Result<AgreementRegister, AppError> {
    use crate::server::{
        db::{cities, city_agreements},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::ReadSettings), |ctx| async move {
        crate::domain::slug::Slug::parse(&slug).ok_or(AppError::NotFound)?;
        cities::id_by_slug(&ctx.db, &slug).await?.ok_or(AppError::NotFound)?;
        let (agreements, history) = tokio::try_join!(
            city_agreements::of_city(&ctx.db, &slug),
            city_agreements::history_of_city(&ctx.db, &slug)
        )?;
        Ok(AgreementRegister { agreements, history })
    })
    .await
}

/// A city's agreements as the staff page shows them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgreementRegister {
    pub agreements: Vec<Agreement>,
    pub history: Vec<AgreementStep>,
}

/// Adds an agreement to a city (in preparation, or concluded with its date). Admins only.
#[server(endpoint = "add_city_agreement")]
pub async fn add_city_agreement(slug: String, #[server(default)] agreement: AgreementForm) -> Result<(), AppError> {
    use crate::server::{
        db::{audit, cities, city_agreements},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        crate::domain::slug::Slug::parse(&slug).ok_or(AppError::NotFound)?;
        let city = cities::id_by_slug(&ctx.db, &slug).await?.ok_or(AppError::NotFound)?;
        let draft = agreement.validate().map_err(AppError::Invalid)?;
        let mut tx = ctx.db.begin().await?;
        let id = city_agreements::add(&mut tx, city, &draft, Some(ctx.caller.account_id)).await?;
        let details = serde_json::json!({ "city": slug, "kind": draft.kind.code(), "status": draft.status.code() });
        audit::record(&mut tx, ctx.caller.account_id, "city.agreement.add", "city_agreement", id, details).await?;
        tx.commit().await?;
        ctx.reference.forget();
        leptos_axum::redirect(&format!("/admin/cities/{slug}/edit?saved=1#agreements"));
        Ok(())
    })
    .await
}

/// Moves one of the city's agreements forward: concluded (on a day, month or year) or ended (on a
/// day); a step back is refused. Admins only.
#[server(endpoint = "change_agreement_status")]
pub async fn change_agreement_status(
    slug: String,
    id: i64,
    #[server(default)] status: String,
    #[server(default)] on: String,
) -> Result<(), AppError> {
    use crate::domain::city_agreement::parse_status_change;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, city_agreements, city_agreements::Moved},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        crate::domain::slug::Slug::parse(&slug).ok_or(AppError::NotFound)?;
        let (next, on) = parse_status_change(&status, &on).map_err(AppError::Invalid)?;
        let mut tx = ctx.db.begin().await?;
        match city_agreements::move_to(&mut tx, &slug, id, next, on, ctx.caller.account_id).await? {
            Moved::Done => {}
            Moved::Unknown => return Err(AppError::NotFound),
            Moved::NotAllowed => return Err(AppError::invalid("move_status", FieldProblem::NotAllowed)),
        }
        let details = serde_json::json!({ "city": slug, "status": next.code(), "on": on.date });
        audit::record(&mut tx, ctx.caller.account_id, "city.agreement.status", "city_agreement", id, details).await?;
        tx.commit().await?;
        ctx.reference.forget();
        leptos_axum::redirect(&format!("/admin/cities/{slug}/edit?saved=1#agreements"));
        Ok(())
    })
    .await
}
