//! The association's mails in Japanese: one function per [`super::Mail`], returning (subject, body) without the
//! signature, which [`super::Mail::compose`] adds.

use crate::domain::dates::format_datetime;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};

pub fn application_received(name: &str, confirm_url: &str) -> (String, String) {
    (
        "入会申込を受け付けました".to_string(),
        format!("{name} 様\n\n入会のお申し込みをありがとうございます。まず次のページで、このメールアドレスがご本人のものであることを確認してください（7日間有効、1回だけ使えます）。\n{confirm_url}\n\n事務局で確認のうえ、承認しましたらあらためてお知らせします。\n状況は、ご登録のメールアドレスとパスワードでログインして「マイページ」でご覧いただけます。\nお心当たりがない場合は、このメールを破棄してください。"),
    )
}

pub fn already_registered(reset_url: &str) -> (String, String) {
    (
        "入会申込について".to_string(),
        format!("このメールアドレスで入会申込がありましたが、このアドレスはすでに登録されています。\nパスワードをお忘れの場合は、次のページから再設定できます。\n{reset_url}\n\nお心当たりがない場合は、このメールを破棄してください。"),
    )
}

pub fn approved(name: &str, member_number: i32) -> (String, String) {
    (
        "入会が承認されました".to_string(),
        format!("{name} 様\n\n入会が承認されました。会員番号は {member_number} です。\nこれからどうぞよろしくお願いいたします。"),
    )
}

pub fn rejected(name: &str, reason: &str) -> (String, String) {
    (
        "入会申込について".to_string(),
        format!("{name} 様\n\n申し訳ありませんが、今回の入会申込は承認されませんでした。\n理由: {reason}\n\nご不明な点は事務局までお問い合わせください。"),
    )
}

pub fn password_reset(url: &str) -> (String, String) {
    (
        "パスワードの再設定".to_string(),
        format!("次のページで新しいパスワードを設定してください。このリンクは1時間有効で、1回だけ使えます。\n{url}\n\nお心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。"),
    )
}

pub fn invitation(name: &str, url: &str) -> (String, String) {
    (
        "会員ページのご案内".to_string(),
        format!("{name} 様\n\n協会の会員情報をオンラインで確認・変更したり、交流事業に申し込んだりできるようになりました。\n次のページでパスワードを決めると、このメールアドレスでログインできます。このリンクは2週間有効で、1回だけ使えます。\n{url}\n\nお心当たりがない場合は、このメールを破棄してください。"),
    )
}

pub fn staff_invitation(name: &str, role: &str, url: &str) -> (String, String) {
    (
        "事務局のログインのご案内".to_string(),
        format!("{name} 様\n\n協会の会員管理システムに、事務局の担当（{role}）としてのログインを用意しました。\n次のページでパスワードを決めると、このメールアドレスでログインできます。このリンクは2週間有効で、1回だけ使えます。\n{url}\n\nお心当たりがない場合は、このメールを破棄し、事務局へご連絡ください。"),
    )
}

pub fn email_change_requested(new_email: &str) -> (String, String) {
    (
        "メールアドレス変更のお申し込み".to_string(),
        format!("ログイン用のメールアドレスを {new_email} に変更するお申し込みがありました。新しいアドレスに届くリンクを開くと変更されます。\nお心当たりがない場合は、すぐにパスワードを変更し、事務局へご連絡ください。"),
    )
}

pub fn confirm_email(url: &str) -> (String, String) {
    (
        "メールアドレスの確認".to_string(),
        format!("このアドレスをログイン用のメールアドレスにするには、次のページで確認してください。このリンクは24時間有効で、1回だけ使えます。\n{url}\n\nお心当たりがない場合は、このメールを破棄してください。何も変わりません。"),
    )
}

pub fn address_in_use() -> (String, String) {
    (
        "メールアドレスについてのお知らせ".to_string(),
        "別のアカウントのログイン用アドレスを、このメールアドレスに変更しようとする操作がありました。このアドレスはすでに登録されているため、何も変更されていません。\nお心当たりがない場合は、このメールを破棄してください。".to_string(),
    )
}

pub fn signup_confirmed(title: &str, starts_at: DateTime<Utc>) -> (String, String) {
    (
        format!("参加申込を受け付けました: {title}"),
        format!("「{title}」（{}）への参加申込を受け付けました。当日お会いできるのを楽しみにしています。\n申込の確認や取り消しは、マイページの「参加申込」からできます。", format_datetime(Lang::Ja, starts_at)),
    )
}

pub fn signup_waiting(title: &str) -> (String, String) {
    (
        format!("キャンセル待ちで受け付けました: {title}"),
        format!("「{title}」は定員に達しているため、キャンセル待ちで受け付けました。空きが出たら順番にご案内し、メールでお知らせします。"),
    )
}

pub fn promoted(title: &str, starts_at: DateTime<Utc>) -> (String, String) {
    (
        format!("参加が確定しました: {title}"),
        format!(
            "キャンセル待ちでお申し込みの「{title}」（{}）に空きが出たため、参加が確定しました。",
            format_datetime(Lang::Ja, starts_at)
        ),
    )
}

pub fn signup_cancelled(title: &str, starts_at: DateTime<Utc>, by_chair: bool) -> (String, String) {
    let who = if by_chair { "担当の委員会が" } else { "" };
    (
        format!("申込を取り消しました: {title}"),
        format!(
            "「{title}」（{}）へのお申し込みを、{who}取り消しました。\nもう一度参加したいときは、サイトからお申し込みください（空きがないときはキャンセル待ちになります）。",
            format_datetime(Lang::Ja, starts_at)
        ),
    )
}

pub fn event_cancelled(title: &str, reason: &str) -> (String, String) {
    (
        format!("中止のお知らせ: {title}"),
        format!("お申し込みいただいた「{title}」は、中止となりました。\n理由: {reason}\n\nご迷惑をおかけして申し訳ありません。"),
    )
}

pub fn event_changed(title: &str, starts_at: DateTime<Utc>, venue: &str, fee_yen: i32) -> (String, String) {
    (
        format!("内容変更のお知らせ: {title}"),
        format!("お申し込みいただいた「{title}」の内容が変わりました。\n日時: {}\n会場: {venue}\n参加費: {fee_yen}円\n\nご都合が合わなくなった場合は、マイページから取り消しができます。", format_datetime(Lang::Ja, starts_at)),
    )
}

pub fn dues_notice(n: &super::DuesNotice) -> (String, String) {
    let number = n.member_number.map_or_else(|| "—".to_string(), |n| n.to_string());
    let account = if n.account.is_empty() { "事務局にお問い合わせください。" } else { n.account };
    let due = crate::domain::dates::format_date(Lang::Ja, n.due_by);
    // A notice sent after the due day (a late run) asks for soon, not for a day gone by.
    let late = n.due_by < crate::domain::dates::today_in_japan();
    let yen = crate::i18n::words::yen_ja(n.dues_yen);
    let (subject, opening) = if n.reminder {
        (
            format!("{}年度 会費納入のお願い（再度のご案内）", n.year),
            format!("{}年度の年会費が、{due}の期限を過ぎてもまだ確認できておりません。お手数ですが、お早めにお納めください。", n.year),
        )
    } else {
        (
            format!("{}年度 会費納入のお願い", n.year),
            format!(
                "日頃より当協会の活動にご協力いただき、ありがとうございます。\n{}年度の年会費の納入をお願いいたします。{}",
                n.year,
                if late { "お早めにお納めください。".to_string() } else { format!("{due}までにお納めください。") }
            ),
        )
    };
    (
        subject,
        format!(
            "{name} 様\n\n{opening}\n\n会員番号: {number}\n会費: {yen}\n振込先:\n{account}\n\nお振り込みの際は、ご依頼人のお名前の前に会員番号（{number}）をお書きください。\n行き違いでお納めいただいている場合は、ご容赦ください。",
            name = n.name
        ),
    )
}

pub fn receipt(name: &str, number: &str, amount_yen: i32, dues_year: Option<i32>) -> (String, String) {
    let what = dues_year.map_or_else(|| "ご寄付".to_string(), |year| format!("{year}年度の年会費"));
    let yen = crate::i18n::words::yen_ja(amount_yen);
    (
        format!("領収書（No. {number}）"),
        format!(
            "{name} 様\n\n{what}（{yen}）を確かに受け取りました。ありがとうございます。\n領収書（No. {number}）をPDFでお送りします。印刷してお使いいただけます。\n\n紙の領収書が必要な場合は、事務局までお知らせください。"
        ),
    )
}

pub fn event_reminder(title: &str, starts_at: DateTime<Utc>, venue: &str) -> (String, String) {
    let when = format_datetime(Lang::Ja, starts_at);
    (
        format!("まもなく開催: {title}（{when}）"),
        format!("お申し込みいただいた「{title}」が近づいてきました。\n\n日時: {when}\n会場: {venue}\n\n都合が悪くなった場合は、マイページの「参加申込」から取り消してください。キャンセル待ちの方にご案内します。"),
    )
}

pub fn newsletter(subject: &str, body: &str, in_english: bool, unsubscribe_url: Option<&str>) -> (String, String) {
    let note = if in_english { "（このお知らせは英語でのみ書かれています。）\n\n" } else { "" };
    let footer = unsubscribe_url
        .map(|url| {
            format!("\n\n――\nこのメールは、会報・お知らせのメールを希望された方にお送りしています。\n配信を止めるには、次のページを開いてボタンを押してください（ログインは要りません）:\n{url}\nマイページの「会報・お知らせのメール」でも変えられます。")
        })
        .unwrap_or_default();
    (subject.to_string(), format!("{note}{body}{footer}"))
}
