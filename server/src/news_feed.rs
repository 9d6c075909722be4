//! `GET /news.atom[?lang=en]`: the published news posts (the newest 50) as an Atom feed (RFC 4287),
//! written with `atom_syndication`. Each entry's id is its page's address, which never changes;
//! `updated` is the post's last change, `published` its first publication. Titles and texts are
//! in the language asked for (Japanese unless `en`), the other one where a post has only that.

use app::i18n::Lang;
use app::server::db::{association, news};
use app::server::state::AppState;
use app::AppError;
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

fn fixed(at: DateTime<Utc>) -> FixedDateTime {
    at.fixed_offset()
}

fn link(href: String, rel: &str, kind: &str) -> Link {
    Link { href, rel: rel.to_string(), mime_type: Some(kind.to_string()), ..Link::default() }
}

pub async fn feed(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let lang = q.get("lang").and_then(|code| Lang::parse(code)).unwrap_or(Lang::Ja);
    let base = state.settings.public_url.trim_end_matches('/').to_string();
    let name = association::profile::load(&state.pool).await?.name.get(lang);
    let posts = news::published(&state.pool, 50).await?;
    let updated = posts.iter().map(|p| p.updated_at).max().unwrap_or_else(Utc::now);
    let entries = posts
        .iter()
        .map(|p| {
            let (written_in, title, body) = p.in_lang(lang);
            let url = format!("{base}/news/{}", p.id);
            Entry {
                id: url.clone(),
                title: Text::plain(title),
                updated: fixed(p.updated_at),
                published: p.published_at.map(fixed),
                links: vec![link(url, "alternate", "text/html")],
                content: Some(Content {
                    value: Some(body.to_string()),
                    content_type: Some("text".to_string()),
                    lang: Some(written_in.code().to_string()),
                    ..Content::default()
                }),
                ..Entry::default()
            }
        })
        .collect();
    let feed = Feed {
        id: format!("{base}/news"),
        title: Text::plain(name.clone()),
        updated: fixed(updated),
        authors: vec![Person { name, ..Person::default() }],
        links: vec![
            link(format!("{base}/news.atom?lang={}", lang.code()), "self", "application/atom+xml"),
            link(format!("{base}/news"), "alternate", "text/html"),
        ],
        lang: Some(lang.code().to_string()),
        entries,
        ..Feed::default()
    };
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], feed.to_string()).into_response())
}
