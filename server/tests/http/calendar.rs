//! Calendars read back with an independent iCalendar parser (the `ical` crate; the server writes
//! with `icalendar`): an event's file, the public feed and its filters, a change and a
//! cancellation as new sequences, drafts left out, and a member's private feed at a secret address
//! that is shown once and can be made again.

use crate::support::fixtures::{event_form, many_members, people, published_event, signup_form};
use crate::support::{form, get, get_with, post_form, with_db, Reply};
use axum::http::StatusCode;
use std::collections::HashMap;
use std::io::BufReader;

/// Every VEVENT of a calendar file as its properties (name -> value).
fn events(reply: &Reply) -> Vec<HashMap<String, String>> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.header("content-type").starts_with("text/calendar"), "{}", reply.header("content-type"));
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(reply.body.as_bytes()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not iCalendar: {e}\n{}", reply.body));
    assert_eq!(calendars.len(), 1);
    calendars[0]
        .events
        .iter()
        .map(|e| e.properties.iter().map(|p| (p.name.clone(), p.value.clone().unwrap_or_default())).collect())
        .collect()
}

fn with_uid<'a>(all: &'a [HashMap<String, String>], uid: &str) -> Option<&'a HashMap<String, String>> {
    all.iter().find(|e| e.get("UID").map(String::as_str) == Some(uid))
}

#[test]
fn events_and_feeds_parse_and_follow_changes() {
    with_db(|db| async move {
        let app = crate::support::app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let member = many_members(&app, &db.pool, 1).await.remove(0);
        let id =
            published_event(&app, &db.pool, &chair, &[("event[description_ja]", "集合は駅前, 雨天決行; 持ち物は弁当")])
                .await;
        let uid = format!("event-{id}@localhost");

        let one = events(&get(&app, &format!("/events/{id}/calendar.ics")).await);
        assert_eq!(one.len(), 1);
        let e = &one[0];
        assert_eq!(e["UID"], uid);
        assert_eq!(e["SUMMARY"], "相馬野馬追 見学ツアー");
        assert_eq!(e["DTSTART"], "20990723T230000Z", "08:00 in Tokyo");
        assert_eq!(e["DTEND"], "20990725T090000Z");
        assert_eq!(e["LOCATION"], "稲城市役所前");
        assert_eq!(e["STATUS"], "CONFIRMED");
        assert!(
            e["DESCRIPTION"].contains("集合は駅前") && e["DESCRIPTION"].contains(&format!("/events/{id}")),
            "{e:?}"
        );
        let first: u32 = e["SEQUENCE"].parse().unwrap();

        // A draft has no file and is in no feed.
        let draft = post_form(
            &app,
            "/api/save_event",
            &event_form(&[("event[title_ja]", "下書きの会")]),
            &[("cookie", &chair)],
        )
        .await;
        assert_eq!(draft.status, StatusCode::OK, "{}", draft.body);
        let draft: i64 = sqlx::query_scalar("SELECT max(id) FROM events").fetch_one(&db.pool).await.unwrap();
        assert_eq!(get(&app, &format!("/events/{draft}/calendar.ics")).await.status, StatusCode::NOT_FOUND);
        let feed = events(&get(&app, "/calendar.ics").await);
        assert!(with_uid(&feed, &uid).is_some());
        assert!(with_uid(&feed, &format!("event-{draft}@localhost")).is_none(), "no drafts");
        assert!(with_uid(&events(&get(&app, "/calendar.ics?committee=domestic&city=soma").await), &uid).is_some());
        assert!(with_uid(&events(&get(&app, "/calendar.ics?committee=international").await), &uid).is_none());
        assert_eq!(
            with_uid(&events(&get(&app, "/calendar.ics?lang=en").await), &uid).map(|e| e["UID"].clone()),
            Some(uid.clone())
        );

        // A change is a new sequence under the same UID; so is the cancellation, which says so.
        let id_text = id.to_string();
        let changed = event_form(&[("event[venue]", "稲城駅前")]);
        let saved = post_form(&app, "/api/save_event", &format!("id={id}&{changed}"), &[("cookie", &chair)]).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let e = events(&get(&app, &format!("/events/{id}/calendar.ics")).await).remove(0);
        let second: u32 = e["SEQUENCE"].parse().unwrap();
        assert!(second > first && e["LOCATION"] == "稲城駅前", "{e:?}");

        // The member signs up, and makes the secret address of their own feed: shown once.
        let signed = post_form(&app, "/api/sign_up", &signup_form(id, 0), &[("cookie", &member)]).await;
        assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
        assert_eq!(post_form(&app, "/api/renew_calendar_feed", "", &[]).await.status, StatusCode::UNAUTHORIZED);
        let made = post_form(&app, "/api/renew_calendar_feed", "", &[("cookie", &member)]).await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.body);
        let feed_page = |cookie: String| {
            let app = app.clone();
            async move {
                let page = get_with(&app, "/api/calendar_feed", &[("cookie", &cookie)]).await;
                assert_eq!(page.status, StatusCode::OK, "{}", page.body);
                serde_json::from_str::<serde_json::Value>(&page.body).unwrap()
            }
        };
        let page = feed_page(member.clone()).await;
        let url = page["new_url"].as_str().unwrap().to_string();
        let path = url.strip_prefix("http://localhost:3000").unwrap_or(&url).to_string();
        assert!(path.starts_with("/calendar/mine/") && path.ends_with(".ics"), "{path}");
        let again = feed_page(member.clone()).await;
        assert!(again["new_url"].is_null() && again["made_at"].is_string(), "shown once: {again}");
        let mine = get(&app, &path).await;
        assert!(mine.header("cache-control").contains("no-store"), "never kept by a cache");
        let mine = events(&mine);
        assert_eq!(mine.len(), 1);
        assert_eq!((mine[0]["UID"].as_str(), mine[0]["STATUS"].as_str()), (uid.as_str(), "CONFIRMED"));

        let cancel = form(&[("id", &id_text), ("reason", "台風のため")]);
        assert_eq!(post_form(&app, "/api/cancel_event", &cancel, &[("cookie", &chair)]).await.status, StatusCode::OK);
        let e = events(&get(&app, &format!("/events/{id}/calendar.ics")).await).remove(0);
        assert_eq!(e["STATUS"], "CANCELLED");
        assert!(e["SEQUENCE"].parse::<u32>().unwrap() > second);
        let feed = events(&get(&app, "/calendar.ics").await);
        assert_eq!(with_uid(&feed, &uid).map(|e| e["STATUS"].as_str()), Some("CANCELLED"), "the feed strikes it too");

        // A new address ends the old one; a made-up one is nothing.
        assert_eq!(
            post_form(&app, "/api/renew_calendar_feed", "", &[("cookie", &member)]).await.status,
            StatusCode::OK
        );
        assert_eq!(get(&app, &path).await.status, StatusCode::NOT_FOUND);
        assert_eq!(get(&app, "/calendar/mine/not-a-token.ics").await.status, StatusCode::NOT_FOUND);
        let stored: Vec<Vec<u8>> =
            sqlx::query_scalar("SELECT token_hash FROM calendar_feeds").fetch_all(&db.pool).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].len(), 32, "only a hash is kept");
    });
}
