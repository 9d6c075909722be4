//! Membership classes and their fees per unit: data the secretariat keeps (the articles' scheme).

use crate::domain::membership::{FeeFrom, MembershipType};
use crate::domain::membership_class::ClassForm;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

/// What the classes page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassesPage {
    pub types: Vec<MembershipType>,
    /// Every price ever set (a class's history).
    pub fees: Vec<FeeFrom>,
    pub current_fiscal_year: i32,
}

/// Every membership class, offered or not, with its prices. Staff who read the settings.
#[server(endpoint = "membership_types", input = GetUrl)]
pub async fn list_membership_types() -> Result<ClassesPage, AppError> {
    use crate::server::{
        db::membership_types,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::ReadSettings), |ctx| async move {
        let (types, fees, calendar) = tokio::try_join!(
            membership_types::list(&ctx.db),
            membership_types::fees(&ctx.db),
            ctx.reference.calendar(&ctx.db)
        )?;
        Ok(ClassesPage { types, fees, current_fiscal_year: calendar.this_year() })
    })
    .await
}

/// Changes a class's names, category (full or supporting), holder, vote and whether new
/// applicants may choose it (members keep their class when it is retired). Admins only.
#[server(endpoint = "update_membership_type")]
pub async fn update_membership_type(id: i64, #[server(default)] class: ClassForm) -> Result<(), AppError> {
    use crate::server::{
        db::{audit, membership_types},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        let draft = class.validate().map_err(AppError::Invalid)?;
        let mut tx = ctx.db.begin().await?;
        if !membership_types::update(&mut tx, id, &draft).await? {
            return Err(AppError::NotFound);
        }
        let details = serde_json::json!({
            "name_ja": draft.name.ja, "category": draft.category.code(), "votes": draft.votes, "offered": draft.offered,
        });
        audit::record(&mut tx, ctx.caller.account_id, "membership_type.update", "membership_type", id, details).await?;
        tx.commit().await?;
        leptos_axum::redirect("/admin/membership-types?saved=1");
        Ok(())
    })
    .await
}

/// Adds a class with its fee per unit from this fiscal year. Admins only.
#[server(endpoint = "create_membership_type")]
pub async fn create_membership_type(
    #[server(default)] class: ClassForm,
    #[server(default)] fee_per_unit_yen: String,
) -> Result<(), AppError> {
    use crate::domain::membership_class::{code_for, parse_new_fee};
    use crate::server::{
        db::{audit, membership_types},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        let this_year = ctx.reference.calendar(&ctx.db).await?.this_year();
        let draft = class.validate();
        let fee = parse_new_fee(&fee_per_unit_yen, &this_year.to_string(), this_year);
        let (draft, (fee, _)) = match (draft, fee) {
            (Ok(draft), Ok(fee)) => (draft, fee),
            (draft, fee) => {
                let mut errors = draft.err().unwrap_or_default();
                errors.0.extend(fee.err().unwrap_or_default().0);
                return Err(AppError::Invalid(errors));
            }
        };
        let mut tx = ctx.db.begin().await?;
        // Locked so that two admins adding "Student member" at once get two different codes.
        sqlx::query("LOCK TABLE membership_types IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
        let code = code_for(&draft.name.en, &membership_types::codes(&mut tx).await?);
        let id = membership_types::create(&mut tx, &code, &draft).await?;
        membership_types::set_fee(&mut tx, id, this_year, fee, ctx.caller.account_id).await?;
        let details = serde_json::json!({ "code": code, "fee_per_unit_yen": fee, "from_year": this_year });
        audit::record(&mut tx, ctx.caller.account_id, "membership_type.create", "membership_type", id, details).await?;
        tx.commit().await?;
        leptos_axum::redirect("/admin/membership-types?saved=1");
        Ok(())
    })
    .await
}

/// Sets a class's fee per unit from a fiscal year on (this year or a later one; earlier years
/// keep their price). Admins only.
#[server(endpoint = "set_membership_fee")]
pub async fn set_membership_fee(
    id: i64,
    #[server(default)] fee_per_unit_yen: String,
    #[server(default)] from_year: String,
) -> Result<(), AppError> {
    use crate::domain::membership_class::parse_new_fee;
    use crate::server::{
        db::{audit, membership_types},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        let this_year = ctx.reference.calendar(&ctx.db).await?.this_year();
        let (fee, year) = parse_new_fee(&fee_per_unit_yen, &from_year, this_year).map_err(AppError::Invalid)?;
        let mut tx = ctx.db.begin().await?;
        if !membership_types::set_fee(&mut tx, id, year, fee, ctx.caller.account_id).await? {
            return Err(AppError::NotFound);
        }
        let details = serde_json::json!({ "fee_per_unit_yen": fee, "from_year": year });
        audit::record(&mut tx, ctx.caller.account_id, "membership_type.fee", "membership_type", id, details).await?;
        tx.commit().await?;
        leptos_axum::redirect("/admin/membership-types?saved=1");
        Ok(())
    })
    .await
}
