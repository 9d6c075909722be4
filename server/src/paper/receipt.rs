//! The receipt (領収書), one to an A5 page on its side: number, day issued, to whom, the amount
//! in a box, what for, the day received, and the association as issuer. A reissue says 再発行, a
//! second print of the same issue 控（写し）; a cancelled receipt says so across its top, so that a copy kept for the files cannot be
//! mistaken for one in force. Japanese only: a receipt is a Japanese accounting document.

use super::sheet::{Sheet, A5_LANDSCAPE};
use super::{Issuer, Pdf};
use app::domain::dates::format_date;
use app::domain::receipt::{Cancelled, Receipt};

use app::i18n::Lang;

/// All the receipts, one page each, in the order given.
pub fn render(receipts: &[Receipt], issuer: &Issuer, pdf: &mut Pdf) {
    for receipt in receipts {
        pdf.page(A5_LANDSCAPE, |sheet| draw(sheet, receipt, issuer));
    }
}

fn draw(s: &mut Sheet, r: &Receipt, issuer: &Issuer) {
    let (width, _) = A5_LANDSCAPE;
    let day = |d| format_date(Lang::Ja, d);
    if r.is_reissue() {
        s.frame((14.0, 10.0), (22.0, 9.0), 1.0);
        s.text_centred(25.0, 16.8, 12.0, "再発行");
    }
    // The same issue printed again: a copy for the files, never a second original.
    if r.printed {
        s.frame((40.0, 10.0), (30.0, 9.0), 1.0);
        s.text_centred(55.0, 16.8, 12.0, "控（写し）");
    }
    s.text_right(width - 14.0, 15.0, 10.5, &format!("No. {}", r.number_label()));
    s.text_right(width - 14.0, 21.0, 10.5, &format!("発行日 {}", day(r.issued_on)));
    s.text_centred(width / 2.0, 32.0, 26.0, "領　収　書");
    if let Some(why) = r.cancelled {
        let reason = match why {
            Cancelled::Voided => "取消（入金の記録を取り消しました）",
            Cancelled::Changed => "取消（入金の記録または宛名を訂正したため）",
        };
        s.text_centred(width / 2.0, 41.0, 12.0, reason);
    }
    let addressee = format!("{}　様", r.addressee);
    let size = s.fitting(&addressee, 17.0, 120.0);
    s.text(20.0, 54.0, size, &addressee);
    s.line((18.0, 56.5), (140.0, 56.5), 0.8);
    if let Some(number) = r.member_number {
        s.text_right(width - 14.0, 54.0, 10.5, &format!("会員番号 {number}"));
    }
    s.frame((35.0, 62.0), (140.0, 19.0), 1.2);
    s.text(40.0, 74.5, 12.0, "金額");
    s.text_centred(width / 2.0 + 8.0, 75.5, 24.0, &format!("{}－", Lang::En.yen(r.amount_yen)));
    s.text(20.0, 92.0, 12.0, &format!("但し　{}として", r.for_what.words_ja()));
    s.text(20.0, 100.0, 12.0, "上記の金額を正に領収いたしました。");
    s.text(20.0, 108.0, 11.0, &format!("受領日　{}", day(r.received_on)));
    issuer_block(s, issuer, width - 14.0, 114.0);
}

/// The association, right-aligned under `top` mm: name, address, phone, representative.
pub(super) fn issuer_block(s: &mut Sheet, issuer: &Issuer, right: f32, top: f32) {
    let mut y = top;
    s.text_right(right, y, 13.0, &issuer.name);
    y += 6.0;
    for line in issuer.address_lines() {
        s.text_right(right, y, 9.5, &line);
        y += 4.8;
    }
    if !issuer.phone.is_empty() {
        s.text_right(right, y, 9.5, &format!("電話 {}", issuer.phone));
        y += 4.8;
    }
    if !issuer.representative.is_empty() {
        s.text_right(right, y + 1.5, 11.0, &issuer.representative);
    }
}
