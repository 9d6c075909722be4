//! Closing a fiscal year (`/admin/year-end`): the treasurer's report, the members unpaid by the
//! articles' rule, and lapsing them all at once with the reason recorded.

use crate::domain::year_end::{TreasurerReport, UnpaidMember};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearClose {
    pub this_year: i32,
    /// Whole fiscal years unpaid after which a membership may lapse (the settings).
    pub rule_years: u8,
    pub report: TreasurerReport,
    pub unpaid: Vec<UnpaidMember>,
    /// The caller may end memberships (records clerks and admins).
    pub may_lapse: bool,
    /// The year has ended, so it can be closed (its unpaid members lapsed).
    pub closable: bool,
    /// The reason the lapse form starts with.
    pub reason: String,
}

/// The reason a lapse records unless the office writes another.
#[cfg(feature = "ssr")]
fn default_reason(year: i32, years: u8) -> String {
    if years <= 1 {
        format!("{year}年度の会費が未納のため（会則による）")
    } else {
        format!("{}〜{year}年度の{years}年間、会費が未納のため（会則による）", year - i32::from(years) + 1)
    }
}

/// A fiscal year's close (`year`, else this one): the report and the unpaid list. Staff who read
/// the members (the figures are sums; the list names members).
#[server(endpoint = "year_end", input = GetUrl)]
pub async fn year_end(#[server(default)] year: Option<i32>) -> Result<YearClose, AppError> {
    use crate::server::db::{association, year_end};
    use crate::server::guard::{may, serve, Access, Duty};
    serve(Access::Staff(Duty::ReadMembers), |ctx| async move {
        let profile = association::profile::load(&ctx.db).await?;
        let this_year = profile.calendar.this_year();
        let year = year.filter(|y| (2000..=2100).contains(y)).unwrap_or(this_year);
        let years = profile.lapse_after_unpaid_years;
        Ok(YearClose {
            this_year,
            rule_years: years,
            report: year_end::report(&ctx.db, year).await?,
            unpaid: year_end::unpaid(&ctx.db, year, years).await?,
            may_lapse: may(&ctx.caller, Duty::EditMembers),
            closable: profile.calendar.range(year).1 < crate::domain::dates::today_in_japan(),
            reason: default_reason(year, years),
        })
    })
    .await
}

/// Lapses every member unpaid by the rule when closing `year` (a year that has ended; 422 `year`
/// otherwise), in one transaction, from the year's last day, with the reason (required); their logins close and
/// their places at coming events go to the waiting lists, as for one ending. Audited per member
/// (`member.end`) and for the run (`dues.lapse_unpaid`). Records clerks and admins.
#[server(endpoint = "lapse_unpaid")]
pub async fn lapse_unpaid(year: i32, #[server(default)] reason: String) -> Result<(), AppError> {
    use crate::domain::dates::today_in_japan;
    use crate::error::FieldProblem;
    use crate::server::db::association;
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        if !(2000..=2100).contains(&year) {
            return Err(AppError::invalid("year", FieldProblem::InvalidFormat));
        }
        let reason = crate::domain::text::required(&reason, 500).map_err(|p| AppError::invalid("reason", p))?;
        let profile = association::profile::load(&ctx.db).await?;
        // A year is closed once it has ended: the articles count whole years unpaid.
        let (_, on) = profile.calendar.range(year);
        if on >= today_in_japan() {
            return Err(AppError::invalid("year", FieldProblem::NotAllowed));
        }
        let years = profile.lapse_after_unpaid_years;
        let lapsed = crate::server::member_records::lapse_unpaid(
            &ctx.db,
            &ctx.event_queues,
            ctx.caller.account_id,
            (year, years),
            on,
            &reason,
        )
        .await?;
        leptos_axum::redirect(&format!("/admin/year-end?year={year}&lapsed={lapsed}"));
        Ok(())
    })
    .await
}
