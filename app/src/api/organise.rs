//! The chairs' work on their committee's events (admins may do it for any committee): create and
//! edit, publish, close, mark held, cancel with a reason, see participants and the waiting list,
//! take attendance, enter a sign-up for a member without email. Every function checks the caller
//! is an organiser (`Access::Organiser`), then that the event's committee is theirs (`organise_event`).

use crate::domain::event::{EventForm, EventView};
use crate::domain::membership::CommitteeChoice;
use crate::domain::signup::{Participant, PersonForm};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

/// The events of the committees the caller organises, drafts included, newest first.
#[server(endpoint = "organiser_events", input = GetUrl)]
pub async fn organiser_events() -> Result<Vec<EventView>, AppError> {
    use crate::server::{
        db::events,
        guard::{serve, Access},
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        let ids: Vec<i64> = crate::server::db::committees::organisable_by(&ctx.db, &caller)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let listing =
            |past| events::Listing { with_drafts_of: Some(ids.clone()), past, limit: 500, ..Default::default() };
        let mut all = events::list(&ctx.db, &listing(false)).await?;
        all.extend(events::list(&ctx.db, &listing(true)).await?);
        Ok(all)
    })
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventEditor {
    pub id: Option<i64>,
    pub form: EventForm,
    pub committees: Vec<CommitteeChoice>,
    pub cities: Vec<CommitteeChoice>,
    pub event: Option<EventView>,
}

/// The event form: empty for a new event (`id` absent), or filled with one of the caller's events.
#[server(endpoint = "event_editor", input = GetUrl)]
pub async fn load_event_editor(#[server(default)] id: Option<i64>) -> Result<EventEditor, AppError> {
    use crate::server::{
        db::events,
        guard::{organise_event, serve, Access},
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        let committees: Vec<CommitteeChoice> = crate::server::db::committees::organisable_by(&ctx.db, &caller)
            .await?
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        let cities = crate::server::db::cities::list(&ctx.db)
            .await?
            .into_iter()
            .map(|c| CommitteeChoice { slug: c.slug, name: c.name })
            .collect();
        let event = match id {
            Some(id) => {
                organise_event(&ctx.db, &caller, id).await?;
                Some(events::view(&ctx.db, id).await?.ok_or(AppError::NotFound)?)
            }
            None => None,
        };
        let form = match &event {
            Some(event) => event.form(),
            None => EventForm {
                committee: committees.first().map(|c| c.slug.clone()).unwrap_or_default(),
                members_only: Some("yes".into()),
                guardian_consent_for_minors: Some("yes".into()),
                ..EventForm::default()
            },
        };
        Ok(EventEditor { id, form, committees, cities, event })
    })
    .await
}

/// Creates a draft event (no `id`) or saves one (`id`). Organisers of the event's committee.
/// Changing the date, venue or fee of a published event tells everyone signed up; more places
/// confirm waiting sign-ups in order; fewer places than already confirmed are refused.
#[server(endpoint = "save_event")]
pub async fn save_event(
    #[server(default)] id: Option<i64>,
    #[server(default)] event: EventForm,
) -> Result<(), AppError> {
    use crate::domain::event::EventStatus;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, cities, committees, events},
        event_lock,
        guard::{may_organise, organise_event, serve, Access},
        mail::Mail,
        signups,
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        if let Some(id) = id {
            // The stored committee decides, never the posted one.
            organise_event(&ctx.db, &caller, id).await?;
        }
        let draft = event.validate().map_err(AppError::Invalid)?;
        let committee_id = committees::id_by_slug(&ctx.db, &draft.committee_slug)
            .await?
            .ok_or_else(|| AppError::invalid("committee", FieldProblem::NotAllowed))?;
        if id.is_none() {
            may_organise(&caller, committee_id)
                .map_err(|_| AppError::invalid("committee", FieldProblem::NotAllowed))?;
        }
        let city_id = match &draft.partner_city_slug {
            Some(slug) => Some(
                cities::id_by_slug(&ctx.db, slug)
                    .await?
                    .ok_or_else(|| AppError::invalid("partner_city", FieldProblem::NotAllowed))?,
            ),
            None => None,
        };
        let id = match id {
            None => {
                let mut tx = ctx.db.begin().await?;
                let id = events::insert(&mut tx, &draft, committee_id, city_id, caller.account_id).await?;
                audit::record(&mut tx, caller.account_id, "event.create", "event", id, serde_json::json!({})).await?;
                tx.commit().await?;
                id
            }
            Some(id) => {
                let mut held = event_lock::lock(&ctx.db, &ctx.event_queues, id).await?;
                let (tx, locked): (&mut sqlx::PgConnection, _) = (&mut held.tx, &mut held.event);
                if matches!(locked.status(), EventStatus::Cancelled | EventStatus::Held) {
                    return Err(AppError::invalid("form", FieldProblem::NotAllowed));
                }
                if draft.capacity < locked.taken {
                    return Err(AppError::invalid(
                        "capacity",
                        FieldProblem::BelowTaken { taken: locked.taken as usize },
                    ));
                }
                let changed = locked.starts_at != draft.starts_at
                    || locked.venue != draft.venue
                    || locked.fee_yen != draft.fee_yen;
                events::update(tx, id, &draft, city_id).await?;
                audit::record(
                    tx,
                    caller.account_id,
                    "event.update",
                    "event",
                    id,
                    serde_json::json!({ "notified": changed }),
                )
                .await?;
                if changed && locked.status() != EventStatus::Draft {
                    let title = draft.title.clone();
                    signups::tell_everyone(tx, id, |lang| {
                        Mail::EventChanged {
                            title: &title.get(lang),
                            starts_at: draft.starts_at,
                            venue: &draft.venue,
                            fee_yen: draft.fee_yen,
                        }
                        .compose(lang)
                    })
                    .await?;
                }
                locked.capacity = draft.capacity;
                let promoted = signups::promote(tx, locked).await?;
                signups::tell_promoted(tx, locked, &promoted).await?;
                held.commit().await?;
                id
            }
        };
        leptos_axum::redirect(&format!("/chair/events/{id}?done=saved"));
        Ok(())
    })
    .await
}

/// Moves an event on: publish (draft → published), close sign-ups, reopen them, mark held.
/// Organisers of the event's committee.
#[server(endpoint = "set_event_status")]
pub async fn set_event_status(id: i64, status: String) -> Result<(), AppError> {
    use crate::domain::event::EventStatus;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, events},
        event_lock,
        guard::{organise_event, serve, Access},
        signups,
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        organise_event(&ctx.db, &caller, id).await?;
        let refused = || AppError::invalid("form", FieldProblem::NotAllowed);
        let next = EventStatus::parse(&status).ok_or_else(refused)?;
        let mut held = event_lock::lock(&ctx.db, &ctx.event_queues, id).await?;
        let (tx, locked): (&mut sqlx::PgConnection, _) = (&mut held.tx, &mut held.event);
        // Held only once it has started.
        if !locked.status().may_become(next) || (next == EventStatus::Held && chrono::Utc::now() < locked.starts_at) {
            return Err(refused());
        }
        events::set_status(tx, id, next, "").await?;
        audit::record(tx, caller.account_id, "event.status", "event", id, serde_json::json!({ "status": next.code() }))
            .await?;
        if next == EventStatus::Published {
            locked.status = next;
            let promoted = signups::promote(tx, locked).await?;
            signups::tell_promoted(tx, locked, &promoted).await?;
        }
        held.commit().await?;
        leptos_axum::redirect(&format!("/chair/events/{id}?done={}", next.code()));
        Ok(())
    })
    .await
}

/// Cancels an event with a reason; everyone signed up is told. Organisers of its committee.
#[server(endpoint = "cancel_event")]
pub async fn cancel_event(id: i64, reason: String) -> Result<(), AppError> {
    use crate::domain::event::EventStatus;
    use crate::domain::text;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, events},
        event_lock,
        guard::{organise_event, serve, Access},
        mail::Mail,
        signups,
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        organise_event(&ctx.db, &caller, id).await?;
        let reason = text::multiline(&reason, 1000)
            .and_then(|r| if r.is_empty() { Err(FieldProblem::Required) } else { Ok(r) })
            .map_err(|p| AppError::invalid("reason", p))?;
        let mut held = event_lock::lock(&ctx.db, &ctx.event_queues, id).await?;
        let (tx, locked): (&mut sqlx::PgConnection, _) = (&mut held.tx, &held.event);
        if matches!(locked.status(), EventStatus::Cancelled | EventStatus::Held) {
            return Err(AppError::invalid("form", FieldProblem::NotAllowed));
        }
        events::set_status(tx, id, EventStatus::Cancelled, &reason).await?;
        let title = locked.title();
        let told = signups::tell_everyone(tx, id, |lang| {
            Mail::EventCancelled { title: &title.get(lang), reason: &reason }.compose(lang)
        })
        .await?;
        audit::record(tx, caller.account_id, "event.cancel", "event", id, serde_json::json!({ "told": told })).await?;
        held.commit().await?;
        leptos_axum::redirect(&format!("/chair/events/{id}?done=cancelled"));
        Ok(())
    })
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantList {
    pub event: EventView,
    pub participants: Vec<Participant>,
    /// The event has started: attendance can be taken (decided on the server).
    pub started: bool,
}

/// Participants and the waiting list, with only the fields the job needs. Organisers of the
/// event's committee.
#[server(endpoint = "event_participants", input = GetUrl)]
pub async fn load_event_participants(id: i64) -> Result<ParticipantList, AppError> {
    use crate::server::{
        db::{events, signups},
        guard::{organise_event, serve, Access},
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        organise_event(&ctx.db, &caller, id).await?;
        let event = events::view(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let day = event.starts_at.with_timezone(&crate::domain::dates::tokyo()).date_naive();
        let participants = signups::participants(&ctx.db, id, day).await?;
        let started = chrono::Utc::now() >= event.starts_at;
        Ok(ParticipantList { event, participants, started })
    })
    .await
}

/// Marks a participant as attended ("yes"), absent ("no") or not marked (""), once the event has
/// started. Organisers of the event's committee.
#[server(endpoint = "mark_attendance")]
pub async fn mark_attendance(event_id: i64, person_id: i64, attended: String) -> Result<(), AppError> {
    use crate::domain::event::EventStatus;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{events, signups},
        guard::{organise_event, serve, Access},
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        organise_event(&ctx.db, &caller, event_id).await?;
        let refused = || AppError::invalid("form", FieldProblem::NotAllowed);
        let value = match attended.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            "" => None,
            _ => return Err(refused()),
        };
        let event = events::view(&ctx.db, event_id).await?.ok_or(AppError::NotFound)?;
        if chrono::Utc::now() < event.starts_at || event.status == EventStatus::Cancelled {
            return Err(refused());
        }
        let mut tx = ctx.db.begin().await?;
        if !signups::mark_attendance(&mut tx, event_id, person_id, value).await? {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        leptos_axum::redirect(&format!("/chair/events/{event_id}?done=attendance#person-{person_id}"));
        Ok(())
    })
    .await
}

/// Cancels a sign-up of the event (e.g. on a phone call), promoting from the waiting list.
/// Organisers of the event's committee.
#[server(endpoint = "chair_cancel_signup")]
pub async fn chair_cancel_signup(signup_id: i64) -> Result<(), AppError> {
    use crate::server::{
        guard::{may_organise, serve, Access},
        signups,
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        let organiser = caller.clone();
        let mut event_id = 0;
        signups::cancel(&ctx.db, &ctx.event_queues, signup_id, caller.account_id, Some("signup.cancel"), |event, _| {
            event_id = event.id;
            may_organise(&organiser, event.committee_id)?;
            match event.status() {
                crate::domain::event::EventStatus::Published | crate::domain::event::EventStatus::Closed => Ok(()),
                _ => Err(AppError::Invalid(crate::error::FieldErrors::single(
                    "form",
                    crate::error::FieldProblem::NotAllowed,
                ))),
            }
        })
        .await?;
        leptos_axum::redirect(&format!("/chair/events/{event_id}?done=cancelled_signup"));
        Ok(())
    })
    .await
}

/// Enters a sign-up for a member who has no email or smartphone (found by member number),
/// recording how they agreed: "paper", "phone" or "in_person". Organisers of the event's committee;
/// also while sign-ups are closed.
///
/// A chair may not see members' birth dates, households or which numbers are active, so nothing
/// the answer says may depend on them: the event's state is checked first, then every way the
/// member can fail to qualify gets the one answer `NotEligible`, is audited, and brakes the chair.
#[server(endpoint = "sign_up_for_member")]
pub async fn sign_up_for_member(
    event_id: i64,
    member_number: String,
    consent_method: String,
    #[server(default)] people: Vec<PersonForm>,
) -> Result<(), AppError> {
    use crate::domain::event::EventStatus;
    use crate::domain::signup::ConsentMethod;
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{
        db::events,
        guard::{organise_event, serve, Access},
        signups::{self, Holder},
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
        let open = matches!(event.status, EventStatus::Published | EventStatus::Closed);
        if !open || chrono::Utc::now() > event.ends_at {
            return Err(AppError::invalid("form", FieldProblem::SignupClosed));
        }
        // The chair's own mistakes in the rows they typed (guests, answers), judged as if the
        // member had no birth date and every household id were theirs.
        crate::domain::signup::validate_people(&people, Some(&neutral_holder(&people)), &event)
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
        signups::sign_up(&ctx.db, &ctx.event_queues, event_id, who, &people, Some(caller.account_id), consent).await?;
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
                    name_reading: String::new(),
                    relationship: String::new(),
                    birth_date: None,
                },
            )
        })
        .collect();
    HolderRecord { full_name: "-".into(), name_reading: String::new(), birth_date: None, household }
}

/// The active member with this number and their people for this event, or why not (for the audit
/// log only: "not_active" or "conditions").
#[cfg(feature = "ssr")]
async fn eligible_member(
    db: &sqlx::PgPool,
    number: i32,
    people: &[PersonForm],
    event: &EventView,
) -> Result<
    Result<(crate::server::db::members::MemberRecord, Vec<crate::domain::signup::Person>), &'static str>,
    AppError,
> {
    use crate::domain::member::MemberStatus;
    use crate::domain::signup::{validate_people, HolderRecord};
    use crate::server::db::members;
    let Some(record) = members::by_number(db, number).await?.filter(|r| r.status() == MemberStatus::Active) else {
        return Ok(Err("not_active"));
    };
    let holder = HolderRecord {
        full_name: record.full_name.clone(),
        name_reading: record.name_reading.clone(),
        birth_date: record.birth_date,
        household: members::household_with_ids(db, record.id).await?,
    };
    Ok(match validate_people(people, Some(&holder), event) {
        Ok(people) => Ok((record, people)),
        Err(_) => Err("conditions"),
    })
}
