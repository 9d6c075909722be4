//! The association's mails in English: one function per [`super::Mail`], returning (subject, body) without the
//! signature, which [`super::Mail::compose`] adds.

use crate::domain::dates::format_datetime;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};

pub fn application_received(name: &str, confirm_url: &str) -> (String, String) {
    (
        "We have received your membership application".to_string(),
        format!("Dear {name},\n\nThank you for applying to join. First, please confirm that this email address is yours on this page (the link works once, for seven days):\n{confirm_url}\n\nThe secretariat will review your application and write to you once it is approved.\nYou can follow it on \"My page\" by logging in with your email and password.\nIf this was not you, please ignore this mail."),
    )
}

pub fn already_registered(reset_url: &str) -> (String, String) {
    (
        "About your membership application".to_string(),
        format!("Someone applied to join with this email address, which is already registered.\nIf you have forgotten your password, you can set a new one here:\n{reset_url}\n\nIf this was not you, please ignore this mail."),
    )
}

pub fn approved(name: &str, member_number: i32) -> (String, String) {
    (
        "Your membership is approved".to_string(),
        format!("Dear {name},\n\nYour membership is approved. Your member number is {member_number}.\nWelcome to the association."),
    )
}

pub fn rejected(name: &str, reason: &str) -> (String, String) {
    (
        "About your membership application".to_string(),
        format!("Dear {name},\n\nWe are sorry, but your application was not approved.\nReason: {reason}\n\nPlease contact the secretariat with any questions."),
    )
}

pub fn password_reset(url: &str) -> (String, String) {
    (
        "Set a new password".to_string(),
        format!("Please set a new password on this page. The link works once, for one hour.\n{url}\n\nIf you did not ask for this, ignore this mail; your password stays as it is."),
    )
}

pub fn invitation(name: &str, url: &str) -> (String, String) {
    (
        "Your member page is ready".to_string(),
        format!("Dear {name},\n\nYou can now see and update your membership online and sign up for exchange events.\nChoose a password on this page and log in with this email address. The link works once, for two weeks.\n{url}\n\nIf this is not for you, please ignore this mail."),
    )
}

pub fn staff_invitation(name: &str, role: &str, url: &str) -> (String, String) {
    (
        "Your login for the secretariat".to_string(),
        format!("Dear {name},\n\nA login to the association's membership system has been made for you, as {role} of the secretariat.\nChoose a password on this page and log in with this email address. The link works once, for two weeks.\n{url}\n\nIf this is not for you, please ignore this mail and tell the secretariat."),
    )
}

pub fn email_change_requested(new_email: &str) -> (String, String) {
    (
        "A change of your email address was asked for".to_string(),
        format!("Someone asked to change the email address you log in with to {new_email}. It changes once the link sent to that address is used.\nIf this was not you, change your password now and contact the secretariat."),
    )
}

pub fn confirm_email(url: &str) -> (String, String) {
    (
        "Confirm your email address".to_string(),
        format!("To log in with this address from now on, please confirm it on this page. The link works once, for 24 hours.\n{url}\n\nIf you did not ask for this, ignore this mail; nothing changes."),
    )
}

pub fn address_in_use() -> (String, String) {
    (
        "About your email address".to_string(),
        "Someone tried to change the login of another account to this email address. It is already registered, so nothing was changed.\nIf this means nothing to you, please ignore this mail.".to_string(),
    )
}

pub fn signup_confirmed(title: &str, starts_at: DateTime<Utc>) -> (String, String) {
    (
        format!("You are signed up: {title}"),
        format!("Your sign-up for \"{title}\" ({}) is confirmed. We look forward to seeing you.\nYou can check or cancel it under \"My sign-ups\" on My page.", format_datetime(Lang::En, starts_at)),
    )
}

pub fn signup_waiting(title: &str) -> (String, String) {
    (
        format!("You are on the waiting list: {title}"),
        format!("\"{title}\" is full, so you are on the waiting list. If places free up, we confirm waiting sign-ups in order and write to you."),
    )
}

pub fn promoted(title: &str, starts_at: DateTime<Utc>) -> (String, String) {
    (
        format!("A place is yours: {title}"),
        format!(
            "A place came free at \"{title}\" ({}), and your sign-up from the waiting list is now confirmed.",
            format_datetime(Lang::En, starts_at)
        ),
    )
}

pub fn signup_cancelled(title: &str, starts_at: DateTime<Utc>, by_chair: bool) -> (String, String) {
    let who = if by_chair { "The organising committee has" } else { "You have" };
    (
        format!("Sign-up cancelled: {title}"),
        format!(
            "{who} cancelled the sign-up for \"{title}\" ({}).\nTo come after all, sign up again on the website (if it is full, you go on the waiting list).",
            format_datetime(Lang::En, starts_at)
        ),
    )
}

pub fn event_cancelled(title: &str, reason: &str) -> (String, String) {
    (
        format!("Cancelled: {title}"),
        format!("We are sorry: \"{title}\", which you signed up for, is cancelled.\nReason: {reason}"),
    )
}

pub fn event_changed(title: &str, starts_at: DateTime<Utc>, venue: &str, fee_yen: i32) -> (String, String) {
    (
        format!("Changed: {title}"),
        format!("\"{title}\", which you signed up for, has changed.\nWhen: {}\nWhere: {venue}\nFee: {fee_yen} yen\n\nIf it no longer suits you, you can cancel on My page.", format_datetime(Lang::En, starts_at)),
    )
}

pub fn dues_notice(n: &super::DuesNotice) -> (String, String) {
    let number = n.member_number.map_or_else(|| "—".to_string(), |n| n.to_string());
    let account = if n.account.is_empty() { "Please ask the association's office." } else { n.account };
    let due = crate::domain::dates::format_date(Lang::En, n.due_by);
    let late = n.due_by < crate::domain::dates::today_in_japan();
    let yen = crate::i18n::words::yen(n.dues_yen);
    let (subject, opening) = if n.reminder {
        (
            format!("Membership dues for FY{}: a reminder", n.year),
            format!("We have not yet received your membership dues for FY{}, which were due by {due}. Please pay them as soon as you can.", n.year),
        )
    } else {
        (
            format!("Membership dues for FY{}", n.year),
            format!(
                "Thank you for supporting the association's exchanges.\nYour membership dues for FY{} are now due. {}",
                n.year,
                if late {
                    "Please pay them as soon as you can.".to_string()
                } else {
                    format!("Please pay them by {due}.")
                }
            ),
        )
    };
    (
        subject,
        format!(
            "Dear {name},\n\n{opening}\n\nMember number: {number}\nDues: {yen}\nPay to:\n{account}\n\nWhen you transfer the money, please write your member number ({number}) before your name.\nIf you have paid already, thank you, and please disregard this mail.",
            name = n.name
        ),
    )
}

pub fn receipt(name: &str, number: &str, amount_yen: i32, dues_year: Option<i32>) -> (String, String) {
    let what =
        dues_year.map_or_else(|| "your donation".to_string(), |year| format!("your dues for fiscal year {year}"));
    let yen = crate::i18n::words::yen(amount_yen);
    (
        format!("Receipt No. {number}"),
        format!(
            "Dear {name},\n\nThank you: we have received {what} ({yen}).\nYour receipt (No. {number}) is attached as a PDF, ready to print.\n\nIf you need it on paper, please tell the secretariat."
        ),
    )
}

pub fn event_reminder(title: &str, starts_at: DateTime<Utc>, venue: &str) -> (String, String) {
    let when = format_datetime(Lang::En, starts_at);
    (
        format!("Coming soon: {title} ({when})"),
        format!("\"{title}\", which you signed up for, is coming soon.\n\nWhen: {when}\nWhere: {venue}\n\nIf you can no longer come, please cancel under \"My sign-ups\" on My page, so that someone on the waiting list can have your place."),
    )
}

pub fn newsletter(subject: &str, body: &str, in_japanese: bool, unsubscribe_url: Option<&str>) -> (String, String) {
    let note = if in_japanese { "(This message was written in Japanese only.)\n\n" } else { "" };
    let footer = unsubscribe_url
        .map(|url| {
            format!("\n\n--\nYou receive this because you asked for the association's newsletters by email.\nTo stop them, open this page and press the button (no login needed):\n{url}\nYou can also change this under \"Newsletters by email\" on My page.")
        })
        .unwrap_or_default();
    (subject.to_string(), format!("{note}{body}{footer}"))
}
