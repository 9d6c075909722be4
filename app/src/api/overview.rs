//! The secretariat's overview: the dashboard and the audit log.

use crate::domain::event::EventView;
use crate::domain::localized::Localized;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub fiscal_year: i32,
    /// (status code, members)
    pub by_status: Vec<(String, i64)>,
    pub by_type: Vec<(Localized, i64)>,
    /// (fiscal year, new members, withdrawals)
    pub per_year: Vec<(i32, i64, i64)>,
    pub committees: Vec<(Localized, i64)>,
    pub dues_paid: i64,
    pub dues_collected_yen: i64,
    pub active_members: i64,
    pub dues_expected_yen: i64,
    /// (city, year, events, participants)
    pub per_city: Vec<(Localized, i32, i64, i64)>,
    pub upcoming: Vec<EventView>,
    /// The caller's roles in force, so the page links only to the work they may do.
    pub roles: Vec<crate::domain::staff::StaffRole>,
}

/// The state of the association at a glance. Staff who read the members.
#[server(endpoint = "dashboard", input = GetUrl)]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    use crate::server::{
        db::{dashboard as d, events},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::ReadMembers), |ctx| async move {
        let db = &ctx.db;
        let fiscal_year = ctx.reference.calendar(&ctx.db).await?.this_year();
        let (dues_paid, dues_collected_yen, active_members, dues_expected_yen) =
            d::dues_summary(db, fiscal_year).await?;
        let pair = |(ja, en, n): (String, String, i64)| (Localized::new(ja, en), n);
        Ok(Dashboard {
            roles: ctx.caller.roles.clone(),
            fiscal_year,
            by_status: d::members_by_status(db).await?,
            by_type: d::active_by_type(db).await?.into_iter().map(pair).collect(),
            per_year: d::joins_and_withdrawals(db, fiscal_year, 5).await?,
            committees: d::committee_sizes(db).await?.into_iter().map(pair).collect(),
            dues_paid,
            dues_collected_yen,
            active_members,
            dues_expected_yen,
            per_city: d::events_per_city_year(db)
                .await?
                .into_iter()
                .map(|(ja, en, year, events, people)| (Localized::new(ja, en), year, events, people))
                .collect(),
            upcoming: events::list(db, &events::Listing { limit: 10, ..Default::default() }).await?,
        })
    })
    .await
}

/// Filters of the audit log page, as they appear in its URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// The actor's login email.
    pub actor: String,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    /// YYYY-MM-DD (Japan), inclusive.
    pub from: String,
    pub until: String,
    /// Paging: entries older than this id.
    pub before: String,
}

impl AuditFilter {
    /// The filter named in an address's query (`get` answers "" for a missing key): one reading
    /// for the page and for its CSV download.
    pub fn from_query(get: impl Fn(&str) -> String) -> AuditFilter {
        AuditFilter {
            actor: get("actor"),
            action: get("action"),
            record_type: get("record_type"),
            record_id: get("record_id"),
            from: get("from"),
            until: get("until"),
            before: get("before"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<i64>,
    pub details: String,
}

#[cfg(feature = "ssr")]
pub fn audit_query(filter: &AuditFilter, limit: Option<i64>) -> crate::server::db::audit::AuditQuery {
    use crate::domain::dates::tokyo;
    use chrono::{NaiveDate, TimeZone};
    let day = |text: &str, next: bool| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().and_then(|d| {
            let d = if next { d.succ_opt()? } else { d };
            tokyo().from_local_datetime(&d.and_hms_opt(0, 0, 0)?).single().map(|t| t.with_timezone(&Utc))
        })
    };
    let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    crate::server::db::audit::AuditQuery {
        actor: some(&filter.actor).map(|a| a.to_lowercase()),
        action: some(&filter.action),
        record_type: some(&filter.record_type),
        record_id: filter.record_id.trim().parse().ok(),
        from: day(&filter.from, false),
        until: day(&filter.until, true),
        before_id: filter.before.trim().parse().ok(),
        limit,
    }
}

/// One page (100) of the audit log, newest first. Admins only.
#[server(endpoint = "audit_log", input = GetUrl)]
pub async fn load_audit_log(#[server(default)] filter: AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
    use crate::server::{
        db::audit,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Audit), |ctx| async move {
        let mut sql = audit::audit_sql(&audit_query(&filter, Some(100)));
        let rows: Vec<audit::AuditRow> = sql.build_query_as().fetch_all(&ctx.db).await?;
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                actor: r.actor,
                action: r.action,
                record_type: r.record_type,
                record_id: r.record_id,
                details: r.details,
            })
            .collect())
    })
    .await
}
