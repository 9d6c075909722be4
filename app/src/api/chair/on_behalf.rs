//! A sign-up entered by a chair for a member who has no email or smartphone.

use crate::domain::ids::EventId;
use crate::domain::signup::PersonForm;
use crate::error::AppError;
use leptos::prelude::*;

/// Enters a sign-up for a member who has no email or smartphone (found by member number),
/// recording how they agreed: "paper", "phone" or "in_person". Organisers of the event's committee;
/// also while sign-ups are closed.
///
/// A chair may not see members' birth dates, households or which numbers are active, so nothing
/// the answer says may depend on them: the event's state is checked first, then every way the
/// member can fail to qualify gets the one answer `NotEligible`, is audited, and brakes the chair.
#[server(endpoint = "sign_up_for_member")]
pub async fn sign_up_for_member(
    event_id: EventId,
    member_number: String,
    consent_method: String,
    #[server(default)] people: Vec<PersonForm>,
) -> Result<(), AppError> {
    use crate::domain::event::Entry;
    use crate::domain::signup::ConsentMethod;
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{
        db::events,
        guard::{organise_event, serve, Access},
        places::{self, Holder},
        throttle,
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        organise_event(&ctx.db, &caller, event_id).await?;
        throttle::before_acting_for_someone(&ctx.db, caller.account_id).await?;
        // What the chair typed, checked on its own.
        let mut e = FieldErrors::default();
        let consent = ConsentMethod::parse(&consent_method).filter(|m| *m != ConsentMethod::Online);
        if consent.is_none() {
            e.add("consent_method", FieldProblem::Required);
        }
        let number = member_number.trim().parse::<i32>().ok().filter(|n| *n > 0);
        if number.is_none() {
            e.add("member_number", FieldProblem::InvalidFormat);
        }
        e.into_result()?;
        let (Some(number), Some(consent)) = (number, consent) else { return Err(AppError::Internal) };
        // The event's state, which the chair sees anyway.
        let event = events::view(&ctx.db, event_id).await?.ok_or(AppError::NotFound)?;
        if !event.window().open_for(Entry::ByChair, chrono::Utc::now()) {
            return Err(AppError::invalid("form", FieldProblem::SignupClosed));
        }
        // The chair's own mistakes in the rows they typed (guests, answers), judged as if the
        // member had no birth date and every household id were theirs.
        crate::domain::signup::validate_people(&people, Some(&neutral_holder(&people)), &event.rules())
            .map_err(AppError::Invalid)?;
        // From here on, the member's own data decides, and every refusal reads the same.
        let (record, people) = match eligible_member(&ctx.db, number, &people, &event).await? {
            Ok(found) => found,
            Err(reason) => {
                let mut tx = ctx.db.begin().await?;
                let details = serde_json::json!({ "member_number": number, "reason": reason });
                crate::server::db::audit::record(
                    &mut tx,
                    caller.account_id,
                    "signup.enter_for_member.refused",
                    "event",
                    event_id,
                    details,
                )
                .await?;
                tx.commit().await?;
                throttle::after_refused_acting_for_someone(&ctx.db, caller.account_id).await?;
                return Err(AppError::invalid("member_number", FieldProblem::NotEligible));
            }
        };
        let who = Holder { account_id: record.account_id, member_id: Some(record.id) };
        places::sign_up(&ctx.db, &ctx.event_queues, event_id, who, &people, Some(caller.account_id), consent).await?;
        leptos_axum::redirect(&format!("/chair/events/{event_id}?done=entered"));
        Ok(())
    })
    .await
}

/// A stand-in for the member while checking only what the chair typed: no birth date, and every
/// household id in the form belongs to them.
#[cfg(feature = "ssr")]
fn neutral_holder(people: &[PersonForm]) -> crate::domain::signup::HolderRecord {
    use crate::domain::member::Household;
    use crate::domain::signup::HolderRecord;
    let household = people
        .iter()
        .filter_map(|p| p.household.trim().parse::<i64>().ok())
        .map(|id| {
            (
                id,
                Household {
                    full_name: "-".into(),
                    name_reading: Default::default(),
                    relationship: String::new(),
                    birth_date: None,
                },
            )
        })
        .collect();
    HolderRecord { full_name: "-".into(), name_reading: Default::default(), birth_date: None, household }
}

/// The active member with this number and their people for this event, or why not (for the audit
/// log only: "not_active" or "conditions").
#[cfg(feature = "ssr")]
async fn eligible_member(
    db: &sqlx::PgPool,
    number: i32,
    people: &[PersonForm],
    event: &crate::domain::event::EventView,
) -> Result<
    Result<(crate::server::db::members::MemberRecord, Vec<crate::domain::signup::Person>), &'static str>,
    AppError,
> {
    use crate::domain::member::MemberStatus;
    use crate::domain::signup::validate_people;
    use crate::server::db::members;
    let Some(record) = members::by_number(db, number).await?.filter(|r| r.status() == MemberStatus::Active) else {
        return Ok(Err("not_active"));
    };
    let holder = crate::server::membership::holder_record(db, &record).await?;
    Ok(match validate_people(people, Some(&holder), &event.rules()) {
        Ok(people) => Ok((record, people)),
        Err(_) => Err("conditions"),
    })
}
