//! One message (`/chair/newsletters/{id}`): who it reaches, each language's reader's mail as they
//! will get it, then, by its state: the draft's form, the send (after a second step) and delete;
//! the pause of a sending; the resume of a paused one; and, once sent, the paper for the members
//! who get post (the newsletter to print, and their labels).

use super::newsletter_form::NewsletterFields;
use crate::api::newsletters::{load_newsletter, DeleteNewsletter, PauseNewsletter, SaveNewsletter, SendNewsletter};
use crate::components::confirm::{AskFirst, Confirmation};
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::dates::format_datetime;
use crate::domain::ids::NewsletterId;
use crate::domain::newsletter::{NewsletterPage, Preview, Status};
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NewsletterPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || (params.read().get("id").and_then(|id| id.parse::<i64>().ok()), query.read().get("v")),
        |(id, _)| load_newsletter(NewsletterId(id.unwrap_or(0))),
    );
    loaded(page, |page| view! { <Newsletter page/> })
}

#[component]
fn Newsletter(page: NewsletterPage) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let query = use_query_map().read_untracked();
    let notice = [
        ("created", t.newsletter_created),
        ("saved", t.newsletter_saved),
        ("sending", t.newsletter_sending_started),
        ("paused", t.newsletter_paused),
    ]
    .into_iter()
    .find(|(key, _)| query.get(key).is_some())
    .map(|(_, text)| view! { <p class="notice success" role="status">{text}</p> });
    let save = ServerAction::<SaveNewsletter>::new();
    let send = ServerAction::<SendNewsletter>::new();
    let pause = ServerAction::<PauseNewsletter>::new();
    let delete = ServerAction::<DeleteNewsletter>::new();
    let save_error = errors_of(save);
    let send_error = errors_of(send);
    let pause_error = errors_of(pause);
    let delete_error = errors_of(delete);
    let NewsletterPage { id, status, form, options, previews, reach, progress, sent_at, is_service } = page;
    let subject = previews.iter().find(|p| p.lang == lang).map(|p| p.subject.clone()).unwrap_or_default();
    let by_email = reach.email_ja + reach.email_en;
    let id_field = move || view! { <input type="hidden" name="id" value=id.to_string()/> };
    let reach_view = (status != Status::Sent).then(|| {
        view! {
            <section class="form-section" aria-labelledby="reach">
                <h2 id="reach">{t.newsletter_reach}</h2>
                <p>{(t.newsletter_reach_email)(by_email, reach.email_ja, reach.email_en)}</p>
                {if is_service {
                    view! { <p>{t.newsletter_reach_service}</p> }.into_any()
                } else {
                    view! {
                        <p>{(t.newsletter_reach_post)(reach.post)}</p>
                        <p class="hint">{(t.newsletter_reach_not_subscribed)(reach.not_subscribed)}</p>
                    }
                    .into_any()
                }}
            </section>
        }
    });
    let progress_view = (status != Status::Draft).then(|| {
        view! {
            <section class="form-section" aria-labelledby="progress">
                <h2 id="progress">{t.newsletter_progress_heading}</h2>
                <p>{(t.newsletter_progress)(progress.queued, progress.delivered, progress.by_post)}</p>
                {(progress.bounced > 0).then(|| view! { <p>{(t.newsletter_bounced)(progress.bounced)}</p> })}
                {sent_at.map(|at| view! { <p>{(t.newsletter_sent_on)(&format_datetime(lang, at))}</p> })}
                <p><a class="button" href=format!("/chair/newsletters/{id}?v=progress")>{t.newsletter_refresh}</a></p>
            </section>
        }
    });
    let actions = match status {
        Status::Draft => view! {
            <section class="form-section" aria-labelledby="send">
                <h2 id="send">{t.newsletter_send_heading}</h2>
                <FormMessage error=send_error/>
                <p><AskFirst what="send" label=t.newsletter_send/></p>
                <Confirmation what="send" question=(t.newsletter_send_question)(by_email, reach.post) consequence=t.newsletter_send_consequence>
                    <ActionForm action=send attr:class="form inline">
                        {id_field()}
                        <button type="submit" class="button primary">{t.newsletter_send_now}</button>
                    </ActionForm>
                </Confirmation>
            </section>
            <section class="form-section">
                <h2>{t.newsletter_edit}</h2>
                <ActionForm action=save attr:class="form" attr:novalidate=true>
                    <FormMessage error=save_error/>
                    {id_field()}
                    <NewsletterFields form options error=save_error/>
                    <button type="submit" class="button primary">{t.newsletter_save}</button>
                </ActionForm>
            </section>
            <section class="form-section">
                <FormMessage error=delete_error/>
                <p><AskFirst what="delete" label=t.newsletter_delete danger=true/></p>
                <Confirmation what="delete" question=t.newsletter_delete_question consequence=t.newsletter_delete_consequence>
                    <ActionForm action=delete attr:class="form inline">
                        {id_field()}
                        <button type="submit" class="button danger">{t.newsletter_delete}</button>
                    </ActionForm>
                </Confirmation>
            </section>
        }
        .into_any(),
        Status::Sending => view! {
            <section class="form-section">
                <FormMessage error=pause_error/>
                <ActionForm action=pause attr:class="form inline">
                    {id_field()}
                    <button type="submit" class="button">{t.newsletter_pause}</button>
                </ActionForm>
            </section>
        }
        .into_any(),
        Status::Paused => view! {
            <section class="form-section">
                <p>{t.newsletter_paused_hint}</p>
                <FormMessage error=send_error/>
                <ActionForm action=send attr:class="form inline">
                    {id_field()}
                    <button type="submit" class="button primary">{t.newsletter_resume}</button>
                </ActionForm>
            </section>
        }
        .into_any(),
        Status::Sent => view! {
            {(progress.waiting > 0).then(|| view! {
                <section class="form-section">
                    <p>{(t.newsletter_waiting)(progress.waiting)}</p>
                    <FormMessage error=pause_error/>
                    <ActionForm action=pause attr:class="form inline">
                        {id_field()}
                        <button type="submit" class="button">{t.newsletter_pause}</button>
                    </ActionForm>
                </section>
            })}
            {(progress.by_post > 0).then(|| {
                view! {
                    <section class="form-section" aria-labelledby="paper">
                        <h2 id="paper">{t.newsletter_paper}</h2>
                        <p>{(t.newsletter_paper_lead)(progress.by_post)}</p>
                        <ul class="links">
                            <li><a href=format!("/chair/newsletters/{id}/print.pdf?lang=ja")>{t.newsletter_print_ja}</a></li>
                            <li><a href=format!("/chair/newsletters/{id}/print.pdf?lang=en")>{t.newsletter_print_en}</a></li>
                            <li><a href=format!("/chair/newsletters/{id}/labels.pdf?sheet=12")>{t.newsletter_labels_12}</a></li>
                            <li><a href=format!("/chair/newsletters/{id}/labels.pdf?sheet=24")>{t.newsletter_labels_24}</a></li>
                        </ul>
                        <p class="hint">{t.newsletter_labels_hint}</p>
                    </section>
                }
            })}
        }
        .into_any(),
    };
    view! {
        <Title text=subject.clone()/>
        <p><a href="/chair/newsletters">{t.newsletters_title}</a></p>
        <h1>{subject}</h1>
        <p><span class=format!("newsletter-status-{}", status.code())>{lang.newsletter_status(status)}</span></p>
        {notice}
        {reach_view}
        {progress_view}
        <section class="form-section" aria-labelledby="preview">
            <h2 id="preview">{t.newsletter_preview}</h2>
            {previews.into_iter().map(|p| view! { <MailPreview p/> }).collect_view()}
        </section>
        {actions}
    }
}

#[component]
fn MailPreview(p: Preview) -> impl IntoView {
    let t = use_lang().t();
    let heading = if p.lang == Lang::Ja { t.newsletter_preview_ja } else { t.newsletter_preview_en };
    view! {
        <article class="mail-preview" lang=p.lang.code()>
            <h3>{heading}</h3>
            <p><strong>{t.newsletter_subject}": "</strong>{p.subject}</p>
            <pre class="mail-body">{p.body}</pre>
        </article>
    }
}
