//! One bank statement (`/admin/statements/:id`): each credit with the member and fiscal years
//! proposed for it, grouped as the treasurer works through them (to look at, to take, left out,
//! nobody found, cancelled by the bank); a form per line to confirm or correct the member's number
//! and the years, or to leave it out; the commit (all or nothing) and its undo. Staff with `Dues`.

use crate::api::statements::{load_statement, CommitStatement, DecideStatementLine, DiscardStatement, UndoStatement};
use crate::components::confirm::{asked, Confirmation};
use crate::components::fields::TextField;
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::dates::{format_date, format_datetime};
use crate::domain::statement::{LineMember, MatchKind, StatementLine, StatementView};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn StatementPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    // The address changes after each choice (`v`), so the statement is read again.
    let page = Resource::new(
        move || (params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0), query.read().get("v")),
        |(id, _)| load_statement(id),
    );
    loaded(page, |page| view! { <Statement page/> })
}

/// Which group a line is shown in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Look,
    Take,
    LeftOut,
    Nobody,
    Cancelled,
}

fn group(line: &StatementLine) -> Group {
    match (line.cancelled, line.take, line.decided, line.kind) {
        (true, ..) => Group::Cancelled,
        (_, true, ..) => Group::Take,
        (_, false, true, _) => Group::LeftOut,
        (_, false, false, MatchKind::None) => Group::Nobody,
        _ => Group::Look,
    }
}

fn match_text(lang: Lang, kind: MatchKind) -> &'static str {
    let t = lang.t();
    match kind {
        MatchKind::Sure => t.statement_match_sure,
        MatchKind::Check => t.statement_match_check,
        MatchKind::Several => t.statement_match_several,
        MatchKind::None => t.statement_match_none,
    }
}

fn member_text(lang: Lang, m: &LineMember) -> String {
    let t = lang.t();
    let number = m.number.map(|n| format!("{} ", (t.statement_member_no)(n))).unwrap_or_default();
    let paid = if m.paid.is_empty() {
        t.statement_paid_none.to_string()
    } else {
        (t.statement_paid_years)(&m.paid.iter().map(i32::to_string).collect::<Vec<_>>().join("・"))
    };
    let due = m.due_yen.map(|d| format!(" / {}", (t.statement_due)(&lang.yen(d)))).unwrap_or_default();
    format!("{number}{}（{}） — {paid}{due}", m.name, m.reading)
}

#[component]
fn Statement(page: StatementView) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let decide = ServerAction::<DecideStatementLine>::new();
    let commit = ServerAction::<CommitStatement>::new();
    let undo = ServerAction::<UndoStatement>::new();
    let discard = ServerAction::<DiscardStatement>::new();
    let decide_error = errors_of(decide);
    let commit_error = errors_of(commit);
    let undo_error = errors_of(undo);
    let discard_error = errors_of(discard);
    // A refused commit names lines: their messages show beside them, as a refused choice's do.
    let line_error: Signal<Option<AppError>> =
        Signal::derive(move || decide_error.get().or_else(|| commit_error.get()));
    let query = use_query_map().read_untracked();
    let committed_now = query.get("committed").and_then(|n| n.parse::<usize>().ok());
    let undone_now = query.get("undone").and_then(|n| n.parse::<usize>().ok());
    let decided_now = query.get("decided").is_some();
    let id = page.summary.id;
    let committed = page.summary.committed();
    let taken = page.lines.iter().filter(|l| l.take).count();
    let total = page.taken_total_yen();
    let credits = page.lines.len();
    let section = |which: Group, heading: &'static str, hint: &'static str| {
        let lines: Vec<StatementLine> = page.lines.iter().filter(|l| group(l) == which).cloned().collect();
        (!lines.is_empty()).then(|| {
            let count = lines.len();
            let items = lines
                .into_iter()
                .map(|line| view! { <Line line statement=id committed action=decide error=line_error/> })
                .collect_view();
            view! {
                <section class="form-section statement-group">
                    <h2>{heading}<span class="count">{(t.statement_count)(count)}</span></h2>
                    <p class="hint">{hint}</p>
                    <ul class="statement-lines">{items}</ul>
                </section>
            }
        })
    };
    let look = section(Group::Look, t.statement_group_look, t.statement_group_look_hint);
    let nobody = section(Group::Nobody, t.statement_group_nobody, t.statement_group_nobody_hint);
    let take = section(Group::Take, t.statement_group_take, t.statement_group_take_hint);
    let left_out = section(Group::LeftOut, t.statement_group_left_out, t.statement_group_left_out_hint);
    let cancelled = section(Group::Cancelled, t.statement_group_cancelled, t.statement_group_cancelled_hint);
    let blockers = page.undo_blockers;
    let when = page.summary.committed_at.map(|at| format_datetime(lang, at)).unwrap_or_default();
    let actions = if committed {
        view! {
            <section class="form-section" id="confirm">
                <p class="notice success">{(t.statement_committed_on)(&when)}</p>
                <FormMessage error=undo_error/>
                {if blockers > 0 {
                    view! { <p class="hint">{(t.statement_undo_blocked)(blockers)}</p> }.into_any()
                } else {
                    view! {
                        {(!asked("undo")).then(|| view! {
                            <p><a class="button danger" href=format!("/admin/statements/{id}?confirm=undo#confirm")>{t.statement_undo}</a></p>
                        })}
                        <Confirmation what="undo" question=t.statement_undo_question.to_string() consequence=t.statement_undo_consequence>
                            <ActionForm action=undo attr:class="form">
                                <input type="hidden" name="id" value=id.to_string()/>
                                <button type="submit" class="button danger">{t.statement_undo}</button>
                            </ActionForm>
                        </Confirmation>
                    }.into_any()
                }}
            </section>
        }
        .into_any()
    } else {
        view! {
            <section class="form-section" id="confirm">
                <h2>{t.statement_commit_heading}</h2>
                <p>{(t.statement_commit_summary)(taken, &lang.yen(total))}</p>
                <p class="hint">{t.statement_commit_hint}</p>
                <FormMessage error=commit_error/>
                {(taken > 0 && !asked("commit")).then(|| view! {
                    <p><a class="button primary" href=format!("/admin/statements/{id}?confirm=commit#confirm")>{(t.statement_commit)(taken)}</a></p>
                })}
                <Confirmation what="commit" question=(t.statement_commit_question)(taken, &lang.yen(total)) consequence=t.statement_commit_consequence>
                    <ActionForm action=commit attr:class="form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <button type="submit" class="button primary">{(t.statement_commit)(taken)}</button>
                    </ActionForm>
                </Confirmation>
                <details class="discard">
                    <summary>{t.statement_discard}</summary>
                    <FormMessage error=discard_error/>
                    <p class="hint">{t.statement_discard_hint}</p>
                    <ActionForm action=discard attr:class="form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <button type="submit" class="button danger">{t.statement_discard}</button>
                    </ActionForm>
                </details>
            </section>
        }
        .into_any()
    };
    view! {
        <Title text=t.statements_title/>
        <p><a href="/admin/statements">{t.statements_title}</a></p>
        <h1>{(t.statement_title)(&page.summary.file_name)}</h1>
        <p>{(t.statement_summary)(credits, page.other_lines)}</p>
        {committed_now.map(|n| view! { <p class="notice success" role="status">{(t.statement_committed_now)(n)}</p> })}
        {undone_now.map(|n| view! { <p class="notice success" role="status">{(t.statement_undone_now)(n)}</p> })}
        {decided_now.then(|| view! { <p class="notice success" role="status">{t.statement_decided_now}</p> })}
        <FormMessage error=decide_error/>
        {look}
        {nobody}
        {take}
        {left_out}
        {cancelled}
        {actions}
    }
}

/// One credit: what the bank says, who it may be, and (until committed) the treasurer's choice.
#[component]
fn Line(
    line: StatementLine,
    statement: i64,
    committed: bool,
    action: ServerAction<DecideStatementLine>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let which = group(&line);
    let chosen = line.member.as_ref().map(|m| member_text(lang, m));
    let others: Vec<String> = line
        .candidates
        .iter()
        .filter(|c| line.member.as_ref().is_none_or(|m| m.id != c.id))
        .map(|c| member_text(lang, c))
        .collect();
    let years = line.years_text();
    let number = line.member.as_ref().and_then(|m| m.number).map(|n| n.to_string()).unwrap_or_default();
    let payments = line.payments.clone();
    let member_id = line.member.as_ref().map(|m| m.id);
    let id = line.id;
    let typed_years = years.clone();
    let form = (!committed && which != Group::Cancelled).then(move || {
        let take_label = if which == Group::Take { t.statement_change } else { t.statement_take };
        let choice = view! {
            <ActionForm action attr:class="form inline-form">
                <input type="hidden" name="statement" value=statement.to_string()/>
                <input type="hidden" name="line" value=id.to_string()/>
                <input type="hidden" name="take" value="yes"/>
                <TextField field=format!("line.{id}.member_number") name="member_number".into() label=t.statement_member_number value=number error kind="text"/>
                <TextField field=format!("line.{id}.years") name="years".into() label=t.statement_years value=typed_years error hint=t.statement_years_hint/>
                <button type="submit" class="button primary">{take_label}</button>
            </ActionForm>
        };
        let leave = (which != Group::LeftOut).then(|| view! {
            <ActionForm action attr:class="form">
                <input type="hidden" name="statement" value=statement.to_string()/>
                <input type="hidden" name="line" value=id.to_string()/>
                <input type="hidden" name="take" value="no"/>
                <button type="submit" class="button">{t.statement_leave_out}</button>
            </ActionForm>
        });
        // A sure match needs nothing: its form waits behind "change".
        if which == Group::Take {
            view! { <details><summary>{t.statement_change}</summary>{choice}{leave}</details> }.into_any()
        } else {
            view! { {choice}{leave} }.into_any()
        }
    });
    view! {
        <li class="statement-line" id=format!("line-{id}")>
            <p class="statement-credit">
                <span class="line-no">{(t.statement_line_no)(line.line_no)}</span>" "
                <span>{format_date(lang, line.received_on)}</span>" "
                <strong class="amount">{lang.yen(line.amount_yen)}</strong>" "
                <span class="payer" lang="ja">{line.payer.clone()}</span>
            </p>
            {(which != Group::Cancelled).then(|| view! {
                <p><span class="badge">{match_text(lang, line.kind)}</span></p>
            })}
            {chosen.map(|text| view! {
                <p class="statement-member">
                    {t.statement_chosen}" "
                    {match member_id {
                        Some(m) => view! { <a href=format!("/admin/members/{m}")>{text}</a> }.into_any(),
                        None => view! { <span>{text}</span> }.into_any(),
                    }}
                    {(line.take && !years.is_empty()).then(|| format!(" — {}", (t.statement_for_years)(&years)))}
                </p>
            })}
            {(!others.is_empty()).then(|| view! {
                <div class="statement-candidates">
                    <p>{t.statement_candidates}</p>
                    <ul>{others.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!payments.is_empty()).then(|| view! {
                <p class="hint">{(t.statement_payments_made)(payments.len())}</p>
            })}
            {form}
        </li>
    }
}
