//! Address labels on A4 label sheets (the usual Japanese 12- and 24-label sheets, e.g. A-one 72212
//! and 72224): 〒, the address (two lines at most), the name with 様, and the member number in a
//! corner so that returned post can be traced. One label per envelope, in the order given.

use super::sheet::{Sheet, A4};
use super::Pdf;
use app::domain::address::format_postal_code;
use app::i18n::names::prefecture_name;
use app::i18n::Lang;
use app::server::db::mailing::PostalAddressee;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSheet {
    /// 2 × 6 labels of 86.4 × 42.3 mm.
    Twelve,
    /// 3 × 8 labels of 70 × 33.9 mm.
    TwentyFour,
}

/// Where the labels are on the sheet, in mm.
struct Layout {
    columns: usize,
    rows: usize,
    width: f32,
    height: f32,
    left: f32,
    top: f32,
    /// Inside each label, kept clear of the edge.
    padding: f32,
    /// Font sizes (points): address, name.
    small: f32,
    large: f32,
}

impl LabelSheet {
    /// "12" or "24" (labels per sheet).
    pub fn parse(value: &str) -> Option<LabelSheet> {
        match value.trim() {
            "12" => Some(LabelSheet::Twelve),
            "24" => Some(LabelSheet::TwentyFour),
            _ => None,
        }
    }

    pub fn per_sheet(self) -> usize {
        let layout = self.layout();
        layout.columns * layout.rows
    }

    fn layout(self) -> Layout {
        match self {
            LabelSheet::Twelve => Layout {
                columns: 2,
                rows: 6,
                width: 86.4,
                height: 42.3,
                left: 18.6,
                top: 21.6,
                padding: 6.0,
                small: 10.0,
                large: 13.0,
            },
            LabelSheet::TwentyFour => Layout {
                columns: 3,
                rows: 8,
                width: 70.0,
                height: 33.9,
                left: 0.0,
                top: 12.9,
                padding: 5.0,
                small: 8.5,
                large: 11.0,
            },
        }
    }
}

pub fn render(sheet: LabelSheet, to: &[PostalAddressee], pdf: &mut Pdf) {
    let layout = sheet.layout();
    for page in to.chunks(sheet.per_sheet()) {
        pdf.page(A4, |s| {
            for (i, addressee) in page.iter().enumerate() {
                let x = layout.left + (i % layout.columns) as f32 * layout.width;
                let y = layout.top + (i / layout.columns) as f32 * layout.height;
                draw(s, &layout, (x, y), addressee);
            }
        });
    }
}

fn draw(s: &mut Sheet, l: &Layout, (x, y): (f32, f32), to: &PostalAddressee) {
    let left = x + l.padding;
    let width = l.width - 2.0 * l.padding;
    let line = |size: f32| size * 25.4 / 72.0 * 1.35;
    let mut baseline = y + l.padding * 0.8 + line(l.small);
    s.text(left, baseline, l.small, &format_postal_code(&to.postal_code));
    let prefecture = to.prefecture_code.map_or("", |code| prefecture_name(code, Lang::Ja));
    let address = format!("{prefecture}{}{}", to.city, to.street);
    for text in s.wrap(&address, l.small, width).into_iter().take(2) {
        baseline += line(l.small);
        s.text(left, baseline, l.small, &text);
    }
    // An organisation's name on its own line, then the person 様 (else the member 様).
    let person = if to.attention.is_empty() {
        &to.addressee
    } else {
        baseline += line(l.small);
        let size = s.fitting(&to.addressee, l.small, width);
        s.text(left, baseline, size, &to.addressee);
        &to.attention
    };
    baseline += line(l.large) * 1.1;
    let name = format!("{person}　様");
    let size = s.fitting(&name, l.large, width);
    s.text(left, baseline, size, &name);
    if let Some(number) = to.member_number {
        s.text_right(x + l.width - l.padding * 0.6, y + l.height - l.padding * 0.4, 6.5, &format!("No.{number}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_hold_twelve_or_twenty_four_and_fit_on_a4() {
        for (code, sheet, count) in [("12", LabelSheet::Twelve, 12), ("24", LabelSheet::TwentyFour, 24)] {
            assert_eq!(LabelSheet::parse(code), Some(sheet));
            assert_eq!(sheet.per_sheet(), count);
            let l = sheet.layout();
            assert!(l.left * 2.0 + l.width * l.columns as f32 <= A4.0 + 0.01);
            assert!(l.top + l.height * l.rows as f32 <= A4.1);
        }
        assert_eq!(LabelSheet::parse("10"), None);
    }
}
