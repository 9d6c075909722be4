//! Importing the existing member list through the real upload route and server functions: a
//! clean file, a file with errors (nothing imported), duplicates, CP932 input, the remembered
//! mapping, 10,000 rows with progress, invitations, undo, and who may do any of it.

use crate::support::accounts::{admin_and_member, log_in, ADMIN, MEMBER};
use crate::support::fixtures::active_member;
use crate::support::{app, cookie_header, form, get_with, post_form, send, with_db, Reply};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::Value;
use sqlx::PgPool;

const BOUNDARY: &str = "kizuna-test-boundary";

/// POSTs `bytes` as the `file` field of the upload form.
async fn upload(app: &Router, cookie: Option<&str>, name: &str, bytes: &[u8]) -> Reply {
    upload_from(app, cookie, name, bytes, None).await
}

async fn upload_from(app: &Router, cookie: Option<&str>, name: &str, bytes: &[u8], origin: Option<&str>) -> Reply {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut request = Request::post("/admin/imports/upload")
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(origin) = origin {
        request = request.header("origin", origin).header("host", "localhost");
    }
    send(app, request.body(Body::from(body)).unwrap()).await
}

/// Uploads a file as the admin and returns the new import's id.
async fn uploaded(app: &Router, admin: &str, bytes: &[u8]) -> i64 {
    let reply = upload(app, Some(admin), "members.csv", bytes).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.header("location");
    location
        .strip_prefix("/admin/imports/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("went to {location}"))
}

async fn import_view(app: &Router, admin: &str, id: i64) -> Value {
    let reply = get_with(app, &format!("/api/import?id={id}"), &[("cookie", admin)]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

/// Commits and waits for the background run to end; returns the final view.
async fn committed(app: &Router, admin: &str, id: i64, invite: bool) -> Value {
    let id_text = id.to_string();
    let mut fields = vec![("id", id_text.as_str())];
    if invite {
        fields.push(("invite", "yes"));
    }
    let reply = post_form(app, "/api/commit_import", &form(&fields), &[("cookie", admin)]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    for _ in 0..600 {
        let view = import_view(app, admin, id).await;
        if view["status"] != "Importing" {
            return view;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import did not finish within a minute");
}

async fn imported_members(pool: &PgPool, id: i64) -> Vec<(Option<i32>, String, String, Option<String>)> {
    sqlx::query_as(
        "SELECT member_number, full_name, status, email FROM members WHERE import_id = $1 ORDER BY member_number, id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .unwrap()
}

const CLEAN: &str =
    "会員番号,氏名,フリガナ,メールアドレス,電話番号,郵便番号,都道府県,市区町村,番地,生年月日,会員種別,備考\n\
    101,髙橋 一郎,ﾀｶﾊｼ ｲﾁﾛｳ,ichiro@example.jp,042-378-2111,206-8601,東京都,稲城市,東長沼2111,昭和25年3月1日,個人会員,\n\
    102,山﨑 花子,やまさき はなこ,,042-000-0000,,東京,稲城市,,1962/4/1,家族,会報は郵送\n\
    ,鈴木 三郎,すずき さぶろう,saburo@example.jp,,,,,,,,\n";

#[test]
fn a_clean_file_is_checked_then_imported_in_one_go() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let id = uploaded(&app, &admin, &[b"\xEF\xBB\xBF".as_slice(), CLEAN.as_bytes()].concat()).await;
        let view = import_view(&app, &admin, id).await;
        assert_eq!(view["encoding"], "utf8_bom");
        assert_eq!(view["status"], "Uploaded");
        assert_eq!(view["row_count"], 3);
        let dry_run = &view["dry_run"];
        assert_eq!((dry_run["creatable"].as_u64(), dry_run["error_count"].as_u64()), (Some(3), Some(0)), "{dry_run}");
        assert_eq!(dry_run["preview"][0]["full_name"], "髙橋 一郎");
        assert_eq!(dry_run["preview"][0]["name_reading"], "タカハシ イチロウ");
        assert!(imported_members(&db.pool, id).await.is_empty(), "a dry run changes nothing");

        let done = committed(&app, &admin, id, true).await;
        assert_eq!(done["status"], "Imported", "{done}");
        assert_eq!((done["imported_count"].as_i64(), done["skipped_count"].as_i64()), (Some(3), Some(0)));
        let members = imported_members(&db.pool, id).await;
        assert_eq!(members.len(), 3);
        assert_eq!((members[0].0, members[0].1.as_str(), members[0].2.as_str()), (Some(101), "髙橋 一郎", "active"));
        assert_eq!(members[1].1, "山﨑 花子");
        // The member without a number got one from the sequence, past the imported ones.
        assert!(members[2].0.is_some_and(|n| n > 102), "{members:?}");
        let (birth, prefecture): (Option<chrono::NaiveDate>, Option<i16>) =
            sqlx::query_as("SELECT birth_date, prefecture_code FROM members WHERE member_number = 101")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!((birth.map(|d| d.to_string()), prefecture), (Some("1950-03-01".into()), Some(13)));
        // Invitations to the two with an email; no passwords anywhere.
        let mails: Vec<(String, String)> =
            sqlx::query_as("SELECT to_address, body FROM outbox ORDER BY id").fetch_all(&db.pool).await.unwrap();
        assert_eq!(mails.len(), 2, "{mails:?}");
        assert!(mails.iter().all(|(_, body)| body.contains("/password/reset?token=") && body.contains("welcome=1")));
        let content: String = sqlx::query_scalar("SELECT content FROM member_imports WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(content, "", "the file's text is dropped once imported");
        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE record_type = 'member_import' ORDER BY id")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        assert_eq!(actions, vec!["member_import.upload", "member_import.commit"]);
        // A second commit of the same upload is refused.
        let again =
            post_form(&app, "/api/commit_import", &form(&[("id", &id.to_string())]), &[("cookie", &admin)]).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    })
}

#[test]
fn a_file_with_errors_imports_nothing_and_names_each_line() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let file = "氏名,ふりがな,生年月日,メール\n田中 花子,たなか はなこ,1950-01-01,\n佐藤 一,Sato,1950-01-01,\n,こばやし,,\n木村 二郎,きむら じろう,2099-01-01,not-an-address\n";
        let id = uploaded(&app, &admin, file.as_bytes()).await;
        let dry_run = import_view(&app, &admin, id).await["dry_run"].clone();
        assert_eq!(dry_run["error_count"], 4, "{dry_run}");
        let errors: Vec<(u64, String)> = dry_run["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["line"].as_u64().unwrap(), e["field"].as_str().unwrap().to_string()))
            .collect();
        assert_eq!(
            errors,
            vec![(3, "NameReading".into()), (4, "FullName".into()), (5, "Email".into()), (5, "BirthDate".into())]
        );
        assert_eq!(dry_run["creatable"], 1);
        let refused =
            post_form(&app, "/api/commit_import", &form(&[("id", &id.to_string())]), &[("cookie", &admin)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(imported_members(&db.pool, id).await.is_empty(), "nothing is imported while any row is wrong");
        // The page words the problems in the admin's language, with their line numbers.
        for (lang, t) in [("ja", app::i18n::Lang::Ja.t()), ("en", app::i18n::Lang::En.t())] {
            let cookie = format!("{admin}; kizuna_lang={lang}");
            let page = get_with(&app, &format!("/admin/imports/{id}"), &[("cookie", &cookie)]).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(page.body.contains(t.field_not_kana) && page.body.contains(t.import_errors), "{lang}");
        }
    })
}

#[test]
fn rows_like_existing_members_are_listed_and_skipped() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let (_, existing) = active_member(&db.pool, "known@example.jp", "x", 1001).await;
        sqlx::query("UPDATE members SET full_name = '既存 太郎', name_reading = 'きそん たろう', reading_key = 'きそんたろう', birth_date = '1960-05-05' WHERE id = $1")
            .bind(existing)
            .execute(&db.pool)
            .await
            .unwrap();
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let file = format!(
            "氏名,ふりがな,メール,生年月日\n新人 一,しんじん はじめ,new@example.jp,\n別人,べつじん,KNOWN@example.jp,\n既存 太郎,キソン タロウ,,1960-05-05\n新人 一の兄,しんじん あに,new@example.jp,\n{}\n",
            "会員でない人,かいいんでない,hanako@example.jp,"
        );
        let id = uploaded(&app, &admin, file.as_bytes()).await;
        let dry_run = import_view(&app, &admin, id).await["dry_run"].clone();
        assert_eq!(
            (dry_run["creatable"].as_u64(), dry_run["duplicate_count"].as_u64()),
            (Some(1), Some(4)),
            "{dry_run}"
        );
        let kinds: Vec<String> = dry_run["duplicates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| format!("{}:{}", d["line"], d["likeness"].as_object().unwrap().keys().next().unwrap()))
            .collect();
        assert_eq!(kinds, vec!["3:SameEmail", "4:SamePerson", "5:EarlierLine", "6:SameEmail"]);
        assert_eq!(dry_run["duplicates"][0]["likeness"]["SameEmail"]["member_number"], 1001);
        let done = committed(&app, &admin, id, false).await;
        assert_eq!((done["imported_count"].as_i64(), done["skipped_count"].as_i64()), (Some(1), Some(4)));
    })
}

#[test]
fn cp932_files_from_japanese_excel_are_read() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let text = "氏名,ふりがな,住所\r\n髙橋 﨑子,ﾀｶﾊｼ ｻｷｺ,\"稲城市東長沼2111\r\n市役所内\"\r\n";
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
        assert!(!unmappable, "髙 and 﨑 are in CP932");
        let id = uploaded(&app, &admin, &bytes).await;
        let view = import_view(&app, &admin, id).await;
        assert_eq!(view["encoding"], "cp932");
        assert_eq!(view["columns"], serde_json::json!(["氏名", "ふりがな", "住所"]));
        assert_eq!(view["dry_run"]["preview"][0]["full_name"], "髙橋 﨑子");
        committed(&app, &admin, id, false).await;
        let street: String = sqlx::query_scalar("SELECT street FROM members WHERE import_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(street, "稲城市東長沼2111 市役所内", "a line break in a cell becomes a space");
    })
}

#[test]
fn the_chosen_mapping_is_remembered_for_the_next_file() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let file = "会員の名,読み方,連絡先\n田中 花子,たなか はなこ,hanako2@example.jp\n";
        let id = uploaded(&app, &admin, file.as_bytes()).await;
        let view = import_view(&app, &admin, id).await;
        assert_eq!(view["dry_run"]["unmapped"], serde_json::json!(["FullName", "NameReading"]));
        let id_text = id.to_string();
        let same_column = form(&[("id", &id_text), ("mapping[full_name]", "0"), ("mapping[name_reading]", "0")]);
        let refused = post_form(&app, "/api/save_import_mapping", &same_column, &[("cookie", &admin)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "one column feeds one field");
        let mapping = form(&[
            ("id", &id_text),
            ("mapping[full_name]", "0"),
            ("mapping[name_reading]", "1"),
            ("mapping[email]", "2"),
        ]);
        let saved = post_form(&app, "/api/save_import_mapping", &mapping, &[("cookie", &admin)]).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        assert_eq!(import_view(&app, &admin, id).await["dry_run"]["creatable"], 1);
        let next = uploaded(&app, &admin, "連絡先,読み方,会員の名\nx@example.jp,すずき,鈴木\n".as_bytes()).await;
        let mapping = import_view(&app, &admin, next).await["mapping"].clone();
        assert_eq!(mapping, serde_json::json!([["Email", 0], ["NameReading", 1], ["FullName", 2]]));
    })
}

#[test]
fn ten_thousand_rows_in_a_3_mb_file_go_in() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let mut file = String::from("会員番号,氏名,ふりがな,メール,番地\n");
        let street = "東長沼".repeat(40);
        for n in 0..10_000 {
            file.push_str(&format!("{},会員 {n},かいいん,m{n}@example.jp,{street}{n}\n", 5000 + n));
        }
        assert!(file.len() > 3 * 1024 * 1024, "larger than the 1 MiB that other requests may send");
        let id = uploaded(&app, &admin, file.as_bytes()).await;
        let done = committed(&app, &admin, id, false).await;
        assert_eq!(
            (done["imported_count"].as_i64(), done["progress_rows"].as_i64()),
            (Some(10_000), Some(10_000)),
            "{done}"
        );
        assert_eq!(imported_members(&db.pool, id).await.len(), 10_000);
    })
}

#[test]
fn an_import_is_undone_until_its_members_act() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let first = uploaded(&app, &admin, CLEAN.as_bytes()).await;
        committed(&app, &admin, first, true).await;
        let undo = |id: i64| form(&[("id", &id.to_string())]);
        let reply = post_form(&app, "/api/undo_import", &undo(first), &[("cookie", &admin)]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert!(imported_members(&db.pool, first).await.is_empty());
        let invited: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM accounts WHERE email LIKE '%@example.jp' AND password_hash = '!invited'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(invited, 0, "the invitations' accounts go with the members");
        let unsent: i64 =
            sqlx::query_scalar("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetch_one(&db.pool).await.unwrap();
        assert_eq!(unsent, 0, "undelivered invitations go too");
        assert_eq!(import_view(&app, &admin, first).await["status"], "Undone");

        // Again; one member accepts the invitation (chooses a password) and logs in.
        let second = uploaded(&app, &admin, CLEAN.as_bytes()).await;
        let view = committed(&app, &admin, second, false).await;
        assert_eq!(view["invitable"], 2);
        let sent = post_form(&app, "/api/send_import_invitations", &undo(second), &[("cookie", &admin)]).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        let body: String = sqlx::query_scalar(
            "SELECT body FROM outbox WHERE to_address = 'ichiro@example.jp' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let token = body.split("token=").nth(1).unwrap().split('&').next().unwrap().to_string();
        let accepted = post_form(
            &app,
            "/api/reset_password",
            &form(&[("token", &token), ("new_password", "ichiro's own long phrase")]),
            &[],
        )
        .await;
        assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
        let ichiro = log_in(&app, ("ichiro@example.jp", "ichiro's own long phrase")).await;
        let mine = get_with(&app, "/api/my_membership", &[("cookie", &ichiro)]).await;
        assert!(mine.body.contains("髙橋 一郎"), "{}", mine.body);
        let view = import_view(&app, &admin, second).await;
        assert_eq!(view["undo_blocker_count"], 1, "{view}");
        assert_eq!(view["undo_blockers"][0]["full_name"], "髙橋 一郎");
        let refused = post_form(&app, "/api/undo_import", &undo(second), &[("cookie", &admin)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(imported_members(&db.pool, second).await.len(), 3);
    })
}

#[test]
fn uploads_that_cannot_be_read_go_back_with_a_reason() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let big = vec![b'a'; 17 * 1024 * 1024];
        for (bytes, problem) in [
            (b"\x82\xa0\xff\xfe\xfd".to_vec(), "encoding"),
            (b"name,reading\n\x00a,\x82\xa0\n".to_vec(), "encoding"),
            (b"name,reading\n\xe7\xa8\xb2\x00,a\n".to_vec(), "encoding"),
            (b"name\n".to_vec(), "empty"),
            (b"".to_vec(), "missing"),
            (big, "too_large"),
        ] {
            let reply = upload(&app, Some(&admin), "x.csv", &bytes).await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{problem}");
            assert_eq!(reply.header("location"), format!("/admin/imports?problem={problem}"));
        }
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM member_imports").fetch_one(&db.pool).await.unwrap();
        assert_eq!(count, 0);
        // Only the upload route takes large bodies.
        let big_form = format!("id=1&invite={}", "a".repeat(2 * 1024 * 1024));
        let refused = post_form(&app, "/api/commit_import", &big_form, &[("cookie", &admin)]).await;
        // Refused while reading the body (without the limit it would be a 404: no import 1).
        assert!(
            matches!(refused.status, StatusCode::PAYLOAD_TOO_LARGE | StatusCode::BAD_REQUEST),
            "{}",
            refused.status
        );
    })
}

#[test]
fn access_matrix_for_imports() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let member = log_in(&app, MEMBER).await;
        let id = uploaded(&app, &admin, CLEAN.as_bytes()).await.to_string();
        use StatusCode as S;
        let roles: [Option<&str>; 3] = [None, Some(&member), Some(&admin)];
        for (cookie, status) in roles.iter().zip([S::UNAUTHORIZED, S::FORBIDDEN, S::SEE_OTHER]) {
            assert_eq!(upload(&app, *cookie, "m.csv", CLEAN.as_bytes()).await.status, status);
        }
        let cross_site = upload_from(&app, Some(&admin), "m.csv", CLEAN.as_bytes(), Some("https://evil.example")).await;
        assert_eq!(cross_site.status, S::FORBIDDEN, "a page elsewhere cannot upload with the admin's cookie");
        for (path, admin_status) in [("/api/imports".to_string(), S::OK), (format!("/api/import?id={id}"), S::OK)] {
            for (cookie, status) in roles.iter().zip([S::UNAUTHORIZED, S::FORBIDDEN, admin_status]) {
                assert_eq!(get_with(&app, &path, &cookie_header(*cookie)).await.status, status, "{path}");
            }
        }
        // Writes with input refused once the caller is let through, so nothing changes.
        let writes = [
            ("/api/save_import_mapping", form(&[("id", &id), ("mapping[full_name]", "99")]), S::UNPROCESSABLE_ENTITY),
            ("/api/commit_import", form(&[("id", "999999")]), S::NOT_FOUND),
            ("/api/undo_import", form(&[("id", &id)]), S::UNPROCESSABLE_ENTITY),
            ("/api/send_import_invitations", form(&[("id", &id)]), S::UNPROCESSABLE_ENTITY),
            ("/api/discard_import", form(&[("id", "999999")]), S::UNPROCESSABLE_ENTITY),
        ];
        for (path, body, admin_status) in &writes {
            for (cookie, status) in roles.iter().zip([S::UNAUTHORIZED, S::FORBIDDEN, *admin_status]) {
                assert_eq!(post_form(&app, path, body, &cookie_header(*cookie)).await.status, status, "{path}");
            }
        }
        // Discarding drops the file's text.
        let discarded = post_form(&app, "/api/discard_import", &form(&[("id", &id)]), &[("cookie", &admin)]).await;
        assert_eq!(discarded.status, StatusCode::OK);
        let content: String = sqlx::query_scalar("SELECT content FROM member_imports WHERE id = $1")
            .bind(id.parse::<i64>().unwrap())
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(content, "");
    })
}

#[test]
fn an_import_stopped_by_a_server_stop_can_be_run_again() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let id = uploaded(&app, &admin, CLEAN.as_bytes()).await;
        // What a run leaves behind when the process stops: its transaction rolled back, the row
        // still "importing", and a heartbeat that no longer moves.
        sqlx::query("UPDATE member_imports SET status = 'importing', heartbeat_at = now() - interval '11 minutes' WHERE id = $1")
            .bind(id)
            .execute(&db.pool)
            .await
            .unwrap();
        let view = import_view(&app, &admin, id).await;
        assert_eq!((view["status"].as_str(), view["failed"].as_bool()), (Some("Uploaded"), Some(true)), "{view}");
        let done = committed(&app, &admin, id, false).await;
        assert_eq!((done["status"].as_str(), done["failed"].as_bool()), (Some("Imported"), Some(false)));
        assert_eq!(imported_members(&db.pool, id).await.len(), 3);
    })
}

#[test]
fn an_invitation_stops_working_once_a_password_is_chosen_another_way() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let id = uploaded(&app, &admin, CLEAN.as_bytes()).await;
        committed(&app, &admin, id, true).await;
        let token_in =
            |body: String| body.split("token=").nth(1).unwrap().split(['&', '\n']).next().unwrap().to_string();
        let mail = || async {
            let body: String = sqlx::query_scalar(
                "SELECT body FROM outbox WHERE to_address = 'saburo@example.jp' ORDER BY id DESC LIMIT 1",
            )
            .fetch_one(&db.pool)
            .await
            .unwrap();
            body
        };
        let invitation = token_in(mail().await);
        let asked = post_form(&app, "/api/request_password_reset", &form(&[("email", "saburo@example.jp")]), &[]).await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        // The link is written after the answer: wait for the second mail.
        crate::privacy::mails_to(&db.pool, "saburo@example.jp", 2).await;
        let reset = token_in(mail().await);
        assert_ne!(reset, invitation);
        let chosen = |token: &str| form(&[("token", token), ("new_password", "saburo's own long phrase")]);
        let done = post_form(&app, "/api/reset_password", &chosen(&reset), &[]).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let late = post_form(&app, "/api/reset_password", &chosen(&invitation), &[]).await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY, "the invitation no longer opens the account");
    })
}

/// The office's own columns: units, remarks, household, committees and the years already paid.
const WITH_OFFICE_COLUMNS: &str = "氏名,フリガナ,メール,会員種別,口数,備考,家族,委員会,会費納入年度\n\
    田中 花子,たなか はなこ,tanaka.hanako@example.jp,家族,2,会報は郵送,田中 次郎（夫）、田中 三子（長女）,国際・地域,2024〜2025\n\
    佐藤 健,さとう けん,ken@example.jp,個人,,電話は夜,,,令和6年度\n";

#[test]
fn remarks_household_committees_and_paid_years_come_in_and_go_with_the_undo() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;

        // An unknown committee and a year not yet begun are named by line and field; nothing goes in.
        let wrong = WITH_OFFICE_COLUMNS.replace("国際・地域", "広報").replace("令和6年度", "2099");
        let id = uploaded(&app, &admin, wrong.as_bytes()).await;
        let errors = import_view(&app, &admin, id).await["dry_run"]["errors"].clone();
        let named: Vec<(i64, &str)> = errors
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["line"].as_i64().unwrap(), e["field"].as_str().unwrap()))
            .collect();
        assert_eq!(named, vec![(2, "Committees"), (3, "PaidYears")], "{errors}");

        let id = uploaded(&app, &admin, WITH_OFFICE_COLUMNS.as_bytes()).await;
        let preview = import_view(&app, &admin, id).await["dry_run"]["preview"].clone();
        assert_eq!(preview[0]["contact_by"], "Both", "an email, and remarks asking for paper: {preview}");
        assert_eq!(preview[0]["paid_years"], serde_json::json!([2024, 2025]));
        assert_eq!(committed(&app, &admin, id, false).await["status"], "Imported");
        let hanako: (i64, i16, String, String) = sqlx::query_as(
            "SELECT id, units, notes, contact_by FROM members WHERE import_id = $1 AND full_name = '田中 花子'",
        )
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!((hanako.1, hanako.2.as_str(), hanako.3.as_str()), (2, "会報は郵送", "both"));
        let household: Vec<(String, String)> = sqlx::query_as(
            "SELECT full_name, relationship FROM household_members WHERE member_id = $1 ORDER BY position",
        )
        .bind(hanako.0)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(household, vec![("田中 次郎".into(), "夫".into()), ("田中 三子".into(), "長女".into())]);
        let committees: Vec<String> = sqlx::query_scalar(
            "SELECT c.slug FROM member_committees mc JOIN committees c ON c.id = mc.committee_id
             WHERE mc.member_id = $1 ORDER BY c.slug",
        )
        .bind(hanako.0)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert_eq!(committees, vec!["international", "regional"]);
        // Each year at the class's fee × units; marked as taken from the old list.
        let paid: Vec<(String, i16, i32, String)> = sqlx::query_as(
            "SELECT m.full_name, d.fiscal_year, d.amount_yen, d.method FROM dues_payments d
             JOIN members m ON m.id = d.member_id WHERE m.import_id = $1 ORDER BY m.full_name, d.fiscal_year",
        )
        .bind(id)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        let fee = |code: &str, year: i32| {
            let pool = db.pool.clone();
            let code = code.to_string();
            async move {
                sqlx::query_scalar::<_, i32>("SELECT membership_fee(id, $2) FROM membership_types WHERE code = $1")
                    .bind(code)
                    .bind(year)
                    .fetch_one(&pool)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            paid,
            vec![
                ("佐藤 健".into(), 2024, fee("individual", 2024).await, "other".into()),
                ("田中 花子".into(), 2024, fee("family", 2024).await * 2, "other".into()),
                ("田中 花子".into(), 2025, fee("family", 2025).await * 2, "other".into()),
            ]
        );

        // What the file brought is no reason to keep the import: it is undone, payments and all.
        let view = import_view(&app, &admin, id).await;
        assert_eq!(view["undo_blocker_count"], 0, "{view}");
        let undo = form(&[("id", &id.to_string())]);
        let reply = post_form(&app, "/api/undo_import", &undo, &[("cookie", &admin)]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let left: i64 = sqlx::query_scalar("SELECT count(*) FROM dues_payments").fetch_one(&db.pool).await.unwrap();
        assert_eq!(left, 0);

        // A payment recorded after the import is activity: the undo is refused.
        let again = uploaded(&app, &admin, WITH_OFFICE_COLUMNS.as_bytes()).await;
        committed(&app, &admin, again, false).await;
        sqlx::query(
            "INSERT INTO dues_payments (member_id, fiscal_year, paid_on, amount_yen, method)
             SELECT id, 2026, japan_today(), 2000, 'cash' FROM members WHERE import_id = $1 AND full_name = '佐藤 健'",
        )
        .bind(again)
        .execute(&db.pool)
        .await
        .unwrap();
        assert_eq!(import_view(&app, &admin, again).await["undo_blocker_count"], 1);
    })
}

#[test]
fn a_records_clerk_imports_no_paid_years() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (email, password) = crate::support::fixtures::staff_login(
            &db.pool,
            "名簿 一郎",
            "meibo@example.jp",
            app::domain::staff::StaffRole::Clerk,
        )
        .await;
        let clerk = log_in(&app, (&email, &password)).await;
        let id = uploaded(&app, &clerk, WITH_OFFICE_COLUMNS.as_bytes()).await;
        let commit = form(&[("id", &id.to_string())]);
        let refused = post_form(&app, "/api/commit_import", &commit, &[("cookie", &clerk)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "dues are the treasurer's");
        assert!(refused.body.contains("mapping.paid_years"), "{}", refused.body);
        assert!(imported_members(&db.pool, id).await.is_empty());
    })
}
