//! Importing the existing member list (the file itself arrives by `POST /admin/imports/upload`, a plain
//! upload route of the server crate). Admins only, all of it.

use crate::domain::import::{ImportSummary, ImportView};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;
use std::collections::HashMap;

/// Back to the import's page. The address is new each time (`v`), so that with JavaScript the
/// page reads the import again even when the rest of the address is the same as before.
#[cfg(feature = "ssr")]
fn back_to_import(id: i64, what: &str) {
    let v = chrono::Utc::now().timestamp_millis();
    leptos_axum::redirect(&format!("/admin/imports/{id}?{what}&v={v}"));
}

/// The uploads, newest first.
#[server(endpoint = "imports", input = GetUrl)]
pub async fn load_imports() -> Result<Vec<ImportSummary>, AppError> {
    use crate::server::{
        db::imports,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Imports), |ctx| async move { Ok(imports::list(&ctx.db).await?) }).await
}

/// One upload: its columns, the mapping, and the dry run (or the progress, or the outcome).
#[server(endpoint = "import", input = GetUrl)]
pub async fn load_import(id: i64) -> Result<ImportView, AppError> {
    use crate::server::{
        db::imports,
        guard::{serve, Access, Duty},
        import::view,
    };
    serve(Access::Staff(Duty::Imports), |ctx| async move {
        imports::reset_if_stale(&ctx.db, id).await?;
        let record = imports::get(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        view::assemble(&ctx.db, record).await
    })
    .await
}

/// Chooses which column feeds which field (`mapping[full_name]=0`, …), and remembers the choice
/// for the next file with the same headings. The page then shows the dry run for it.
#[server(endpoint = "save_import_mapping")]
pub async fn save_import_mapping(id: i64, #[server(default)] mapping: HashMap<String, String>) -> Result<(), AppError> {
    use crate::domain::import::fields::heading_key;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, imports},
        guard::{serve, Access, Duty},
        import::view::parse_mapping,
    };
    serve(Access::Staff(Duty::Imports), |ctx| async move {
        let admin = ctx.caller;
        imports::reset_if_stale(&ctx.db, id).await?;
        let record = imports::get(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let chosen = parse_mapping(&mapping, record.column_names.len()).map_err(AppError::Invalid)?;
        let stored = serde_json::to_value(&chosen).map_err(|_| AppError::Internal)?;
        let remembered: Vec<(String, String)> = chosen
            .0
            .iter()
            .filter_map(|(field, column)| {
                record.column_names.get(*column).map(|h| (heading_key(h), field.code().to_string()))
            })
            .filter(|(key, _)| !key.is_empty())
            .collect();
        let mut tx = ctx.db.begin().await?;
        if !imports::save_mapping(&mut tx, id, &stored).await? {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        imports::remember(&mut tx, &remembered).await?;
        audit::record(&mut tx, admin.account_id, "member_import.map", "member_import", id, serde_json::json!({}))
            .await?;
        tx.commit().await?;
        back_to_import(id, "checked=1");
        Ok(())
    })
    .await
}

/// Imports every valid row in one transaction, in the background; the page shows progress.
/// Refused while the dry run shows errors (then nothing is imported). With `invite`, members
/// with an email get an invitation link in the same transaction.
#[server(endpoint = "commit_import")]
pub async fn commit_import(id: i64, #[server(default)] invite: Option<String>) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::imports,
        guard::{serve, Access, Duty},
        import::{dry_run, run, view::mapping_of},
    };
    serve(Access::Staff(Duty::Imports), |ctx| async move {
        let admin = ctx.caller;
        imports::reset_if_stale(&ctx.db, id).await?;
        let record = imports::get(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let refused = || AppError::invalid("form", FieldProblem::NotAllowed);
        if record.status() != crate::domain::import::ImportStatus::Uploaded {
            return Err(refused());
        }
        let mapping = mapping_of(&record);
        // Years already paid become dues payments: the treasurer's (or an admin's) to record.
        let records_dues = mapping.column(crate::domain::import::fields::ImportField::PaidYears).is_some();
        if records_dues && !crate::server::guard::may(&admin, Duty::Dues) {
            return Err(AppError::invalid("mapping.paid_years", FieldProblem::NotAllowed));
        }
        let rules = dry_run::rules(&ctx.db).await?;
        let mut conn = ctx.db.acquire().await?;
        let checked = dry_run::check(&mut conn, &record.content, &mapping, &rules).await?;
        if !checked.report.can_import() {
            return Err(refused());
        }
        let invite = invite.is_some();
        if !imports::claim(&ctx.db, id, invite).await? {
            return Err(refused());
        }
        tracing::info!(import = id, rows = checked.members.len(), invite, "member import started");
        tokio::spawn(run::run(ctx.db.clone(), id, admin.account_id, invite));
        back_to_import(id, "started=1");
        Ok(())
    })
    .await
}

/// Removes every member an import created, while none of them has done anything since (signed
/// up, paid, joined a committee, chosen a password, changed their details).
#[server(endpoint = "undo_import")]
pub async fn undo_import(id: i64) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, imports},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Imports), |ctx| async move {
        let admin = ctx.caller;
        let mut tx = ctx.db.begin().await?;
        let status = imports::lock(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        imports::lock_members(&mut tx, id).await?;
        let (_, blockers) = imports::undo_blockers(&mut tx, id, 1).await?;
        if status != crate::domain::import::ImportStatus::Imported || blockers > 0 {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        // Undoing removes the payments the file recorded: only for those who keep dues.
        if imports::recorded_dues(&mut tx, id).await? && !crate::server::guard::may(&admin, Duty::Dues) {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        let removed = imports::undo(&mut tx, id, admin.account_id).await?;
        audit::record(
            &mut tx,
            admin.account_id,
            "member_import.undo",
            "member_import",
            id,
            serde_json::json!({ "removed": removed }),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(import = id, removed, "member import undone");
        back_to_import(id, "undone=1");
        Ok(())
    })
    .await
}

/// Drops an upload that will not be imported, with the personal data in it.
#[server(endpoint = "discard_import")]
pub async fn discard_import(id: i64) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, imports},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Imports), |ctx| async move {
        let admin = ctx.caller;
        imports::reset_if_stale(&ctx.db, id).await?;
        let mut tx = ctx.db.begin().await?;
        if !imports::discard(&mut tx, id).await? {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        audit::record(&mut tx, admin.account_id, "member_import.discard", "member_import", id, serde_json::json!({}))
            .await?;
        tx.commit().await?;
        leptos_axum::redirect("/admin/imports?discarded=1");
        Ok(())
    })
    .await
}

/// Sends invitation links to the import's members who have an email and no account yet.
#[server(endpoint = "send_import_invitations")]
pub async fn send_import_invitations(id: i64) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, imports},
        guard::{serve, Access, Duty},
        import::invite::invite_all,
    };
    serve(Access::Staff(Duty::Imports), |ctx| async move {
        let admin = ctx.caller;
        let mut tx = ctx.db.begin().await?;
        if imports::lock(&mut tx, id).await?.ok_or(AppError::NotFound)? != crate::domain::import::ImportStatus::Imported
        {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        let sent = invite_all(&mut tx, id).await?;
        audit::record(
            &mut tx,
            admin.account_id,
            "member_import.invite",
            "member_import",
            id,
            serde_json::json!({ "invited": sent }),
        )
        .await?;
        tx.commit().await?;
        back_to_import(id, &format!("invited={sent}"));
        Ok(())
    })
    .await
}
