//! The association's mails, in both languages: [`Mail`] says what happened, [`Mail::compose`]
//! words it (`ja.rs`, `en.rs`: one function per mail and language, so a mail missing in one
//! language is a compile error) and signs it with the association's name from the text tables.
//! Queuing them is `crate::server::mail`'s job.

mod en;
mod ja;

use super::Lang;
use chrono::{DateTime, Utc};

/// The mails the association sends.
pub enum Mail<'a> {
    /// A confirmed sign-up's reminder, some days before the event.
    EventReminder {
        title: &'a str,
        starts_at: DateTime<Utc>,
        venue: &'a str,
    },
    /// A receipt (領収書), its PDF attached: for dues, or (`dues_year` none) a donation.
    Receipt {
        name: &'a str,
        number: &'a str,
        amount_yen: i32,
        dues_year: Option<i32>,
    },
    /// The application, with the link that confirms the address it was made with.
    ApplicationReceived {
        name: &'a str,
        confirm_url: &'a str,
    },
    /// Someone applied with an address that already has an account: tell its owner, not the public.
    AlreadyRegistered {
        reset_url: &'a str,
    },
    Approved {
        name: &'a str,
        member_number: i32,
    },
    Rejected {
        name: &'a str,
        reason: &'a str,
    },
    PasswordReset {
        url: &'a str,
    },
    /// A member from the imported list is asked to choose a password for the new online system.
    Invitation {
        name: &'a str,
        url: &'a str,
    },
    /// A new member of the secretariat's staff is asked to choose a password.
    StaffInvitation {
        name: &'a str,
        role: &'a str,
        url: &'a str,
    },
    /// To the old address: a change to `new_email` was asked for (it waits for the link sent there).
    EmailChangeRequested {
        new_email: &'a str,
    },
    /// To a new address: the link that makes it the login email.
    ConfirmEmail {
        url: &'a str,
    },
    /// To the owner of an address someone else tried to change their login to.
    AddressInUse,
    SignupConfirmed {
        title: &'a str,
        starts_at: DateTime<Utc>,
    },
    SignupWaiting {
        title: &'a str,
    },
    /// A place became free and the waiting sign-up now has it.
    Promoted {
        title: &'a str,
        starts_at: DateTime<Utc>,
    },
    /// A sign-up was cancelled: by its holder (a receipt of what they did) or by a chair.
    SignupCancelled {
        title: &'a str,
        starts_at: DateTime<Utc>,
        by_chair: bool,
    },
    EventCancelled {
        title: &'a str,
        reason: &'a str,
    },
    EventChanged {
        title: &'a str,
        starts_at: DateTime<Utc>,
        venue: &'a str,
        fee_yen: i32,
    },
    /// The year's dues notice (or, after the due day, its reminder) to a member who gets email.
    DuesNotice(DuesNotice<'a>),
    /// An announcement or newsletter as the staff wrote it, in `written_in` (when that is not the
    /// reader's language, the mail says so), with its unsubscribe link (none for a message to an
    /// event's people, which is about their sign-up).
    Newsletter {
        subject: &'a str,
        body: &'a str,
        written_in: Lang,
        unsubscribe_url: Option<&'a str>,
    },
}

/// What a dues notice says.
pub struct DuesNotice<'a> {
    pub name: &'a str,
    pub member_number: Option<i32>,
    pub year: i32,
    pub dues_yen: i32,
    pub due_by: chrono::NaiveDate,
    /// Where to pay (the settings, in the mail's language; empty: ask the office).
    pub account: &'a str,
    /// A reminder: the due day has passed.
    pub reminder: bool,
}

impl Mail<'_> {
    /// (subject, body) in `lang`, signed by the secretariat.
    pub fn compose(&self, lang: Lang) -> (String, String) {
        macro_rules! in_lang {
            ($name:ident($($arg:expr),*)) => {
                match lang {
                    Lang::Ja => ja::$name($($arg),*),
                    Lang::En => en::$name($($arg),*),
                }
            };
        }
        let (subject, body) = match self {
            Mail::ApplicationReceived { name, confirm_url } => in_lang!(application_received(name, confirm_url)),
            Mail::AlreadyRegistered { reset_url } => in_lang!(already_registered(reset_url)),
            Mail::Approved { name, member_number } => in_lang!(approved(name, *member_number)),
            Mail::Rejected { name, reason } => in_lang!(rejected(name, reason)),
            Mail::PasswordReset { url } => in_lang!(password_reset(url)),
            Mail::Invitation { name, url } => in_lang!(invitation(name, url)),
            Mail::StaffInvitation { name, role, url } => in_lang!(staff_invitation(name, role, url)),
            Mail::EmailChangeRequested { new_email } => in_lang!(email_change_requested(new_email)),
            Mail::ConfirmEmail { url } => in_lang!(confirm_email(url)),
            Mail::AddressInUse => in_lang!(address_in_use()),
            Mail::SignupConfirmed { title, starts_at } => in_lang!(signup_confirmed(title, *starts_at)),
            Mail::SignupWaiting { title } => in_lang!(signup_waiting(title)),
            Mail::Promoted { title, starts_at } => in_lang!(promoted(title, *starts_at)),
            Mail::SignupCancelled { title, starts_at, by_chair } => {
                in_lang!(signup_cancelled(title, *starts_at, *by_chair))
            }
            Mail::EventCancelled { title, reason } => in_lang!(event_cancelled(title, reason)),
            Mail::EventChanged { title, starts_at, venue, fee_yen } => {
                in_lang!(event_changed(title, *starts_at, venue, *fee_yen))
            }
            Mail::DuesNotice(notice) => in_lang!(dues_notice(notice)),
            Mail::EventReminder { title, starts_at, venue } => in_lang!(event_reminder(title, *starts_at, venue)),
            Mail::Newsletter { subject, body, written_in, unsubscribe_url } => {
                in_lang!(newsletter(subject, body, *written_in != lang, *unsubscribe_url))
            }
            Mail::Receipt { name, number, amount_yen, dues_year } => {
                in_lang!(receipt(name, number, *amount_yen, *dues_year))
            }
        };
        // Signed when queued, with the signature in the association's settings.
        (subject, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mails_exist_in_both_languages() {
        let mail = Mail::Approved { name: "髙﨑 花子", member_number: 1001 };
        let (ja_subject, ja_body) = mail.compose(Lang::Ja);
        let (en_subject, en_body) = mail.compose(Lang::En);
        assert_ne!(ja_subject, en_subject);
        assert!(ja_body.contains("1001") && en_body.contains("1001"));
        assert!(ja_body.contains("髙﨑 花子"));
    }
}
