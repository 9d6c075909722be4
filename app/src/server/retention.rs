//! The daily retention job (rules and reasons: `docs/retention.md`; queries: `db::retention`).
//! Every server process runs it at start and then once a day; each rule runs in its own
//! transaction, so one failing rule does not hold back the others, and running it twice (two
//! processes) does nothing more the second time.

use crate::server::db::retention as rules;
use sqlx::{PgConnection, PgPool};
use std::future::Future;
use std::pin::Pin;

type Rule = for<'c> fn(&'c mut PgConnection) -> Pin<Box<dyn Future<Output = Result<u64, sqlx::Error>> + Send + 'c>>;

/// (name for the log, rule) in the order they run: erasures first, so that their mail and links
/// are counted where they belong.
const RULES: &[(&str, Rule)] = &[
    ("members erased", |tx| Box::pin(rules::erase_members(tx))),
    ("unconfirmed applications given up", |tx| Box::pin(rules::unconfirmed_applications(tx))),
    ("mails deleted", |tx| Box::pin(rules::old_mail(tx))),
    ("links deleted", |tx| Box::pin(rules::spent_tokens(tx))),
    ("unsubscribe links ended", |tx| Box::pin(rules::old_unsubscribe_links(tx))),
    ("uploads deleted", |tx| Box::pin(rules::stale_uploads(tx))),
    ("sign-up details cleared", |tx| Box::pin(rules::past_event_details(tx))),
    ("dues notes cleared", |tx| Box::pin(rules::old_dues_notes(tx))),
    ("audit entries deleted", |tx| Box::pin(rules::old_audit_entries(tx))),
    ("login brakes deleted", |tx| Box::pin(rules::stale_brakes(tx))),
    // Not a retention rule, but a daily one: a change of type waiting for its fiscal year.
    ("types changed for the new fiscal year", |tx| {
        Box::pin(async move {
            let year = crate::server::db::association::profile::load(&mut *tx).await?.calendar.this_year();
            crate::server::db::members::lifecycle::apply_due_types(tx, year).await
        })
    }),
];

/// Runs every rule once; returns (name, rows touched) for the rules that succeeded.
pub async fn run_once(db: &PgPool) -> Vec<(&'static str, u64)> {
    let mut done = Vec::new();
    for (name, rule) in RULES {
        let outcome = async {
            let mut tx = db.begin().await?;
            let rows = rule(&mut tx).await?;
            tx.commit().await?;
            Ok::<u64, sqlx::Error>(rows)
        }
        .await;
        match outcome {
            Ok(rows) => done.push((*name, rows)),
            Err(error) => tracing::warn!(rule = name, %error, "retention rule failed; it runs again tomorrow"),
        }
    }
    let summary: Vec<String> = done.iter().map(|(name, rows)| format!("{name}: {rows}")).collect();
    tracing::info!(counts = %summary.join(", "), "retention job done");
    done
}

/// Runs the job now and then every 24 hours, for the life of the process.
pub async fn daily(db: PgPool) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(24 * 60 * 60));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        run_once(&db).await;
    }
}
