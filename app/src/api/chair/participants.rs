//! Who is coming: participants and the waiting list, attendance, and cancelling a sign-up for
//! someone (a phone call).

use crate::domain::event::EventView;
use crate::domain::ids::{EventId, SignupId};
use crate::domain::signup::Participant;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantList {
    pub event: EventView,
    pub participants: Vec<Participant>,
    /// Attendance can be taken (from the event's day; decided on the server).
    pub attendance_open: bool,
}

/// Participants and the waiting list, with only the fields the job needs. Organisers of the
/// event's committee.
#[server(endpoint = "event_participants", input = GetUrl)]
pub async fn load_event_participants(id: EventId) -> Result<ParticipantList, AppError> {
    use crate::server::{
        db::{events, signups},
        guard::{organise_event, serve, Access},
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        organise_event(&ctx.db, &caller, id).await?;
        let event = events::view(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let day = crate::domain::dates::japan_day(event.starts_at);
        let participants = signups::participants(&ctx.db, id, day).await?;
        let attendance_open = event.attendance_open(chrono::Utc::now());
        Ok(ParticipantList { event, participants, attendance_open })
    })
    .await
}

/// Marks a participant as attended ("yes"), absent ("no") or not marked (""), from the event's
/// day on. Organisers of the event's committee.
#[server(endpoint = "mark_attendance")]
pub async fn mark_attendance(event_id: EventId, person_id: i64, attended: String) -> Result<(), AppError> {
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
        if !event.attendance_open(chrono::Utc::now()) {
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
pub async fn chair_cancel_signup(signup_id: SignupId) -> Result<(), AppError> {
    use crate::domain::event::EventStatus;
    use crate::error::FieldProblem;
    use crate::server::{
        guard::{may_organise, serve, Access},
        places::{self, Canceller},
    };
    serve(Access::Organiser, |ctx| async move {
        let caller = ctx.caller;
        let mut event_id = EventId(0);
        places::cancel(&ctx.db, &ctx.event_queues, signup_id, caller.account_id, Canceller::Chair, |event, _| {
            event_id = event.id;
            may_organise(&caller, event.committee_id)?;
            match event.status() {
                EventStatus::Published | EventStatus::Closed => Ok(()),
                _ => Err(AppError::invalid("form", FieldProblem::NotAllowed)),
            }
        })
        .await?;
        leptos_axum::redirect(&format!("/chair/events/{event_id}?done=cancelled_signup"));
        Ok(())
    })
    .await
}
