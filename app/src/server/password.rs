//! argon2id hashing, off the async threads. One hash takes tens of milliseconds of a whole core and
//! a 19 MiB block, so it runs on a fixed set of worker threads, one per core, each reusing its own
//! block (`argon2_workers`): a burst of logins queues (for at most 10 s) instead of starving every
//! other request, and leaves no memory behind.

use crate::domain::password::NewPassword;
use crate::error::AppError;
use crate::server::argon2_workers::{self, InMemory};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, Block};

/// `Argon2::default()` is argon2id, m = 19456 KiB, t = 2, p = 1: the OWASP minimum.
fn hasher() -> Argon2<'static> {
    Argon2::default()
}

tokio::task_local! {
    static ARGON2_RUNS: std::sync::Arc<std::sync::atomic::AtomicUsize>;
}

/// Runs `work` and counts the argon2 hashes and verifications it asked for (in this task, which is
/// where a request's server function runs). Tests use it to show that cheap checks come first.
pub async fn count_argon2_runs<T>(work: impl std::future::Future<Output = T>) -> (T, usize) {
    let runs = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let out = ARGON2_RUNS.scope(runs.clone(), work).await;
    (out, runs.load(std::sync::atomic::Ordering::SeqCst))
}

async fn on_hashing_thread<T: Send + 'static>(
    work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
) -> Result<T, AppError> {
    let _ = ARGON2_RUNS.try_with(|runs| runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    argon2_workers::run(work).await
}

/// The PHC string to store for `password`.
pub async fn hash(password: NewPassword) -> Result<String, AppError> {
    hash_secret(password.expose().to_string()).await
}

async fn hash_secret(secret: String) -> Result<String, AppError> {
    on_hashing_thread(move |memory| {
        let salt = SaltString::generate(&mut OsRng);
        InMemory::new(memory).hash_password(secret.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// Whether a stored hash was made with other settings than today's (another algorithm, or weaker
/// or stronger parameters): it is then replaced at the next successful login (ASVS 11.4.2).
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return true };
    let current = hasher();
    parsed.algorithm != argon2::Algorithm::Argon2id.ident()
        || parsed.version != Some(argon2::Version::V0x13.into())
        || argon2::Params::try_from(&parsed).map_or(true, |params| {
            (params.m_cost(), params.t_cost(), params.p_cost())
                != (current.params().m_cost(), current.params().t_cost(), current.params().p_cost())
        })
}

/// A new hash of a password that has just been verified (which may predate today's rules).
pub async fn rehash(verified_password: String) -> Result<String, AppError> {
    hash_secret(verified_password).await
}

/// Whether `password` matches the stored PHC string. A malformed stored hash never matches.
pub async fn verify(password: String, stored: String) -> Result<bool, AppError> {
    // An account still waiting for its first password (an invitation) answers in the time of a
    // real check, so that timing does not tell such accounts apart.
    if PasswordHash::new(&stored).is_err() {
        return verify_unknown_account(password).await;
    }
    check(password, stored).await
}

async fn check(password: String, stored: String) -> Result<bool, AppError> {
    on_hashing_thread(move |memory| {
        PasswordHash::new(&stored)
            .is_ok_and(|parsed| InMemory::new(memory).verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
}

static DUMMY_HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

async fn dummy_hash() -> Result<&'static String, AppError> {
    DUMMY_HASH
        .get_or_try_init(|| async {
            let random = NewPassword::parse(&one_time_password()).map_err(|_| AppError::Internal)?;
            hash(random).await
        })
        .await
}

/// Makes the dummy hash at start-up, so that even the first login for an unknown email costs
/// one verification, like every other.
pub async fn prepare() -> Result<(), AppError> {
    dummy_hash().await.map(|_| ())
}

/// Spends the time of a real check on a login for an email that has no account, so that the
/// answer time does not tell whether an account exists (ASVS 6.3.8). Always `false`.
pub async fn verify_unknown_account(password: String) -> Result<bool, AppError> {
    check(password, dummy_hash().await?.clone()).await.map(|_| false)
}

/// A random password for the first admin when none is configured: 20 characters from an alphabet
/// without look-alikes (0/O, 1/l/I), about 110 bits.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    // 256 is not a multiple of 56, so a plain modulo is slightly biased; rejecting high bytes is not
    // worth it at 110 bits.
    bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// The caller proves it is them by typing their current password (before changing their
/// password or email, or withdrawing); wrong guesses are braked like logins.
pub async fn confirm_current(
    db: &sqlx::PgPool,
    caller: &crate::server::session::Caller,
    password: String,
    field: &'static str,
) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{db::accounts, devices, throttle};
    let address = throttle::client_address().await;
    let device = devices::trusted_for(db, &caller.email).await?;
    throttle::before_login(db, &caller.email, &address, device.as_ref()).await?;
    let stored = accounts::password_hash(db, caller.account_id).await?;
    if !verify(password, stored).await? {
        return Err(AppError::invalid(field, FieldProblem::WrongCredentials));
    }
    throttle::after_success(db, &caller.email, &address, device.as_ref()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_and_verifies() {
        let phc = hash(NewPassword::parse("ながい合言葉をつかう").unwrap()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("ながい合言葉をつかう".into(), phc.clone()).await.unwrap());
        assert!(!verify("ながい合言葉をつかわない".into(), phc).await.unwrap());
    }

    #[tokio::test]
    async fn hashes_with_other_settings_are_due_for_a_rehash() {
        let current = hash(NewPassword::parse("a long secret phrase").unwrap()).await.unwrap();
        assert!(!needs_rehash(&current));
        let weak_params = argon2::Params::new(4096, 1, 1, None).unwrap();
        let weak = Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, weak_params)
            .hash_password(b"a long secret phrase", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(needs_rehash(&weak));
        assert!(needs_rehash("not-a-phc-string"));
    }

    #[tokio::test]
    async fn a_broken_stored_hash_never_matches() {
        assert!(!verify("anything".into(), "not-a-phc-string".into()).await.unwrap());
    }

    /// Each argon2 run needs a 19 MiB block; on tokio's blocking pool every thread that ever ran one
    /// keeps its own copy in the allocator (427 MiB after a login burst). A fixed set of workers
    /// bounds that memory.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn argon2_runs_on_a_fixed_set_of_worker_threads() {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let mut names = std::collections::HashSet::new();
        for _round in 0..4 {
            let runs: Vec<_> = (0..4 * cores)
                .map(|_| {
                    tokio::spawn(on_hashing_thread(|_memory| {
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        std::thread::current().name().unwrap_or("unnamed").to_string()
                    }))
                })
                .collect();
            for run in runs {
                names.insert(run.await.unwrap().unwrap());
            }
        }
        assert!(names.iter().all(|name| name.starts_with("argon2-")), "{names:?}");
        assert!(names.len() <= cores, "{} threads for {cores} cores: {names:?}", names.len());
    }

    #[test]
    fn one_time_passwords_are_long_random_and_pass_the_rules() {
        let (a, b) = (one_time_password(), one_time_password());
        assert_eq!(a.chars().count(), 20);
        assert_ne!(a, b);
        assert!(NewPassword::parse(&a).is_ok());
    }
}
