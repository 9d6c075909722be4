//! The association's contact details: read by everyone (home page, footer), kept by the
//! secretariat.

use crate::domain::association::{AssociationContact, ContactForm};
use crate::domain::association_profile::AssociationForm;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// The office's address, postal code, phone, email and opening hours. Anyone.
#[server(endpoint = "association_contact", input = GetUrl)]
pub async fn load_association_contact() -> Result<AssociationContact, AppError> {
    use crate::server::guard::serve_public;
    serve_public(|ctx| async move { Ok(ctx.reference.contact(&ctx.db).await?) }).await
}

/// Changes the contact details (every field may be empty). Admins only. Records
/// `association.contact` with the names of the fields that changed.
#[server(endpoint = "save_association_contact")]
pub async fn save_association_contact(contact: ContactForm) -> Result<(), AppError> {
    use crate::server::{
        db::{association, audit},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        let admin = ctx.caller;
        let checked = contact.validate().map_err(AppError::Invalid)?;
        let mut tx = ctx.db.begin().await?;
        let before = association::contact_for_update(&mut tx).await?.form();
        let after = checked.form();
        let changed: Vec<&str> = [
            ("office_ja", before.office_ja != after.office_ja),
            ("office_en", before.office_en != after.office_en),
            ("postal_code", before.postal_code != after.postal_code),
            ("phone", before.phone != after.phone),
            ("email", before.email != after.email),
            ("hours_ja", before.hours_ja != after.hours_ja),
            ("hours_en", before.hours_en != after.hours_en),
        ]
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect();
        association::save(&mut tx, &checked).await?;
        let details = serde_json::json!({ "changed": changed });
        audit::record(&mut tx, admin.account_id, "association.contact", "association", 1, details).await?;
        tx.commit().await?;
        ctx.reference.forget();
        leptos_axum::redirect("/admin/settings?saved=1");
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
const PROFILE_DRAFT: &str = "draft:association";

/// The association's name, representative, mail signature, privacy notice and dues calendar, as
/// the settings form shows them (after a refused save without JavaScript: what was typed). Staff
/// who read the settings.
#[server(endpoint = "association_profile", input = GetUrl)]
pub async fn load_association_profile() -> Result<AssociationForm, AppError> {
    use crate::server::{
        db::association::profile,
        form_draft,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::ReadSettings), |ctx| async move {
        match form_draft::take(&ctx.session, PROFILE_DRAFT).await {
            Some(draft) => Ok(draft),
            None => Ok(profile::load(&ctx.db).await?.form()),
        }
    })
    .await
}

/// Changes the association's profile and rules. Admins only. Records `association.profile` with the
/// names of the settings that changed; a new privacy-notice version asks every member to agree
/// again (see `agree_to_privacy_notice`).
#[server(endpoint = "save_association_profile")]
pub async fn save_association_profile(association: AssociationForm) -> Result<(), AppError> {
    use crate::server::{
        db::{association::profile, audit},
        form_draft,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        let checked = match association.validate() {
            Ok(checked) => checked,
            Err(errors) => {
                form_draft::keep_for_plain_post(&ctx.session, PROFILE_DRAFT, &association).await;
                return Err(AppError::Invalid(errors));
            }
        };
        let mut tx = ctx.db.begin().await?;
        let before = profile::for_update(&mut tx).await?;
        profile::save(&mut tx, &checked).await?;
        let details = serde_json::json!({ "changed": before.changed_fields(&checked) });
        audit::record(&mut tx, ctx.caller.account_id, "association.profile", "association", 1, details).await?;
        tx.commit().await?;
        ctx.reference.forget();
        leptos_axum::redirect("/admin/settings?saved=1");
        Ok(())
    })
    .await
}
