//! The office keeps every member's record: the details of members with or without a login, the
//! remarks and how mailings reach them, the membership's end, reinstatement, and a change of type
//! from a fiscal year. Records clerks and admins (`Duty::EditMembers`); every change is audited.

use crate::domain::ids::MemberId;
use crate::domain::member::ProfileForm;
use crate::domain::membership::{CommitteeChoice, MyMembership};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;
use std::collections::BTreeMap;

/// The office's form of a member's record, filled from the record (or, after a refused post
/// without JavaScript, with what was typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordForm {
    pub membership: MyMembership,
    pub profile: ProfileForm,
    pub committees: Vec<CommitteeChoice>,
    pub notes: String,
    /// `email`, `post` or `both`.
    pub contact_by: String,
    /// The contact email, editable only for a member without a login (`None` when it has one).
    pub email: Option<String>,
    /// The member's units (口), as typed.
    pub units: String,
    /// The member's post on each committee (slug → `chair`, `vice_chair`; others are members).
    pub posts: BTreeMap<String, String>,
}

/// What the office posts besides the profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfficeFields {
    pub notes: String,
    pub contact_by: String,
    /// Only read for a member without a login.
    pub email: String,
    pub units: String,
    /// Committee slug → post code (`member`, `vice_chair`, `chair`).
    pub posts: BTreeMap<String, String>,
}

#[cfg(feature = "ssr")]
fn draft_key(id: MemberId) -> String {
    format!("draft:member-record:{id}")
}

/// The record form of one member. Records clerks and admins.
#[server(endpoint = "member_record_form", input = GetUrl)]
pub async fn load_member_record_form(id: MemberId) -> Result<RecordForm, AppError> {
    use crate::server::{
        db::{committees, members},
        form_draft,
        guard::{serve, Access, Duty},
        membership,
    };
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        if record.erased_at.is_some() {
            return Err(AppError::NotFound);
        }
        let mine = membership::assemble(&ctx.db, &record, &ctx.reference.profile(&ctx.db).await?).await?;
        let draft: Option<(ProfileForm, OfficeFields)> = form_draft::take(&ctx.session, &draft_key(id)).await;
        let has_login = record.account_id.is_some();
        let (profile, office) = match draft {
            Some(draft) => draft,
            None => (
                ProfileForm::from_profile(&mine.profile),
                OfficeFields {
                    notes: record.notes.clone(),
                    contact_by: record.contact_by.code().to_string(),
                    email: record.email.clone().unwrap_or_default(),
                    units: record.units.to_string(),
                    posts: committees::posts_of(&ctx.db, id)
                        .await?
                        .into_iter()
                        .map(|(slug, post)| (slug, post.code().to_string()))
                        .collect(),
                },
            ),
        };
        Ok(RecordForm {
            membership: mine,
            profile,
            committees: committees::choices(&ctx.db).await?,
            notes: office.notes,
            contact_by: office.contact_by,
            email: (!has_login).then_some(office.email),
            units: office.units,
            posts: office.posts,
        })
    })
    .await
}

/// Saves the office's edit of a member's details, remarks and contact preference (and the contact
/// email of a member without a login). The audit entry lists each changed field before and after.
/// Records clerks and admins; not for an erased member (404).
#[server(endpoint = "edit_member")]
pub async fn edit_member(
    id: MemberId,
    #[server(default)] profile: ProfileForm,
    #[server(default)] office: OfficeFields,
) -> Result<(), AppError> {
    use crate::domain::committee::CommitteePost;
    use crate::domain::email::Email;
    use crate::domain::member::ContactBy;
    use crate::domain::membership_class::parse_units;
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{
        db::{members, membership_types},
        form_draft,
        guard::{serve, Access, Duty},
        member_records::{self, OfficeEdit},
        membership,
    };
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let kind = membership_types::by_id(&ctx.db, record.membership_type_id).await?;
        let mut e = FieldErrors::default();
        let valid = match membership::validate_profile(&ctx.db, &profile, &kind).await {
            Ok(valid) => Some(valid),
            Err(AppError::Invalid(errors)) => {
                e.0.extend(errors.0);
                None
            }
            Err(other) => return Err(other),
        };
        // Remarks keep their line breaks (an imported 備考 often has several lines).
        let notes =
            crate::domain::import::office_columns::notes(&office.notes).map_err(|p| e.add("office.notes", p)).ok();
        let contact_by = ContactBy::parse(&office.contact_by)
            .ok_or(FieldProblem::ChooseOne)
            .map_err(|p| e.add("office.contact_by", p))
            .ok();
        let email = if record.account_id.is_some() {
            Some(None)
        } else if office.email.trim().is_empty() {
            Some(Some(None))
        } else {
            Email::parse(&office.email).map(|email| Some(Some(email))).map_err(|p| e.add("office.email", p)).ok()
        };
        if contact_by != Some(ContactBy::Post) && email == Some(Some(None)) {
            e.add("office.contact_by", FieldProblem::NotAllowed);
        }
        let units = parse_units(&office.units).map_err(|p| e.add("office.units", p)).ok();
        let offered = ctx.reference.committees(&ctx.db).await?;
        let mut posts: Vec<(String, CommitteePost)> = Vec::new();
        for (slug, code) in &office.posts {
            match CommitteePost::parse(code) {
                Some(CommitteePost::Member) => {}
                Some(post) if offered.iter().any(|c| &c.slug == slug) => posts.push((slug.clone(), post)),
                _ => e.add(format!("office.posts.{slug}"), FieldProblem::NotAllowed),
            }
        }
        if !e.0.is_empty() {
            form_draft::keep_for_plain_post(&ctx.session, &draft_key(id), &(&profile, &office)).await;
            return Err(AppError::Invalid(e));
        }
        let (Some(mut profile), Some(notes), Some(contact_by), Some(email), Some(units)) =
            (valid, notes, contact_by, email, units)
        else {
            return Err(AppError::Internal);
        };
        // A chair or vice-chair belongs to the committee, ticked or not.
        profile.committee_slugs.extend(posts.iter().map(|(slug, _)| slug.clone()));
        profile.committee_slugs.sort();
        profile.committee_slugs.dedup();
        let edit = OfficeEdit { profile, notes, contact_by, email, units, posts };
        let changed = member_records::edit(&ctx.db, ctx.caller.account_id, &record, edit).await?;
        leptos_axum::redirect(&format!(
            "/admin/members/{id}?done={}",
            if changed.is_empty() { "unchanged" } else { "saved" }
        ));
        Ok(())
    })
    .await
}

/// Ends a pending or active membership as the office records it: `change` is `withdrawn` (a
/// 退会届), `deceased` or `lapsed`, from `effective_on` (a date, not in the future), with a reason.
/// The login closes and coming sign-ups are cancelled without mail. Records clerks and admins.
#[server(endpoint = "end_membership")]
pub async fn end_membership(
    id: MemberId,
    #[server(default)] change: String,
    #[server(default)] effective_on: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::domain::member::MembershipChange;
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{
        db::members,
        guard::{serve, Access, Duty},
        member_records,
    };
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        let mut e = FieldErrors::default();
        let ending =
            MembershipChange::ending(&change).ok_or(FieldProblem::ChooseOne).map_err(|p| e.add("change", p)).ok();
        let on = past_or_today(&effective_on).map_err(|p| e.add("effective_on", p)).ok();
        let reason = crate::domain::text::optional(&reason, 500).map_err(|p| e.add("reason", p)).ok();
        e.into_result()?;
        let (Some((change, status)), Some(on), Some(reason)) = (ending, on, reason) else {
            return Err(AppError::Internal);
        };
        let record = members::by_id(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let ending = member_records::Ending { change, status, on, reason: &reason };
        member_records::end(&ctx.db, &ctx.event_queues, ctx.caller.account_id, &record, ending).await?;
        leptos_axum::redirect(&format!("/admin/members/{id}?done=ended"));
        Ok(())
    })
    .await
}

/// A withdrawn or lapsed membership active again from `effective_on`. Records clerks and admins.
#[server(endpoint = "reinstate_member")]
pub async fn reinstate_member(
    id: MemberId,
    #[server(default)] effective_on: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::error::FieldErrors;
    use crate::server::{
        guard::{serve, Access, Duty},
        member_records,
    };
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        let mut e = FieldErrors::default();
        let on = past_or_today(&effective_on).map_err(|p| e.add("effective_on", p)).ok();
        let reason = crate::domain::text::optional(&reason, 500).map_err(|p| e.add("reason", p)).ok();
        e.into_result()?;
        let (Some(on), Some(reason)) = (on, reason) else { return Err(AppError::Internal) };
        member_records::reinstate(&ctx.db, ctx.caller.account_id, id, on, &reason).await?;
        leptos_axum::redirect(&format!("/admin/members/{id}?done=reinstated"));
        Ok(())
    })
    .await
}

/// The member's type becomes `type_code` from the fiscal year `from_year` (this year: at once; a
/// later one: on its first day). Records clerks and admins.
#[server(endpoint = "change_member_type")]
pub async fn change_member_type(
    id: MemberId,
    #[server(default)] type_code: String,
    #[server(default)] from_year: String,
) -> Result<(), AppError> {
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{
        db::membership_types,
        guard::{serve, Access, Duty},
        member_records,
    };
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        let calendar = ctx.reference.calendar(&ctx.db).await?;
        let current = calendar.this_year();
        let mut e = FieldErrors::default();
        let types = membership_types::list(&ctx.db).await?;
        let kind = types
            .iter()
            .find(|t| t.code == type_code)
            .ok_or(FieldProblem::ChooseOne)
            .map_err(|p| e.add("type_code", p))
            .ok();
        let year = from_year
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (current..=current + 1).contains(y))
            .ok_or(FieldProblem::ChooseOne)
            .map_err(|p| e.add("from_year", p))
            .ok();
        e.into_result()?;
        let (Some(kind), Some(year)) = (kind, year) else { return Err(AppError::Internal) };
        member_records::change_type(&ctx.db, ctx.caller.account_id, id, kind.id, year, calendar).await?;
        leptos_axum::redirect(&format!("/admin/members/{id}?done=type_changed"));
        Ok(())
    })
    .await
}

/// A date as typed (`YYYY-MM-DD`), today or earlier: when something happened.
#[cfg(feature = "ssr")]
fn past_or_today(input: &str) -> Result<chrono::NaiveDate, crate::error::FieldProblem> {
    if input.trim().is_empty() {
        return Ok(crate::domain::dates::today_in_japan());
    }
    let date = crate::domain::dues::parse_date(input)?;
    if date > crate::domain::dates::today_in_japan() {
        return Err(crate::error::FieldProblem::Date);
    }
    Ok(date)
}
