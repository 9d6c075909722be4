//! A roster download as a stream: rows go from PostgreSQL into the response as they come (memory
//! stays flat however long the roster is), after the CP932 check when that encoding is asked for,
//! and the download is written to the audit log when the last row has gone out.

use super::cp932;
use crate::csv_out::{attachment, Cell, CsvOut, Encoding};
use app::i18n::Lang;
use app::server::db::audit;
use app::AppError;
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use futures::TryStreamExt;
use sqlx::{PgPool, Postgres, QueryBuilder};

/// What one download is: for the audit log, the file name and the header row.
pub struct Roster {
    pub kind: &'static str,
    pub filters: serde_json::Value,
    pub file: String,
    pub header: Vec<String>,
}

/// Streams `sql`'s rows as CSV (after the CP932 check when asked for), and writes the download
/// to the audit log when the last row has gone out.
pub async fn stream<T, F>(
    pool: PgPool,
    actor: app::domain::ids::AccountId,
    roster: Roster,
    encoding: Encoding,
    lang: Lang,
    make_sql: impl Fn() -> QueryBuilder<'static, Postgres> + Send + Sync + 'static,
    cells: F,
) -> Response
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin + 'static,
    F: for<'r> Fn(&'r T) -> Vec<Cell<'r>> + Send + Sync + 'static,
{
    if encoding == Encoding::Cp932 {
        match cp932::problems(&pool, &roster, &make_sql, &cells).await {
            Ok(problems) if problems.is_empty() => {}
            Ok(problems) => return cp932::problems_page(lang, &roster, &problems),
            Err(error) => return AppError::from(error).into_response(),
        }
    }
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(8);
    let content_type = encoding.content_type();
    let file = roster.file.clone();
    tokio::spawn(async move {
        let mut out = CsvOut::new(encoding);
        let header: Vec<Cell> = roster.header.iter().map(Cell::text).collect();
        out.row(&header);
        let mut first = encoding.preamble().to_vec();
        first.extend(out.take());
        let mut chunk = first;
        let mut sql = make_sql();
        // The statement lasts as long as the download; a slow client must not hit the 15 s limit.
        let mut tx = match long_statement(&pool).await {
            Ok(tx) => tx,
            Err(error) => {
                tracing::error!(%error, roster = roster.kind, "roster export could not start");
                let _ = sender.send(Err(std::io::Error::other("export failed"))).await;
                return;
            }
        };
        let mut rows = sql.build_query_as::<T>().fetch(&mut *tx);
        let mut count: i64 = 0;
        let mut complete = true;
        loop {
            match rows.try_next().await {
                Ok(Some(row)) => {
                    out.row(&cells(&row));
                    count += 1;
                    if out.len() >= 64 * 1024 {
                        chunk.extend(out.take());
                        if sender.send(Ok(std::mem::take(&mut chunk))).await.is_err() {
                            complete = false;
                            break;
                        }
                    }
                }
                Ok(None) => break,
                Err(error) => {
                    tracing::error!(%error, roster = roster.kind, "roster export failed part-way");
                    let _ = sender.send(Err(std::io::Error::other("export failed"))).await;
                    complete = false;
                    break;
                }
            }
        }
        drop(rows);
        drop(tx);
        chunk.extend(out.take());
        if complete && !chunk.is_empty() && sender.send(Ok(chunk)).await.is_err() {
            complete = false;
        }
        let details = serde_json::json!({
            "roster": roster.kind, "filters": roster.filters, "rows": count,
            "encoding": encoding.charset(), "complete": complete,
        });
        let logged = async {
            let mut tx = pool.begin().await?;
            audit::record(&mut tx, actor, "export.roster", roster.kind, 0, details).await?;
            tx.commit().await
        };
        if let Err(error) = logged.await {
            tracing::error!(%error, "could not write the export to the audit log");
        }
    });
    let body = futures::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    attachment(&file, &content_type, Body::from_stream(body))
}

/// A read-only transaction whose statements may run for as long as a download takes (the pool's
/// connections otherwise stop a statement after `KIZUNA_DB_STATEMENT_TIMEOUT_SECS`).
async fn long_statement(pool: &PgPool) -> Result<sqlx::Transaction<'static, Postgres>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL statement_timeout = '30min'").execute(&mut *tx).await?;
    Ok(tx)
}
