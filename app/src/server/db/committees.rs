//! Committees: the register, who is in which and who chairs it.

use crate::domain::committee::{Committee, CommitteePost};
use crate::domain::ids::{AccountId, CommitteeId, MemberId};
use crate::domain::localized::Localized;
use crate::domain::membership::CommitteeChoice;
use crate::domain::slug::Slug;
use sqlx::{PgConnection, PgPool};

macro_rules! select_committees {
    ($rest:literal) => {
        concat!(
            "SELECT slug, name_ja, name_en, summary_ja, summary_en, description_ja, description_en
             FROM committees ",
            $rest
        )
    };
}

#[derive(sqlx::FromRow)]
struct CommitteeRow {
    slug: String,
    name_ja: String,
    name_en: String,
    summary_ja: String,
    summary_en: String,
    description_ja: String,
    description_en: String,
}

impl From<CommitteeRow> for Committee {
    fn from(row: CommitteeRow) -> Self {
        Committee {
            slug: row.slug,
            name: Localized::new(row.name_ja, row.name_en),
            summary: Localized::new(row.summary_ja, row.summary_en),
            description: Localized::new(row.description_ja, row.description_en),
        }
    }
}

pub async fn list(db: &PgPool) -> Result<Vec<Committee>, sqlx::Error> {
    let rows: Vec<CommitteeRow> =
        sqlx::query_as(select_committees!("WHERE retired_on IS NULL ORDER BY sort_order, slug")).fetch_all(db).await?;
    Ok(rows.into_iter().map(Committee::from).collect())
}

pub async fn by_slug(db: &PgPool, slug: &Slug) -> Result<Option<Committee>, sqlx::Error> {
    let row: Option<CommitteeRow> =
        sqlx::query_as(select_committees!("WHERE slug = $1")).bind(slug.as_str()).fetch_optional(db).await?;
    Ok(row.map(Into::into))
}

pub async fn id_by_slug(db: &PgPool, slug: &str) -> Result<Option<CommitteeId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM committees WHERE slug = $1").bind(slug).fetch_optional(db).await
}

/// (id, choice) of the committees the caller may organise: all for admins, else those chaired.
pub async fn organisable_by(
    db: &PgPool,
    caller: &crate::server::session::Caller,
) -> Result<Vec<(CommitteeId, CommitteeChoice)>, sqlx::Error> {
    let rows: Vec<(CommitteeId, String, String, String)> = sqlx::query_as(
        "SELECT id, slug, name_ja, name_en FROM committees WHERE retired_on IS NULL ORDER BY sort_order, id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(id, ..)| crate::server::guard::organises(caller, *id))
        .map(|(id, slug, ja, en)| (id, CommitteeChoice { slug, name: Localized::new(ja, en) }))
        .collect())
}

#[derive(sqlx::FromRow)]
struct ChoiceRow {
    slug: String,
    name_ja: String,
    name_en: String,
}

fn to_choices(rows: Vec<ChoiceRow>) -> Vec<CommitteeChoice> {
    rows.into_iter().map(|r| CommitteeChoice { slug: r.slug, name: Localized::new(r.name_ja, r.name_en) }).collect()
}

/// The committees on offer (not retired): what forms and filters may choose.
pub async fn choices(db: &PgPool) -> Result<Vec<CommitteeChoice>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT slug, name_ja, name_en FROM committees WHERE retired_on IS NULL ORDER BY sort_order, id",
    )
    .fetch_all(db)
    .await?;
    Ok(to_choices(rows))
}

/// Every committee for the register: (committee, retired on).
pub async fn register(db: &PgPool) -> Result<Vec<(Committee, Option<chrono::NaiveDate>)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct RegisterRow {
        #[sqlx(flatten)]
        committee: CommitteeRow,
        retired_on: Option<chrono::NaiveDate>,
    }
    let rows: Vec<RegisterRow> = sqlx::query_as(
        "SELECT slug, name_ja, name_en, summary_ja, summary_en, description_ja, description_en, retired_on
         FROM committees ORDER BY retired_on IS NOT NULL, sort_order, id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|row| (Committee::from(row.committee), row.retired_on)).collect())
}

/// Adds a committee (placed last) or changes the one now at `original`; a retired one gets today
/// as its retirement day (kept if it was retired already), an unretired one none. `None` when the
/// slug is taken (or `original` is unknown).
pub async fn save(
    tx: &mut PgConnection,
    original: Option<&str>,
    committee: &Committee,
    retired: bool,
) -> Result<Option<CommitteeId>, sqlx::Error> {
    let sql = match original {
        None => {
            "INSERT INTO committees (slug, name_ja, name_en, summary_ja, summary_en, description_ja, description_en,
                 retired_on, sort_order)
             VALUES ($2, $3, $4, $5, $6, $7, $8, CASE WHEN $9 THEN japan_today() END,
                 (SELECT COALESCE(max(sort_order), 0) + 1 FROM committees))
             ON CONFLICT (slug) DO NOTHING RETURNING id"
        }
        Some(_) => {
            "UPDATE committees SET slug = $2, name_ja = $3, name_en = $4, summary_ja = $5, summary_en = $6,
                 description_ja = $7, description_en = $8,
                 retired_on = CASE WHEN $9 THEN COALESCE(retired_on, japan_today()) END, updated_at = now()
             WHERE slug = $1 AND NOT EXISTS (SELECT 1 FROM committees o WHERE o.slug = $2 AND o.slug <> $1)
             RETURNING id"
        }
    };
    sqlx::query_scalar(sql)
        .bind(original.unwrap_or_default())
        .bind(&committee.slug)
        .bind(&committee.name.ja)
        .bind(&committee.name.en)
        .bind(&committee.summary.ja)
        .bind(&committee.summary.en)
        .bind(&committee.description.ja)
        .bind(&committee.description.en)
        .bind(retired)
        .fetch_optional(tx)
        .await
}

pub async fn of_member(db: &PgPool, member_id: MemberId) -> Result<Vec<CommitteeChoice>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT c.slug, c.name_ja, c.name_en FROM member_committees mc JOIN committees c ON c.id = mc.committee_id
         WHERE mc.member_id = $1 ORDER BY c.sort_order, c.id",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    Ok(to_choices(rows))
}

pub async fn chaired_by(db: &PgPool, account_id: AccountId) -> Result<Vec<CommitteeChoice>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT c.slug, c.name_ja, c.name_en FROM committee_chairs cc JOIN committees c ON c.id = cc.committee_id
         WHERE cc.account_id = $1 AND (cc.valid_until IS NULL OR cc.valid_until >= japan_today())
         ORDER BY c.sort_order, c.id",
    )
    .bind(account_id)
    .fetch_all(db)
    .await?;
    Ok(to_choices(rows))
}

/// Names of the committee's members who hold `post` (with or without a login), in reading order.
pub async fn names_with_post(
    db: &PgPool,
    committee_id: CommitteeId,
    post: CommitteePost,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT m.full_name FROM member_committees mc JOIN members m ON m.id = mc.member_id
         WHERE mc.committee_id = $1 AND m.status = 'active' AND mc.post = $2
           -- an appointment whose term has ended ends the post it gave
           AND NOT EXISTS (SELECT 1 FROM committee_chairs cc
                           WHERE cc.committee_id = mc.committee_id AND cc.account_id = m.account_id
                             AND cc.valid_until < japan_today())
         ORDER BY m.reading_key, m.id",
    )
    .bind(committee_id)
    .bind(post.code())
    .fetch_all(db)
    .await
}

/// Names (only) of a committee's active members, in reading order.
pub async fn member_names(db: &PgPool, committee_id: CommitteeId) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT m.full_name FROM member_committees mc JOIN members m ON m.id = mc.member_id
         WHERE mc.committee_id = $1 AND m.status = 'active' ORDER BY m.reading_key, m.id",
    )
    .bind(committee_id)
    .fetch_all(db)
    .await
}

/// The member's posts other than plain member on the committees on offer (what the form shows),
/// by committee slug.
pub async fn posts_of(db: &PgPool, member_id: MemberId) -> Result<Vec<(String, CommitteePost)>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.slug, mc.post FROM member_committees mc JOIN committees c ON c.id = mc.committee_id
         WHERE mc.member_id = $1 AND mc.post <> 'member' AND c.retired_on IS NULL ORDER BY c.slug",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(|(slug, post)| CommitteePost::parse(&post).map(|post| (slug, post))).collect())
}

/// Sets the member's posts on the committees they belong to: those in `posts`, plain member on
/// every other committee on offer (a retired committee's posts are on no form, so kept).
pub async fn set_posts(
    tx: &mut PgConnection,
    member_id: MemberId,
    posts: &[(String, CommitteePost)],
) -> Result<(), sqlx::Error> {
    let slugs: Vec<&str> = posts.iter().map(|(slug, _)| slug.as_str()).collect();
    let codes: Vec<&str> = posts.iter().map(|(_, post)| post.code()).collect();
    sqlx::query(
        "UPDATE member_committees mc
         SET post = COALESCE((SELECT p.post FROM UNNEST($2::text[], $3::text[]) AS p (slug, post) WHERE p.slug = c.slug),
                             'member')
         FROM committees c
         WHERE c.id = mc.committee_id AND mc.member_id = $1 AND c.retired_on IS NULL",
    )
    .bind(member_id)
    .bind(&slugs)
    .bind(&codes)
    .execute(tx)
    .await?;
    Ok(())
}

/// Adds or removes one committee of a member.
pub async fn set_membership(
    tx: &mut PgConnection,
    member_id: MemberId,
    slug: &str,
    join: bool,
) -> Result<(), sqlx::Error> {
    let sql = if join {
        "INSERT INTO member_committees (member_id, committee_id) SELECT $1, id FROM committees WHERE slug = $2
         ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM member_committees mc USING committees c WHERE mc.member_id = $1 AND c.id = mc.committee_id AND c.slug = $2"
    };
    sqlx::query(sql).bind(member_id).bind(slug).execute(tx).await?;
    Ok(())
}

/// Makes the account a chair of the committee (no-op if it already is); false for an unknown slug.
pub async fn appoint_chair(
    tx: &mut PgConnection,
    account_id: AccountId,
    slug: &str,
    by: AccountId,
) -> Result<bool, sqlx::Error> {
    appoint(tx, account_id, slug, ChairRole::Chair, None, by).await
}

/// A chair's place on a committee: both have the organiser's rights for its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChairRole {
    Chair,
    ViceChair,
}

impl ChairRole {
    /// The post on the committee that goes with the appointment.
    pub fn post(self) -> CommitteePost {
        match self {
            ChairRole::Chair => CommitteePost::Chair,
            ChairRole::ViceChair => CommitteePost::ViceChair,
        }
    }
}

/// Appoints the account chair or vice-chair of the committee until `valid_until` (inclusive; none
/// for no end); a second appointment replaces the first. False for an unknown slug.
pub async fn appoint(
    tx: &mut PgConnection,
    account_id: AccountId,
    slug: &str,
    role: ChairRole,
    valid_until: Option<chrono::NaiveDate>,
    by: AccountId,
) -> Result<bool, sqlx::Error> {
    let committee: Option<CommitteeId> =
        sqlx::query_scalar("SELECT id FROM committees WHERE slug = $1").bind(slug).fetch_optional(&mut *tx).await?;
    let Some(committee_id) = committee else { return Ok(false) };
    sqlx::query(
        "INSERT INTO committee_chairs (committee_id, account_id, appointed_by, role, valid_until)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (committee_id, account_id) DO UPDATE SET role = $4, valid_until = $5, appointed_by = $3",
    )
    .bind(committee_id)
    .bind(account_id)
    .bind(by)
    .bind(role.post().code())
    .bind(valid_until)
    .execute(&mut *tx)
    .await?;
    // The appointment is also the member's post on the committee (they belong to it from now).
    sqlx::query(
        "INSERT INTO member_committees (member_id, committee_id, post)
         SELECT id, $2, $3 FROM members WHERE account_id = $1
         ON CONFLICT (member_id, committee_id) DO UPDATE SET post = EXCLUDED.post",
    )
    .bind(account_id)
    .bind(committee_id)
    .bind(role.post().code())
    .execute(&mut *tx)
    .await?;
    Ok(true)
}

/// Ends the account's chair of the committee; false if it was not its chair.
pub async fn remove_chair(tx: &mut PgConnection, account_id: AccountId, slug: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM committee_chairs cc USING committees c
         WHERE cc.committee_id = c.id AND c.slug = $2 AND cc.account_id = $1",
    )
    .bind(account_id)
    .bind(slug)
    .execute(&mut *tx)
    .await?;
    // Removed as chair: a plain member of the committee again.
    sqlx::query(
        "UPDATE member_committees mc SET post = 'member' FROM committees c, members m
         WHERE c.id = mc.committee_id AND c.slug = $2 AND m.id = mc.member_id AND m.account_id = $1",
    )
    .bind(account_id)
    .bind(slug)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests;
