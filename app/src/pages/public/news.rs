//! News (`/news`, `/news/{id}`): the association's published posts, newest first, each in the
//! reader's language when it was written in it (else the other, with a note). The feed of the same
//! posts is `/news.atom`.

use crate::api::news::{load_news, load_news_post};
use crate::components::loaded::loaded;
use crate::domain::dates::{format_date, japan_day};
use crate::domain::news::NewsPost;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::use_params_map;

/// Posts as a list of dated titles (the home page's latest three, and the news page).
#[component]
pub fn NewsList(posts: Vec<NewsPost>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    if posts.is_empty() {
        return view! { <p>{t.news_none}</p> }.into_any();
    }
    let items = posts
        .into_iter()
        .map(|p| {
            let (_, title, _) = p.in_lang(lang);
            let day = p.published_at.map(|at| format_date(lang, japan_day(at))).unwrap_or_default();
            view! {
                <li>
                    <span class="hint">{day}</span>" "
                    <a href=format!("/news/{}", p.id)>{title.to_string()}</a>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="archive-list">{items}</ul> }.into_any()
}

#[component]
pub fn NewsPage() -> impl IntoView {
    let t = use_lang().t();
    let posts = Resource::new(|| (), |_| load_news(None));
    view! {
        <Title text=t.news_title/>
        <Link rel="alternate" type_="application/atom+xml" href="/news.atom"/>
        <h1>{t.news_title}</h1>
        {loaded(posts, |posts| view! { <NewsList posts/> })}
        <p><a href="/news.atom">{t.news_feed}</a></p>
    }
}

#[component]
pub fn NewsPostPage() -> impl IntoView {
    let params = use_params_map();
    let post = Resource::new(
        move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0),
        load_news_post,
    );
    loaded(post, |post| view! { <Post post/> })
}

#[component]
fn Post(post: NewsPost) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let (written_in, title, body) = post.in_lang(lang);
    let (title, body) = (title.to_string(), body.to_string());
    let day = post.published_at.map(|at| format_date(lang, japan_day(at))).unwrap_or_default();
    view! {
        <Title text=title.clone()/>
        <p><a href="/news">{t.news_title}</a></p>
        <article lang=written_in.code()>
            <h1>{title}</h1>
            <p class="hint">{day}</p>
            {(written_in != lang).then(|| view! { <p class="notice">{t.news_other_language}</p> })}
            <div class="letter-body">{body}</div>
        </article>
    }
}
