//! Membership types and their annual fees: data the secretariat keeps.

use crate::domain::membership::MembershipType;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// Every membership type, offered or not. Admins only.
#[server(endpoint = "membership_types", input = GetUrl)]
pub async fn list_membership_types() -> Result<Vec<MembershipType>, AppError> {
    use crate::server::{
        db::membership_types,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::ReadSettings), |ctx| async move { Ok(membership_types::list(&ctx.db).await?) }).await
}

/// Changes a type's names, annual fee and whether new applicants may choose it. Admins only.
/// Members keep their type when it stops being offered.
#[server(endpoint = "update_membership_type")]
pub async fn update_membership_type(
    id: i64,
    name_ja: String,
    name_en: String,
    annual_fee_yen: String,
    #[server(default)] offered: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::{money::parse_yen, text};
    use crate::error::FieldErrors;
    use crate::server::{
        db::{audit, membership_types},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        let admin = ctx.caller;
        let mut e = FieldErrors::default();
        let name_ja = text::required(&name_ja, 50).map_err(|p| e.add("name_ja", p)).ok();
        let name_en = text::required(&name_en, 80).map_err(|p| e.add("name_en", p)).ok();
        let fee = parse_yen(&annual_fee_yen).map_err(|p| e.add("annual_fee_yen", p)).ok();
        e.into_result()?;
        let (Some(name_ja), Some(name_en), Some(fee)) = (name_ja, name_en, fee) else {
            return Err(AppError::Internal);
        };
        let offered = offered.is_some();
        let mut tx = ctx.db.begin().await?;
        if !membership_types::update(&mut tx, id, &name_ja, &name_en, fee, offered).await? {
            return Err(AppError::NotFound);
        }
        audit::record(
            &mut tx,
            admin.account_id,
            "membership_type.update",
            "membership_type",
            id,
            serde_json::json!({ "annual_fee_yen": fee, "offered": offered }),
        )
        .await?;
        tx.commit().await?;
        leptos_axum::redirect("/admin/membership-types?saved=1");
        Ok(())
    })
    .await
}
