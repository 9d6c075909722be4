//! A newsletter on paper, for the members who get post: A4 pages in the reader's language (the
//! other language, with a note, when it was written in one only), its subject as the heading,
//! the text wrapped to the page and run over as many pages as it needs, each numbered.

use super::sheet::{wrap, A4};
use super::Pdf;
use app::domain::dates::format_date;
use app::domain::newsletter::Letter;
use app::i18n::Lang;
use chrono::NaiveDate;

const SIZE: f32 = 11.5;
const LEADING: f32 = 6.6;
const LEFT: f32 = 20.0;
const WIDTH: f32 = 170.0;
const BOTTOM: f32 = 272.0;

/// The letter in `lang`, signed by `association`, dated `sent_on`.
pub fn render(letter: &Letter, lang: Lang, association: &str, sent_on: NaiveDate, pdf: &mut Pdf) {
    let (written_in, subject, body) = letter.in_lang(lang);
    let mut text = String::new();
    if written_in != lang {
        text.push_str(match lang {
            Lang::Ja => "（このお知らせは英語でのみ書かれています。）\n\n",
            Lang::En => "(This message was written in Japanese only.)\n\n",
        });
    }
    text.push_str(body);
    let font = pdf.font();
    let heading = wrap(font, subject, 16.0, WIDTH);
    let lines = wrap(font, &text, SIZE, WIDTH);
    // The first page starts below the heading; the others at the top.
    let first_top = 40.0 + heading.len() as f32 * 8.0;
    let per_page = |top: f32| ((BOTTOM - top) / LEADING).floor().max(1.0) as usize;
    let mut pages: Vec<&[String]> = Vec::new();
    let mut rest = lines.as_slice();
    let mut top = first_top;
    loop {
        let take = per_page(top).min(rest.len());
        pages.push(&rest[..take]);
        rest = &rest[take..];
        top = 25.0;
        if rest.is_empty() {
            break;
        }
    }
    let total = pages.len();
    for (n, page_lines) in pages.into_iter().enumerate() {
        pdf.page(A4, |s| {
            let mut y = 25.0;
            if n == 0 {
                s.text_right(A4.0 - LEFT, 18.0, 10.0, &format_date(lang, sent_on));
                s.text(LEFT, 18.0, 10.0, association);
                y = 34.0;
                for line in &heading {
                    s.text(LEFT, y, 16.0, line);
                    y += 8.0;
                }
                y = first_top;
            }
            for line in page_lines {
                s.text(LEFT, y, SIZE, line);
                y += LEADING;
            }
            s.text_centred(A4.0 / 2.0, 287.0, 9.0, &format!("{} / {total}", n + 1));
        });
    }
}
