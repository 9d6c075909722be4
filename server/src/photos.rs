//! Photos of the partner cities and of exchange events: `POST /admin/cities/{slug}/photo` and
//! `POST /chair/events/{id}/photo` take an upload from the city's or the event's editor (a plain
//! multipart form, so it works without JavaScript), and `GET /photos/{id}.jpg` serves it. The upload is decoded (JPEG, PNG or WebP), scaled to at most `LONG_SIDE` pixels on
//! its long side and encoded again as JPEG: what is stored and served is only the picture, never
//! the file as uploaded (no EXIF, no GPS position, no second image hidden in it).

use crate::auth::{staff, Allowed, Organiser};
use app::domain::ids::{AccountId, EventId};
use app::domain::localized::Localized;
use app::domain::slug::Slug;
use app::domain::text;
use app::error::FieldProblem;
use app::server::db::{audit, cities, events, photos};
use app::server::guard::organise_event;
use app::server::state::AppState;
use app::AppError;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use image::codecs::jpeg::JpegEncoder;
use image::ImageDecoder;
use std::time::Duration;

/// The largest file accepted (a phone's photo is 2–6 MB).
pub const MAX_UPLOAD_BYTES: usize = 12 * 1024 * 1024;
/// The long side of a stored photo: sharp on a laptop, a fraction of the upload's weight.
pub const LONG_SIDE: u32 = 1200;
/// Decoding and scaling may take this long at most.
const WORK_LIMIT: Duration = Duration::from_secs(20);
/// Photos are decoded one after another (see `upload`).
static ONE_AT_A_TIME: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)
}

/// Why an upload was refused; the editor words each in the admin's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Missing,
    TooLarge,
    NotAPicture,
    AltMissing,
    AltTooLong,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::Missing => "missing",
            Refused::TooLarge => "too_large",
            Refused::NotAPicture => "not_a_picture",
            Refused::AltMissing => "alt_missing",
            Refused::AltTooLong => "alt_too_long",
        }
    }
}

/// A picture as the site keeps it: JPEG bytes and their size.
pub struct Reencoded {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The most pixels a picture may have (a 48-megapixel phone photo fits): decoding and scaling a
/// larger one would hold hundreds of megabytes.
const MAX_PIXELS: u64 = 50_000_000;

/// Decodes `bytes`, turns the picture upright (a phone stores it sideways with an orientation
/// tag, which re-encoding would drop), scales it down to `LONG_SIDE` (never up) and encodes it as
/// JPEG. The size is read from the header first and too large a picture is refused before
/// anything is decoded.
pub fn reencode(bytes: &[u8]) -> Result<Reencoded, Refused> {
    let reader = || image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format();
    let (width, height) =
        reader().map_err(|_| Refused::NotAPicture)?.into_dimensions().map_err(|_| Refused::NotAPicture)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refused::TooLarge);
    }
    let mut decoder = reader().map_err(|_| Refused::NotAPicture)?.into_decoder().map_err(|_| Refused::NotAPicture)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = image::DynamicImage::from_decoder(decoder).map_err(|_| Refused::NotAPicture)?;
    picture.apply_orientation(orientation);
    let picture = if picture.width().max(picture.height()) > LONG_SIDE {
        picture.resize(LONG_SIDE, LONG_SIDE, image::imageops::FilterType::Lanczos3)
    } else {
        picture
    };
    // JPEG has no transparency: a PNG's transparent parts become white, as on the page.
    let rgb = picture.to_rgb8();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 82).encode_image(&rgb).map_err(|_| Refused::NotAPicture)?;
    Ok(Reencoded { jpeg, width: rgb.width(), height: rgb.height() })
}

/// The fields of the upload form.
#[derive(Default)]
struct Upload {
    file: Vec<u8>,
    alt_ja: String,
    alt_en: String,
}

async fn read_form(mut multipart: Multipart) -> Result<Upload, Refused> {
    let mut upload = Upload::default();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| Refused::TooLarge)? {
        match field.name() {
            Some("file") => {
                while let Some(chunk) = field.chunk().await.map_err(|_| Refused::TooLarge)? {
                    if upload.file.len() + chunk.len() > MAX_UPLOAD_BYTES {
                        return Err(Refused::TooLarge);
                    }
                    upload.file.extend_from_slice(&chunk);
                }
            }
            Some("alt_ja") => upload.alt_ja = field.text().await.map_err(|_| Refused::TooLarge)?,
            Some("alt_en") => upload.alt_en = field.text().await.map_err(|_| Refused::TooLarge)?,
            _ => {}
        }
    }
    Ok(upload)
}

/// Why an upload came to nothing: a refusal the editor words, or an error answered as such.
enum NotStored {
    Refused(Refused),
    Failed(AppError),
}

/// A checked upload: the picture as the site keeps it and what it shows.
struct Accepted {
    picture: Reencoded,
    alt: Localized,
}

/// Reads the form and re-encodes the picture. `exists` is asked before any decoding, so an upload
/// for a record that is not there costs nothing.
async fn accept(
    multipart: Multipart,
    exists: impl std::future::Future<Output = Result<bool, AppError>>,
) -> Result<Accepted, NotStored> {
    let form = read_form(multipart).await.map_err(NotStored::Refused)?;
    // What the photo shows is part of it: a Japanese description at least, as for every reader.
    let alt = match (text::required(&form.alt_ja, 200), text::optional(&form.alt_en, 200)) {
        (Ok(ja), Ok(en)) => Localized::new(ja, en),
        (Err(FieldProblem::Required), _) => return Err(NotStored::Refused(Refused::AltMissing)),
        _ => return Err(NotStored::Refused(Refused::AltTooLong)),
    };
    if form.file.is_empty() {
        return Err(NotStored::Refused(Refused::Missing));
    }
    if !exists.await.map_err(NotStored::Failed)? {
        return Err(NotStored::Failed(AppError::NotFound));
    }
    // One picture at a time: decoding holds the picture in memory, and a timed-out decode keeps
    // running on its thread; the turn itself is waited for within the same limit.
    let Ok(Ok(turn)) = tokio::time::timeout(WORK_LIMIT, ONE_AT_A_TIME.acquire()).await else {
        return Err(NotStored::Failed(AppError::Busy));
    };
    let work = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        reencode(&form.file)
    });
    match tokio::time::timeout(WORK_LIMIT, work).await {
        Ok(Ok(Ok(picture))) => Ok(Accepted { picture, alt }),
        Ok(Ok(Err(refused))) => Err(NotStored::Refused(refused)),
        Ok(Err(_)) | Err(_) => {
            tracing::error!("a photo could not be processed in time");
            Err(NotStored::Failed(AppError::Internal))
        }
    }
}

/// The answer to an upload: back to the editor's photo section with the outcome in the address
/// (so it works without JavaScript), or the error page.
fn answer(editor: &str, outcome: Result<bool, NotStored>) -> Response {
    let back = |outcome: &str| Redirect::to(&format!("{editor}?{outcome}#photo")).into_response();
    match outcome {
        Ok(true) => back("photo=saved"),
        Ok(false) => AppError::NotFound.into_response(),
        Err(NotStored::Refused(refused)) => back(&format!("photo_problem={}", refused.code())),
        Err(NotStored::Failed(error)) => error.into_response(),
    }
}

/// `POST /admin/cities/{slug}/photo`: the city's photo, by the secretariat.
pub async fn upload(
    State(state): State<AppState>,
    Allowed { caller: admin, .. }: Allowed<staff::Settings>,
    Path(slug): Path<String>,
    multipart: Multipart,
) -> Response {
    let Some(slug) = Slug::parse(&slug) else { return AppError::NotFound.into_response() };
    let editor = format!("/admin/cities/{}/edit", slug.as_str());
    let exists = async { Ok(cities::id_by_slug(&state.pool, slug.as_str()).await?.is_some()) };
    let outcome = match accept(multipart, exists).await {
        Ok(accepted) => store_for_city(&state, admin.account_id, &slug, &accepted).await.map_err(NotStored::Failed),
        Err(not_stored) => Err(not_stored),
    };
    answer(&editor, outcome)
}

/// `POST /chair/events/{id}/photo`: an event's photo, by an organiser of its committee (or the
/// secretariat), checked on the event before the upload is read.
pub async fn upload_for_event(
    State(state): State<AppState>,
    Allowed { caller, .. }: Allowed<Organiser>,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Response {
    let Ok(id) = id.parse::<EventId>() else { return AppError::NotFound.into_response() };
    if let Err(error) = organise_event(&state.pool, &caller, id).await {
        return error.into_response();
    }
    let editor = format!("/chair/events/{id}/edit");
    let outcome = match accept(multipart, async { Ok(true) }).await {
        Ok(accepted) => store_for_event(&state, caller.account_id, id, &accepted).await.map_err(NotStored::Failed),
        Err(not_stored) => Err(not_stored),
    };
    answer(&editor, outcome)
}

async fn store_for_city(
    state: &AppState,
    admin: AccountId,
    slug: &Slug,
    accepted: &Accepted,
) -> Result<bool, AppError> {
    let picture = &accepted.picture;
    let mut tx = state.pool.begin().await?;
    let id = photos::insert(&mut tx, &picture.jpeg, picture.width, picture.height, admin).await?;
    let Some(city) = cities::set_photo(&mut tx, slug, id, &accepted.alt).await? else {
        return Ok(false);
    };
    let details = serde_json::json!({ "photo": id, "width": picture.width, "height": picture.height });
    audit::record(&mut tx, admin, "city.photo", "partner_city", city, details).await?;
    tx.commit().await?;
    tracing::info!(city = slug.as_str(), photo = id, bytes = picture.jpeg.len(), "city photo saved");
    Ok(true)
}

async fn store_for_event(
    state: &AppState,
    by: AccountId,
    event: EventId,
    accepted: &Accepted,
) -> Result<bool, AppError> {
    let picture = &accepted.picture;
    let mut tx = state.pool.begin().await?;
    let id = photos::insert(&mut tx, &picture.jpeg, picture.width, picture.height, by).await?;
    if !events::set_photo(&mut tx, event, id, &accepted.alt).await? {
        return Ok(false);
    }
    let details = serde_json::json!({ "photo": id, "width": picture.width, "height": picture.height });
    audit::record(&mut tx, by, "event.photo", "event", event.0, details).await?;
    tx.commit().await?;
    tracing::info!(event = event.0, photo = id, bytes = picture.jpeg.len(), "event photo saved");
    Ok(true)
}

/// `POST /admin/cities/{slug}/photo/remove`: the city shows no photo any more.
pub async fn remove(
    State(state): State<AppState>,
    Allowed { caller: admin, .. }: Allowed<staff::Settings>,
    Path(slug): Path<String>,
) -> Response {
    let Some(slug) = Slug::parse(&slug) else { return AppError::NotFound.into_response() };
    let editor = format!("/admin/cities/{}/edit", slug.as_str());
    let outcome = async {
        let mut tx = state.pool.begin().await?;
        let Some(city) = cities::clear_photo(&mut tx, &slug).await? else { return Ok(false) };
        audit::record(&mut tx, admin.account_id, "city.photo_removed", "partner_city", city, serde_json::json!({}))
            .await?;
        tx.commit().await?;
        Ok::<_, AppError>(true)
    };
    removed(&editor, outcome.await)
}

/// `POST /chair/events/{id}/photo/remove`: the event shows no photo any more. Organisers of its
/// committee (or the secretariat).
pub async fn remove_for_event(
    State(state): State<AppState>,
    Allowed { caller, .. }: Allowed<Organiser>,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<EventId>() else { return AppError::NotFound.into_response() };
    let editor = format!("/chair/events/{id}/edit");
    let outcome = async {
        organise_event(&state.pool, &caller, id).await?;
        let mut tx = state.pool.begin().await?;
        if !events::clear_photo(&mut tx, id).await? {
            return Ok(false);
        }
        audit::record(&mut tx, caller.account_id, "event.photo_removed", "event", id, serde_json::json!({})).await?;
        tx.commit().await?;
        Ok::<_, AppError>(true)
    };
    removed(&editor, outcome.await)
}

fn removed(editor: &str, outcome: Result<bool, AppError>) -> Response {
    match outcome {
        Ok(true) => Redirect::to(&format!("{editor}?photo=removed#photo")).into_response(),
        Ok(false) => AppError::NotFound.into_response(),
        Err(error) => error.into_response(),
    }
}

/// `GET /photos/{id}.jpg`: a photo in use, for a year in any cache (its id never changes content).
pub async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file.strip_suffix(".jpg").and_then(|id| id.parse::<i64>().ok()) else {
        return AppError::NotFound.into_response();
    };
    match photos::jpeg(&state.pool, id).await {
        Ok(Some(jpeg)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            jpeg,
        )
            .into_response(),
        Ok(None) => AppError::NotFound.into_response(),
        Err(error) => AppError::from(error).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, Rgba, RgbaImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbaImage::from_pixel(width, height, Rgba([200, 30, 30, 255]));
        let mut bytes = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut bytes, ImageFormat::Png).unwrap();
        bytes.into_inner()
    }

    #[test]
    fn large_pictures_are_scaled_down_and_become_jpeg() {
        let done = reencode(&png(3000, 2000)).unwrap();
        assert_eq!((done.width, done.height), (1200, 800));
        assert_eq!(&done.jpeg[..3], &[0xFF, 0xD8, 0xFF], "a JPEG file");
        let small = reencode(&png(300, 200)).unwrap();
        assert_eq!((small.width, small.height), (300, 200), "never scaled up");
    }

    #[test]
    fn anything_else_is_not_a_picture() {
        assert!(matches!(reencode(b"name,reading\n"), Err(Refused::NotAPicture)));
        assert!(matches!(reencode(&png(10, 10)[..40]), Err(Refused::NotAPicture)), "a cut-off file");
    }
}
