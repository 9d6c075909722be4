//! The office's work on a member's record, each in one transaction with its audit entry: editing
//! the details (the audit keeps each changed field before and after, never the whole record),
//! ending a membership, reinstating it, and changing its type from a fiscal year.

use crate::domain::committee::CommitteePost;
use crate::domain::email::Email;
use crate::domain::ids::{AccountId, MemberId};
use crate::domain::member::{ContactBy, MemberStatus, MembershipChange, Profile};
use crate::error::{AppError, FieldProblem};
use crate::server::db::members::lifecycle::{self, Step};
use crate::server::db::members::{self, MemberRecord};
use crate::server::db::{accounts, audit, committees, staff, tokens};
use crate::server::event_lock::EventQueues;
use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use sqlx::PgPool;

/// What the office typed on a member's record form, validated.
pub struct OfficeEdit {
    pub profile: Profile,
    pub notes: String,
    pub contact_by: ContactBy,
    /// The contact email of a member without a login (`None`: not on the form, since a login's
    /// address is its owner's to change; `Some(None)`: cleared).
    pub email: Option<Option<Email>>,
    /// Units (口) taken: the next dues are the fee × units.
    pub units: u8,
    /// Posts other than plain member, by committee slug (sorted by slug).
    pub posts: Vec<(String, CommitteePost)>,
}

/// Each field that differs, as `{field: {"before": …, "after": …}}`.
fn changes(before: &OfficeEdit, after: &OfficeEdit, old_email: Option<&str>) -> Map<String, Value> {
    let (b, a) = (&before.profile, &after.profile);
    let mut changed = Map::new();
    let mut field = |name: &str, old: Value, new: Value| {
        if old != new {
            changed.insert(name.to_string(), json!({ "before": old, "after": new }));
        }
    };
    field("full_name", json!(b.full_name), json!(a.full_name));
    field("name_reading", json!(b.name_reading), json!(a.name_reading));
    field("name_romaji", json!(b.name_romaji), json!(a.name_romaji));
    field("organisation_name", json!(b.organisation_name), json!(a.organisation_name));
    field("phone", json!(b.phone), json!(a.phone));
    field("postal_code", json!(b.postal_code), json!(a.postal_code));
    field("prefecture_code", json!(b.prefecture_code), json!(a.prefecture_code));
    field("city", json!(b.city), json!(a.city));
    field("street", json!(b.street), json!(a.street));
    field("birth_date", json!(b.birth_date), json!(a.birth_date));
    field("languages", json!(b.languages), json!(a.languages));
    field("committees", json!(b.committee_slugs), json!(a.committee_slugs));
    field("household", json!(b.household), json!(a.household));
    field("photo_consent", json!(b.photo_consent), json!(a.photo_consent));
    field("notes", json!(before.notes), json!(after.notes));
    field("contact_by", json!(before.contact_by.code()), json!(after.contact_by.code()));
    field("units", json!(before.units), json!(after.units));
    let posts = |edit: &OfficeEdit| {
        edit.posts.iter().map(|(slug, post)| (slug.clone(), json!(post.code()))).collect::<Map<String, Value>>()
    };
    field("posts", Value::Object(posts(before)), Value::Object(posts(after)));
    if let Some(email) = &after.email {
        field("email", json!(old_email), json!(email.as_ref().map(Email::as_str)));
    }
    changed
}

/// Saves the office's edit of `record`; returns the names of the changed fields (none: nothing
/// was written, not even an audit entry).
pub async fn edit(
    db: &PgPool,
    by: AccountId,
    record: &MemberRecord,
    edit: OfficeEdit,
) -> Result<Vec<String>, AppError> {
    if record.erased_at.is_some() {
        return Err(AppError::NotFound);
    }
    let before = OfficeEdit {
        profile: members::profile(db, record).await?,
        notes: record.notes.clone(),
        contact_by: record.contact_by,
        email: None,
        units: u8::try_from(record.units).unwrap_or(1),
        posts: committees::posts_of(db, record.id).await?,
    };
    let changed = changes(&before, &edit, record.email.as_deref());
    if changed.is_empty() {
        return Ok(Vec::new());
    }
    let fields: Vec<String> = changed.keys().cloned().collect();
    let mut tx = db.begin().await?;
    // An erasure that committed since the record was read must not have its details written back.
    if members::lock_erased(&mut tx, record.id).await? != Some(false) {
        return Err(AppError::NotFound);
    }
    members::update_profile(&mut tx, record.id, &edit.profile).await?;
    members::replace_household(&mut tx, record.id, &edit.profile.household).await?;
    members::replace_committees(&mut tx, record.id, &edit.profile.committee_slugs).await?;
    let email = edit.email.as_ref().map(|e| e.as_ref().map(Email::as_str));
    members::set_office_fields(&mut tx, record.id, &edit.notes, edit.contact_by, email, edit.units).await?;
    committees::set_posts(&mut tx, record.id, &edit.posts).await?;
    audit::record(&mut tx, by, "member.edit", "member", record.id, json!({ "changed": changed })).await?;
    tx.commit().await?;
    Ok(fields)
}

/// How a membership ends, as the office records it.
#[derive(Clone, Copy)]
pub struct Ending<'a> {
    pub change: MembershipChange,
    /// The status it leaves (withdrawn, deceased, lapsed).
    pub status: MemberStatus,
    pub on: NaiveDate,
    pub reason: &'a str,
}

/// Ends a pending or active membership (withdrawn on a 退会届, deceased, lapsed) from `on`, with
/// a reason: the login closes (its sessions and links end) and the member's places at coming
/// events go to the waiting lists, without mail (a withdrawal's cancellations are never mailed).
pub async fn end(
    db: &PgPool,
    queues: &EventQueues,
    by: AccountId,
    record: &MemberRecord,
    ending: Ending<'_>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    if !end_in(&mut tx, by, record.id, record.account_id, &ending).await? {
        return Err(AppError::invalid("change", FieldProblem::NotAllowed));
    }
    tx.commit().await?;
    release_places(db, queues, by, record.id).await
}

/// The year's close: every member unpaid by the articles' rule (`years` whole fiscal years up
/// to `year`) lapses from `on`, with the reason, in one transaction; then their places at coming
/// events go to the waiting lists. Those who pay meanwhile are not in the list it locks. Returns
/// how many lapsed.
pub async fn lapse_unpaid(
    db: &PgPool,
    queues: &EventQueues,
    by: AccountId,
    (year, years): (i32, u8),
    on: NaiveDate,
    reason: &str,
) -> Result<usize, AppError> {
    let mut tx = db.begin().await?;
    let unpaid = crate::server::db::year_end::unpaid_for_lapse(&mut tx, year, years).await?;
    let ending = Ending { change: MembershipChange::Lapsed, status: MemberStatus::Lapsed, on, reason };
    for &member in &unpaid {
        let account = members::account_of(&mut tx, member).await?;
        end_in(&mut tx, by, member, account, &ending).await?;
    }
    let details = json!({ "year": year, "years": years, "lapsed": unpaid.len() });
    audit::record(&mut tx, by, "dues.lapse_unpaid", "dues", i64::from(year), details).await?;
    tx.commit().await?;
    // The lapse stands; a place that could not be released now is logged, and the others go on.
    for &member in &unpaid {
        if let Err(error) = release_places(db, queues, by, member).await {
            tracing::error!(?error, member = member.0, "a lapsed member's places were not all released");
        }
    }
    Ok(unpaid.len())
}

/// The part of an ending inside its transaction: the status, the login, the history, the audit
/// entry. False when the membership was not pending or active.
async fn end_in(
    tx: &mut sqlx::PgConnection,
    by: AccountId,
    member: MemberId,
    account: Option<AccountId>,
    ending: &Ending<'_>,
) -> Result<bool, AppError> {
    let Ending { change, status, on, reason } = *ending;
    if !lifecycle::end(tx, member, status).await? {
        return Ok(false);
    }
    // A member's login closes with the membership, unless it is also a staff login: that one is
    // an admin's to close (on the staff page, which keeps an admin who can act).
    if let Some(account) = account {
        if !staff::is_staff(tx, account).await? {
            accounts::set_disabled(tx, account, true).await?;
            tokens::retire_every(tx, account).await?;
        }
    }
    lifecycle::record(tx, member, Step { change, effective_on: on, reason, new_type: None, by: Some(by) }).await?;
    let details = json!({ "change": status.code(), "effective_on": on });
    audit::record(tx, by, "member.end", "member", member, details).await?;
    Ok(true)
}

/// An ended member's places at coming events go to the waiting lists (each under the event's
/// lock, so after the ending's commit).
async fn release_places(db: &PgPool, queues: &EventQueues, by: AccountId, member: MemberId) -> Result<(), AppError> {
    for signup in crate::server::db::signups::upcoming_of_member(db, member).await? {
        crate::server::places::cancel(db, queues, signup, by, crate::server::places::Canceller::Withdrawal, |_, _| {
            Ok(())
        })
        .await?;
    }
    Ok(())
}

/// A withdrawn or lapsed membership active again from `on` (never a deceased or erased one). The
/// login stays closed until the office enables it on the member's page.
pub async fn reinstate(db: &PgPool, by: AccountId, id: MemberId, on: NaiveDate, reason: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let Some(number) = lifecycle::reinstate(&mut tx, id).await? else {
        return Err(AppError::invalid("form", FieldProblem::NotAllowed));
    };
    let step = Step { change: MembershipChange::Reinstated, effective_on: on, reason, new_type: None, by: Some(by) };
    lifecycle::record(&mut tx, id, step).await?;
    audit::record(
        &mut tx,
        by,
        "member.reinstate",
        "member",
        id,
        json!({ "member_number": number, "effective_on": on }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The member's type becomes `type_id` from fiscal year `from_year` (at once if it has begun).
pub async fn change_type(
    db: &PgPool,
    by: AccountId,
    id: MemberId,
    type_id: i64,
    from_year: i32,
    calendar: crate::domain::dues::DuesCalendar,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    if !lifecycle::change_type(&mut tx, id, type_id, from_year, calendar.this_year()).await? {
        return Err(AppError::invalid("form", FieldProblem::NotAllowed));
    }
    let (starts, _) = calendar.range(from_year);
    let step = Step {
        change: MembershipChange::TypeChanged,
        effective_on: starts,
        reason: "",
        new_type: Some((type_id, from_year)),
        by: Some(by),
    };
    lifecycle::record(&mut tx, id, step).await?;
    audit::record(
        &mut tx,
        by,
        "member.type_change",
        "member",
        id,
        json!({ "type_id": type_id, "from_fiscal_year": from_year }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
