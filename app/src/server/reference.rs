//! Small reference data that every public page reads and only the secretariat changes: the
//! association's contact details (every footer), its profile and dues calendar and the committee and partner-city choices (the
//! events list's filters). Kept for a few seconds, so that a busy events list does not ask
//! PostgreSQL for them on every request, and dropped at once by this process's own saves; another
//! server process sees a change within `FRESH_FOR`.

use crate::domain::association::AssociationContact;
use crate::domain::association_profile::AssociationProfile;
use crate::domain::membership::CommitteeChoice;
use crate::server::db;
use sqlx::PgPool;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(5);

#[derive(Clone, Default)]
pub struct Reference(Arc<Mutex<Kept>>);

impl std::fmt::Debug for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reference")
    }
}

#[derive(Default)]
struct Kept {
    contact: Option<(Instant, AssociationContact)>,
    profile: Option<(Instant, AssociationProfile)>,
    committees: Option<(Instant, Vec<CommitteeChoice>)>,
    cities: Option<(Instant, Vec<CommitteeChoice>)>,
}

impl Reference {
    pub async fn contact(&self, pool: &PgPool) -> Result<AssociationContact, sqlx::Error> {
        self.kept(|k| &mut k.contact, db::association::contact(pool)).await
    }

    /// The association's name, notices and dues calendar.
    pub async fn profile(&self, pool: &PgPool) -> Result<AssociationProfile, sqlx::Error> {
        self.kept(|k| &mut k.profile, db::association::profile::load(pool)).await
    }

    /// The association's dues calendar (part of its profile).
    pub async fn calendar(&self, pool: &PgPool) -> Result<crate::domain::dues::DuesCalendar, sqlx::Error> {
        Ok(self.profile(pool).await?.calendar)
    }

    pub async fn committees(&self, pool: &PgPool) -> Result<Vec<CommitteeChoice>, sqlx::Error> {
        self.kept(|k| &mut k.committees, db::committees::choices(pool)).await
    }

    pub async fn cities(&self, pool: &PgPool) -> Result<Vec<CommitteeChoice>, sqlx::Error> {
        self.kept(|k| &mut k.cities, db::cities::choices(pool)).await
    }

    /// After the secretariat changed any of it (called once the change has committed).
    pub fn forget(&self) {
        *self.lock() = Kept::default();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        // A panic while the lock was held leaves only stale copies: clear them and go on.
        self.0.lock().unwrap_or_else(|poisoned| {
            let mut kept = poisoned.into_inner();
            *kept = Kept::default();
            kept
        })
    }

    /// The kept copy while fresh, else `load` (the lock is never held while waiting for it).
    async fn kept<T: Clone>(
        &self,
        slot: fn(&mut Kept) -> &mut Option<(Instant, T)>,
        load: impl Future<Output = Result<T, sqlx::Error>>,
    ) -> Result<T, sqlx::Error> {
        if let Some((at, value)) = slot(&mut self.lock()).as_ref() {
            if at.elapsed() < FRESH_FOR {
                return Ok(value.clone());
            }
        }
        let value = load.await?;
        *slot(&mut self.lock()) = Some((Instant::now(), value.clone()));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::test_support::test_pool;
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    #[sqlx::test(migrations = "../migrations")]
    async fn choices_are_kept_until_forgotten(_: PgPoolOptions, options: PgConnectOptions) {
        let db = test_pool(options).await;
        let reference = Reference::default();
        let before = reference.cities(&db).await.unwrap();
        sqlx::query("UPDATE partner_cities SET name_ja = '大空町（改）' WHERE slug = 'ozora'")
            .execute(&db)
            .await
            .unwrap();
        assert_eq!(reference.cities(&db).await.unwrap(), before, "kept: no query for a few seconds");
        reference.forget();
        let after = reference.cities(&db).await.unwrap();
        assert!(after.iter().any(|c| c.name.ja == "大空町（改）"), "read again once forgotten");
    }
}
