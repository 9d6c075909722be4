//! News for the site (`/admin/news`, `?edit={id}` for one post): the form (Japanese and/or
//! English, published now or kept as a draft), then every post with its state, a link to change it
//! and a delete after a second step. Staff with `Newsletters`.

use crate::api::news::{load_news_admin, DeleteNewsPost, SaveNewsPost};
use crate::components::confirm::{AskFirst, Confirmation};
use crate::components::fields::TextField;
use crate::components::form_errors::{errors_of, FieldMessage, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::dates::{format_date, japan_day};
use crate::domain::news::{NewsAdminPage, NewsPost};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewsAdminPageView() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(
        move || (query.read().get("edit").and_then(|id| id.parse::<i64>().ok()), query.read().get("v")),
        |(edit, _)| load_news_admin(edit),
    );
    loaded(page, |page| view! { <NewsAdmin page/> })
}

#[component]
fn NewsAdmin(page: NewsAdminPage) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let save = ServerAction::<SaveNewsPost>::new();
    let delete = ServerAction::<DeleteNewsPost>::new();
    let error = errors_of(save);
    let delete_error = errors_of(delete);
    let query = use_query_map().read_untracked();
    let notice =
        if query.get("saved").is_some() { Some(t.news_saved) } else { query.get("deleted").map(|_| t.news_deleted) };
    let NewsAdminPage { posts, editing, form } = page;
    let name = |field: &str| format!("news[{field}]");
    let area = move |field: &'static str, value: String| {
        let id = format!("f-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{t.newsletter_body}</label>
                <textarea id=id name=name(field) rows="8">{value}</textarea>
                <FieldMessage error field=field/>
            </div>
        }
    };
    let items = posts.into_iter().map(|p| view! { <PostItem p delete/> }).collect_view();
    view! {
        <Title text=t.news_admin_title/>
        <p><a href="/admin">{t.dashboard_title}</a></p>
        <h1>{t.news_admin_title}</h1>
        {notice.map(|text| view! { <p class="notice success" role="status">{text}</p> })}
        <section class="form-section">
            <h2>{if editing.is_some() { t.news_edit } else { t.news_new }}</h2>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                {editing.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
                <fieldset class="field">
                    <legend>{t.newsletter_japanese}</legend>
                    <TextField field="title_ja" name=name("title_ja") label=t.news_post_title value=form.title_ja.clone() error/>
                    {area("body_ja", form.body_ja.clone())}
                </fieldset>
                <fieldset class="field">
                    <legend>{t.newsletter_english}</legend>
                    <TextField field="title_en" name=name("title_en") label=t.news_post_title value=form.title_en.clone() error/>
                    {area("body_en", form.body_en.clone())}
                </fieldset>
                <label class="choice" for="f-publish">
                    <input id="f-publish" type="checkbox" name=name("publish") value="yes" checked=form.publish == "yes"/>
                    <span>{t.news_publish}</span>
                </label>
                <button type="submit" class="button primary">{t.news_save}</button>
            </ActionForm>
            {editing.is_some().then(|| view! { <p><a href="/admin/news">{t.news_new}</a></p> })}
        </section>
        <section class="form-section">
            <h2>{t.news_title}</h2>
            <FormMessage error=delete_error/>
            <ul class="statement-lines">{items}</ul>
        </section>
    }
}

#[component]
fn PostItem(p: NewsPost, delete: ServerAction<DeleteNewsPost>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let (_, title, _) = p.in_lang(lang);
    let state = match p.published_at {
        Some(at) => (t.news_published_on)(&format_date(lang, japan_day(at))),
        None => t.news_draft.to_string(),
    };
    let what = format!("delete-{}", p.id);
    view! {
        <li class="statement-line">
            <p class="statement-credit"><strong>{title.to_string()}</strong>" "<span>{state}</span></p>
            <p>
                <a href=format!("/admin/news?edit={}", p.id)>{t.news_change}</a>
                {p.published_at.is_some().then(|| view! { " " <a href=format!("/news/{}", p.id)>{t.news_open}</a> })}
            </p>
            <p><AskFirst what=what.clone() label=t.news_delete danger=true/></p>
            <Confirmation what question=t.news_delete_question consequence=t.news_delete_consequence>
                <ActionForm action=delete attr:class="form inline">
                    <input type="hidden" name="id" value=p.id.to_string()/>
                    <button type="submit" class="button danger">{t.news_delete}</button>
                </ActionForm>
            </Confirmation>
        </li>
    }
}
