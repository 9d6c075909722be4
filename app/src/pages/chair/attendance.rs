//! One person's attendance marks on the chair's page: the one part of the site that runs in the
//! browser (a Leptos island). A chair at the venue marks one person after another; with
//! JavaScript a mark is saved and shown without reloading the page, so the list keeps its place on
//! a phone. Without JavaScript (or before the island has loaded) the same buttons are plain forms
//! that post and come back to the page, which shows the marks and any refusal.

use crate::api::chair::participants::{mark_attendance, MarkAttendance};
use crate::components::hydration::HydrationMarker;
use crate::domain::ids::EventId;
use leptos::prelude::*;
use server_fn::ServerFn;

/// The words come as props rather than from the text table: an island gets only what the server
/// hands it, and the table of both languages would weigh more than the island's own code.
#[island]
pub fn AttendanceMarks(
    event_id: EventId,
    person_id: i64,
    current: Option<bool>,
    yes: String,
    no: String,
    /// Shown when a mark could not be saved (the page without JavaScript shows the full reason).
    failed: String,
) -> impl IntoView {
    let marked = RwSignal::new(current);
    let refused = RwSignal::new(false);
    let buttons = [(true, yes), (false, no)]
        .into_iter()
        .map(|(mark, label)| {
            let pressed = move || marked.get() == Some(mark);
            // Pressing the chosen mark again takes it back.
            let value = move || match (pressed(), mark) {
                (true, _) => "",
                (false, true) => "yes",
                (false, false) => "no",
            };
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let next = if pressed() { None } else { Some(mark) };
                let attended = value().to_string();
                leptos::task::spawn_local(async move {
                    match mark_attendance(event_id, person_id, attended).await {
                        Ok(()) => {
                            refused.set(false);
                            marked.set(next);
                        }
                        Err(_) => refused.set(true),
                    }
                });
            };
            view! {
                <form method="post" action=MarkAttendance::url() class="form inline" on:submit=submit>
                    <input type="hidden" name="event_id" value=event_id.to_string()/>
                    <input type="hidden" name="person_id" value=person_id/>
                    <input type="hidden" name="attended" value=value/>
                    <button type="submit" class="button mark" aria-pressed=move || pressed().to_string()>{label}</button>
                </form>
            }
        })
        .collect_view();
    view! {
        {buttons}
        <p class="field-error" role="alert" hidden=move || !refused.get()>{failed}</p>
        <HydrationMarker/>
    }
}
