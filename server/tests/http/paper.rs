//! Paper as PDF, read back as a person would see it: the text extracted with `pdftotext`, the
//! first page rendered with `pdftoppm` (it must carry ink). Receipts numbered, reissued and
//! renumbered after a correction; a year's run; labels and letters only for members who get post.

use crate::support::accounts::{admin_and_member, Session, ADMIN};
use crate::support::fixtures::{active_member, applied, hash, my_membership, staff_login};
use crate::support::{app, form, get_bytes, with_db};
use app::domain::staff::StaffRole;
use axum::http::StatusCode;
use axum::Router;
use sqlx::PgPool;
use std::process::Command;

/// A file of its own for one PDF (the poppler tools read files).
fn scratch(pdf: &[u8]) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("kizuna-paper-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("file.pdf"), pdf).unwrap();
    dir
}

/// The text of every page as laid out (pages end with a form feed), each run of spaces (the
/// ideographic one too) made one space, so that a test reads "稲城 花子 様" however far apart.
/// The tools run outside the shared runtime's two workers (`block_in_place`): a test waiting on
/// them must not hold up the other tests' requests.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    tokio::task::block_in_place(|| pdf_text_now(pdf))
}

fn pdf_text_now(pdf: &[u8]) -> String {
    let dir = scratch(pdf);
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(dir.join("file.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_dir_all(&dir).ok();
    let text = String::from_utf8(out.stdout).unwrap();
    text.split('\n')
        .map(|line| line.split([' ', '\u{3000}']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn pages(text: &str) -> usize {
    text.matches('\u{c}').count()
}

/// How many dark pixels the first page has, rendered at 30 dpi.
fn ink(pdf: &[u8]) -> usize {
    tokio::task::block_in_place(|| ink_now(pdf))
}

fn ink_now(pdf: &[u8]) -> usize {
    let dir = scratch(pdf);
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "30", "-f", "1", "-l", "1", "-singlefile"])
        .arg(dir.join("file.pdf"))
        .arg(dir.join("page"))
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(status.success());
    let image = image::open(dir.join("page.png")).unwrap().to_luma8();
    std::fs::remove_dir_all(&dir).ok();
    image.pixels().filter(|p| p.0[0] < 128).count()
}

async fn pdf(app: &Router, who: &Session, path: &str) -> (StatusCode, Vec<u8>) {
    let (status, body, kind) = get_bytes(app, path, &[("cookie", who.cookie())]).await;
    if status == StatusCode::OK {
        assert_eq!(kind, "application/pdf");
        assert!(body.starts_with(b"%PDF-"), "a PDF");
        // PAPER_SAMPLES=folder keeps each PDF, to look at.
        if let Some(folder) = std::env::var_os("PAPER_SAMPLES") {
            let name: String = path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            std::fs::write(std::path::Path::new(&folder).join(format!("{name}.pdf")), &body).unwrap();
        }
    }
    (status, body)
}

async fn treasurer_and_clerk(app: &Router, pool: &PgPool) -> (Session, Session) {
    let (email, password) = staff_login(pool, "会計 花子", "kaikei@example.jp", StaffRole::Treasurer).await;
    let treasurer = Session::log_in(app, (&email, &password)).await;
    let (email, password) = staff_login(pool, "名簿 一郎", "meibo@example.jp", StaffRole::Clerk).await;
    let clerk = Session::log_in(app, (&email, &password)).await;
    (treasurer, clerk)
}

fn record(id: &str, year: i64, amount: &str) -> String {
    form(&[
        ("id", id),
        ("fiscal_year", &year.to_string()),
        ("paid_on", &format!("{year}-05-10")),
        ("amount_yen", amount),
        ("method", "bank_transfer"),
        ("note", ""),
    ])
}

#[test]
fn a_receipt_goes_by_email_with_its_pdf_attached() {
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, applicant) = applied(&app, &db.pool).await;
        let admin = Session::log_in(&app, ADMIN).await;
        let id = id.to_string();
        admin.post_form("/api/approve_member", &form(&[("id", &id)])).await;
        let (treasurer, clerk) = treasurer_and_clerk(&app, &db.pool).await;
        let year = my_membership(&app, &applicant).await["current_fiscal_year"].as_i64().unwrap();
        assert_eq!(treasurer.post_form("/api/record_dues", &record(&id, year, "2000")).await.status, StatusCode::OK);
        let payment = my_membership(&app, &applicant).await["dues"][0]["id"].as_i64().unwrap().to_string();
        let page = || async {
            let page = treasurer.get(&format!("/api/dues_payment?id={id}&payment={payment}")).await;
            serde_json::from_str::<serde_json::Value>(&page.body).unwrap()
        };
        let email: String = sqlx::query_scalar(
            "SELECT a.email FROM members m JOIN accounts a ON a.id = m.account_id WHERE m.id = $1::bigint",
        )
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(page().await["mail_to"], email.as_str(), "the page names where it goes");
        assert_eq!(
            treasurer.post_form("/api/issue_receipt", &form(&[("payment", &payment)])).await.status,
            StatusCode::OK
        );
        let receipt = page().await["receipts"][0]["id"].as_i64().unwrap();
        let mail = format!("/admin/paper/receipts/{receipt}/mail");

        assert_eq!(clerk.post_form(&mail, "").await.status, StatusCode::FORBIDDEN);
        let sent = treasurer.post_form(&mail, "").await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        assert_eq!(sent.header("location"), format!("/admin/members/{id}/dues/{payment}?receipt_mailed=1#receipt"));
        let (to, subject, body, attached): (String, String, String, Vec<u8>) = sqlx::query_as(
            "SELECT o.to_address, o.subject, o.body, x.content FROM outbox o JOIN outbox_attachments x ON x.outbox_id = o.id",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let number = format!("{year}-0001");
        assert_eq!((to.as_str(), subject.as_str()), (email.as_str(), format!("領収書（No. {number}）").as_str()));
        assert!(body.contains(&format!("{year}年度の年会費（2,000円）")), "{body}");
        let text = pdf_text(&attached);
        assert!(text.contains(&format!("No. {number}")) && text.contains("¥2,000") && !text.contains("控"), "{text}");
        // The mailed PDF is the original: a print now is a copy.
        let copy = pdf_text(&pdf(&app, &treasurer, &format!("/admin/paper/receipts/{receipt}")).await.1);
        assert!(copy.contains("控（写し）"), "{copy}");
        let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'receipt.mail'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(audited, 1);
        // A cancelled receipt is not mailed.
        let void = form(&[("id", &id), ("payment", &payment), ("reason", "二重入金")]);
        assert_eq!(treasurer.post_form("/api/void_dues_payment", &void).await.status, StatusCode::OK);
        assert_eq!(treasurer.post_form(&mail, "").await.status, StatusCode::NOT_FOUND);
    });
}

#[test]
fn a_receipt_is_numbered_reissued_and_renumbered_after_a_correction() {
    // Drawing and reading PDFs keeps both cores busy: not while a test times an answer.
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, applicant) = applied(&app, &db.pool).await;
        let admin = Session::log_in(&app, ADMIN).await;
        let id = id.to_string();
        admin.post_form("/api/approve_member", &form(&[("id", &id)])).await;
        let (treasurer, clerk) = treasurer_and_clerk(&app, &db.pool).await;
        let year = my_membership(&app, &applicant).await["current_fiscal_year"].as_i64().unwrap();
        assert_eq!(treasurer.post_form("/api/record_dues", &record(&id, year, "1000")).await.status, StatusCode::OK);
        let mine = my_membership(&app, &applicant).await;
        let payment = mine["dues"][0]["id"].as_i64().unwrap().to_string();
        let name: String = sqlx::query_scalar("SELECT full_name FROM members WHERE id = $1::bigint")
            .bind(id.parse::<i64>().unwrap())
            .fetch_one(&db.pool)
            .await
            .unwrap();

        // The payment's receipts as its page lists them: the one in force first.
        let receipts = || async {
            let page = treasurer.get(&format!("/api/dues_payment?id={id}&payment={payment}")).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            let page: serde_json::Value = serde_json::from_str(&page.body).unwrap();
            page["receipts"].as_array().unwrap().clone()
        };
        let issue = || async {
            let done = treasurer.post_form("/api/issue_receipt", &form(&[("payment", &payment)])).await;
            assert_eq!(done.status, StatusCode::OK, "{}", done.body);
            receipts().await[0].clone()
        };
        let refused = clerk.post_form("/api/issue_receipt", &form(&[("payment", &payment)])).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(receipts().await.is_empty());
        let first = issue().await;
        assert_eq!((first["number"].as_i64(), first["issues"].as_i64()), (Some(1), Some(1)));
        let receipt = format!("/admin/paper/receipts/{}", first["id"]);

        let (status, body) = pdf(&app, &treasurer, &receipt).await;
        assert_eq!(status, StatusCode::OK);
        let text = pdf_text(&body);
        let expected =
            [format!("No. {year}-0001"), format!("{name} 様"), "¥1,000".into(), format!("{year}年度 年会費")];
        for expected in expected {
            assert!(text.contains(&expected), "{expected} in:\n{text}");
        }
        assert!(!text.contains("再発行"), "the first issue");
        assert!(ink(&body) > 500, "the page carries text");
        let copy = pdf_text(&pdf(&app, &treasurer, &receipt).await.1);
        assert!(
            copy.contains("控（写し）") && copy.contains(&format!("No. {year}-0001")),
            "printed twice: a copy\n{copy}"
        );
        assert_eq!(pdf(&app, &clerk, &receipt).await.0, StatusCode::FORBIDDEN);
        assert_eq!(get_bytes(&app, &receipt, &[]).await.0, StatusCode::UNAUTHORIZED);

        // A correction of the amount cancels the receipt; the next one has a new number.
        let correct = form(&[
            ("payment", &payment),
            ("fiscal_year", &year.to_string()),
            ("paid_on", &format!("{year}-05-10")),
            ("amount_yen", "3000"),
            ("method", "bank_transfer"),
            ("note", ""),
            ("reason", "二口分の入金"),
        ]);
        assert_eq!(treasurer.post_form("/api/correct_dues_payment", &correct).await.status, StatusCode::OK);
        let cancelled = pdf_text(&pdf(&app, &treasurer, &receipt).await.1);
        assert!(cancelled.contains("取消"), "{cancelled}");
        let second = issue().await;
        assert_eq!((second["number"].as_i64(), second["amount_yen"].as_i64()), (Some(2), Some(3000)));

        // Issued again: the same number, and the paper says 再発行.
        let again = issue().await;
        assert_eq!((again["id"].clone(), again["issues"].as_i64()), (second["id"].clone(), Some(2)));
        let text = pdf_text(&pdf(&app, &treasurer, &format!("/admin/paper/receipts/{}", again["id"])).await.1);
        assert!(
            text.contains("再発行") && text.contains(&format!("No. {year}-0002")) && text.contains("¥3,000"),
            "{text}"
        );

        let all = receipts().await;
        assert_eq!(all.len(), 2, "the one in force and the cancelled one");
        assert_eq!(all[1]["cancelled"], "Changed");
        let audited: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_log WHERE action LIKE 'receipt.%' OR action LIKE 'paper.%' ORDER BY id",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(audited.iter().filter(|a| *a == "receipt.issue").count(), 3);
        assert!(audited.iter().any(|a| a == "paper.receipt"));
    });
}

/// Active members numbered from `first`, with an address; `how` says how each gets mail.
async fn members_with_addresses(pool: &PgPool, first: i32, how: &[&str]) -> Vec<i64> {
    let hash = hash("a long member phrase").await;
    let mut ids = Vec::new();
    for (n, contact_by) in how.iter().enumerate() {
        let number = first + n as i32;
        let (_, id) = active_member(pool, &format!("m{number}@example.jp"), &hash, number).await;
        sqlx::query(
            "UPDATE members SET contact_by = $2, postal_code = '2060802', prefecture_code = 13, city = '稲城市',
                 street = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(contact_by)
        .bind(format!("東長沼{number}"))
        .execute(pool)
        .await
        .unwrap();
        ids.push(i64::from(id));
    }
    ids
}

#[test]
fn a_year_s_receipts_are_numbered_once_in_member_order_and_print_as_one_pdf() {
    // Drawing and reading PDFs keeps both cores busy: not while a test times an answer.
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (treasurer, _) = treasurer_and_clerk(&app, &db.pool).await;
        let ids = members_with_addresses(&db.pool, 101, &["email"; 5]).await;
        let year = i64::from(app::server::db::association::profile::load(&db.pool).await.unwrap().calendar.this_year());
        for id in ids.iter().rev() {
            let done = treasurer.post_form("/api/record_dues", &record(&id.to_string(), year, "")).await;
            assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        }
        let run = form(&[("year", &year.to_string())]);
        assert_eq!(treasurer.post_form("/api/issue_receipts", &run).await.status, StatusCode::OK);
        assert_eq!(treasurer.post_form("/api/issue_receipts", &run).await.status, StatusCode::OK);
        let issued: Vec<serde_json::Value> = sqlx::query_scalar(
            "SELECT details->'issued' FROM audit_log WHERE action = 'receipt.issue_year' ORDER BY id",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(issued, [serde_json::json!(5), serde_json::json!(0)], "each payment once");
        let (status, body) = pdf(&app, &treasurer, &format!("/admin/paper/receipts?year={year}")).await;
        assert_eq!(status, StatusCode::OK);
        let text = pdf_text(&body);
        assert_eq!(pages(&text), 5);
        let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle} in {text}"));
        assert!(at(&format!("No. {year}-0001")) < at("会員 101") && at("会員 101") < at("会員 105"));
        assert!(at(&format!("No. {year}-0005")) > at("会員 104"));
        let overview: serde_json::Value =
            serde_json::from_str(&treasurer.get(&format!("/api/paper_overview?year={year}")).await.body).unwrap();
        let counts = ["payments", "with_receipt", "unprinted"].map(|k| overview[k].as_i64());
        assert_eq!(counts, [Some(5), Some(5), Some(0)], "{overview}");
        // Printed once: the run prints nothing more; all of them again are copies.
        let again = pdf_text(&pdf(&app, &treasurer, &format!("/admin/paper/receipts?year={year}")).await.1);
        assert!(pages(&again) == 1 && again.contains("印刷するものはありません"), "{again}");
        let copies = pdf_text(&pdf(&app, &treasurer, &format!("/admin/paper/receipts?year={year}&all=1")).await.1);
        assert_eq!((pages(&copies), copies.matches("控（写し）").count()), (5, 5));
    });
}

#[test]
fn labels_and_letters_go_only_to_members_who_get_post() {
    // Drawing and reading PDFs keeps both cores busy: not while a test times an answer.
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (treasurer, clerk) = treasurer_and_clerk(&app, &db.pool).await;
        let ids = members_with_addresses(&db.pool, 201, &["post", "both", "email", "post", "post"]).await;
        sqlx::query("UPDATE members SET street = '' WHERE id = $1").bind(ids[3]).execute(&db.pool).await.unwrap();
        let year = i64::from(app::server::db::association::profile::load(&db.pool).await.unwrap().calendar.this_year());
        let paid = treasurer.post_form("/api/record_dues", &record(&ids[4].to_string(), year, "")).await;
        assert_eq!(paid.status, StatusCode::OK, "{}", paid.body);
        sqlx::query("UPDATE association_profile SET payment_account_ja = 'ゆうちょ銀行 〇一八店 普通 1234567'")
            .execute(&db.pool)
            .await
            .unwrap();

        let (status, body) = pdf(&app, &clerk, "/admin/paper/labels?sheet=24").await;
        assert_eq!(status, StatusCode::OK);
        let text = pdf_text(&body);
        assert_eq!(pages(&text), 1);
        for (number, shown) in [(201, true), (202, true), (203, false), (204, false), (205, true)] {
            assert_eq!(text.contains(&format!("会員 {number}")), shown, "{number}: {text}");
        }
        assert!(text.contains("〒206-0802") && text.contains("東京都稲城市東長沼201"), "{text}");
        assert!(ink(&body) > 30, "the labels carry text");
        let unpaid = pdf_text(&pdf(&app, &treasurer, &format!("/admin/paper/labels?sheet=12&unpaid={year}")).await.1);
        assert!(unpaid.contains("会員 201") && unpaid.contains("会員 202") && !unpaid.contains("会員 205"), "{unpaid}");
        assert_eq!(pdf(&app, &clerk, "/admin/paper/labels?sheet=10").await.0, StatusCode::UNPROCESSABLE_ENTITY);

        let (status, body) = pdf(&app, &treasurer, &format!("/admin/paper/notices?year={year}")).await;
        assert_eq!(status, StatusCode::OK);
        let letters = pdf_text(&body);
        assert_eq!(pages(&letters), 2, "201 and 202: 203 gets email, 204 has no address, 205 paid");
        for expected in ["会費納入のお願い", "会員番号（201）", "ゆうちょ銀行 〇一八店 普通 1234567", "¥3,000"]
        {
            assert!(letters.contains(expected), "{expected} in:\n{letters}");
        }
        assert_eq!(pdf(&app, &clerk, &format!("/admin/paper/notices?year={year}")).await.0, StatusCode::FORBIDDEN);

        let overview: serde_json::Value = serde_json::from_str(&clerk.get("/api/paper_overview").await.body).unwrap();
        assert_eq!(overview["may_dues"], false);
        assert_eq!(overview["postal"], 3);
        assert_eq!(overview["without_address"][0][1], 204);
    });
}

#[test]
fn the_notice_by_email_goes_once_to_each_member_who_gets_email_and_owes() {
    // Drawing and reading PDFs keeps both cores busy: not while a test times an answer.
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (treasurer, clerk) = treasurer_and_clerk(&app, &db.pool).await;
        members_with_addresses(&db.pool, 401, &["email", "both", "post"]).await;
        let year = i64::from(app::server::db::association::profile::load(&db.pool).await.unwrap().calendar.this_year());
        let send = form(&[("year", &year.to_string()), ("kind", "notice")]);
        assert_eq!(clerk.post_form("/api/send_dues_mail", &send).await.status, StatusCode::FORBIDDEN);
        let before: serde_json::Value =
            serde_json::from_str(&treasurer.get(&format!("/api/paper_overview?year={year}")).await.body).unwrap();
        let left = before["notice_mail"][1].as_i64().unwrap();
        assert!(left >= 2, "401 and 402 at least (and the fixture member): {before}");
        assert!(before["preview"][0][1].as_str().unwrap().contains("会員番号"), "{before}");
        assert_eq!(treasurer.post_form("/api/send_dues_mail", &send).await.status, StatusCode::OK);
        assert_eq!(treasurer.post_form("/api/send_dues_mail", &send).await.status, StatusCode::OK);
        let mails: Vec<(String, i64)> = sqlx::query_as(
            "SELECT to_address, count(*) FROM outbox WHERE subject LIKE '%会費納入のお願い%' GROUP BY 1 ORDER BY 1",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert!(mails.iter().all(|(_, n)| *n == 1), "once each: {mails:?}");
        let to: Vec<&str> = mails.iter().map(|(to, _)| to.as_str()).collect();
        assert!(
            to.contains(&"m401@example.jp") && to.contains(&"m402@example.jp") && !to.contains(&"m403@example.jp"),
            "{to:?}"
        );
        let after: serde_json::Value =
            serde_json::from_str(&treasurer.get(&format!("/api/paper_overview?year={year}")).await.body).unwrap();
        assert_eq!((after["notice_mail"][0].as_i64(), after["notice_mail"][1].as_i64()), (Some(left), Some(0)));
        let bad =
            treasurer.post_form("/api/send_dues_mail", &form(&[("year", &year.to_string()), ("kind", "spam")])).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    });
}

fn donation(fields: &[(&str, &str)]) -> String {
    let today = app::domain::dates::today_in_japan().to_string();
    let defaults = [("received_on", today.as_str()), ("amount_yen", "30,000"), ("method", "cash"), ("note", "")];
    let mut all: Vec<(&str, &str)> =
        defaults.into_iter().filter(|(key, _)| !fields.iter().any(|(given, _)| given == key)).collect();
    all.extend_from_slice(fields);
    let named: Vec<(String, &str)> = all.into_iter().map(|(key, value)| (format!("donation[{key}]"), value)).collect();
    form(&named.iter().map(|(key, value)| (key.as_str(), *value)).collect::<Vec<_>>())
}

#[test]
fn donations_are_recorded_receipted_in_the_same_series_and_voided() {
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (treasurer, clerk) = treasurer_and_clerk(&app, &db.pool).await;
        let (_, member) = active_member(&db.pool, "kifu@example.jp", &hash("kifu own phrase 1").await, 77).await;
        let number: i32 = sqlx::query_scalar("SELECT member_number FROM members WHERE id = $1")
            .bind(member)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let list = || async {
            let page = treasurer.get("/api/donations").await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            serde_json::from_str::<serde_json::Value>(&page.body).unwrap()["donations"].as_array().unwrap().clone()
        };

        // Refused with the field named: nobody named, an unknown member number.
        let refused = treasurer.post_form("/api/record_donation", &donation(&[])).await;
        assert!(
            refused.status == StatusCode::UNPROCESSABLE_ENTITY && refused.body.contains("donor_name"),
            "{}",
            refused.body
        );
        let refused = treasurer.post_form("/api/record_donation", &donation(&[("member_number", "99999")])).await;
        assert!(refused.body.contains("NoSuchMember"), "{}", refused.body);
        assert_eq!(
            clerk.post_form("/api/record_donation", &donation(&[("donor_name", "x")])).await.status,
            StatusCode::FORBIDDEN
        );

        // From outside the association, for a purpose; then from a member.
        let outside = donation(&[
            ("donor_name", "フォスターシティ姉妹都市協会"),
            ("donor_postal_code", "206-8601"),
            ("donor_address", "稲城市東長沼2112"),
            ("purpose", "青少年交流"),
        ]);
        assert_eq!(treasurer.post_form("/api/record_donation", &outside).await.status, StatusCode::OK);
        let by_member = donation(&[("member_number", &number.to_string()), ("amount_yen", "5000")]);
        assert_eq!(treasurer.post_form("/api/record_donation", &by_member).await.status, StatusCode::OK);
        let all = list().await;
        assert_eq!(all.len(), 2);
        let (first, second) = (all[0]["id"].to_string(), all[1]["id"].to_string());
        assert_eq!(all[1]["member_number"].as_i64(), Some(i64::from(number)));

        let issue = |id: String| {
            let treasurer = &treasurer;
            async move {
                let done = treasurer.post_form("/api/issue_donation_receipt", &form(&[("id", &id)])).await;
                assert_eq!(done.status, StatusCode::OK, "{}", done.body);
            }
        };
        issue(first.clone()).await;
        issue(second.clone()).await;
        let all = list().await;
        let (a, b) = (&all[0]["receipt"], &all[1]["receipt"]);
        assert_eq!(b["number"].as_i64(), Some(a["number"].as_i64().unwrap() + 1), "one series");
        let pdf_of = |receipt: &serde_json::Value| format!("/admin/paper/receipts/{}", receipt["id"]);
        let text = pdf_text(&pdf(&app, &treasurer, &pdf_of(a)).await.1);
        for expected in ["フォスターシティ姉妹都市協会 様", "¥30,000", "但し 寄付金（青少年交流）として"]
        {
            assert!(text.contains(expected), "{expected} in:\n{text}");
        }
        assert!(!text.contains("会員番号"), "no member number for someone outside: {text}");
        let text = pdf_text(&pdf(&app, &treasurer, &pdf_of(b)).await.1);
        assert!(text.contains(&format!("会員番号 {number}")) && text.contains("但し 寄付金として"), "{text}");

        // Issued again: the same number, 再発行. Voided: the receipt is cancelled.
        issue(first.clone()).await;
        let again = list().await[0]["receipt"].clone();
        assert_eq!((again["number"].clone(), again["issues"].as_i64()), (a["number"].clone(), Some(2)));
        let void = form(&[("id", &first), ("reason", "二重に記録")]);
        assert_eq!(
            treasurer.post_form("/api/void_donation", &form(&[("id", &first)])).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(treasurer.post_form("/api/void_donation", &void).await.status, StatusCode::OK);
        assert_eq!(treasurer.post_form("/api/void_donation", &void).await.status, StatusCode::NOT_FOUND, "once");
        let all = list().await;
        assert_eq!(all[0]["voided"], "二重に記録");
        assert!(all[0]["receipt"].is_null());
        let cancelled = pdf_text(&pdf(&app, &treasurer, &pdf_of(&again)).await.1);
        assert!(cancelled.contains("取消"), "{cancelled}");

        // The year's report counts the donation in force.
        let close = treasurer.get("/api/year_end").await;
        let close: serde_json::Value = serde_json::from_str(&close.body).unwrap();
        assert_eq!(
            (close["report"]["donations"].as_i64(), close["report"]["donations_yen"].as_i64()),
            (Some(1), Some(5000))
        );
        let audited: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE record_type = 'donation' ORDER BY id")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        assert_eq!(
            audited,
            ["donation.record", "donation.record", "receipt.issue", "receipt.issue", "receipt.issue", "donation.void"]
        );
    });
}
