//! Announcements and newsletters: a message in Japanese and/or English to one audience (all
//! members, a class, a committee, an event's participants or waiting list, the members who have
//! not paid a year, or a list of outside contacts), sent once to each recipient in their own
//! language. What the staff types, its checks, and what the pages show.

use crate::domain::ids::{CommitteeId, EventId, NewsletterId};
use crate::domain::text;
use crate::error::{FieldErrors, FieldProblem};
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const SUBJECT_MAX: usize = 150;
pub const BODY_MAX: usize = 20_000;

/// Who a message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// Every active member.
    Members,
    /// The active members of one membership class (`membership_types.id`).
    Class(i64),
    /// The active members who belong to a committee.
    Committee(CommitteeId),
    /// The holders of an event's confirmed sign-ups.
    EventConfirmed(EventId),
    /// The holders of an event's waiting sign-ups.
    EventWaiting(EventId),
    /// The active members who owe a fiscal year's dues and have not paid them.
    Unpaid(i32),
    /// A list of outside contacts (`contact_lists.id`).
    Contacts(i64),
}

impl Audience {
    /// The stored kind and reference (`newsletters.audience`, `audience_ref`).
    pub fn parts(self) -> (&'static str, Option<i64>) {
        match self {
            Audience::Members => ("members", None),
            Audience::Class(id) => ("class", Some(id)),
            Audience::Committee(id) => ("committee", Some(id.0)),
            Audience::EventConfirmed(id) => ("event_confirmed", Some(id.0)),
            Audience::EventWaiting(id) => ("event_waiting", Some(id.0)),
            Audience::Unpaid(year) => ("unpaid", Some(i64::from(year))),
            Audience::Contacts(id) => ("contacts", Some(id)),
        }
    }

    pub fn from_parts(kind: &str, reference: Option<i64>) -> Option<Audience> {
        Some(match (kind, reference) {
            ("members", None) => Audience::Members,
            ("class", Some(id)) => Audience::Class(id),
            ("committee", Some(id)) => Audience::Committee(CommitteeId(id)),
            ("event_confirmed", Some(id)) => Audience::EventConfirmed(EventId(id)),
            ("event_waiting", Some(id)) => Audience::EventWaiting(EventId(id)),
            ("unpaid", Some(year)) if (2000..=2100).contains(&year) => Audience::Unpaid(year as i32),
            ("contacts", Some(id)) => Audience::Contacts(id),
            _ => return None,
        })
    }

    /// The form's value: `members`, `class:3`, `event_waiting:12`…
    pub fn value(self) -> String {
        match self.parts() {
            (kind, None) => kind.to_string(),
            (kind, Some(reference)) => format!("{kind}:{reference}"),
        }
    }

    pub fn parse(value: &str) -> Option<Audience> {
        match value.trim().split_once(':') {
            None => Audience::from_parts(value.trim(), None),
            Some((kind, reference)) => Audience::from_parts(kind, Some(reference.parse().ok()?)),
        }
    }

    /// A message to an event's people is about what they signed up for (the bus leaves at eight):
    /// it reaches them whether or not they take newsletters, and, like a sign-up's confirmation,
    /// carries no unsubscribe link. Every other audience gets newsletters, to those who opted in.
    pub fn is_service(self) -> bool {
        matches!(self, Audience::EventConfirmed(_) | Audience::EventWaiting(_))
    }

    /// The event it names, if any.
    pub fn event(self) -> Option<EventId> {
        match self {
            Audience::EventConfirmed(id) | Audience::EventWaiting(id) => Some(id),
            _ => None,
        }
    }
}

/// Where a sent message is shown on the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Archive {
    /// On the public archive.
    Public,
    /// On the archive, to logged-in members only.
    Members,
    /// Not on the site.
    Hidden,
}

impl Archive {
    pub const ALL: [Archive; 3] = [Archive::Public, Archive::Members, Archive::Hidden];

    pub fn code(self) -> &'static str {
        match self {
            Archive::Public => "public",
            Archive::Members => "members",
            Archive::Hidden => "none",
        }
    }

    pub fn parse(code: &str) -> Option<Archive> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Being written: changed freely, sent to nobody.
    Draft,
    /// Being queued and sent, a batch at a time.
    Sending,
    /// Held by the staff: nothing more is queued or sent until it is resumed.
    Paused,
    /// Queued for everyone (the outbox may still be delivering).
    Sent,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Sending => "sending",
            Status::Paused => "paused",
            Status::Sent => "sent",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        [Status::Draft, Status::Sending, Status::Paused, Status::Sent].into_iter().find(|s| s.code() == code)
    }
}

/// The texts of a message, in both languages (either may be empty, not both).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub subject_ja: String,
    pub body_ja: String,
    pub subject_en: String,
    pub body_en: String,
}

impl Letter {
    /// What a reader in `lang` gets: (language written in, subject, body). The other language
    /// when `lang`'s is missing (the mail then says so).
    pub fn in_lang(&self, lang: Lang) -> (Lang, &str, &str) {
        let (ja, en) = ((Lang::Ja, &self.subject_ja, &self.body_ja), (Lang::En, &self.subject_en, &self.body_en));
        let (wanted, other) = if lang == Lang::Ja { (ja, en) } else { (en, ja) };
        let (written, subject, body) = if wanted.1.is_empty() { other } else { wanted };
        (written, subject.as_str(), body.as_str())
    }

    pub fn has(&self, lang: Lang) -> bool {
        match lang {
            Lang::Ja => !self.subject_ja.is_empty(),
            Lang::En => !self.subject_en.is_empty(),
        }
    }
}

/// The form as typed (a field left out of the post reads as blank).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewsletterForm {
    pub audience: String,
    pub subject_ja: String,
    pub body_ja: String,
    pub subject_en: String,
    pub body_en: String,
    pub archive: String,
}

/// A message as checked, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNewsletter {
    pub audience: Audience,
    pub letter: Letter,
    pub archive: Archive,
}

impl NewsletterForm {
    /// The message, or every field's problem: an audience, and at least one language with both
    /// its subject and its text.
    pub fn check(&self) -> Result<NewNewsletter, FieldErrors> {
        let mut e = FieldErrors::default();
        let audience = match self.audience.trim() {
            "" => {
                e.add("audience", FieldProblem::Required);
                None
            }
            typed => Audience::parse(typed).or_else(|| {
                e.add("audience", FieldProblem::InvalidFormat);
                None
            }),
        };
        let mut language = |subject: &str, body: &str, lang: &str| {
            let subject = text::optional(subject, SUBJECT_MAX).map_err(|p| e.add(format!("subject_{lang}"), p)).ok();
            let body = text::multiline(body, BODY_MAX).map_err(|p| e.add(format!("body_{lang}"), p)).ok();
            match (subject, body) {
                (Some(s), Some(b)) if s.is_empty() && !b.is_empty() => {
                    e.add(format!("subject_{lang}"), FieldProblem::Required);
                    None
                }
                (Some(s), Some(b)) if !s.is_empty() && b.is_empty() => {
                    e.add(format!("body_{lang}"), FieldProblem::Required);
                    None
                }
                (Some(s), Some(b)) => Some((s, b)),
                _ => None,
            }
        };
        let ja = language(&self.subject_ja, &self.body_ja, "ja");
        let en = language(&self.subject_en, &self.body_en, "en");
        let archive = Archive::parse(self.archive.trim()).or_else(|| {
            e.add("archive", FieldProblem::InvalidFormat);
            None
        });
        if let (Some((sj, _)), Some((se, _))) = (&ja, &en) {
            if sj.is_empty() && se.is_empty() && e.0.is_empty() {
                e.add("subject_ja", FieldProblem::Required);
            }
        }
        match (audience, ja, en, archive) {
            (Some(audience), Some((subject_ja, body_ja)), Some((subject_en, body_en)), Some(archive))
                if e.0.is_empty() =>
            {
                Ok(NewNewsletter { audience, letter: Letter { subject_ja, body_ja, subject_en, body_en }, archive })
            }
            _ => Err(e),
        }
    }
}

/// One choice of audience on the form, named in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceOption {
    pub value: String,
    pub label_ja: String,
    pub label_en: String,
}

/// How far a sending has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Mails queued in the outbox.
    pub queued: i64,
    /// Of those, delivered to the relay.
    pub delivered: i64,
    /// Refused for good by the relay (a bounce).
    pub bounced: i64,
    /// Members on the print run (they get post).
    pub by_post: i64,
    /// Queued mail still waiting in the outbox (a sent message can still be paused while some waits).
    pub waiting: i64,
}

/// Who a message would reach now (or reached): by email in each language, by post, and the
/// members of the audience who get email but have not opted in to newsletters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reach {
    pub email_ja: i64,
    pub email_en: i64,
    pub post: i64,
    pub not_subscribed: i64,
}

/// A message in the staff's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsletterRow {
    pub id: NewsletterId,
    pub audience: String,
    pub subject_ja: String,
    pub subject_en: String,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub progress: Progress,
}

impl NewsletterRow {
    pub fn subject(&self, lang: Lang) -> &str {
        let (ja, en) = (self.subject_ja.as_str(), self.subject_en.as_str());
        match lang {
            Lang::Ja if !ja.is_empty() => ja,
            Lang::En if !en.is_empty() => en,
            _ if ja.is_empty() => en,
            _ => ja,
        }
    }
}

/// The staff's list: their messages and the form for a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewslettersPage {
    pub rows: Vec<NewsletterRow>,
    pub options: Vec<AudienceOption>,
    pub form: NewsletterForm,
}

/// A message as one recipient in a language reads it (subject and whole body, signature too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub lang: Lang,
    pub subject: String,
    pub body: String,
}

/// One message's page: its form (while a draft), previews, reach and progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsletterPage {
    pub id: NewsletterId,
    pub status: Status,
    pub form: NewsletterForm,
    pub options: Vec<AudienceOption>,
    pub previews: Vec<Preview>,
    pub reach: Reach,
    pub progress: Progress,
    pub sent_at: Option<DateTime<Utc>>,
    /// Whether the audience gets newsletters (and so needs consent and an unsubscribe link).
    pub is_service: bool,
}

/// A sent message on the site's archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivedLetter {
    pub id: NewsletterId,
    pub letter: Letter,
    pub sent_at: DateTime<Utc>,
    pub members_only: bool,
}

/// A member's own newsletter subscription, for "my page".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub subscribed: bool,
    /// When it was given (or withdrawn, when not subscribed), and how.
    pub since: Option<DateTime<Utc>>,
    pub source: String,
    /// Whether the member has an email address to receive it at.
    pub has_email: bool,
    /// Whether they get post (郵送, 両方): paper newsletters come unless they said no.
    pub by_post: bool,
}

impl Subscription {
    /// Whether newsletters reach them now, by email or on paper (the button then stops them).
    pub fn receiving(&self) -> bool {
        self.subscribed || (self.by_post && self.since.is_none())
    }
}

#[cfg(test)]
mod tests;
