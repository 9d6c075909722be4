//! Every server function and download × every kind of caller: who gets through the gate and who is
//! refused (401 when not logged in, 403 otherwise). The expected callers are written out here, not
//! read from the app's own rule table, so a change to `guard::decide` or `StaffRole::allows` that
//! widens or narrows a rule fails this test. Each call is shaped so that it deserialises (a 400
//! would hide the gate) and does nothing once admitted (unknown ids, wrong passwords, empty forms).

use crate::support::accounts::{admin_and_member, log_in, ADMIN, MEMBER};
use crate::support::fixtures::{active_member, appoint_chair, hash, published_event, staff_login, CHAIR};
use crate::support::{get_with, post_form, with_db};
use app::domain::staff::StaffRole;
use axum::http::StatusCode;

/// The kinds of caller, one login each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    /// A login without a membership record.
    Account,
    Member,
    Chair,
    Treasurer,
    Clerk,
    Auditor,
    Admin,
}

const EVERYONE: &[Who] =
    &[Who::Anonymous, Who::Account, Who::Member, Who::Chair, Who::Treasurer, Who::Clerk, Who::Auditor, Who::Admin];
const SIGNED_IN: &[Who] =
    &[Who::Account, Who::Member, Who::Chair, Who::Treasurer, Who::Clerk, Who::Auditor, Who::Admin];
const MEMBERS: &[Who] = &[Who::Member, Who::Chair];
const ORGANISERS: &[Who] = &[Who::Chair, Who::Admin];
const READ_MEMBERS: &[Who] = &[Who::Treasurer, Who::Clerk, Who::Auditor, Who::Admin];
const EDIT_MEMBERS: &[Who] = &[Who::Clerk, Who::Admin];
const DUES: &[Who] = &[Who::Treasurer, Who::Admin];
const READ_SETTINGS: &[Who] = &[Who::Treasurer, Who::Clerk, Who::Auditor, Who::Admin];
const SETTINGS: &[Who] = &[Who::Admin];
const AUDIT: &[Who] = &[Who::Auditor, Who::Admin];
const OUTBOX: &[Who] = &[Who::Clerk, Who::Auditor, Who::Admin];
const STAFF: &[Who] = &[Who::Admin];
const EXPORT_MEMBERS: &[Who] = &[Who::Clerk, Who::Admin];
const EXPORT_DUES: &[Who] = &[Who::Treasurer, Who::Admin];
const POSTAL_MAIL: &[Who] = &[Who::Treasurer, Who::Clerk, Who::Admin];
const NEWSLETTERS: &[Who] = &[Who::Admin];

/// (GET path with query, or POST path and form body, who gets through).
fn calls(event: i64, member: i64) -> Vec<(&'static str, String, Option<String>, &'static [Who])> {
    let get = |path: &'static str, query: String, who| (path, query, None, who);
    let post = |path: &'static str, body: String, who| (path, String::new(), Some(body), who);
    vec![
        get("/api/list_partner_cities", String::new(), EVERYONE),
        get("/api/get_partner_city", "slug=soma".into(), EVERYONE),
        get("/api/city_events", "slug=soma".into(), EVERYONE),
        get("/api/list_committees", String::new(), EVERYONE),
        get("/api/get_committee", "slug=domestic".into(), EVERYONE),
        get("/api/committee_activity", "slug=domestic".into(), EVERYONE),
        get("/api/association_contact", String::new(), EVERYONE),
        get("/api/city_agreements", "slug=ozora".into(), EVERYONE),
        get("/api/list_events", String::new(), EVERYONE),
        get("/api/event_page", format!("id={event}"), EVERYONE),
        get("/api/current_account", String::new(), EVERYONE),
        get("/api/join_page", String::new(), EVERYONE),
        post("/api/request_password_reset", "email=nobody%40example.jp".into(), EVERYONE),
        post("/api/reset_password", "token=made-up&new_password=a+long+enough+phrase".into(), EVERYONE),
        post("/api/confirm_email", "token=made-up".into(), EVERYONE),
        post("/api/log_in", "email=nobody%40example.jp&password=wrong+phrase".into(), EVERYONE),
        post("/api/apply_for_membership", String::new(), EVERYONE),
        get("/api/my_account", String::new(), SIGNED_IN),
        get("/api/my_membership", String::new(), SIGNED_IN),
        get("/api/my_signups", String::new(), SIGNED_IN),
        post("/api/change_password", "current_password=wrong&new_password=a+long+enough+phrase".into(), SIGNED_IN),
        post("/api/change_email", "password=wrong&new_email=new%40example.jp".into(), SIGNED_IN),
        post("/api/sign_up", "event_id=999999".into(), SIGNED_IN),
        post("/api/cancel_my_signup", "signup_id=999999".into(), SIGNED_IN),
        get("/api/profile_form", String::new(), MEMBERS),
        post("/api/update_profile", String::new(), MEMBERS),
        post("/api/withdraw", "password=wrong".into(), MEMBERS),
        post("/api/agree_to_privacy_notice", "version=made-up".into(), MEMBERS),
        post("/api/set_committee_membership", "slug=no-such-committee&join=true".into(), MEMBERS),
        get("/api/organiser_events", String::new(), ORGANISERS),
        get("/api/event_editor", format!("id={event}"), ORGANISERS),
        get("/api/event_participants", format!("id={event}"), ORGANISERS),
        post("/api/save_event", String::new(), ORGANISERS),
        post("/api/set_event_status", format!("id={event}&status=no-such-state"), ORGANISERS),
        post("/api/cancel_event", format!("id={event}&reason="), ORGANISERS),
        post("/api/mark_attendance", format!("event_id={event}&person_id=999999&attended=yes"), ORGANISERS),
        post("/api/chair_cancel_signup", "signup_id=999999".into(), ORGANISERS),
        post("/api/sign_up_for_member", format!("event_id={event}&member_number=&consent_method="), ORGANISERS),
        get("/api/member_list", String::new(), READ_MEMBERS),
        get("/api/member_detail", format!("id={member}"), READ_MEMBERS),
        get("/api/dashboard", String::new(), READ_MEMBERS),
        post("/api/approve_member", "id=999999".into(), EDIT_MEMBERS),
        post("/api/reject_member", "id=999999&reason=x".into(), EDIT_MEMBERS),
        post("/api/set_login_disabled", "id=999999&disabled=true".into(), EDIT_MEMBERS),
        post("/api/send_reset_link", "id=999999".into(), EDIT_MEMBERS),
        post("/api/erase_member", "id=999999".into(), EDIT_MEMBERS),
        get("/api/member_record_form", "id=999999".into(), EDIT_MEMBERS),
        post("/api/edit_member", "id=999999".into(), EDIT_MEMBERS),
        post("/api/end_membership", "id=999999&change=withdrawn".into(), EDIT_MEMBERS),
        post("/api/reinstate_member", "id=999999".into(), EDIT_MEMBERS),
        post("/api/change_member_type", "id=999999&type_code=individual&from_year=2026".into(), EDIT_MEMBERS),
        post(
            "/api/record_dues",
            "id=999999&fiscal_year=2026&paid_on=2026-05-01&amount_yen=3000&method=cash&note=".into(),
            DUES,
        ),
        get("/api/dues_payment", "id=999999&payment=1".into(), DUES),
        post("/api/correct_dues_payment", "payment=999999&reason=x".into(), DUES),
        post("/api/void_dues_payment", "id=999999&payment=1&reason=x".into(), DUES),
        get("/api/paper_overview", String::new(), POSTAL_MAIL),
        post("/api/issue_receipt", "payment=999999".into(), DUES),
        post("/api/issue_receipts", "year=1999".into(), DUES),
        post("/api/send_dues_mail", "year=1999&kind=notice".into(), DUES),
        get("/api/calendar_feed", String::new(), SIGNED_IN),
        post("/api/renew_calendar_feed", String::new(), SIGNED_IN),
        get("/api/donations", String::new(), DUES),
        post("/api/record_donation", "donation[donor_name]=x".into(), DUES),
        post("/api/issue_donation_receipt", "id=999999".into(), DUES),
        post("/api/void_donation", "id=999999&reason=x".into(), DUES),
        get("/api/statements", String::new(), DUES),
        get("/api/statement", "id=999999".into(), DUES),
        post("/api/decide_statement_line", "statement=999999&line=1&take=no".into(), DUES),
        post("/api/commit_statement", "id=999999".into(), DUES),
        post("/api/undo_statement", "id=999999".into(), DUES),
        post("/api/discard_statement", "id=999999".into(), DUES),
        get("/api/newsletters", String::new(), ORGANISERS),
        post("/api/create_newsletter", "newsletter[audience]=".into(), ORGANISERS),
        get("/api/newsletter", "id=999999".into(), ORGANISERS),
        post("/api/save_newsletter", "id=999999".into(), ORGANISERS),
        post("/api/send_newsletter", "id=999999".into(), ORGANISERS),
        post("/api/pause_newsletter", "id=999999".into(), ORGANISERS),
        post("/api/delete_newsletter", "id=999999".into(), ORGANISERS),
        get("/api/newsletter_archive", String::new(), EVERYONE),
        get("/api/archived_newsletter", "id=999999".into(), EVERYONE),
        get("/api/subscription", String::new(), SIGNED_IN),
        post("/api/set_subscription", "subscribe=false".into(), MEMBERS),
        post("/api/set_member_subscription", "member_id=999999&subscribe=false".into(), EDIT_MEMBERS),
        get("/api/unsubscribe_link", "token=x".into(), EVERYONE),
        get("/api/contact_lists", String::new(), NEWSLETTERS),
        post("/api/create_contact_list", "name=".into(), NEWSLETTERS),
        post("/api/add_contact", String::new(), NEWSLETTERS),
        post("/api/remove_contact", "id=999999".into(), NEWSLETTERS),
        get("/api/news", String::new(), EVERYONE),
        get("/api/news_post", "id=999999".into(), EVERYONE),
        get("/api/news_admin", String::new(), NEWSLETTERS),
        post("/api/save_news_post", "news[title_ja]=".into(), NEWSLETTERS),
        post("/api/delete_news_post", "id=999999".into(), NEWSLETTERS),
        get("/api/year_end", String::new(), READ_MEMBERS),
        post("/api/lapse_unpaid", "year=1999&reason=x".into(), EDIT_MEMBERS),
        get("/api/imports", String::new(), EDIT_MEMBERS),
        get("/api/import", "id=999999".into(), EDIT_MEMBERS),
        post("/api/save_import_mapping", "id=999999".into(), EDIT_MEMBERS),
        post("/api/commit_import", "id=999999".into(), EDIT_MEMBERS),
        post("/api/undo_import", "id=999999".into(), EDIT_MEMBERS),
        post("/api/discard_import", "id=999999".into(), EDIT_MEMBERS),
        post("/api/send_import_invitations", "id=999999".into(), EDIT_MEMBERS),
        get("/api/membership_types", String::new(), READ_SETTINGS),
        get("/api/city_form", "slug=soma".into(), READ_SETTINGS),
        get("/api/committee_register", String::new(), READ_SETTINGS),
        get("/api/committee_form", "slug=domestic".into(), READ_SETTINGS),
        post("/api/save_committee", String::new(), SETTINGS),
        post("/api/update_membership_type", "id=999999&class[name_ja]=x".into(), SETTINGS),
        post("/api/create_membership_type", "class[name_ja]=x".into(), SETTINGS),
        post("/api/set_membership_fee", "id=999999&fee_per_unit_yen=1000&from_year=2026".into(), SETTINGS),
        get("/api/association_profile", String::new(), READ_SETTINGS),
        post("/api/save_association_profile", "association[name_ja]=".into(), SETTINGS),
        post("/api/save_partner_city", String::new(), SETTINGS),
        get("/api/city_agreement_register", "slug=ozora".into(), READ_SETTINGS),
        post("/api/add_city_agreement", "slug=ozora".into(), SETTINGS),
        post("/api/change_agreement_status", "slug=ozora&id=999999&status=ended&on=2020-01-01".into(), SETTINGS),
        post("/api/save_association_contact", "contact[phone]=".into(), SETTINGS),
        post("/api/set_chair", "id=999999&committee=domestic&appoint=true".into(), SETTINGS),
        get("/api/audit_log", String::new(), AUDIT),
        get("/api/outbox", String::new(), OUTBOX),
        get("/api/staff", String::new(), STAFF),
        post("/api/invite_staff", "name=&email=&role=".into(), STAFF),
        post("/api/grant_staff_role", "account=999999&role=clerk".into(), STAFF),
        post("/api/revoke_staff_role", "grant=999999".into(), STAFF),
        post("/api/set_staff_disabled", "account=999999&disabled=true".into(), STAFF),
        get("/admin/exports/members.csv", String::new(), EXPORT_MEMBERS),
        get("/admin/exports/dues.csv", "year=2026".into(), EXPORT_DUES),
        get("/admin/exports/dues-report.csv", "year=2026".into(), READ_MEMBERS),
        get("/admin/paper/receipts/999999", String::new(), DUES),
        post("/admin/paper/receipts/999999/mail", String::new(), DUES),
        get("/admin/paper/receipts", "year=2026".into(), DUES),
        get("/admin/paper/notices", "year=2026".into(), DUES),
        get("/admin/paper/labels", "sheet=12".into(), POSTAL_MAIL),
        get("/chair/newsletters/999999/print.pdf", String::new(), ORGANISERS),
        get("/chair/newsletters/999999/labels.pdf", String::new(), POSTAL_MAIL),
        get("/admin/exports/audit.csv", String::new(), AUDIT),
        get("/admin/exports/committees/domestic.csv", String::new(), ORGANISERS),
        get("/chair/events/{event}/participants.csv", String::new(), ORGANISERS),
        get("/account/export.json", String::new(), MEMBERS),
        get("/account/export.csv", String::new(), MEMBERS),
        // Last: it ends the session it is called with.
        post("/api/log_out", String::new(), EVERYONE),
    ]
}

#[test]
fn every_function_admits_exactly_its_callers() {
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        let pool = db.pool.clone();
        let app = crate::support::app(pool.clone());
        admin_and_member(&pool).await;
        let (chair, _) = active_member(&pool, CHAIR.0, &hash(CHAIR.1).await, 1).await;
        appoint_chair(&pool, chair, "domestic").await;
        let (_, member) = active_member(&pool, "kaiin@example.jp", &hash("a member's own phrase").await, 2).await;
        let mut logins = vec![(Who::Anonymous, None)];
        logins.push((Who::Account, Some(log_in(&app, MEMBER).await)));
        logins.push((Who::Member, Some(log_in(&app, ("kaiin@example.jp", "a member's own phrase")).await)));
        logins.push((Who::Chair, Some(log_in(&app, CHAIR).await)));
        for (who, email, role) in [
            (Who::Treasurer, "kaikei@example.jp", StaffRole::Treasurer),
            (Who::Clerk, "meibo@example.jp", StaffRole::Clerk),
            (Who::Auditor, "kanji@example.jp", StaffRole::Auditor),
        ] {
            let (email, password) = staff_login(&pool, email, email, role).await;
            logins.push((who, Some(log_in(&app, (&email, &password)).await)));
        }
        let admin = log_in(&app, ADMIN).await;
        logins.push((Who::Admin, Some(admin.clone())));
        let event = published_event(&app, &pool, &admin, &[]).await;

        let mut wrong = Vec::new();
        let mut checked = 0;
        for (path, query, body, admitted) in calls(event, member.0) {
            let path = path.replace("{event}", &event.to_string());
            for (who, cookie) in &logins {
                let headers: Vec<(&str, &str)> = cookie.iter().map(|c| ("cookie", c.as_str())).collect();
                let reply = match &body {
                    None if query.is_empty() => get_with(&app, &path, &headers).await,
                    None => get_with(&app, &format!("{path}?{query}"), &headers).await,
                    Some(body) => post_form(&app, &path, body, &headers).await,
                };
                let refused = [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&reply.status);
                let expected = if admitted.contains(who) {
                    !refused && reply.status != StatusCode::BAD_REQUEST
                } else if *who == Who::Anonymous {
                    reply.status == StatusCode::UNAUTHORIZED
                } else {
                    reply.status == StatusCode::FORBIDDEN
                };
                if !expected {
                    wrong.push(format!(
                        "{path} as {who:?}: {} {}",
                        reply.status,
                        reply.body.chars().take(80).collect::<String>()
                    ));
                }
                checked += 1;
            }
        }
        assert!(wrong.is_empty(), "{} of {checked} calls answered wrongly:\n{}", wrong.len(), wrong.join("\n"));
    })
}

/// Every server function the app registers is in the matrix above.
#[test]
fn the_matrix_names_every_server_function() {
    let listed: std::collections::HashSet<String> =
        calls(1, 1).into_iter().map(|(path, ..)| path.to_string()).filter(|p| p.starts_with("/api/")).collect();
    let registered: Vec<String> = server_fn::axum::server_fn_paths().map(|(path, _)| path.to_string()).collect();
    assert!(registered.len() > 60, "{registered:?}");
    let missing: Vec<&String> = registered.iter().filter(|p| !listed.contains(*p)).collect();
    assert!(missing.is_empty(), "server functions missing from the access matrix: {missing:?}");
}
