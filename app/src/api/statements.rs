//! The bank statement import (the file arrives by `POST /admin/statements/upload`, a plain upload
//! route of the server crate): the list, one statement's review, the treasurer's choice per line,
//! the commit (all or nothing) and its undo, and discarding an upload. Staff with `Dues`.

use crate::domain::statement::{StatementSummary, StatementView};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// Back to the statement's page (a new address each time, so that the page reads it again).
#[cfg(feature = "ssr")]
fn back_to_statement(id: i64, what: &str, anchor: &str) {
    let v = chrono::Utc::now().timestamp_millis();
    leptos_axum::redirect(&format!("/admin/statements/{id}?{what}&v={v}{anchor}"));
}

/// The uploaded statements, newest first.
#[server(endpoint = "statements", input = GetUrl)]
pub async fn load_statements() -> Result<Vec<StatementSummary>, AppError> {
    use crate::server::{
        db::statements,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move { Ok(statements::list(&ctx.db).await?) }).await
}

/// One statement: every credit with its proposal and the treasurer's choice.
#[server(endpoint = "statement", input = GetUrl)]
pub async fn load_statement(id: i64) -> Result<StatementView, AppError> {
    use crate::server::{
        guard::{serve, Access, Duty},
        statement::view,
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move { view::assemble(&ctx.db, id).await }).await
}

/// The treasurer's word on one line: `take=yes` with the member's number and the fiscal years
/// ("2026" or "2025-2026": several years must be those years' dues), or `take=no` to leave it
/// out. 422 with `line.{line}.member_number` / `line.{line}.years` problems.
#[server(endpoint = "decide_statement_line")]
pub async fn decide_statement_line(
    statement: i64,
    line: i64,
    #[server(default)] member_number: String,
    #[server(default)] years: String,
    take: String,
) -> Result<(), AppError> {
    use crate::domain::statement::{matching::MAX_YEARS, parse_years};
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{
        db::{audit, statements},
        guard::{serve, Access, Duty},
        statement::commit::{line_field, payments_of},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let by = ctx.caller.account_id;
        let take = match take.as_str() {
            "yes" => true,
            "no" => false,
            _ => return Err(AppError::BadRequest),
        };
        let (mut member, mut chosen) = (None, None);
        if take {
            let mut e = FieldErrors::default();
            match member_number.trim().parse::<i32>() {
                _ if member_number.trim().is_empty() => {
                    e.add(line_field(line, "member_number"), FieldProblem::Required)
                }
                Ok(number) => match statements::active_by_number(&ctx.db, number).await? {
                    Some(id) => member = Some(id),
                    None => e.add(line_field(line, "member_number"), FieldProblem::NoSuchMember),
                },
                Err(_) => e.add(line_field(line, "member_number"), FieldProblem::InvalidFormat),
            }
            match parse_years(&years, MAX_YEARS) {
                Some(parsed) => chosen = Some(parsed),
                None => e.add(line_field(line, "years"), FieldProblem::InvalidFormat),
            }
            e.into_result()?;
        }
        let mut tx = ctx.db.begin().await?;
        if statements::lock(&mut tx, statement).await?.ok_or(AppError::NotFound)? {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        let (first, count) = chosen.map_or((None, None), |(f, c)| (Some(f), Some(c)));
        if !statements::decide(&mut tx, statement, line, member, first, count, take, by).await? {
            return Err(AppError::NotFound);
        }
        if let (Some(member), Some((first, count))) = (member, chosen) {
            if statements::years_taken(&mut tx, statement, line, member, first, first + count - 1).await? {
                return Err(AppError::invalid(line_field(line, "years"), FieldProblem::Duplicate));
            }
            let taken = statements::taken_line(&mut tx, line).await?.ok_or(AppError::Internal)?;
            if let Err(problem) = payments_of(&mut tx, &taken).await? {
                return Err(AppError::invalid(line_field(line, "years"), problem));
            }
        }
        let details = serde_json::json!({ "line": line, "take": take, "member": member, "years": years });
        audit::record(&mut tx, by, "statement.decide", "bank_statement", statement, details).await?;
        tx.commit().await?;
        back_to_statement(statement, &format!("decided={line}"), &format!("#line-{line}"));
        Ok(())
    })
    .await
}

/// Records every taken line as dues payments, in one transaction: all of them, or (when any line
/// no longer fits) none, with each such line named.
#[server(endpoint = "commit_statement")]
pub async fn commit_statement(id: i64) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, statements},
        guard::{serve, Access, Duty},
        statement::commit::record_all,
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let by = ctx.caller.account_id;
        let mut tx = ctx.db.begin().await?;
        if statements::lock(&mut tx, id).await?.ok_or(AppError::NotFound)? {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        let recorded = record_all(&mut tx, id, by).await?;
        statements::mark_committed(&mut tx, id, by).await?;
        audit::record(
            &mut tx,
            by,
            "statement.commit",
            "bank_statement",
            id,
            serde_json::json!({ "payments": recorded }),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(statement = id, recorded, "bank statement committed");
        back_to_statement(id, &format!("committed={recorded}"), "");
        Ok(())
    })
    .await
}

/// Voids the payments the commit recorded (the register of voided payments keeps them, with the
/// reason), and opens the statement for checking again. Refused while any of them has a receipt
/// or a correction.
#[server(endpoint = "undo_statement")]
pub async fn undo_statement(id: i64) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, statements},
        guard::{serve, Access, Duty},
        statement::commit::void_all,
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let by = ctx.caller.account_id;
        let mut tx = ctx.db.begin().await?;
        if !statements::lock(&mut tx, id).await?.ok_or(AppError::NotFound)? {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        let voided = void_all(&mut tx, id, by).await?;
        statements::mark_undone(&mut tx, id, by).await?;
        audit::record(&mut tx, by, "statement.undo", "bank_statement", id, serde_json::json!({ "voided": voided }))
            .await?;
        tx.commit().await?;
        tracing::info!(statement = id, voided, "bank statement commit undone");
        back_to_statement(id, &format!("undone={voided}"), "");
        Ok(())
    })
    .await
}

/// Drops a statement that was not committed, with the names in it.
#[server(endpoint = "discard_statement")]
pub async fn discard_statement(id: i64) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, statements},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let by = ctx.caller.account_id;
        let mut tx = ctx.db.begin().await?;
        if !statements::discard(&mut tx, id).await? {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        audit::record(&mut tx, by, "statement.discard", "bank_statement", id, serde_json::json!({})).await?;
        tx.commit().await?;
        leptos_axum::redirect("/admin/statements?discarded=1");
        Ok(())
    })
    .await
}
