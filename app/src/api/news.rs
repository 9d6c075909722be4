//! News on the site: the published posts for everyone (the list, one post, the latest on the home
//! page; `/news.atom` is the feed), and for the secretariat (`Newsletters`) writing, publishing,
//! taking back and deleting them. Every change is audited.

use crate::domain::news::{NewsAdminPage, NewsForm, NewsPost};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
const DRAFT: &str = "draft:news";

/// The published posts, newest first (`limit`: at most that many; 50 when not given).
#[server(endpoint = "news", input = GetUrl)]
pub async fn load_news(#[server(default)] limit: Option<i64>) -> Result<Vec<NewsPost>, AppError> {
    use crate::server::db::news;
    use crate::server::guard::serve_public;
    serve_public(|ctx| async move { Ok(news::published(&ctx.db, limit.unwrap_or(50).clamp(1, 50)).await?) }).await
}

/// One published post; 404 for a draft or an unknown one.
#[server(endpoint = "news_post", input = GetUrl)]
pub async fn load_news_post(id: i64) -> Result<NewsPost, AppError> {
    use crate::server::db::news;
    use crate::server::guard::serve_public;
    serve_public(|ctx| async move { news::one(&ctx.db, id, false).await?.ok_or(AppError::NotFound) }).await
}

/// Every post (drafts too), and the form: the post `edit` (404 if unknown), or a new one.
#[server(endpoint = "news_admin", input = GetUrl)]
pub async fn load_news_admin(#[server(default)] edit: Option<i64>) -> Result<NewsAdminPage, AppError> {
    use crate::server::db::news;
    use crate::server::form_draft;
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::Newsletters), |ctx| async move {
        let typed: Option<NewsForm> = form_draft::take(&ctx.session, DRAFT).await;
        let form = match (typed, edit) {
            (Some(typed), _) => typed,
            (None, Some(id)) => news::one(&ctx.db, id, true).await?.ok_or(AppError::NotFound)?.form(),
            (None, None) => NewsForm::default(),
        };
        Ok(NewsAdminPage { posts: news::all(&ctx.db).await?, editing: edit, form })
    })
    .await
}

/// Saves a post (`news[…]`): a new one without `id`, else that one. 422 with field errors (the
/// typed form is kept); 404 for an unknown `id`.
#[server(endpoint = "save_news_post")]
pub async fn save_news_post(
    #[server(default)] id: Option<i64>,
    #[server(default)] news: NewsForm,
) -> Result<(), AppError> {
    use crate::server::db::{audit, news as posts};
    use crate::server::form_draft;
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::Newsletters), |ctx| async move {
        let post = match news.check() {
            Ok(post) => post,
            Err(errors) => {
                form_draft::keep_for_plain_post(&ctx.session, DRAFT, &news).await;
                return Err(AppError::Invalid(errors));
            }
        };
        let mut tx = ctx.db.begin().await?;
        let id = match id {
            Some(id) => {
                if !posts::update(&mut tx, id, &post).await? {
                    return Err(AppError::NotFound);
                }
                id
            }
            None => posts::insert(&mut tx, &post, ctx.caller.account_id).await?,
        };
        let details = serde_json::json!({ "published": post.publish });
        audit::record(&mut tx, ctx.caller.account_id, "news.save", "news_post", id, details).await?;
        tx.commit().await?;
        let v = chrono::Utc::now().timestamp_millis();
        leptos_axum::redirect(&format!("/admin/news?saved={id}&v={v}"));
        Ok(())
    })
    .await
}

/// Deletes a post. 404 for an unknown one.
#[server(endpoint = "delete_news_post")]
pub async fn delete_news_post(id: i64) -> Result<(), AppError> {
    use crate::server::db::{audit, news};
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::Newsletters), |ctx| async move {
        let mut tx = ctx.db.begin().await?;
        if !news::delete(&mut tx, id).await? {
            return Err(AppError::NotFound);
        }
        audit::record(&mut tx, ctx.caller.account_id, "news.delete", "news_post", id, serde_json::json!({})).await?;
        tx.commit().await?;
        let v = chrono::Utc::now().timestamp_millis();
        leptos_axum::redirect(&format!("/admin/news?deleted=1&v={v}"));
        Ok(())
    })
    .await
}
