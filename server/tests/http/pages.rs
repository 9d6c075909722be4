use crate::support::{app, get, get_with, with_db};
use axum::http::StatusCode;

#[test]
fn home_is_japanese_by_default_and_lists_cities_and_committees() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let reply = get(&app(pool), "/").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.header("content-type").starts_with("text/html"));
        assert!(reply.body.contains(r#"<html lang="ja""#), "{}", &reply.body[..200.min(reply.body.len())]);
        for text in [
            "稲城市姉妹友好都市交流協会",
            "大空町",
            "相馬市",
            "野沢温泉村",
            "フォスターシティ",
            "国内交流委員会",
            "2020年9月27日",
        ] {
            assert!(reply.body.contains(text), "home page lacks {text}");
        }
        for place in ["/events", "/join", "/login"] {
            assert!(reply.body.contains(&format!(r#"href="{place}""#)), "menu lacks {place}");
        }
    })
}

#[test]
fn accept_language_english_gets_english() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let reply = get_with(&app(pool), "/", &[("accept-language", "en-US,en;q=0.9")]).await;
        assert!(reply.body.contains(r#"<html lang="en""#));
        assert!(reply.body.contains("Inagi City Sister and Friendship Cities Exchange Association"));
        assert!(reply.body.contains("Ozora Town"));
        assert!(!reply.body.contains("交流都市の一覧"));
    })
}

#[test]
fn the_cookie_overrides_the_browser_language() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let reply = get_with(&app(pool), "/cities", &[("accept-language", "ja"), ("cookie", "kizuna_lang=en")]).await;
        assert!(reply.body.contains(r#"<html lang="en""#));
        assert!(reply.body.contains("Partner cities"));
    })
}

#[test]
fn a_city_page_shows_its_facts() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let app = app(pool);
        let ja = get(&app, "/cities/ozora").await;
        assert_eq!(ja.status, StatusCode::OK);
        for text in ["大空町", "姉妹都市", "提携済み", "1991年11月", "北海道（日本）", "女満別町"]
        {
            assert!(ja.body.contains(text), "ja page lacks {text}");
        }
        let en = get_with(&app, "/cities/ozora", &[("cookie", "kizuna_lang=en")]).await;
        for text in ["Ozora Town", "Sister city", "1991-11", "Hokkaido, Japan", "Memanbetsu"] {
            assert!(en.body.contains(text), "en page lacks {text}");
        }
        let foster = get(&app, "/cities/foster-city").await;
        assert!(foster.body.contains("提携済み"), "concluded");
        assert!(foster.body.contains("2021年7月27日"), "the date the domain notes give");
        let ozora = get(&app, "/cities/ozora").await;
        assert!(
            ozora.body.contains("災害時相互応援協定") && ozora.body.contains("（女満別町と締結）"),
            "two agreements"
        );
    })
}

#[test]
fn committee_pages_render() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let app = app(pool);
        let list = get(&app, "/committees").await;
        assert_eq!(list.status, StatusCode::OK);
        for slug in ["domestic", "international", "regional"] {
            assert!(list.body.contains(&format!(r#"href="/committees/{slug}""#)));
        }
        let one = get(&app, "/committees/regional").await;
        assert_eq!(one.status, StatusCode::OK);
        assert!(one.body.contains("地域交流委員会") && one.body.contains("物産展"));
    })
}

#[test]
fn unknown_records_and_paths_are_404_pages() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let app = app(pool);
        for path in ["/cities/atlantis", "/committees/sports", "/cities/Not%20A%20Slug", "/no/such/page"] {
            let reply = get(&app, path).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
            assert!(reply.body.contains("ページが見つかりません"), "{path} lacks the Japanese 404 text");
        }
        let en = get_with(&app, "/cities/atlantis", &[("accept-language", "en")]).await;
        assert_eq!(en.status, StatusCode::NOT_FOUND);
        assert!(en.body.contains("Page not found"));
    })
}

#[test]
fn the_events_page_lists_published_events_without_javascript() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        sqlx::query(
            "INSERT INTO events (committee_id, title_ja, starts_at, ends_at, venue, capacity, status) VALUES
             ((SELECT id FROM committees WHERE slug = 'regional'), '稲城の梨まつり', now() + interval '3 days',
              now() + interval '3 days 2 hours', '稲城中央公園', 40, 'published'),
             ((SELECT id FROM committees WHERE slug = 'regional'), '下書きの行事', now() + interval '4 days',
              now() + interval '4 days 2 hours', '未定', 40, 'draft')",
        )
        .execute(&pool)
        .await
        .unwrap();
        let reply = get(&app(pool), "/events").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("稲城の梨まつり") && reply.body.contains("残り40席"), "{}", reply.body);
        assert!(!reply.body.contains("下書きの行事"));
    })
}

#[test]
fn an_edited_record_shows_at_once() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        sqlx::query("UPDATE partner_cities SET name_ja = '大空町（北海道）' WHERE slug = 'ozora'")
            .execute(&pool)
            .await
            .unwrap();
        let reply = get(&app(pool), "/cities/ozora").await;
        assert!(reply.body.contains("大空町（北海道）"));
    })
}
