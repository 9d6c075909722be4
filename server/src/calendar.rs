//! Calendars as iCalendar (RFC 5545) files, written with the `icalendar` crate:
//!
//! - `GET /events/{id}/calendar.ics[?lang=en]`: one event (not a draft), to add to a calendar.
//! - `GET /calendar.ics[?committee=slug][&city=slug][&lang=en]`: the public feed of every event
//!   that is not a draft, from 90 days back, of one committee or partner city when asked.
//! - `GET /calendar/mine/{token}.ics[?lang=en]`: a member's own sign-ups (waiting ones as
//!   TENTATIVE), at the secret address `renew_calendar_feed` made; 404 for any other token.
//!
//! Every event keeps one UID (`event-{id}@{host}`); its SEQUENCE grows with every change a reader
//! would see (and, in a member's feed, when a waiting place is confirmed), and a cancelled event
//! goes out as STATUS:CANCELLED, so calendar apps update or strike their copy. DTSTAMP is when the
//! file was made; LAST-MODIFIED when the event last changed. Times are written in UTC; the calendar says it is kept in Asia/Tokyo
//! (X-WR-TIMEZONE), where apps show it.

use app::domain::event::{EventStatus, EventView};
use app::domain::ids::EventId;
use app::i18n::Lang;
use app::server::db::{calendar, events};
use app::server::state::AppState;
use app::AppError;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

fn lang_of(q: &HashMap<String, String>) -> Lang {
    q.get("lang").and_then(|code| Lang::parse(code)).unwrap_or(Lang::Ja)
}

/// The host part of the public address, for UIDs that stay the same wherever the feed is read.
fn host(state: &AppState) -> String {
    let url = state.settings.public_url.as_str();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', ':']).next().unwrap_or("kizuna").to_string()
}

/// One event as a VEVENT. `waiting`: the member's place is on the waiting list (TENTATIVE).
fn vevent(state: &AppState, e: &EventView, stamp: (i32, DateTime<Utc>), lang: Lang, waiting: bool) -> Event {
    let base = state.settings.public_url.trim_end_matches('/');
    let url = format!("{base}/events/{}", e.id);
    let description = match e.description.get(lang) {
        text if text.is_empty() => url.clone(),
        text => format!("{text}\n\n{url}"),
    };
    let status = match (e.status, waiting) {
        (EventStatus::Cancelled, _) => "CANCELLED",
        (_, true) => "TENTATIVE",
        _ => "CONFIRMED",
    };
    // Twice the event's own count, and one more once the place is held: a change of the event
    // and a place confirmed from the waiting list both raise it (a held place never waits again).
    let (sequence, changed) = (stamp.0.max(0) * 2 + i32::from(!waiting), stamp.1);
    let mut event = Event::new();
    event
        .uid(&format!("event-{}@{}", e.id, host(state)))
        .summary(&e.title.get(lang))
        .description(&description)
        .location(&e.venue)
        .starts(e.starts_at)
        .ends(e.ends_at)
        .timestamp(Utc::now())
        .add_property("SEQUENCE", sequence.to_string())
        .add_property("LAST-MODIFIED", changed.format("%Y%m%dT%H%M%SZ").to_string())
        .add_property("URL", url)
        .add_property("STATUS", status);
    event.done()
}

async fn ics(state: &AppState, name: &str, events: &[(EventView, bool)], lang: Lang) -> Result<String, AppError> {
    let ids: Vec<EventId> = events.iter().map(|(e, _)| e.id).collect();
    let stamps = calendar::stamps(&state.pool, &ids).await?;
    let mut cal = Calendar::new();
    cal.name(name).append_property(icalendar::Property::new("X-WR-TIMEZONE", "Asia/Tokyo"));
    cal.append_property(icalendar::Property::new("METHOD", "PUBLISH"));
    for (event, waiting) in events {
        let stamp = stamps.get(&event.id).copied().unwrap_or((0, event.starts_at));
        cal.push(vevent(state, event, stamp, lang, *waiting));
    }
    Ok(cal.done().to_string())
}

/// A calendar file (the app's answers are never cached: `Cache-Control: no-store` on every one,
/// so a renewed or cancelled event reaches the next poll).
fn respond(file: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{file}\"")),
        ],
        body,
    )
        .into_response()
}

/// GET /events/{id}/calendar.ics: one event that is not a draft.
pub async fn one_event(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Params,
) -> Result<Response, AppError> {
    let event = events::view(&state.pool, EventId(id)).await?.ok_or(AppError::NotFound)?;
    if event.status == EventStatus::Draft {
        return Err(AppError::NotFound);
    }
    let lang = lang_of(&q);
    let name = event.title.get(lang);
    let body = ics(&state, &name, &[(event, false)], lang).await?;
    Ok(respond(&format!("event-{id}.ics"), body))
}

/// GET /calendar.ics: the public feed.
pub async fn public_feed(State(state): State<AppState>, Query(q): Params) -> Result<Response, AppError> {
    let lang = lang_of(&q);
    let committee = q.get("committee").map(String::as_str).filter(|s| !s.is_empty());
    let city = q.get("city").map(String::as_str).filter(|s| !s.is_empty());
    let ids = calendar::public_events(&state.pool, committee, city).await?;
    let events: Vec<(EventView, bool)> =
        calendar::views(&state.pool, &ids).await?.into_iter().map(|e| (e, false)).collect();
    let name = match lang {
        Lang::Ja => "稲城市姉妹友好都市交流協会 交流イベント",
        Lang::En => "Inagi sister cities association: exchange events",
    };
    let body = ics(&state, name, &events, lang).await?;
    Ok(respond("events.ics", body))
}

/// GET /calendar/mine/{token}.ics: a member's own sign-ups. Anything but a live address is 404.
pub async fn my_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(q): Params,
) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    if token.is_empty() || token.len() > 64 {
        return Err(AppError::NotFound);
    }
    let owner =
        calendar::feed_owner(&state.pool, &app::server::tokens::hash(token)).await?.ok_or(AppError::NotFound)?;
    let mine = calendar::my_events(&state.pool, owner).await?;
    let waiting: HashMap<EventId, bool> = mine.iter().copied().collect();
    let ids: Vec<EventId> = mine.iter().map(|(id, _)| *id).collect();
    let events: Vec<(EventView, bool)> = calendar::views(&state.pool, &ids)
        .await?
        .into_iter()
        .map(|e| {
            let waits = waiting.get(&e.id).copied().unwrap_or(false);
            (e, waits)
        })
        .collect();
    let lang = lang_of(&q);
    let name = match lang {
        Lang::Ja => "申し込んだ交流イベント",
        Lang::En => "My exchange events",
    };
    let body = ics(&state, name, &events, lang).await?;
    Ok(respond("my-events.ics", body))
}
