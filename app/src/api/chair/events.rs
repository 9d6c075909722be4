//! Creating, editing and moving on a committee's events.

use crate::domain::event::{EventForm, EventView};
use crate::domain::ids::EventId;
use crate::domain::membership::CommitteeChoice;
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
        let ids: Vec<crate::domain::ids::CommitteeId> = crate::server::db::committees::organisable_by(&ctx.db, &caller)
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
    pub id: Option<EventId>,
    pub form: EventForm,
    pub committees: Vec<CommitteeChoice>,
    pub cities: Vec<CommitteeChoice>,
    pub event: Option<EventView>,
}

/// The event form: empty for a new event (`id` absent), or filled with one of the caller's events.
#[server(endpoint = "event_editor", input = GetUrl)]
pub async fn load_event_editor(#[server(default)] id: Option<EventId>) -> Result<EventEditor, AppError> {
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
        let cities = crate::server::db::cities::choices(&ctx.db).await?;
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
                reminder_days: crate::domain::event::DEFAULT_REMINDER_DAYS.to_string(),
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
    #[server(default)] id: Option<EventId>,
    #[server(default)] event: EventForm,
) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{cities, committees},
        guard::{may_organise, organise_event, serve, Access},
        organising,
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        if let Some(id) = id {
            // The stored committee decides, never the posted one.
            organise_event(&ctx.db, &caller, id).await?;
        }
        let draft = event.validate().map_err(AppError::Invalid)?;
        let refused = |field: &'static str| move || AppError::invalid(field, FieldProblem::NotAllowed);
        let committee_id =
            committees::id_by_slug(&ctx.db, &draft.committee_slug).await?.ok_or_else(refused("committee"))?;
        let city_id = match &draft.partner_city_slug {
            Some(slug) => Some(cities::id_by_slug(&ctx.db, slug).await?.ok_or_else(refused("partner_city"))?),
            None => None,
        };
        let id = match id {
            Some(id) => {
                organising::save(&ctx.db, &ctx.event_queues, caller.account_id, id, &draft, city_id).await?;
                id
            }
            None => {
                may_organise(&caller, committee_id).map_err(|_| refused("committee")())?;
                organising::create(&ctx.db, caller.account_id, &draft, committee_id, city_id).await?
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
pub async fn set_event_status(id: EventId, status: String) -> Result<(), AppError> {
    use crate::domain::event::EventStatus;
    use crate::error::FieldProblem;
    use crate::server::{
        guard::{organise_event, serve, Access},
        organising,
    };
    serve(Access::Organiser, |ctx| async move {
        organise_event(&ctx.db, &ctx.caller, id).await?;
        let next = EventStatus::parse(&status).ok_or_else(|| AppError::invalid("form", FieldProblem::NotAllowed))?;
        organising::move_on(&ctx.db, &ctx.event_queues, ctx.caller.account_id, id, next).await?;
        leptos_axum::redirect(&format!("/chair/events/{id}?done={}", next.code()));
        Ok(())
    })
    .await
}

/// Cancels an event with a reason; everyone signed up is told. Organisers of its committee.
#[server(endpoint = "cancel_event")]
pub async fn cancel_event(id: EventId, reason: String) -> Result<(), AppError> {
    use crate::domain::text;
    use crate::error::FieldProblem;
    use crate::server::{
        guard::{organise_event, serve, Access},
        organising,
    };
    serve(Access::Organiser, |ctx| async move {
        organise_event(&ctx.db, &ctx.caller, id).await?;
        let reason = text::multiline(&reason, 1000)
            .and_then(|r| if r.is_empty() { Err(FieldProblem::Required) } else { Ok(r) })
            .map_err(|p| AppError::invalid("reason", p))?;
        organising::cancel(&ctx.db, &ctx.event_queues, ctx.caller.account_id, id, &reason).await?;
        leptos_axum::redirect(&format!("/chair/events/{id}?done=cancelled"));
        Ok(())
    })
    .await
}
