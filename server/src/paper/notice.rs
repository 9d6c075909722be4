//! The annual dues notice letter (会費納入のお願い), one A4 page per member: the address where a
//! 長3 window envelope shows it (the page folded in three), the association, what the member owes
//! (class, units, amount, the day it is due), where to pay, and the member number to write before
//! the payer's name on a transfer (how the treasurer tells transfers apart).

use super::receipt::issuer_block;
use super::sheet::{Sheet, A4};
use super::{Issuer, Pdf};
use app::domain::address::format_postal_code;
use app::domain::dates::format_date;
use app::i18n::names::prefecture_name;

use app::i18n::Lang;
use app::server::db::mailing::NoticeLine;
use chrono::NaiveDate;

/// What every letter of one run shares.
pub struct Run<'a> {
    pub year: i32,
    pub written_on: NaiveDate,
    pub due_by: NaiveDate,
    pub issuer: &'a Issuer,
}

pub fn render(run: &Run, letters: &[NoticeLine], pdf: &mut Pdf) {
    for letter in letters {
        pdf.page(A4, |s| draw(s, run, letter));
    }
}

fn draw(s: &mut Sheet, run: &Run, n: &NoticeLine) {
    let (width, _) = A4;
    let day = |d| format_date(Lang::Ja, d);
    // The window of a 長3 envelope: about 20 mm in from the left, 12 mm down.
    let mut y = 24.0;
    s.text(25.0, y, 10.5, &format_postal_code(&n.to.postal_code));
    let prefecture = n.to.prefecture_code.map_or("", |code| prefecture_name(code, Lang::Ja));
    for line in s.wrap(&format!("{prefecture}{}{}", n.to.city, n.to.street), 10.5, 80.0).into_iter().take(2) {
        y += 5.2;
        s.text(25.0, y, 10.5, &line);
    }
    if !n.to.attention.is_empty() {
        y += 6.0;
        s.text(25.0, y, 11.0, &n.to.addressee);
    }
    y += 8.0;
    let person = if n.to.attention.is_empty() { &n.to.addressee } else { &n.to.attention };
    let name = format!("{person}　様");
    let size = s.fitting(&name, 14.0, 80.0);
    s.text(25.0, y, size, &name);
    s.text_right(width - 20.0, 24.0, 10.5, &day(run.written_on));
    issuer_block(s, run.issuer, width - 20.0, 66.0);

    s.text_centred(width / 2.0, 104.0, 18.0, &format!("{}年度　会費納入のお願い", run.year));
    let number = n.to.member_number.map_or_else(|| "—".to_string(), |n| n.to_string());
    // A letter sent after the due day (a late run) asks for soon, not for a day gone by.
    let late = run.due_by < run.written_on;
    let (due, due_cell) = if late {
        ("お早めに".to_string(), "お早めにお願いします".to_string())
    } else {
        (format!("{}までに", day(run.due_by)), day(run.due_by))
    };
    let body = format!(
        "日頃より当協会の活動にご理解とご協力をいただき、ありがとうございます。\n\
         {year}年度の年会費の納入をお願いいたします。{due}、下記の口座へお振り込みいただくか、\
         事務局までお持ちください。\n\
         お振り込みの際は、ご依頼人のお名前の前に会員番号（{number}）をお書きください。\n\
         行き違いでお納めいただいている場合は、ご容赦ください。",
        year = run.year,
    );
    let mut y = 118.0;
    for line in s.wrap(&body, 11.0, 168.0) {
        s.text(21.0, y, 11.0, &line);
        y += 6.2;
    }

    y += 6.0;
    let account = if run.issuer.payment_account.is_empty() {
        "事務局にお問い合わせください。".to_string()
    } else {
        run.issuer.payment_account.clone()
    };
    let rows = [
        ("会員番号", number),
        ("会員種別", n.class_name.clone()),
        ("口数", format!("{}口", n.units)),
        ("会費", Lang::En.yen(n.dues_yen)),
        ("納入期限", due_cell),
    ];
    let (left, label_width, table_width) = (30.0, 32.0, 150.0);
    for (label, value) in rows {
        s.frame((left, y), (table_width, 10.0), 0.6);
        s.line((left + label_width, y), (left + label_width, y + 10.0), 0.6);
        s.text(left + 3.0, y + 6.8, 11.0, label);
        s.text(left + label_width + 4.0, y + 6.8, if label == "会費" { 13.0 } else { 11.0 }, &value);
        y += 10.0;
    }
    let lines = s.wrap(&account, 11.0, table_width - label_width - 8.0);
    let height = 4.0 + lines.len() as f32 * 6.0;
    s.frame((left, y), (table_width, height), 0.6);
    s.line((left + label_width, y), (left + label_width, y + height), 0.6);
    s.text(left + 3.0, y + 6.8, 11.0, "振込先");
    for (i, line) in lines.iter().enumerate() {
        s.text(left + label_width + 4.0, y + 6.8 + i as f32 * 6.0, 11.0, line);
    }
}
