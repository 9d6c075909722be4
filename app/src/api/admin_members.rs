//! The secretariat's membership work: the member list, one member's record, approving and
//! rejecting applications, disabling logins, appointing chairs, sending reset links, recording
//! dues, erasing withdrawn members. Admins only; every change is in the audit log.

use crate::domain::ids::{AccountId, MemberId};
use crate::domain::localized::Localized;
use crate::domain::member::{ContactBy, MembershipChange};
use crate::domain::membership::{CommitteeChoice, MemberFilter, MemberRow, MembershipType, MyMembership};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberListPage {
    pub rows: Vec<MemberRow>,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
    /// How many members the filters find on all pages, up to `member_list::COUNT_CAP` + 1.
    pub found: i64,
    /// Counting stopped at this many (`found` above it means "more than this").
    pub count_cap: i64,
    pub types: Vec<MembershipType>,
    pub committees: Vec<CommitteeChoice>,
    pub current_fiscal_year: i32,
}

/// Everything about one member, for the secretariat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDetail {
    pub membership: MyMembership,
    pub account_id: Option<AccountId>,
    pub account_disabled: bool,
    /// The login's address was proved by the link mailed to it (false without a login).
    pub email_confirmed: bool,
    pub photo_consent: bool,
    pub privacy_notice_version: String,
    pub privacy_consented_at: DateTime<Utc>,
    pub erased: bool,
    pub all_committees: Vec<CommitteeChoice>,
    pub default_fee_yen: i32,
    /// Today in Japan: the default payment date.
    pub today: NaiveDate,
    /// What the caller's roles allow here (the page offers only that; the functions check again).
    pub may_edit: bool,
    pub may_record_dues: bool,
    pub may_appoint: bool,
    /// The membership's course, oldest first.
    pub history: Vec<HistoryEntry>,
    /// A change of type waiting for its fiscal year: (the type, the year).
    pub next_type: Option<(Localized, i32)>,
    /// Every type, for the change-of-type form.
    pub types: Vec<MembershipType>,
    pub current_fiscal_year: i32,
    /// The office's remarks and how mailings reach the member.
    pub notes: String,
    pub contact_by: ContactBy,
    /// Whether they take newsletters by email (since when, how).
    pub newsletters: crate::domain::newsletter::Subscription,
}

/// One step of a membership's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub change: MembershipChange,
    pub effective_on: NaiveDate,
    pub reason: String,
    pub new_type: Option<Localized>,
    pub from_fiscal_year: Option<i32>,
    /// Who recorded it (none: the member themself, or the system).
    pub recorded_by: Option<String>,
}

/// Rows per page of the member list.
pub const PAGE_SIZE: i64 = 50;

/// One page of members in reading order, filtered. Admins only.
#[server(endpoint = "member_list", input = GetUrl)]
pub async fn member_list(#[server(default)] filter: MemberFilter) -> Result<MemberListPage, AppError> {
    use crate::server::{
        db::{
            committees,
            member_list::{self, ListQuery},
            membership_types,
        },
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::ReadMembers), |ctx| async move {
        let current_fiscal_year = ctx.reference.calendar(&ctx.db).await?.this_year();
        let query = ListQuery::from_filter(&filter, current_fiscal_year, PAGE_SIZE);
        let ((rows, next), found) =
            tokio::try_join!(member_list::list(&ctx.db, &query), member_list::count(&ctx.db, &query))?;
        Ok(MemberListPage {
            rows,
            next: next.map(|(key, id)| format!("{id}:{key}")),
            found,
            count_cap: member_list::COUNT_CAP,
            types: membership_types::list(&ctx.db).await?,
            committees: committees::choices(&ctx.db).await?,
            current_fiscal_year,
        })
    })
    .await
}

/// Everything about one member. Staff who read the member list.
#[server(endpoint = "member_detail", input = GetUrl)]
pub async fn load_member_detail(id: MemberId) -> Result<MemberDetail, AppError> {
    use crate::server::{
        db::{committees, members, members::lifecycle, membership_types},
        guard::{self, serve, Access, Duty},
        membership,
    };
    serve(Access::Staff(Duty::ReadMembers), |ctx| async move {
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let membership = membership::assemble(&ctx.db, &record, &ctx.reference.profile(&ctx.db).await?).await?;
        let default_fee_yen = membership.membership_type.fee_per_unit_yen * i32::from(record.units);
        Ok(MemberDetail {
            membership,
            account_id: record.account_id,
            account_disabled: record.account_disabled,
            email_confirmed: record.email_confirmed,
            photo_consent: record.photo_consent,
            privacy_notice_version: record.privacy_notice_version.clone(),
            privacy_consented_at: record.privacy_consented_at,
            erased: record.erased_at.is_some(),
            all_committees: committees::choices(&ctx.db).await?,
            default_fee_yen,
            today: crate::domain::dates::today_in_japan(),
            may_edit: guard::may(&ctx.caller, Duty::EditMembers),
            may_record_dues: guard::may(&ctx.caller, Duty::Dues),
            may_appoint: guard::may(&ctx.caller, Duty::Settings),
            history: lifecycle::history(&ctx.db, id)
                .await?
                .into_iter()
                .map(|row| HistoryEntry {
                    new_type: row.new_type(),
                    change: row.change,
                    effective_on: row.effective_on,
                    reason: row.reason,
                    from_fiscal_year: row.from_fiscal_year.map(i32::from),
                    recorded_by: row.recorded_by,
                })
                .collect(),
            next_type: lifecycle::next_type(&ctx.db, id).await?,
            types: membership_types::list(&ctx.db).await?,
            current_fiscal_year: ctx.reference.calendar(&ctx.db).await?.this_year(),
            notes: record.notes.clone(),
            contact_by: record.contact_by,
            newsletters: crate::server::db::newsletters::consents::of_member(&ctx.db, id).await?,
        })
    })
    .await
}

#[cfg(feature = "ssr")]
fn back_to(id: MemberId, done: &str) {
    leptos_axum::redirect(&format!("/admin/members/{id}?done={done}"));
}

/// Approves a pending application: the member becomes active with the next member number and is
/// told by mail. Admins only.
#[server(endpoint = "approve_member")]
pub async fn approve_member(id: MemberId) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, members},
        guard::{serve, Access, Duty},
        mail::{self, Mail},
    };
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        let admin = ctx.caller;
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let mut tx = ctx.db.begin().await?;
        let Some(number) = members::approve(&mut tx, id, admin.account_id).await? else {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        };
        audit::record(
            &mut tx,
            admin.account_id,
            "member.approve",
            "member",
            id,
            serde_json::json!({ "member_number": number }),
        )
        .await?;
        if let Some(email) = &record.email {
            mail::queue(
                &mut tx,
                email,
                member_lang(&ctx.db, &record).await?,
                Mail::Approved { name: &record.full_name, member_number: number },
            )
            .await?;
        }
        tx.commit().await?;
        tracing::info!(member_id = id.0, admin = admin.account_id.0, "application approved");
        back_to(id, "approved");
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
async fn member_lang(
    db: &sqlx::PgPool,
    record: &crate::server::db::members::MemberRecord,
) -> Result<crate::i18n::Lang, AppError> {
    let Some(account) = record.account_id else { return Ok(Default::default()) };
    let (_, lang) = crate::server::db::accounts::email_and_lang(db, account).await?;
    Ok(lang)
}

/// Rejects a pending application with a reason, which the applicant is told. Admins only.
#[server(endpoint = "reject_member")]
pub async fn reject_member(id: MemberId, reason: String) -> Result<(), AppError> {
    use crate::domain::text;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, members},
        guard::{serve, Access, Duty},
        mail::{self, Mail},
    };
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        let admin = ctx.caller;
        let reason = text::multiline(&reason, 1000)
            .and_then(|r| if r.is_empty() { Err(FieldProblem::Required) } else { Ok(r) })
            .map_err(|p| AppError::invalid("reason", p))?;
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let mut tx = ctx.db.begin().await?;
        if !members::reject(&mut tx, id, admin.account_id, &reason).await? {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        audit::record(&mut tx, admin.account_id, "member.reject", "member", id, serde_json::json!({})).await?;
        if let Some(email) = &record.email {
            mail::queue(
                &mut tx,
                email,
                member_lang(&ctx.db, &record).await?,
                Mail::Rejected { name: &record.full_name, reason: &reason },
            )
            .await?;
        }
        tx.commit().await?;
        back_to(id, "rejected");
        Ok(())
    })
    .await
}

/// Disables a member's login (ending every session) or enables it again. Admins only; an admin
/// cannot disable their own login.
#[server(endpoint = "set_login_disabled")]
pub async fn set_login_disabled(id: MemberId, disabled: bool) -> Result<(), AppError> {
    use crate::server::{
        db::{accounts, audit, members, staff},
        guard::{may, serve, Access, Duty},
    };
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        let admin = ctx.caller;
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let account = record.account_id.ok_or(AppError::NotFound)?;
        if account == admin.account_id {
            return Err(AppError::Forbidden);
        }
        // A records clerk keeps members' logins, not the staff's (that is the admins' work).
        if !may(&admin, Duty::Staff) && staff::is_staff(&mut *ctx.db.acquire().await?, account).await? {
            return Err(AppError::Forbidden);
        }
        // An ended (or erased) membership's login stays closed: rejoining is a new application, and
        // the office reinstates a membership before enabling its login.
        if !disabled && (record.status().has_ended() || record.erased_at.is_some()) {
            return Err(AppError::Invalid(crate::error::FieldErrors::single(
                "form",
                crate::error::FieldProblem::NotAllowed,
            )));
        }
        let mut tx = ctx.db.begin().await?;
        accounts::set_disabled(&mut tx, account, disabled).await?;
        let action = if disabled { "account.disable" } else { "account.enable" };
        audit::record(&mut tx, admin.account_id, action, "member", id, serde_json::json!({ "account_id": account }))
            .await?;
        tx.commit().await?;
        back_to(id, if disabled { "disabled" } else { "enabled" });
        Ok(())
    })
    .await
}

/// Appoints the member as a chair of a committee (`appoint` = true) or removes them. Admins only;
/// the member needs a login and an active membership to be appointed.
#[server(endpoint = "set_chair")]
pub async fn set_chair(
    id: MemberId,
    committee: String,
    appoint: bool,
    #[server(default)] vice: Option<String>,
    #[server(default)] valid_until: String,
) -> Result<(), AppError> {
    use crate::domain::member::MemberStatus;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, committees, members},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Settings), |ctx| async move {
        let admin = ctx.caller;
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let refused = |field: &str| AppError::invalid(field, FieldProblem::NotAllowed);
        let account = record.account_id.ok_or_else(|| refused("form"))?;
        if appoint && record.status() != MemberStatus::Active {
            return Err(refused("form"));
        }
        let until = crate::api::staff::term_end(&valid_until).map_err(|p| AppError::invalid("valid_until", p))?;
        let role = if vice.is_some() { committees::ChairRole::ViceChair } else { committees::ChairRole::Chair };
        let mut tx = ctx.db.begin().await?;
        let done = if appoint {
            committees::appoint(&mut tx, account, &committee, role, until, admin.account_id).await?
        } else {
            committees::remove_chair(&mut tx, account, &committee).await?
        };
        if !done {
            return Err(refused("committee"));
        }
        let action = if appoint { "chair.appoint" } else { "chair.remove" };
        let details = serde_json::json!({ "committee": committee, "vice": vice.is_some(), "valid_until": until });
        audit::record(&mut tx, admin.account_id, action, "member", id, details).await?;
        tx.commit().await?;
        back_to(id, if appoint { "appointed" } else { "removed" });
        Ok(())
    })
    .await
}

/// Mails the member a password-reset link (an admin never sets or sees a password). Admins only.
#[server(endpoint = "send_reset_link")]
pub async fn send_reset_link(id: MemberId) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{accounts, audit, members},
        guard::{serve, Access, Duty},
        import::invite::invite_member,
    };
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        let admin = ctx.caller;
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        if record.erased_at.is_some() {
            return Err(AppError::NotFound);
        }
        let mut tx = ctx.db.begin().await?;
        match (record.account_id, &record.email) {
            // An address that was never confirmed may be someone else's claim: no link opens it.
            (Some(_), _) if !record.email_confirmed => {
                return Err(AppError::invalid("form", FieldProblem::NotAllowed));
            }
            (Some(account), _) => {
                let (email, lang) = accounts::email_and_lang(&ctx.db, account).await?;
                let public_url = crate::server::state::settings().public_url;
                crate::api::password_reset::send_link(&mut tx, &public_url, account, &email, lang).await?;
                audit::record(
                    &mut tx,
                    admin.account_id,
                    "account.send_reset_link",
                    "member",
                    id,
                    serde_json::json!({}),
                )
                .await?;
            }
            // A member from the imported list has no login yet: the link is an invitation.
            (None, Some(email)) if record.status() == crate::domain::member::MemberStatus::Active => {
                if !invite_member(&mut tx, id, email, &record.full_name).await? {
                    return Err(AppError::invalid("form", FieldProblem::Duplicate));
                }
                audit::record(&mut tx, admin.account_id, "account.invite", "member", id, serde_json::json!({})).await?;
            }
            _ => return Err(AppError::NotFound),
        }
        tx.commit().await?;
        back_to(id, "link_sent");
        Ok(())
    })
    .await
}

/// Records a member's dues for a fiscal year, or for `years` consecutive ones at once (all or
/// none). Treasurers and admins. The amount defaults to each year's dues.
#[server(endpoint = "record_dues")]
pub async fn record_dues(
    id: MemberId,
    fiscal_year: String,
    paid_on: String,
    amount_yen: String,
    method: String,
    note: String,
    #[server(default)] years: String,
) -> Result<(), AppError> {
    use crate::domain::dues::PaymentForm;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, dues, members},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Dues), |ctx| async move {
        let admin = ctx.caller;
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        if record.status() != crate::domain::member::MemberStatus::Active {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        let form = PaymentForm { fiscal_year, paid_on, amount_yen, method, note };
        let payments = crate::server::dues::validate_years(&ctx.db, record.id, &form, &years).await?;
        let mut tx = ctx.db.begin().await?;
        // Locked, and still active: a year's lapse at this moment either waits for this payment or
        // has ended the membership (then nothing is recorded).
        if !matches!(members::lock_status(&mut tx, id).await?, Some((crate::domain::member::MemberStatus::Active, _))) {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        for payment in &payments {
            let Some(payment_id) = dues::record(&mut tx, id, payment, admin.account_id).await? else {
                return Err(AppError::invalid("fiscal_year", FieldProblem::Duplicate));
            };
            let details = serde_json::json!({
                "payment_id": payment_id, "fiscal_year": payment.fiscal_year, "amount_yen": payment.amount_yen,
                "method": payment.method.code(),
            });
            audit::record(&mut tx, admin.account_id, "dues.record", "member", id, details).await?;
        }
        tx.commit().await?;
        back_to(id, "dues");
        Ok(())
    })
    .await
}

/// Erases the personal details of a withdrawn member (or a rejected applicant), on their request.
/// Admins only. Everything that names them goes from every table (their mail, links, notes,
/// sign-up details, uploads that list them: `db::erasure`); counts stay for statistics; the audit
/// log records the erasure, not the erased data.
#[server(endpoint = "erase_member")]
pub async fn erase_member(id: MemberId) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, erasure, members},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        let admin = ctx.caller;
        let mut tx = ctx.db.begin().await?;
        members::lock_status(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if !erasure::erase_member(&mut tx, id).await? {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        audit::record(&mut tx, admin.account_id, "member.erase", "member", id, serde_json::json!({})).await?;
        tx.commit().await?;
        back_to(id, "erased");
        Ok(())
    })
    .await
}
