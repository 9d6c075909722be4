//! News posts on the site: a title and text in Japanese and/or English, published or not.

use crate::domain::newsletter::{Letter, BODY_MAX, SUBJECT_MAX};
use crate::domain::text;
use crate::error::{FieldErrors, FieldProblem};
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The form as typed (`news[…]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewsForm {
    pub title_ja: String,
    pub body_ja: String,
    pub title_en: String,
    pub body_en: String,
    /// `yes` to publish now (or keep published).
    pub publish: String,
}

/// A post as checked: its texts (a title and a text per language written), published or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPost {
    pub texts: Letter,
    pub publish: bool,
}

impl NewsForm {
    pub fn check(&self) -> Result<NewPost, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut language = |title: &str, body: &str, lang: &str| {
            let title = text::optional(title, SUBJECT_MAX).map_err(|p| e.add(format!("title_{lang}"), p)).ok();
            let body = text::multiline(body, BODY_MAX).map_err(|p| e.add(format!("body_{lang}"), p)).ok();
            match (title, body) {
                (Some(t), Some(b)) if t.is_empty() && !b.is_empty() => {
                    e.add(format!("title_{lang}"), FieldProblem::Required);
                    None
                }
                (Some(t), Some(b)) => Some((t, b)),
                _ => None,
            }
        };
        let ja = language(&self.title_ja, &self.body_ja, "ja");
        let en = language(&self.title_en, &self.body_en, "en");
        match (ja, en) {
            (Some((tj, _)), Some((te, _))) if tj.is_empty() && te.is_empty() && e.0.is_empty() => {
                e.add("title_ja", FieldProblem::Required);
                Err(e)
            }
            (Some((subject_ja, body_ja)), Some((subject_en, body_en))) if e.0.is_empty() => Ok(NewPost {
                texts: Letter { subject_ja, body_ja, subject_en, body_en },
                publish: self.publish == "yes",
            }),
            _ => Err(e),
        }
    }
}

/// A post as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsPost {
    pub id: i64,
    /// The title and text per language (`subject_*` holds the title).
    pub texts: Letter,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl NewsPost {
    /// (language written in, title, text) for a reader in `lang`.
    pub fn in_lang(&self, lang: Lang) -> (Lang, &str, &str) {
        self.texts.in_lang(lang)
    }

    /// The form filled with this post.
    pub fn form(&self) -> NewsForm {
        NewsForm {
            title_ja: self.texts.subject_ja.clone(),
            body_ja: self.texts.body_ja.clone(),
            title_en: self.texts.subject_en.clone(),
            body_en: self.texts.body_en.clone(),
            publish: if self.published_at.is_some() { "yes".into() } else { String::new() },
        }
    }
}

/// The staff's news page: every post (drafts too), and the form (a post being edited, or new).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsAdminPage {
    pub posts: Vec<NewsPost>,
    pub editing: Option<i64>,
    pub form: NewsForm,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_needs_a_title_in_one_language_and_a_title_for_each_text() {
        let form = NewsForm {
            title_ja: "ホストファミリー募集".into(),
            body_ja: "夏の訪問団を迎えます。".into(),
            ..NewsForm::default()
        };
        let post = form.check().unwrap();
        assert!(!post.publish && post.texts.subject_ja == "ホストファミリー募集");
        let fields = |f: NewsForm| f.check().unwrap_err().0.into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(NewsForm::default()), ["title_ja"]);
        assert_eq!(
            fields(NewsForm { body_en: "text".into(), title_ja: "題".into(), ..NewsForm::default() }),
            ["title_en"]
        );
        let published =
            NewsForm { title_en: "Host families wanted".into(), publish: "yes".into(), ..NewsForm::default() };
        assert!(published.check().unwrap().publish, "a title alone is a post (a short notice)");
    }
}
