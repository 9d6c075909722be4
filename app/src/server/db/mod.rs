//! Queries, one module per domain. Runtime-checked `query_as` with `FromRow` rows (no compile-time
//! `query!`), so building never needs a live database or a committed `.sqlx/` folder.

pub mod accounts;
pub mod association;
pub mod audit;
pub mod calendar;
pub mod cities;
pub mod city_agreements;
pub mod committees;
pub mod contacts;
pub mod dashboard;
pub mod devices;
pub mod donations;
pub mod dues;
pub mod dues_mail;
pub mod erasure;
pub mod events;
pub mod imports;
pub mod mailing;
pub mod member_list;
pub mod members;
pub mod membership_types;
pub mod news;
pub mod newsletters;
pub mod outbox;
pub mod photos;
pub mod receipts;
pub mod retention;
pub mod rosters;
pub mod signups;
pub mod staff;
pub mod statements;
pub mod throttle;
pub mod tokens;
pub mod year_end;

/// Test databases come from `#[sqlx::test]`, but each test builds its own pool from the options it
/// is given: sqlx 0.8's injected pools borrow from one shared parent pool, which deadlocks once
/// about 20 tests run at once (sqlx issue #2567). The fixtures make their rows through the
/// modules' own functions, as the app does.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::domain::event::{EventDraft, EventStatus};
    use crate::domain::ids::{AccountId, MemberId};
    use crate::domain::localized::Localized;
    use crate::domain::member::Profile;
    use chrono::{Duration, Utc};
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    use sqlx::PgPool;

    pub async fn test_pool(options: PgConnectOptions) -> PgPool {
        PgPoolOptions::new().max_connections(5).connect_with(options).await.expect("connect to the test database")
    }

    /// An admin account (the one who decides applications in the fixtures).
    pub async fn admin(db: &PgPool) -> AccountId {
        let mut conn = db.acquire().await.unwrap();
        super::accounts::insert_admin(&mut conn, "admin@example.jp", "x", false).await.unwrap()
    }

    /// A member account without a membership.
    pub async fn account(db: &PgPool, email: &str) -> AccountId {
        let mut tx = db.begin().await.unwrap();
        let id = super::accounts::insert_member_account(&mut tx, email, "x", "ja").await.unwrap().expect("a new email");
        tx.commit().await.unwrap();
        id
    }

    pub fn profile(full_name: &str, name_reading: &str) -> Profile {
        Profile {
            full_name: full_name.into(),
            name_reading: crate::domain::kana::Reading::parse(name_reading).unwrap(),
            name_romaji: String::new(),
            organisation_name: String::new(),
            phone: "042-000-0000".into(),
            postal_code: "2060000".into(),
            prefecture_code: 13,
            city: "稲城市".into(),
            street: "1-1".into(),
            birth_date: None,
            languages: Vec::new(),
            committee_slugs: Vec::new(),
            household: Vec::new(),
            photo_consent: false,
        }
    }

    /// An applicant (pending): (account id, member id).
    pub async fn applicant(db: &PgPool, email: &str, full_name: &str, name_reading: &str) -> (AccountId, MemberId) {
        let account_id = account(db, email).await;
        let types = super::membership_types::list(db).await.unwrap();
        let individual = types.iter().find(|t| t.code == "individual").expect("the individual type is seeded");
        let mut tx = db.begin().await.unwrap();
        let member_id = super::members::insert_application(
            &mut tx,
            account_id,
            individual.id,
            email,
            &profile(full_name, name_reading),
            "v1",
            1,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        (account_id, member_id)
    }

    /// An approved member: (account id, member id, member number).
    pub async fn active_member(
        db: &PgPool,
        email: &str,
        full_name: &str,
        name_reading: &str,
    ) -> (AccountId, MemberId, i32) {
        let (account_id, member_id) = applicant(db, email, full_name, name_reading).await;
        let decided_by = match sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin' LIMIT 1")
            .fetch_optional(db)
            .await
            .unwrap()
        {
            Some(id) => id,
            None => admin(db).await,
        };
        let mut tx = db.begin().await.unwrap();
        let number = super::members::approve(&mut tx, member_id, decided_by).await.unwrap().expect("pending");
        tx.commit().await.unwrap();
        (account_id, member_id, number)
    }

    /// A draft for the committee `committee_slug`, `days` days from now (negative: past).
    pub fn draft(committee_slug: &str, title: &str, days: i64, capacity: i32) -> EventDraft {
        let starts_at = Utc::now() + Duration::days(days);
        EventDraft {
            reminder_days: 3,
            committee_slug: committee_slug.into(),
            partner_city_slug: None,
            title: Localized::new(title, format!("{title} (en)")),
            description: Localized::new("説明", "About"),
            starts_at,
            ends_at: starts_at + Duration::hours(2),
            venue: "稲城市役所".into(),
            capacity: crate::domain::event::Capacity::try_from(capacity).unwrap(),
            signup_opens_at: None,
            signup_closes_at: None,
            fee_yen: 0,
            members_only: false,
            min_age: None,
            guardian_consent_for_minors: false,
            questions: Vec::new(),
        }
    }

    /// An event of the committee `committee_slug` in `status`, `days` days from now.
    pub async fn event(
        db: &PgPool,
        committee_slug: &str,
        days: i64,
        capacity: i32,
        status: EventStatus,
    ) -> crate::domain::ids::EventId {
        let committee = super::committees::id_by_slug(db, committee_slug).await.unwrap().expect("a seeded committee");
        let by = match sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin' LIMIT 1")
            .fetch_optional(db)
            .await
            .unwrap()
        {
            Some(id) => id,
            None => admin(db).await,
        };
        let mut tx = db.begin().await.unwrap();
        let id = super::events::insert(&mut tx, &draft(committee_slug, "交流会", days, capacity), committee, None, by)
            .await
            .unwrap();
        if status != EventStatus::Draft {
            super::events::set_status(&mut tx, id, status, "").await.unwrap();
        }
        tx.commit().await.unwrap();
        id
    }
}
