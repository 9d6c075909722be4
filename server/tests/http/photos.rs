//! `server/src/photos.rs` through the real router: the secretariat gives a partner city a photo;
//! it is stored scaled down as JPEG, shown on the city's card and page with its description, and
//! served for a year of caching; everyone else is refused, and a file that is not a picture goes
//! back to the form with the reason. A chair gives their own committee's event a photo the same
//! way; another committee's chair cannot.

use crate::support::accounts::{admin_and_member, log_in, ADMIN, MEMBER};
use crate::support::fixtures::{people, published_event};
use crate::support::{app, get, get_with, post_form, send, with_db, Reply};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;

const BOUNDARY: &str = "kizuna-photo-boundary";

/// POSTs the photo form of `city`: the file, and the descriptions.
async fn upload(app: &Router, cookie: Option<&str>, city: &str, file: &[u8], alt_ja: &str) -> Reply {
    upload_to(app, cookie, &format!("/admin/cities/{city}/photo"), file, alt_ja).await
}

/// POSTs a photo form to `path`.
async fn upload_to(app: &Router, cookie: Option<&str>, path: &str, file: &[u8], alt_ja: &str) -> Reply {
    let mut body = Vec::new();
    for (name, value) in [("alt_ja", alt_ja), ("alt_en", "Riders at the Soma Nomaoi")] {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"nomaoi.png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let mut request = Request::post(path).header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    send(app, request.body(Body::from(body)).unwrap()).await
}

/// A 2400 × 1600 PNG, as a camera's photo might be after a screenshot.
fn png() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(2400, 1600, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

#[test]
fn the_secretariat_gives_a_city_a_photo_that_everyone_sees() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = log_in(&app, ADMIN).await;
        let member = log_in(&app, MEMBER).await;
        let file = png();
        assert_eq!(upload(&app, None, "soma", &file, "騎馬武者").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(upload(&app, Some(&member), "soma", &file, "騎馬武者").await.status, StatusCode::FORBIDDEN);
        let not_a_picture = upload(&app, Some(&admin), "soma", b"name,reading\n", "騎馬武者").await;
        assert_eq!(not_a_picture.status, StatusCode::SEE_OTHER);
        assert_eq!(not_a_picture.header("location"), "/admin/cities/soma/edit?photo_problem=not_a_picture#photo");
        let undescribed = upload(&app, Some(&admin), "soma", &file, " ").await;
        assert!(undescribed.header("location").contains("photo_problem=alt_missing"));
        assert_eq!(upload(&app, Some(&admin), "atlantis", &file, "騎馬武者").await.status, StatusCode::NOT_FOUND);
        let photos: i64 = sqlx::query_scalar("SELECT count(*) FROM photos").fetch_one(&db.pool).await.unwrap();
        assert_eq!(photos, 0, "nothing stored for a refused upload");

        let saved = upload(&app, Some(&admin), "soma", &file, "相馬野馬追の騎馬武者").await;
        assert_eq!(saved.header("location"), "/admin/cities/soma/edit?photo=saved#photo");
        let (id, width, height, jpeg): (i64, i32, i32, Vec<u8>) =
            sqlx::query_as("SELECT id, width, height, jpeg FROM photos").fetch_one(&db.pool).await.unwrap();
        assert_eq!((width, height), (1200, 800), "scaled down to 1200 px on the long side");
        assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "stored as JPEG");

        let page = get(&app, "/cities/soma").await;
        assert!(
            page.body
                .contains(&format!(r#"src="/photos/{id}.jpg" alt="相馬野馬追の騎馬武者" width="1200" height="800""#)),
            "{}",
            page.body
        );
        let list = get(&app, "/cities").await;
        assert!(list.body.contains(&format!(r#"src="/photos/{id}.jpg""#)) && list.body.contains(r#"loading="lazy""#));
        let served = get(&app, &format!("/photos/{id}.jpg")).await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(served.header("content-type"), "image/jpeg");
        assert_eq!(served.header("cache-control"), "public, max-age=31536000, immutable");
        assert_eq!(served.header("vary"), "", "the same picture for every reader");
        assert_eq!(get(&app, "/photos/999999.jpg").await.status, StatusCode::NOT_FOUND);
        let member_remove = post_form(&app, "/admin/cities/soma/photo/remove", "", &[("cookie", &member)]).await;
        assert_eq!(member_remove.status, StatusCode::FORBIDDEN);
        let removed = post_form(&app, "/admin/cities/soma/photo/remove", "", &[("cookie", &admin)]).await;
        assert_eq!(removed.header("location"), "/admin/cities/soma/edit?photo=removed#photo");
        assert_eq!(get(&app, &format!("/photos/{id}.jpg")).await.status, StatusCode::NOT_FOUND, "no longer served");
        let unknown = post_form(&app, "/admin/cities/atlantis/photo/remove", "", &[("cookie", &admin)]).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'city.photo'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(audited, 1);
    })
}

#[test]
fn a_chair_gives_their_event_a_photo_and_no_one_else_can() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (admin, member, chair, other_chair) = people(&app, &db.pool).await;
        let event = published_event(&app, &db.pool, &chair, &[]).await;
        let path = format!("/chair/events/{event}/photo");
        let file = png();
        assert_eq!(upload_to(&app, None, &path, &file, "交流会").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(upload_to(&app, Some(&member), &path, &file, "交流会").await.status, StatusCode::FORBIDDEN);
        let refused = upload_to(&app, Some(&other_chair), &path, &file, "交流会").await.status;
        assert_eq!(refused, StatusCode::FORBIDDEN, "another committee's event");
        let unknown = upload_to(&app, Some(&chair), "/chair/events/999999/photo", &file, "交流会").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        let photos: i64 = sqlx::query_scalar("SELECT count(*) FROM photos").fetch_one(&db.pool).await.unwrap();
        assert_eq!(photos, 0, "nothing stored for a refused upload");

        let saved = upload_to(&app, Some(&chair), &path, &file, "昨年の交流会の集合写真").await;
        assert_eq!(saved.header("location"), format!("/chair/events/{event}/edit?photo=saved#photo"));
        let id: i64 = sqlx::query_scalar("SELECT photo_id FROM events WHERE id = $1")
            .bind(event)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let shown = format!(r#"src="/photos/{id}.jpg" alt="昨年の交流会の集合写真" width="1200" height="800""#);
        let page = get(&app, &format!("/events/{event}")).await;
        assert!(page.body.contains(&shown), "{}", page.body);
        let served = get(&app, &format!("/photos/{id}.jpg")).await;
        assert_eq!((served.status, served.header("content-type")), (StatusCode::OK, "image/jpeg"));
        assert!(get(&app, "/events").await.body.contains(&format!(r#"src="/photos/{id}.jpg""#)), "on the card");
        let editor = get_with(&app, &format!("/chair/events/{event}/edit"), &[("cookie", &chair)]).await;
        assert!(editor.body.contains(&format!(r#"action="{path}""#)), "the editor has the form");
        // The secretariat may too (any committee's event).
        let by_admin = upload_to(&app, Some(&admin), &path, &file, "集合写真").await;
        assert_eq!(by_admin.header("location"), format!("/chair/events/{event}/edit?photo=saved#photo"));
        let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'event.photo'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(audited, 2);

        // Taking it off: only its organisers (and the secretariat); then it is no longer served.
        let latest: i64 = sqlx::query_scalar("SELECT photo_id FROM events WHERE id = $1")
            .bind(event)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let remove = format!("{path}/remove");
        let refused = post_form(&app, &remove, "", &[("cookie", &other_chair)]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(post_form(&app, &remove, "", &[]).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(get(&app, &format!("/photos/{latest}.jpg")).await.status, StatusCode::OK, "still there");
        let removed = post_form(&app, &remove, "", &[("cookie", &chair)]).await;
        assert_eq!(removed.header("location"), format!("/chair/events/{event}/edit?photo=removed#photo"));
        assert_eq!(get(&app, &format!("/photos/{latest}.jpg")).await.status, StatusCode::NOT_FOUND);
        assert!(!get(&app, &format!("/events/{event}")).await.body.contains("/photos/"), "the page shows none");
        let gone: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'event.photo_removed'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(gone, 1);
    })
}
