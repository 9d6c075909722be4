//! The bank statement import through the real upload route and server functions, with a
//! real-shaped statement of 300 credits (the bank's CSV in CP932, title lines, withdrawals in
//! between) and its near-misses: one reading for two members, two years in one transfer, a typo, the
//! given name first, an organisation's bank name, a member who already paid, a part payment, a
//! member who left, a second transfer, interest. Then the treasurer's choices, the commit that
//! records all or nothing, the undo, a Zengin file that knows the organisation's name, and who may.

use crate::support::accounts::{admin_and_member, Session, ADMIN, MEMBER};
use crate::support::fixtures::staff_login;
use crate::support::{app, form, send, with_db, Reply};
use app::domain::dues::DuesCalendar;
use app::domain::staff::StaffRole;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::{Datelike, Days, NaiveDate};
use serde_json::Value;
use sqlx::PgPool;

const BOUNDARY: &str = "kizuna-statement-boundary";

async fn upload(app: &Router, cookie: Option<&str>, name: &str, bytes: &[u8]) -> Reply {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut request = Request::post("/admin/statements/upload")
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    send(app, request.body(Body::from(body)).unwrap()).await
}

async fn uploaded(app: &Router, who: &Session, name: &str, bytes: &[u8]) -> i64 {
    let reply = upload(app, Some(who.cookie()), name, bytes).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.header("location");
    location
        .strip_prefix("/admin/statements/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("went to {location}"))
}

async fn statement(who: &Session, id: i64) -> Value {
    let reply = who.get(&format!("/api/statement?id={id}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

/// Half-width katakana as banks write names: no small kana (きょう → ｷﾖｳ), ー as -.
fn bank_kana(reading: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    const FULL: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォッャュョ";
    const HALF: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｱｲｳｴｵﾂﾔﾕﾖ";
    let full: Vec<char> = FULL.chars().collect();
    let half: Vec<char> = HALF.chars().collect();
    reading
        .nfd()
        .map(|c| match c {
            'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap(),
            other => other,
        })
        .map(|c| match c {
            '\u{3099}' => 'ﾞ',
            '\u{309A}' => 'ﾟ',
            'ー' => '-',
            c => full.iter().position(|f| *f == c).map_or(c, |i| half[i]),
        })
        .collect()
}

struct Seed<'a> {
    number: i32,
    reading: &'a str,
    class: &'a str,
    units: i16,
    organisation: &'a str,
    status: &'a str,
}

async fn seed(pool: &PgPool, s: Seed<'_>) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO members (member_number, status, membership_type_id, full_name, name_reading, reading_key,
             organisation_name, units, privacy_notice_version, privacy_consented_at, decided_at, applied_at, withdrawn_at)
         SELECT $1, $2, t.id, '会員' || $1, $3, replace($3, ' ', ''), $5, $6, 'v1', now(), '2020-01-10', '2020-01-01',
                CASE WHEN $2 = 'withdrawn' THEN now() END
         FROM membership_types t WHERE t.code = $4 RETURNING id",
    )
    .bind(s.number)
    .bind(s.status)
    .bind(s.reading)
    .bind(s.class)
    .bind(s.organisation)
    .bind(s.units)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn plain(pool: &PgPool, number: i32, reading: &str) -> i64 {
    seed(pool, Seed { number, reading, class: "individual", units: 1, organisation: "", status: "active" }).await
}

const FAMILIES: [&str; 20] = [
    "あおき",
    "いしかわ",
    "うえだ",
    "えんどう",
    "おおた",
    "かとう",
    "きむら",
    "くどう",
    "こばやし",
    "さいとう",
    "しみず",
    "すずき",
    "せきね",
    "たかはし",
    "ちば",
    "つじ",
    "てらだ",
    "なかむら",
    "にしだ",
    "のむら",
];
const GIVEN: [&str; 14] = [
    "あきら",
    "いさむ",
    "えみこ",
    "かずお",
    "きよし",
    "さとし",
    "しげる",
    "たかし",
    "ともこ",
    "なおみ",
    "ひろし",
    "まさお",
    "みちこ",
    "よしえ",
];
const STRANGERS: [&str; 10] = [
    "ｸﾞﾘ-ﾝ ｼﾞﾖﾝ",
    "ﾎﾝﾀﾞ ﾐﾉﾙ",
    "ﾏﾂﾓﾄ ｹﾝﾀﾛｳ",
    "ｵｶﾞﾜ ﾕｳｷ",
    "ﾐﾔｻﾞｷ ﾊﾔｵ",
    "ｲﾄｳ ｼﾝｼﾞ",
    "ﾔﾏｸﾞﾁ ﾓﾓｴ",
    "ﾆｼｵｶ ﾂﾖｼ",
    "ﾌｼﾞﾀ ｻﾁｺ",
    "ｱﾍﾞ ﾋﾛｼ",
];

/// The 280 members with plain names (numbers 1001–1280).
fn regular_reading(i: usize) -> String {
    format!("{} {}", FAMILIES[i / GIVEN.len()], GIVEN[i % GIVEN.len()])
}

/// The CSV as a bank exports it: title lines, headings, credits and withdrawals, CP932.
fn bank_csv(lines: &[(NaiveDate, i32, String)]) -> Vec<u8> {
    let mut text = String::from("口座番号,普通 1234567\r\n照会期間,今年度\r\n日付,摘要,お支払金額,お預り金額,残高\r\n");
    let mut balance = 500_000i64;
    for (i, (day, amount, payer)) in lines.iter().enumerate() {
        if i % 60 == 30 {
            balance -= 3_300;
            text.push_str(&format!("{},ﾃｽｳﾘﾖｳ,\"3,300\",,\"{balance}\"\r\n", day.format("%Y/%m/%d")));
        }
        balance += i64::from(*amount);
        text.push_str(&format!("{},{payer},,\"{amount}\",\"{balance}\"\r\n", day.format("%Y/%m/%d")));
    }
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn line_of<'a>(view: &'a Value, payer: &str) -> &'a Value {
    view["lines"].as_array().unwrap().iter().find(|l| l["payer"] == payer).unwrap_or_else(|| panic!("{payer}"))
}

fn member_number(line: &Value) -> Option<i64> {
    line["member"]["number"].as_i64()
}

async fn decide(who: &Session, statement: i64, line: &Value, number: &str, years: &str) -> Reply {
    let (statement, line) = (statement.to_string(), line["id"].to_string());
    let body = form(&[
        ("statement", &statement),
        ("line", &line),
        ("member_number", number),
        ("years", years),
        ("take", "yes"),
    ]);
    who.post_form("/api/decide_statement_line", &body).await
}

async fn leave_out(who: &Session, statement: i64, line: &Value) {
    let (statement, line) = (statement.to_string(), line["id"].to_string());
    let body = form(&[("statement", &statement), ("line", &line), ("take", "no")]);
    assert_eq!(who.post_form("/api/decide_statement_line", &body).await.status, StatusCode::OK);
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[test]
fn a_real_statement_is_matched_checked_recorded_all_or_nothing_and_undone() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let pool = db.pool.clone();
        let app = app(pool.clone());
        let (email, password) = staff_login(&pool, "会計 花子", "kaikei@example.jp", StaffRole::Treasurer).await;
        let treasurer = Session::log_in(&app, (&email, &password)).await;
        let (email, password) = staff_login(&pool, "名簿 一郎", "meibo@example.jp", StaffRole::Clerk).await;
        let clerk = Session::log_in(&app, (&email, &password)).await;

        let calendar = DuesCalendar::default();
        let today = app::domain::dates::today_in_japan();
        let year = calendar.this_year();
        let (first_day, _) = calendar.range(year);
        let day = |i: usize| (today - Days::new((i % 20) as u64)).max(first_day);

        for i in 0..280 {
            plain(&pool, 1001 + i as i32, &regular_reading(i)).await;
        }
        plain(&pool, 2001, "たなか はなこ").await;
        seed(
            &pool,
            Seed {
                number: 2002,
                reading: "たなか はなこ",
                class: "supporting_individual",
                units: 1,
                organisation: "",
                status: "active",
            },
        )
        .await;
        plain(&pool, 2003, "いなぎ たろう").await;
        plain(&pool, 2004, "さかはま じろう").await;
        plain(&pool, 2005, "ひらお はなこ").await;
        seed(
            &pool,
            Seed {
                number: 2006,
                reading: "やまだ いちろう",
                class: "full_organisation",
                units: 1,
                organisation: "稲城商事株式会社",
                status: "active",
            },
        )
        .await;
        let paid_already = plain(&pool, 2007, "むかい ゆきこ").await;
        sqlx::query("INSERT INTO dues_payments (member_id, fiscal_year, paid_on, amount_yen, method, note) VALUES ($1, $2, $3, 2000, 'cash', '')")
            .bind(paid_already)
            .bind(year as i16)
            .bind(first_day)
            .execute(&pool)
            .await
            .unwrap();
        seed(
            &pool,
            Seed {
                number: 2008,
                reading: "もとやま けい",
                class: "family",
                units: 1,
                organisation: "",
                status: "active",
            },
        )
        .await;
        seed(
            &pool,
            Seed {
                number: 2009,
                reading: "わかば しろう",
                class: "individual",
                units: 1,
                organisation: "",
                status: "withdrawn",
            },
        )
        .await;
        seed(
            &pool,
            Seed {
                number: 2010,
                reading: "のぼりと さくら",
                class: "individual",
                units: 2,
                organisation: "",
                status: "active",
            },
        )
        .await;
        plain(&pool, 2011, "やの みちお").await;

        // 277 plain transfers (every tenth with the member number, as the notice asks), then the near-misses.
        let mut lines: Vec<(NaiveDate, i32, String)> = (0..277)
            .map(|i| {
                let name = bank_kana(&regular_reading(i));
                let payer = if i % 10 == 0 {
                    format!("ﾌﾘｺﾐ {:04} {name}", 1001 + i)
                } else {
                    format!("ﾌﾘｺﾐ {name}")
                };
                (day(i), 2000, payer)
            })
            .collect();
        let special: [(i32, &str); 13] = [
            (2000, "ﾌﾘｺﾐ ﾀﾅｶ ﾊﾅｺ"),
            (1000, "ﾌﾘｺﾐ 2002 ﾀﾅｶ ﾊﾅｺ"),
            (4000, "ﾌﾘｺﾐ ｲﾅｷﾞ ﾀﾛｳ"),
            (2000, "ﾌﾘｺﾐ ｻｶﾊﾏ ｼﾞﾛ"),
            (2000, "ﾌﾘｺﾐ ﾊﾅｺ ﾋﾗｵ"),
            (10000, "ﾌﾘｺﾐ ｶ)ｲﾅｷﾞｼﾖｳｼﾞ"),
            (2000, "ﾌﾘｺﾐ ﾑｶｲ ﾕｷｺ"),
            (1500, "ﾌﾘｺﾐ ﾓﾄﾔﾏ ｹｲ"),
            (2000, "ﾌﾘｺﾐ ﾜｶﾊﾞ ｼﾛｳ"),
            (13, "ﾘｿｸ"),
            (4000, "ﾌﾘｺﾐ ﾉﾎﾞﾘﾄ ｻｸﾗ"),
            (2000, "ﾌﾘｺﾐ 2011 ﾔﾉ ﾐﾁｵ"),
            (2000, "ﾌﾘｺﾐ ｱｵｷ ｱｷﾗ 2"),
        ];
        for (i, (amount, payer)) in special.iter().enumerate() {
            lines.push((day(i + 3), *amount, payer.to_string()));
        }
        for (i, stranger) in STRANGERS.iter().enumerate() {
            lines.push((day(i + 7), 3000, format!("ﾌﾘｺﾐ {stranger}")));
        }
        assert_eq!(lines.len(), 300);
        let file = bank_csv(&lines);

        // Who may: the treasurer (and admins); not a records clerk, a member or anyone.
        assert_eq!(upload(&app, Some(clerk.cookie()), "s.csv", &file).await.status, StatusCode::FORBIDDEN);
        let member = Session::log_in(&app, MEMBER).await;
        assert_eq!(upload(&app, Some(member.cookie()), "s.csv", &file).await.status, StatusCode::FORBIDDEN);
        assert_eq!(upload(&app, None, "s.csv", &file).await.status, StatusCode::UNAUTHORIZED);
        // A file that is no statement goes back with the reason, and nothing is kept.
        let wrong = upload(&app, Some(treasurer.cookie()), "members.csv", "氏名,住所\n田中,稲城\n".as_bytes()).await;
        assert_eq!(
            (wrong.status, wrong.header("location")),
            (StatusCode::SEE_OTHER, "/admin/statements?problem=columns")
        );
        assert_eq!(count(&pool, "SELECT count(*) FROM bank_statements").await, 0);

        let id = uploaded(&app, &treasurer, "2026-nyukin.csv", &file).await;
        assert_eq!(clerk.get(&format!("/api/statement?id={id}")).await.status, StatusCode::FORBIDDEN);
        let view = statement(&treasurer, id).await;
        assert_eq!(view["lines"].as_array().unwrap().len(), 300);
        assert_eq!(view["other_lines"], 5, "the bank's fees are not credits");
        // The dry run: nothing is recorded until the commit.
        assert_eq!(count(&pool, "SELECT count(*) FROM dues_payments").await, 1);
        let kinds = |kind: &str| view["lines"].as_array().unwrap().iter().filter(|l| l["kind"] == kind).count();
        assert_eq!((kinds("Sure"), kinds("Check"), kinds("Several"), kinds("None")), (281, 5, 1, 13));

        let namesakes = line_of(&view, "ﾌﾘｺﾐ ﾀﾅｶ ﾊﾅｺ");
        assert_eq!(namesakes["kind"], "Several");
        assert_eq!(namesakes["candidates"].as_array().unwrap().len(), 2);
        assert_eq!(member_number(namesakes), Some(2001), "only 2001's dues are 2,000");
        assert_eq!(namesakes["take"], false);
        assert_eq!(
            (line_of(&view, "ﾌﾘｺﾐ 2002 ﾀﾅｶ ﾊﾅｺ")["kind"].clone(), member_number(line_of(&view, "ﾌﾘｺﾐ 2002 ﾀﾅｶ ﾊﾅｺ"))),
            ("Sure".into(), Some(2002))
        );
        let two_years = line_of(&view, "ﾌﾘｺﾐ ｲﾅｷﾞ ﾀﾛｳ");
        assert_eq!(
            (two_years["kind"].as_str(), two_years["first_year"].as_i64(), two_years["years"].as_i64()),
            (Some("Check"), Some(i64::from(year) - 1), Some(2))
        );
        let typo = line_of(&view, "ﾌﾘｺﾐ ｻｶﾊﾏ ｼﾞﾛ");
        assert_eq!(
            (typo["kind"].as_str(), member_number(typo), typo["take"].as_bool()),
            (Some("Check"), Some(2004), Some(false))
        );
        assert_eq!(member_number(line_of(&view, "ﾌﾘｺﾐ ﾊﾅｺ ﾋﾗｵ")), Some(2005));
        assert_eq!(line_of(&view, "ﾌﾘｺﾐ ﾊﾅｺ ﾋﾗｵ")["kind"], "Sure");
        assert_eq!(line_of(&view, "ﾌﾘｺﾐ ｶ)ｲﾅｷﾞｼﾖｳｼﾞ")["kind"], "None", "a company's bank name is not in the records yet");
        let paid = line_of(&view, "ﾌﾘｺﾐ ﾑｶｲ ﾕｷｺ");
        assert_eq!(paid["kind"], "Check");
        assert_ne!(paid["first_year"].as_i64(), Some(i64::from(year)), "this year is paid already");
        let part = line_of(&view, "ﾌﾘｺﾐ ﾓﾄﾔﾏ ｹｲ");
        assert_eq!(
            (part["kind"].as_str(), part["years"].as_i64(), part["member"]["due_yen"].as_i64()),
            (Some("Check"), Some(1), Some(3000))
        );
        assert_eq!(line_of(&view, "ﾌﾘｺﾐ ﾜｶﾊﾞ ｼﾛｳ")["kind"], "None", "a member who left");
        assert_eq!(line_of(&view, "ﾘｿｸ")["kind"], "None");
        assert_eq!(line_of(&view, "ﾌﾘｺﾐ ﾉﾎﾞﾘﾄ ｻｸﾗ")["kind"], "Sure", "two units");
        assert_eq!(member_number(line_of(&view, "ﾌﾘｺﾐ 2011 ﾔﾉ ﾐﾁｵ")), Some(2011));
        let again = line_of(&view, "ﾌﾘｺﾐ ｱｵｷ ｱｷﾗ 2");
        assert_eq!((again["kind"].as_str(), member_number(again)), (Some("Check"), Some(1001)), "a second transfer");

        // The treasurer's choices, refused with a reason where they cannot be right.
        let refused = decide(&treasurer, id, typo, "99999", &year.to_string()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.body.contains(&format!("line.{}.member_number", typo["id"]))
                && refused.body.contains("NoSuchMember"),
            "{}",
            refused.body
        );
        let refused = decide(&treasurer, id, typo, "2004", "来年").await;
        assert!(
            refused.status == StatusCode::UNPROCESSABLE_ENTITY && refused.body.contains("InvalidFormat"),
            "{}",
            refused.body
        );
        let three = format!("{}-{year}", year - 2);
        let refused = decide(&treasurer, id, two_years, "2003", &three).await;
        assert!(refused.body.contains("AmountNotYears"), "4,000 is not three years' dues: {}", refused.body);
        let refused = decide(&treasurer, id, namesakes, "2002", &year.to_string()).await;
        assert!(refused.body.contains("Duplicate"), "2002's year is taken by another line: {}", refused.body);
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let refused_by_clerk = decide(&clerk, id, typo, "2004", &year.to_string()).await;
        assert_eq!(refused_by_clerk.status, StatusCode::FORBIDDEN);

        let this = year.to_string();
        for (line, number, years) in [
            (namesakes, "2001", this.clone()),
            (two_years, "2003", format!("{}-{year}", year - 1)),
            (typo, "2004", this.clone()),
            (line_of(&view, "ﾌﾘｺﾐ ｶ)ｲﾅｷﾞｼﾖｳｼﾞ"), "2006", this.clone()),
            (part, "2008", this.clone()),
        ] {
            let done = decide(&treasurer, id, line, number, &years).await;
            assert_eq!(done.status, StatusCode::OK, "{number}: {}", done.body);
        }
        leave_out(&treasurer, id, paid).await;
        leave_out(&treasurer, id, again).await;

        // One member leaves before the commit: nothing at all is recorded, and the line is named.
        let leaving_line = line_of(&view, &format!("ﾌﾘｺﾐ {}", bank_kana(&regular_reading(4)))).clone();
        sqlx::query("UPDATE members SET status = 'withdrawn', withdrawn_at = now() WHERE member_number = 1005")
            .execute(&pool)
            .await
            .unwrap();
        let commit = form(&[("id", &id.to_string())]);
        let refused = treasurer.post_form("/api/commit_statement", &commit).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains(&format!("line.{}.member_number", leaving_line["id"])), "{}", refused.body);
        assert_eq!(count(&pool, "SELECT count(*) FROM dues_payments").await, 1, "all or nothing");
        leave_out(&treasurer, id, &leaving_line).await;
        assert_eq!(clerk.post_form("/api/commit_statement", &commit).await.status, StatusCode::FORBIDDEN);
        let done = treasurer.post_form("/api/commit_statement", &commit).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        // 280 sure lines (one left out), the namesake, two years as two payments, the typo, the company, the part.
        let recorded = "SELECT count(*) FROM dues_payments WHERE statement_line_id IS NOT NULL";
        assert_eq!(count(&pool, recorded).await, 286);
        assert_eq!(
            count(&pool, "SELECT count(*) FROM dues_payments WHERE method = 'bank_transfer' AND note LIKE '振込 %'")
                .await,
            286
        );
        let (part_amount, part_year): (i32, i16) = sqlx::query_as(
            "SELECT d.amount_yen, d.fiscal_year FROM dues_payments d JOIN members m ON m.id = d.member_id WHERE m.member_number = 2008",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!((part_amount, i32::from(part_year)), (1500, year), "a part payment is kept as it came");
        let view = statement(&treasurer, id).await;
        assert!(view["summary"]["committed_at"].is_string());
        assert_eq!(
            treasurer.post_form("/api/commit_statement", &commit).await.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "once"
        );

        // Undone: every payment it recorded is voided (and kept in the register); the statement is open again.
        let undone = treasurer.post_form("/api/undo_statement", &commit).await;
        assert_eq!(undone.status, StatusCode::OK, "{}", undone.body);
        assert_eq!(count(&pool, recorded).await, 0);
        assert_eq!(count(&pool, "SELECT count(*) FROM dues_payments_voided").await, 286);
        assert_eq!(count(&pool, "SELECT count(*) FROM dues_payments").await, 1, "the earlier cash payment stays");
        assert!(statement(&treasurer, id).await["summary"]["committed_at"].is_null());
        assert_eq!(count(&pool, "SELECT count(*) FROM payer_names").await, 0, "what the commit taught is forgotten");
        assert_eq!(treasurer.post_form("/api/commit_statement", &commit).await.status, StatusCode::OK);
        assert_eq!(count(&pool, recorded).await, 286);
        // A receipt in a member's hands stops the undo.
        let payment: i64 =
            sqlx::query_scalar("SELECT id FROM dues_payments WHERE statement_line_id IS NOT NULL ORDER BY id LIMIT 1")
                .fetch_one(&pool)
                .await
                .unwrap();
        let issued = treasurer.post_form("/api/issue_receipt", &form(&[("payment", &payment.to_string())])).await;
        assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
        assert_eq!(statement(&treasurer, id).await["undo_blockers"], 1);
        assert_eq!(treasurer.post_form("/api/undo_statement", &commit).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&pool, recorded).await, 286);
        assert_eq!(
            treasurer.post_form("/api/discard_statement", &commit).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );

        // Next month's Zengin file: the company's bank name is known now; a cancelled transfer is listed, never taken.
        let yymmdd = format!("{:02}{}", today.year() - 2018, today.format("%m%d"));
        let zengin = app::server::statement::zengin::write(&[
            (&yymmdd, 10000, "ｶ)ｲﾅｷﾞｼﾖｳｼﾞ", false),
            (&yymmdd, 2000, &bank_kana(&regular_reading(277)), false),
            (&yymmdd, 2000, &bank_kana(&regular_reading(278)), true),
        ]);
        let second = uploaded(&app, &treasurer, "FURIKOMI.TXT", &zengin).await;
        let view = statement(&treasurer, second).await;
        let company = line_of(&view, "ｶ)ｲﾅｷﾞｼﾖｳｼﾞ");
        assert_eq!(member_number(company), Some(2006), "matched by the name confirmed last time");
        let plain_line = line_of(&view, &bank_kana(&regular_reading(277)));
        assert_eq!(
            (plain_line["kind"].as_str(), member_number(plain_line), plain_line["received_on"].as_str()),
            (Some("Sure"), Some(1278), Some(today.to_string().as_str()))
        );
        let cancelled = line_of(&view, &bank_kana(&regular_reading(278)));
        assert_eq!((cancelled["cancelled"].as_bool(), cancelled["take"].as_bool()), (Some(true), Some(false)));
        // Not committed: it may be thrown away, with the names in it.
        let drop = form(&[("id", &second.to_string())]);
        assert_eq!(treasurer.post_form("/api/discard_statement", &drop).await.status, StatusCode::OK);
        assert_eq!(count(&pool, "SELECT count(*) FROM bank_statements").await, 1);

        let audited: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT action FROM audit_log WHERE action LIKE 'statement.%' ORDER BY 1")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(
            audited,
            ["statement.commit", "statement.decide", "statement.discard", "statement.undo", "statement.upload"]
        );
        let admin = Session::log_in(&app, ADMIN).await;
        assert_eq!(admin.get("/api/statements").await.status, StatusCode::OK, "admins keep the dues too");
    });
}
