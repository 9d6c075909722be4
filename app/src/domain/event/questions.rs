//! The extra questions of an event, asked of each participant, in both languages.
//!
//! A chair types them one per line: `label` for free text, `label: a, b, c` for a choice; a leading
//! `*` makes the answer required; `日本語 | English` gives a label or a choice in both languages
//! (either side may be left out). E.g. `*食事の制限 | Dietary needs: なし | None, ベジタリアン | Vegetarian`.
//!
//! Answers are stored under the question's `key`, so a key must never move to another question:
//! new questions get keys never used by the event before, and a question keeps its key while its
//! label stays the same ([`keep_keys`]). A choice is answered with its stored value, the Japanese
//! side (or the English one when that is all there is), whatever language the reader sees.

use crate::domain::localized::Localized;
use crate::domain::text;
use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};

/// At most this many questions per event.
pub const MAX_QUESTIONS: usize = 10;

/// An extra question for each participant: free text, or a choice when `choices` is not empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub key: String,
    pub label: Localized,
    pub choices: Vec<Localized>,
    pub required: bool,
}

/// What an answer to a choice stores (and a form posts) for `choice`, in either language.
pub fn choice_value(choice: &Localized) -> &str {
    if choice.ja.trim().is_empty() {
        &choice.en
    } else {
        &choice.ja
    }
}

impl Question {
    /// Whether `answer` is one of the choices (any answer to a free-text question).
    pub fn accepts(&self, answer: &str) -> bool {
        self.choices.is_empty() || self.choices.iter().any(|c| choice_value(c) == answer)
    }

    /// The choice `answer` stands for, to show it in the reader's language.
    pub fn choice(&self, answer: &str) -> Option<&Localized> {
        self.choices.iter().find(|c| choice_value(c) == answer)
    }
}

/// `日本語 | English`, either side optional; one side alone is Japanese unless it is plain ASCII.
fn bilingual(input: &str, max: usize) -> Result<Localized, FieldProblem> {
    let (ja, en) = match input.split_once(['|', '｜']) {
        Some((ja, en)) => (text::optional(ja, max)?, text::optional(en, max)?),
        None => {
            let one = text::optional(input, max)?;
            if one.is_ascii() {
                (String::new(), one)
            } else {
                (one, String::new())
            }
        }
    };
    let both = Localized::new(ja, en);
    if both.is_empty() {
        return Err(FieldProblem::Required);
    }
    Ok(both)
}

/// The questions as typed; keys `q1`, `q2`… in order (see [`keep_keys`] for an event that has some).
pub fn parse_questions(input: &str) -> Result<Vec<Question>, FieldProblem> {
    let mut questions = Vec::new();
    for line in input.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if questions.len() >= MAX_QUESTIONS {
            return Err(FieldProblem::TooLong { max: MAX_QUESTIONS });
        }
        let (required, line) = match line.strip_prefix(['*', '＊']) {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let (label, choices) = match line.split_once([':', '：']) {
            Some((label, choices)) => (
                label,
                choices
                    .split([',', '、', '，'])
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| bilingual(c, 100))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            None => (line, Vec::new()),
        };
        let label = bilingual(label, 100)?;
        questions.push(Question { key: format!("q{}", questions.len() + 1), label, choices, required });
    }
    Ok(questions)
}

fn side_by_side(text: &Localized) -> String {
    match (text.ja.is_empty(), text.en.is_empty()) {
        (false, false) => format!("{} | {}", text.ja, text.en),
        (false, true) => text.ja.clone(),
        // An English side alone reads back as English only if it is plain ASCII.
        (true, _) if text.en.is_ascii() => text.en.clone(),
        (true, _) => format!("| {}", text.en),
    }
}

/// The questions back in the form's text shape.
pub fn questions_text(questions: &[Question]) -> String {
    questions
        .iter()
        .map(|q| {
            let star = if q.required { "*" } else { "" };
            let label = side_by_side(&q.label);
            if q.choices.is_empty() {
                format!("{star}{label}")
            } else {
                let choices: Vec<String> = q.choices.iter().map(side_by_side).collect();
                format!("{star}{label}: {}", choices.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The number of a key `q7` (7); keys of another shape count as 0.
pub fn key_number(key: &str) -> u32 {
    key.strip_prefix('q').and_then(|n| n.parse::<u32>().ok()).unwrap_or(0)
}

/// Gives `edited` the keys of the event's `stored` questions: a question whose label is unchanged
/// (in either language) keeps its key; any other gets a key above `highest_used` (the highest key
/// number among the stored questions and every answer ever given to the event) and above the
/// stored ones, so answers already given stay with the question they answered.
pub fn keep_keys(stored: &[Question], highest_used: u32, edited: &mut [Question]) {
    let mut next = stored.iter().map(|q| key_number(&q.key)).max().unwrap_or(0).max(highest_used) + 1;
    let mut taken: Vec<&str> = Vec::new();
    for question in edited.iter_mut() {
        let same = |old: &&Question| {
            !taken.contains(&old.key.as_str())
                && ((!old.label.ja.is_empty() && old.label.ja == question.label.ja)
                    || (!old.label.en.is_empty() && old.label.en == question.label.en))
        };
        match stored.iter().find(same) {
            Some(old) => {
                question.key = old.key.clone();
                taken.push(&old.key);
            }
            None => {
                question.key = format!("q{next}");
                next += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_choices_in_both_languages() {
        let questions =
            parse_questions("*食事の制限 | Dietary needs: なし | None, ベジタリアン\nMemo\n緊急連絡先").unwrap();
        assert_eq!(questions[0].label, Localized::new("食事の制限", "Dietary needs"));
        assert!(questions[0].required);
        assert_eq!(questions[0].choices, vec![Localized::new("なし", "None"), Localized::new("ベジタリアン", "")]);
        assert_eq!(questions[1].label, Localized::new("", "Memo"));
        assert_eq!(questions[2].label, Localized::new("緊急連絡先", ""));
        assert_eq!(questions.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(), ["q1", "q2", "q3"]);
        assert!(questions[0].accepts("なし") && !questions[0].accepts("None") && questions[1].accepts("anything"));
        assert_eq!(questions[0].choice("なし").map(|c| c.en.as_str()), Some("None"));
    }

    #[test]
    fn questions_round_trip_through_their_text() {
        for text in ["*食事: A, B\nメモ", "*食事 | Meals: 肉 | Meat, 魚\n| Ｍｅｍｏ\nNotes"] {
            let questions = parse_questions(text).unwrap();
            assert_eq!(parse_questions(&questions_text(&questions)).unwrap(), questions, "{text}");
        }
    }

    #[test]
    fn too_many_or_empty_questions_are_refused() {
        assert_eq!(parse_questions(&"質問\n".repeat(11)), Err(FieldProblem::TooLong { max: 10 }));
        assert_eq!(parse_questions("食事: |"), Err(FieldProblem::Required));
        assert_eq!(parse_questions("*"), Err(FieldProblem::Required));
    }

    #[test]
    fn an_edited_list_keeps_the_keys_of_unchanged_questions() {
        let stored = parse_questions("食事\n緊急連絡先\nバスの座席").unwrap();
        // The first question removed, one added at the top, one relabelled in English only.
        let mut edited = parse_questions("アレルギー\n緊急連絡先\nバスの座席 | Bus seat").unwrap();
        keep_keys(&stored, 0, &mut edited);
        assert_eq!(edited.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(), ["q4", "q2", "q3"]);
        // A key that answers still carry (q6: a question removed earlier) is never given again.
        let mut again = parse_questions("新しい質問\n食事").unwrap();
        keep_keys(&stored, 6, &mut again);
        assert_eq!(again.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(), ["q7", "q1"]);
    }
}
