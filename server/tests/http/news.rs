//! News on the site: the secretariat writes, publishes and takes back posts; the public sees only
//! published ones (the list, the page, the home page's latest, the Atom feed, read back with an
//! independent parser); nobody else may write.

use crate::support::fixtures::people;
use crate::support::{get, get_with, post_form, with_db};
use axum::http::StatusCode;

fn post(fields: &[(&str, &str)]) -> String {
    crate::support::form(fields)
}

#[test]
fn published_posts_reach_the_site_the_home_page_and_the_feed_drafts_do_not() {
    with_db(|db| async move {
        let app = crate::support::app(db.pool.clone());
        let (admin, member, chair, _) = people(&app, &db.pool).await;
        let first = post(&[
            ("news[title_ja]", "ホストファミリー募集"),
            ("news[body_ja]", "夏のフォスターシティ訪問団 <学生10名> を迎えます。"),
            ("news[title_en]", "Host families wanted"),
            ("news[body_en]", "Ten students from Foster City & their teachers."),
            ("news[publish]", "yes"),
        ]);
        let saved = post_form(&app, "/api/save_news_post", &first, &[("cookie", &admin)]).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let draft = post(&[("news[title_ja]", "下書きの記事"), ("news[body_ja]", "まだ公開しません。")]);
        post_form(&app, "/api/save_news_post", &draft, &[("cookie", &admin)]).await;
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM news_posts ORDER BY id").fetch_all(&db.pool).await.unwrap();

        // Nobody but the secretariat writes.
        for cookie in [&member, &chair] {
            let refused = post_form(&app, "/api/save_news_post", &first, &[("cookie", cookie)]).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN);
        }
        let blank = post_form(&app, "/api/save_news_post", "news[body_en]=text", &[("cookie", &admin)]).await;
        assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(blank.body.contains("title_en"), "{}", blank.body);

        let list = get(&app, "/api/news").await;
        assert!(list.body.contains("ホストファミリー募集") && !list.body.contains("下書きの記事"), "{}", list.body);
        assert_eq!(get(&app, &format!("/api/news_post?id={}", ids[1])).await.status, StatusCode::NOT_FOUND);
        let home = get_with(&app, "/", &[("cookie", "kizuna_lang=ja")]).await;
        assert!(home.body.contains("ホストファミリー募集") && !home.body.contains("下書きの記事"));
        let page = get_with(&app, &format!("/news/{}", ids[0]), &[("cookie", "kizuna_lang=en")]).await;
        assert!(page.body.contains("Host families wanted"));

        // The feed, read back by feed-rs.
        let atom = get(&app, "/news.atom?lang=en").await;
        assert_eq!(atom.status, StatusCode::OK);
        assert!(atom.header("content-type").starts_with("application/atom+xml"));
        let feed = feed_rs::parser::parse(atom.body.as_bytes()).expect("a valid feed");
        assert_eq!(feed.entries.len(), 1, "drafts stay out");
        let entry = &feed.entries[0];
        assert_eq!(entry.title.as_ref().unwrap().content, "Host families wanted");
        assert_eq!(entry.id, format!("http://localhost:3000/news/{}", ids[0]));
        assert!(entry.published.is_some() && entry.updated.is_some());
        assert_eq!(
            entry.content.as_ref().unwrap().body.as_deref(),
            Some("Ten students from Foster City & their teachers.")
        );
        let japanese = feed_rs::parser::parse(get(&app, "/news.atom").await.body.as_bytes()).unwrap();
        assert_eq!(japanese.entries[0].title.as_ref().unwrap().content, "ホストファミリー募集");

        // Taken back: gone from the site and the feed.
        let back =
            post(&[("id", &ids[0].to_string()), ("news[title_ja]", "ホストファミリー募集"), ("news[body_ja]", "x")]);
        post_form(&app, "/api/save_news_post", &back, &[("cookie", &admin)]).await;
        assert!(feed_rs::parser::parse(get(&app, "/news.atom").await.body.as_bytes()).unwrap().entries.is_empty());
        let deleted = post_form(&app, "/api/delete_news_post", &format!("id={}", ids[1]), &[("cookie", &admin)]).await;
        assert_eq!(deleted.status, StatusCode::OK);
        let audit: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'news.%'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(audit, 4, "every change audited");
    })
}
