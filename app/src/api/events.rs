//! Exchange events for everyone: the list, one event, signing up and cancelling, "my sign-ups".

use crate::domain::event::EventView;
use crate::domain::ids::{EventId, SignupId};
use crate::domain::member::Household;
use crate::domain::membership::CommitteeChoice;
use crate::domain::signup::{MySignup, PersonForm};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

/// Filters of the events list, as they appear in its URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    pub committee: String,
    pub city: String,
    /// "1" for past events.
    pub past: String,
    /// The page, from 1; empty is the first.
    pub page: String,
}

impl EventFilter {
    /// The page asked for: 1 when missing or not a page number.
    pub fn page_number(&self) -> i64 {
        self.page.trim().parse().ok().filter(|p| *p >= 1).unwrap_or(1)
    }

    /// The list's address with these filters on `page` (the first page has no number).
    pub fn href(&self, page: i64) -> String {
        let page = if page > 1 { page.to_string() } else { String::new() };
        let query = crate::domain::query_string::query_string([
            ("committee", self.committee.as_str()),
            ("city", &self.city),
            ("past", &self.past),
            ("page", &page),
        ]);
        if query.is_empty() {
            "/events".to_string()
        } else {
            format!("/events?{query}")
        }
    }
}

/// Events on one page of the public list: a phone shows them in one column, and ten screens of
/// cards are more than anyone scrolls.
pub const EVENTS_PER_PAGE: i64 = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventList {
    pub events: Vec<EventView>,
    /// Events on every page of this filter.
    pub total: i64,
    /// The page shown (from 1; never past the last).
    pub page: i64,
    pub committees: Vec<CommitteeChoice>,
    pub cities: Vec<CommitteeChoice>,
}

impl EventList {
    pub fn pages(&self) -> i64 {
        ((self.total + EVENTS_PER_PAGE - 1) / EVENTS_PER_PAGE).max(1)
    }
}

/// Public events (never drafts): upcoming soonest first, or past newest first; by committee and
/// partner city; `EVENTS_PER_PAGE` to a page (a page past the last shows the last). Anyone.
#[server(endpoint = "list_events", input = GetUrl)]
pub async fn list_events(#[server(default)] filter: EventFilter) -> Result<EventList, AppError> {
    use crate::server::{db::events, guard::serve_public};
    serve_public(|ctx| async move {
        let mut listing = events::Listing {
            committee_slug: Some(filter.committee.clone()).filter(|s| !s.is_empty()),
            city_slug: Some(filter.city.clone()).filter(|s| !s.is_empty()),
            past: filter.past == "1",
            with_drafts_of: None,
            limit: EVENTS_PER_PAGE,
            offset: 0,
        };
        // The page asked for is read while the events are counted (one wait, not four); only a
        // page past the last is read again, as the last.
        listing.offset = (filter.page_number() - 1) * EVENTS_PER_PAGE;
        let (total, mut shown, committees, cities) = tokio::try_join!(
            events::count(&ctx.db, &listing),
            events::list(&ctx.db, &listing),
            ctx.reference.committees(&ctx.db),
            ctx.reference.cities(&ctx.db),
        )?;
        let last = ((total + EVENTS_PER_PAGE - 1) / EVENTS_PER_PAGE).max(1);
        let page = filter.page_number().min(last);
        if page != filter.page_number() {
            listing.offset = (page - 1) * EVENTS_PER_PAGE;
            shown = events::list(&ctx.db, &listing).await?;
        }
        Ok(EventList { events: shown, total, page, committees, cities })
    })
    .await
}

/// What the sign-up form offers the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupChoices {
    /// The caller's name from their membership; empty for an account holder who types it.
    pub holder_name: String,
    /// The holder's birth date from their membership (so the form asks a guardian's consent only
    /// of a minor); `None` when unknown or typed on the form.
    pub holder_birth_date: Option<chrono::NaiveDate>,
    pub household: Vec<(i64, Household)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDetails {
    pub event: EventView,
    pub signup_open: bool,
    pub logged_in: bool,
    /// Members-only and the caller is not an active member.
    pub members_only_refused: bool,
    pub my_signup: Option<MySignup>,
    pub choices: Option<SignupChoices>,
    pub can_organise: bool,
}

/// One event with what the caller may do with it. Anyone; drafts only for their organisers (404
/// for everyone else).
#[server(endpoint = "event_page", input = GetUrl)]
pub async fn load_event_page(id: EventId) -> Result<EventDetails, AppError> {
    use crate::domain::member::MemberStatus;
    use crate::server::{
        db::{events, members, signups},
        guard::{organises, serve_public},
    };
    serve_public(|ctx| async move {
        let event = events::view(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let committee = events::committee_of(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        let can_organise = ctx.caller.as_ref().is_some_and(|c| organises(c, committee));
        if !event.status.is_public() && !can_organise {
            return Err(AppError::NotFound);
        }
        let mut page = EventDetails {
            signup_open: event.signup_open(chrono::Utc::now()),
            event,
            logged_in: ctx.caller.is_some(),
            members_only_refused: false,
            my_signup: None,
            choices: None,
            can_organise,
        };
        let Some(caller) = ctx.caller else { return Ok(page) };
        let record = match caller.member_id {
            Some(_) => members::by_account(&ctx.db, caller.account_id).await?,
            None => None,
        };
        let active = record.as_ref().is_some_and(|r| r.status() == MemberStatus::Active);
        page.members_only_refused = page.event.members_only && !active;
        page.my_signup = signups::mine(&ctx.db, caller.account_id, caller.member_id)
            .await?
            .into_iter()
            .find(|s| s.event_id == id && s.status != crate::domain::signup::SignupStatus::Cancelled);
        if page.signup_open && !page.members_only_refused && page.my_signup.is_none() {
            page.choices = Some(match &record {
                Some(record) => SignupChoices {
                    holder_name: record.full_name.clone(),
                    holder_birth_date: record.birth_date,
                    household: members::household_with_ids(&ctx.db, record.id).await?,
                },
                None => SignupChoices { holder_name: String::new(), holder_birth_date: None, household: Vec::new() },
            });
        }
        Ok(page)
    })
    .await
}

/// Signs the caller (and companions) up. Logged-in accounts; members-only events need an active
/// membership. Full events put the sign-up on the waiting list. Redirects back to the event.
#[server(endpoint = "sign_up")]
pub async fn sign_up(event_id: EventId, #[server(default)] people: Vec<PersonForm>) -> Result<(), AppError> {
    use crate::domain::member::MemberStatus;
    use crate::domain::signup::{validate_people, ConsentMethod};
    use crate::error::FieldProblem;
    use crate::server::{
        db::{events, members},
        guard::{serve, Access},
        places::{self, Holder},
    };
    serve(Access::SignedIn, |ctx| async move {
        let caller = ctx.caller;
        let event =
            events::view(&ctx.db, event_id).await?.filter(|e| e.status.is_public()).ok_or(AppError::NotFound)?;
        if !event.signup_open(chrono::Utc::now()) {
            return Err(AppError::invalid("form", FieldProblem::SignupClosed));
        }
        let record = members::by_account(&ctx.db, caller.account_id).await?;
        let active = record.as_ref().filter(|r| r.status() == MemberStatus::Active);
        if event.members_only && active.is_none() {
            return Err(AppError::invalid("form", FieldProblem::MembersOnly));
        }
        let holder = match &record {
            Some(r) => Some(crate::server::membership::holder_record(&ctx.db, r).await?),
            None => None,
        };
        let people = validate_people(&people, holder.as_ref(), &event.rules()).map_err(AppError::Invalid)?;
        let who = Holder { account_id: Some(caller.account_id), member_id: record.as_ref().map(|r| r.id) };
        let (signup_id, status) =
            places::sign_up(&ctx.db, &ctx.event_queues, event_id, who, &people, None, ConsentMethod::Online).await?;
        tracing::info!(%event_id, %signup_id, ?status, places = people.len(), "sign-up");
        leptos_axum::redirect(&format!("/events/{event_id}?signed={}", status.code()));
        Ok(())
    })
    .await
}

/// Cancels one of the caller's own sign-ups, before the sign-up closing time (or the start).
/// Logged-in accounts; someone else's sign-up is 404.
#[server(endpoint = "cancel_my_signup")]
pub async fn cancel_my_signup(signup_id: SignupId) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{events, signups},
        guard::{serve, Access},
        places::{self, Canceller},
    };
    serve(Access::SignedIn, |ctx| async move {
        let caller = ctx.caller;
        let owner = caller.clone();
        let found = signups::find(&ctx.db, signup_id).await?.ok_or(AppError::NotFound)?;
        let event = events::view(&ctx.db, found.event_id).await?.ok_or(AppError::NotFound)?;
        let late = !event.cancellable(chrono::Utc::now());
        places::cancel(
            &ctx.db,
            &ctx.event_queues,
            signup_id,
            caller.account_id,
            Canceller::Holder,
            move |_, signup| {
                let own = signup.account_id == Some(owner.account_id)
                    || (signup.member_id.is_some() && signup.member_id == owner.member_id);
                if !own {
                    return Err(AppError::NotFound);
                }
                if late {
                    return Err(AppError::invalid("form", FieldProblem::SignupClosed));
                }
                Ok(())
            },
        )
        .await?;
        tracing::info!(%signup_id, "sign-up cancelled by its holder");
        leptos_axum::redirect("/account/signups?cancelled=1");
        Ok(())
    })
    .await
}

/// The caller's sign-ups (and those a chair entered for their membership), newest event first.
/// Logged-in accounts.
#[server(endpoint = "my_signups", input = GetUrl)]
pub async fn load_my_signups() -> Result<Vec<MySignup>, AppError> {
    use crate::server::{
        db::signups,
        guard::{serve, Access},
    };
    serve(Access::SignedIn, |ctx| async move {
        let caller = ctx.caller;
        Ok(signups::mine(&ctx.db, caller.account_id, caller.member_id).await?)
    })
    .await
}
