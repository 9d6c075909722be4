//! Outside contact lists (the sister-city association abroad, partner schools): the lists, adding
//! a contact with how they agreed, removing one. Staff with `Newsletters`; every change audited
//! (ids only: a contact's name and address stay out of the audit log).

use crate::domain::contact::{ContactForm, ContactListsPage};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
const DRAFT: &str = "draft:contact";

#[cfg(feature = "ssr")]
fn back(what: &str) {
    let v = chrono::Utc::now().timestamp_millis();
    leptos_axum::redirect(&format!("/admin/contacts?{what}&v={v}"));
}

#[server(endpoint = "contact_lists", input = GetUrl)]
pub async fn load_contact_lists() -> Result<ContactListsPage, AppError> {
    use crate::server::db::contacts;
    use crate::server::form_draft;
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::Newsletters), |ctx| async move {
        let form = form_draft::take(&ctx.session, DRAFT)
            .await
            .unwrap_or_else(|| ContactForm { lang: "en".into(), ..ContactForm::default() });
        Ok(ContactListsPage { lists: contacts::lists(&ctx.db).await?, form })
    })
    .await
}

/// A new list. 422 `name` when blank, too long or taken.
#[server(endpoint = "create_contact_list")]
pub async fn create_contact_list(#[server(default)] name: String) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::db::{audit, contacts};
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::Newsletters), |ctx| async move {
        let name = crate::domain::text::required(&name, 100).map_err(|p| AppError::invalid("name", p))?;
        let mut tx = ctx.db.begin().await?;
        let id =
            contacts::create_list(&mut tx, &name).await?.ok_or(AppError::invalid("name", FieldProblem::Duplicate))?;
        audit::record(&mut tx, ctx.caller.account_id, "contacts.list", "contact_list", id, serde_json::json!({}))
            .await?;
        tx.commit().await?;
        back("list_created=1");
        Ok(())
    })
    .await
}

/// Adds a contact (`contact[…]` fields). 422 with field errors; `email` when the list has it.
#[server(endpoint = "add_contact")]
pub async fn add_contact(#[server(default)] contact: ContactForm) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::db::{audit, contacts};
    use crate::server::form_draft;
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::Newsletters), |ctx| async move {
        let refuse = |error: AppError| async {
            form_draft::keep_for_plain_post(&ctx.session, DRAFT, &contact).await;
            Err(error)
        };
        let checked = match contact.check() {
            Ok(checked) => checked,
            Err(errors) => return refuse(AppError::Invalid(errors)).await,
        };
        let mut tx = ctx.db.begin().await?;
        let Some(id) = contacts::add(&mut tx, &checked).await? else {
            return refuse(AppError::invalid("email", FieldProblem::Duplicate)).await;
        };
        let details = serde_json::json!({ "list": checked.list_id });
        audit::record(&mut tx, ctx.caller.account_id, "contacts.add", "contact", id, details).await?;
        tx.commit().await?;
        back("added=1");
        Ok(())
    })
    .await
}

/// Removes a contact. 404 for one not there.
#[server(endpoint = "remove_contact")]
pub async fn remove_contact(id: i64) -> Result<(), AppError> {
    use crate::server::db::{audit, contacts};
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::Newsletters), |ctx| async move {
        let mut tx = ctx.db.begin().await?;
        if !contacts::remove(&mut tx, id).await? {
            return Err(AppError::NotFound);
        }
        audit::record(&mut tx, ctx.caller.account_id, "contacts.remove", "contact", id, serde_json::json!({})).await?;
        tx.commit().await?;
        back("removed=1");
        Ok(())
    })
    .await
}
