//! The committee register, kept by the secretariat: create, rename, describe in both languages,
//! retire. Reading the register: every staff role that reads the settings; changing it: admins.

use crate::domain::committee::Committee;
use crate::domain::committee_form::CommitteeForm;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterEntry {
    pub committee: Committee,
    pub retired_on: Option<chrono::NaiveDate>,
}

/// Every committee, those on offer first.
#[server(endpoint = "committee_register", input = GetUrl)]
pub async fn load_committee_register() -> Result<Vec<RegisterEntry>, AppError> {
    use crate::server::{
        db::committees,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::ReadSettings), |ctx| async move {
        Ok(committees::register(&ctx.db)
            .await?
            .into_iter()
            .map(|(committee, retired_on)| RegisterEntry { committee, retired_on })
            .collect())
    })
    .await
}

/// The form for a committee (`slug` given) or an empty one.
#[server(endpoint = "committee_form", input = GetUrl)]
pub async fn load_committee_form(#[server(default)] slug: String) -> Result<CommitteeForm, AppError> {
    use crate::server::{
        db::committees,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::ReadSettings), |ctx| async move {
        if slug.is_empty() {
            return Ok(CommitteeForm::default());
        }
        let register = committees::register(&ctx.db).await?;
        let (committee, retired) = register.iter().find(|(c, _)| c.slug == slug).ok_or(AppError::NotFound)?;
        Ok(CommitteeForm::from_committee(committee, retired.is_some()))
    })
    .await
}

/// Adds a committee (`original` empty) or changes one (`original` = its current slug): names and
/// descriptions in both languages, and whether it is retired. A taken slug is refused. Admins.
#[server(endpoint = "save_committee")]
pub async fn save_committee(
    #[server(default)] original: String,
    #[server(default)] committee: CommitteeForm,
) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, committees},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        let (valid, retired) = committee.validate().map_err(AppError::Invalid)?;
        let original = Some(original.trim()).filter(|o| !o.is_empty());
        let mut tx = ctx.db.begin().await?;
        let Some(id) = committees::save(&mut tx, original, &valid, retired).await? else {
            return Err(AppError::invalid("slug", FieldProblem::Duplicate));
        };
        let action = if original.is_none() { "committee.create" } else { "committee.update" };
        let details = serde_json::json!({ "slug": valid.slug, "retired": retired });
        audit::record(&mut tx, ctx.caller.account_id, action, "committee", id.0, details).await?;
        tx.commit().await?;
        ctx.reference.forget();
        leptos_axum::redirect("/admin/committees?saved=1");
        Ok(())
    })
    .await
}
