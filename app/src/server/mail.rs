//! Mail from the association. Every mail is written to the outbox table inside the transaction of
//! the change it reports (so nothing is announced that did not happen); the server's sender
//! delivers the outbox by SMTP when that is configured. Admins can read the outbox, and tests
//! assert on it.

use crate::domain::dates::format_datetime;
use crate::i18n::Lang;
use crate::server::db::outbox;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

/// The mails the association sends.
pub enum Mail<'a> {
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
}

const SIGNATURE_JA: &str = "\n\n稲城市姉妹都市・友好都市交流協会 事務局";
const SIGNATURE_EN: &str = "\n\nSecretariat, Inagi City Sister and Friendship Cities Exchange Association";

impl Mail<'_> {
    pub fn compose(&self, lang: Lang) -> (String, String) {
        let (subject, body) = match (self, lang) {
            (Mail::ApplicationReceived { name, confirm_url }, Lang::Ja) => (
                "入会申込を受け付けました".to_string(),
                format!("{name} 様\n\n入会のお申し込みをありがとうございます。まず次のページで、このメールアドレスがご本人のものであることを確認してください（7日間有効、1回だけ使えます）。\n{confirm_url}\n\n事務局で確認のうえ、承認しましたらあらためてお知らせします。\n状況は、ご登録のメールアドレスとパスワードでログインして「マイページ」でご覧いただけます。\nお心当たりがない場合は、このメールを破棄してください。"),
            ),
            (Mail::ApplicationReceived { name, confirm_url }, Lang::En) => (
                "We have received your membership application".to_string(),
                format!("Dear {name},\n\nThank you for applying to join. First, please confirm that this email address is yours on this page (the link works once, for seven days):\n{confirm_url}\n\nThe secretariat will review your application and write to you once it is approved.\nYou can follow it on \"My page\" by logging in with your email and password.\nIf this was not you, please ignore this mail."),
            ),
            (Mail::AlreadyRegistered { reset_url }, Lang::Ja) => (
                "入会申込について".to_string(),
                format!("このメールアドレスで入会申込がありましたが、このアドレスはすでに登録されています。\nパスワードをお忘れの場合は、次のページから再設定できます。\n{reset_url}\n\nお心当たりがない場合は、このメールを破棄してください。"),
            ),
            (Mail::AlreadyRegistered { reset_url }, Lang::En) => (
                "About your membership application".to_string(),
                format!("Someone applied to join with this email address, which is already registered.\nIf you have forgotten your password, you can set a new one here:\n{reset_url}\n\nIf this was not you, please ignore this mail."),
            ),
            (Mail::Approved { name, member_number }, Lang::Ja) => (
                "入会が承認されました".to_string(),
                format!("{name} 様\n\n入会が承認されました。会員番号は {member_number} です。\nこれからどうぞよろしくお願いいたします。"),
            ),
            (Mail::Approved { name, member_number }, Lang::En) => (
                "Your membership is approved".to_string(),
                format!("Dear {name},\n\nYour membership is approved. Your member number is {member_number}.\nWelcome to the association."),
            ),
            (Mail::Rejected { name, reason }, Lang::Ja) => (
                "入会申込について".to_string(),
                format!("{name} 様\n\n申し訳ありませんが、今回の入会申込は承認されませんでした。\n理由: {reason}\n\nご不明な点は事務局までお問い合わせください。"),
            ),
            (Mail::Rejected { name, reason }, Lang::En) => (
                "About your membership application".to_string(),
                format!("Dear {name},\n\nWe are sorry, but your application was not approved.\nReason: {reason}\n\nPlease contact the secretariat with any questions."),
            ),
            (Mail::PasswordReset { url }, Lang::Ja) => (
                "パスワードの再設定".to_string(),
                format!("次のページで新しいパスワードを設定してください。このリンクは1時間有効で、1回だけ使えます。\n{url}\n\nお心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。"),
            ),
            (Mail::PasswordReset { url }, Lang::En) => (
                "Set a new password".to_string(),
                format!("Please set a new password on this page. The link works once, for one hour.\n{url}\n\nIf you did not ask for this, ignore this mail; your password stays as it is."),
            ),
            (Mail::Invitation { name, url }, Lang::Ja) => (
                "会員ページのご案内".to_string(),
                format!("{name} 様\n\n協会の会員情報をオンラインで確認・変更したり、交流事業に申し込んだりできるようになりました。\n次のページでパスワードを決めると、このメールアドレスでログインできます。このリンクは2週間有効で、1回だけ使えます。\n{url}\n\nお心当たりがない場合は、このメールを破棄してください。"),
            ),
            (Mail::Invitation { name, url }, Lang::En) => (
                "Your member page is ready".to_string(),
                format!("Dear {name},\n\nYou can now see and update your membership online and sign up for exchange events.\nChoose a password on this page and log in with this email address. The link works once, for two weeks.\n{url}\n\nIf this is not for you, please ignore this mail."),
            ),
            (Mail::EmailChangeRequested { new_email }, Lang::Ja) => (
                "メールアドレス変更のお申し込み".to_string(),
                format!("ログイン用のメールアドレスを {new_email} に変更するお申し込みがありました。新しいアドレスに届くリンクを開くと変更されます。\nお心当たりがない場合は、すぐにパスワードを変更し、事務局へご連絡ください。"),
            ),
            (Mail::EmailChangeRequested { new_email }, Lang::En) => (
                "A change of your email address was asked for".to_string(),
                format!("Someone asked to change the email address you log in with to {new_email}. It changes once the link sent to that address is used.\nIf this was not you, change your password now and contact the secretariat."),
            ),
            (Mail::ConfirmEmail { url }, Lang::Ja) => (
                "メールアドレスの確認".to_string(),
                format!("このアドレスをログイン用のメールアドレスにするには、次のページで確認してください。このリンクは24時間有効で、1回だけ使えます。\n{url}\n\nお心当たりがない場合は、このメールを破棄してください。何も変わりません。"),
            ),
            (Mail::ConfirmEmail { url }, Lang::En) => (
                "Confirm your email address".to_string(),
                format!("To log in with this address from now on, please confirm it on this page. The link works once, for 24 hours.\n{url}\n\nIf you did not ask for this, ignore this mail; nothing changes."),
            ),
            (Mail::AddressInUse, Lang::Ja) => (
                "メールアドレスについてのお知らせ".to_string(),
                "別のアカウントのログイン用アドレスを、このメールアドレスに変更しようとする操作がありました。このアドレスはすでに登録されているため、何も変更されていません。\nお心当たりがない場合は、このメールを破棄してください。".to_string(),
            ),
            (Mail::AddressInUse, Lang::En) => (
                "About your email address".to_string(),
                "Someone tried to change the login of another account to this email address. It is already registered, so nothing was changed.\nIf this means nothing to you, please ignore this mail.".to_string(),
            ),
            (Mail::SignupConfirmed { title, starts_at }, Lang::Ja) => (
                format!("参加申込を受け付けました: {title}"),
                format!("「{title}」（{}）への参加申込を受け付けました。当日お会いできるのを楽しみにしています。\n申込の確認や取り消しは、マイページの「参加申込」からできます。", format_datetime(Lang::Ja, *starts_at)),
            ),
            (Mail::SignupConfirmed { title, starts_at }, Lang::En) => (
                format!("You are signed up: {title}"),
                format!("Your sign-up for \"{title}\" ({}) is confirmed. We look forward to seeing you.\nYou can check or cancel it under \"My sign-ups\" on My page.", format_datetime(Lang::En, *starts_at)),
            ),
            (Mail::SignupWaiting { title }, Lang::Ja) => (
                format!("キャンセル待ちで受け付けました: {title}"),
                format!("「{title}」は定員に達しているため、キャンセル待ちで受け付けました。空きが出たら順番にご案内し、メールでお知らせします。"),
            ),
            (Mail::SignupWaiting { title }, Lang::En) => (
                format!("You are on the waiting list: {title}"),
                format!("\"{title}\" is full, so you are on the waiting list. If places free up, we confirm waiting sign-ups in order and write to you."),
            ),
            (Mail::Promoted { title, starts_at }, Lang::Ja) => (
                format!("参加が確定しました: {title}"),
                format!("キャンセル待ちでお申し込みの「{title}」（{}）に空きが出たため、参加が確定しました。", format_datetime(Lang::Ja, *starts_at)),
            ),
            (Mail::Promoted { title, starts_at }, Lang::En) => (
                format!("A place is yours: {title}"),
                format!("A place came free at \"{title}\" ({}), and your sign-up from the waiting list is now confirmed.", format_datetime(Lang::En, *starts_at)),
            ),
            (Mail::EventCancelled { title, reason }, Lang::Ja) => (
                format!("中止のお知らせ: {title}"),
                format!("お申し込みいただいた「{title}」は、中止となりました。\n理由: {reason}\n\nご迷惑をおかけして申し訳ありません。"),
            ),
            (Mail::EventCancelled { title, reason }, Lang::En) => (
                format!("Cancelled: {title}"),
                format!("We are sorry: \"{title}\", which you signed up for, is cancelled.\nReason: {reason}"),
            ),
            (Mail::EventChanged { title, starts_at, venue, fee_yen }, Lang::Ja) => (
                format!("内容変更のお知らせ: {title}"),
                format!("お申し込みいただいた「{title}」の内容が変わりました。\n日時: {}\n会場: {venue}\n参加費: {fee_yen}円\n\nご都合が合わなくなった場合は、マイページから取り消しができます。", format_datetime(Lang::Ja, *starts_at)),
            ),
            (Mail::EventChanged { title, starts_at, venue, fee_yen }, Lang::En) => (
                format!("Changed: {title}"),
                format!("\"{title}\", which you signed up for, has changed.\nWhen: {}\nWhere: {venue}\nFee: {fee_yen} yen\n\nIf it no longer suits you, you can cancel on My page.", format_datetime(Lang::En, *starts_at)),
            ),
        };
        let signature = if lang == Lang::Ja { SIGNATURE_JA } else { SIGNATURE_EN };
        (subject, body + signature)
    }
}

/// Queues `mail` to `to` in `lang`, inside the caller's transaction.
pub async fn queue(tx: &mut PgConnection, to: &str, lang: Lang, mail: Mail<'_>) -> Result<(), sqlx::Error> {
    queue_for(tx, None, to, lang, mail).await
}

/// Queues `mail` filed under `account` (a mail to an address the account does not have yet, so
/// that erasing the account finds it too).
pub async fn queue_for(
    tx: &mut PgConnection,
    account: Option<i64>,
    to: &str,
    lang: Lang,
    mail: Mail<'_>,
) -> Result<(), sqlx::Error> {
    let (subject, body) = mail.compose(lang);
    outbox::enqueue_for(tx, account, to, &subject, &body).await?;
    tracing::info!(outbox = %subject, "mail queued");
    Ok(())
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
