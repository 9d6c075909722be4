//! argon2id on a fixed set of worker threads (about one per core), each with its own memory block
//! that it keeps and reuses. One argon2id run needs a 19 MiB block; on tokio's blocking pool every
//! thread that ever ran one kept a copy in glibc's per-thread arena, so a login burst left the
//! server at 427 MiB for good. Here the memory is at most one block per worker, allocated once.
//!
//! Jobs queue in a bounded channel; a job that cannot start within `WAIT_LIMIT` is dropped and its
//! caller answered `Unavailable` (503): a burst queues, but nothing waits forever.

use crate::error::AppError;
use argon2::password_hash::{Decimal, Ident, Output, ParamsString, PasswordHash, PasswordHasher, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::cell::RefCell;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The longest a caller waits for its hash or verification, queue included. One run takes about
/// 35 ms of a core, so this is hundreds of queued logins.
pub const WAIT_LIMIT: Duration = Duration::from_secs(10);
/// Jobs waiting for a worker beyond this are refused at once (503).
const QUEUE: usize = 1024;

type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// The workers: one per core (argon2 is CPU-bound, so more would only share the cores).
fn queue() -> &'static SyncSender<Job> {
    static QUEUE_IN: OnceLock<SyncSender<Job>> = OnceLock::new();
    QUEUE_IN.get_or_init(|| {
        let (sender, receiver) = sync_channel::<Job>(QUEUE);
        let receiver = Arc::new(Mutex::new(receiver));
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        for n in 0..workers {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || work(&receiver))
                .expect("start an argon2 worker thread");
        }
        sender
    })
}

fn work(jobs: &Mutex<Receiver<Job>>) {
    let mut memory: Vec<Block> = Vec::new();
    loop {
        // The lock is held only while waiting for the next job, never while running one.
        let next = jobs.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).recv();
        let Ok(job) = next else { return };
        // A panicking job loses only its own answer (its caller gets an error); the worker stays.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut memory)));
        // A stored hash with a larger memory cost grew the block: go back to today's size.
        let usual = Params::default().block_count();
        if memory.len() > usual {
            memory.truncate(usual);
            memory.shrink_to_fit();
        }
    }
}

/// Runs `work` on an argon2 worker with that worker's memory block, and waits (at most
/// `WAIT_LIMIT`) for its answer.
pub async fn run<T: Send + 'static>(work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static) -> Result<T, AppError> {
    run_within(WAIT_LIMIT, work).await
}

async fn run_within<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
) -> Result<T, AppError> {
    let deadline = Instant::now() + limit;
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move |memory| {
        // The caller has gone (timed out, or the client left): the work is not worth doing.
        if answer.is_closed() || Instant::now() >= deadline {
            return;
        }
        let _ = answer.send(work(memory));
    });
    queue().try_send(job).map_err(|refused| {
        match refused {
            TrySendError::Full(_) => tracing::warn!("argon2 queue full; answered busy"),
            TrySendError::Disconnected(_) => tracing::error!("argon2 workers have stopped"),
        }
        AppError::Unavailable
    })?;
    match tokio::time::timeout_at(deadline.into(), answered).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => {
            tracing::error!("an argon2 job failed");
            Err(AppError::Internal)
        }
        Err(_) => {
            tracing::warn!(?limit, "no argon2 worker within the time limit; answered busy");
            Err(AppError::Unavailable)
        }
    }
}

/// argon2 working in a given memory block instead of allocating one per run. It implements
/// `PasswordHasher` exactly like `Argon2` does (same PHC strings), and therefore `PasswordVerifier`
/// (constant-time comparison of the outputs) through the trait's blanket implementation.
pub struct InMemory<'m> {
    memory: RefCell<&'m mut Vec<Block>>,
}

impl<'m> InMemory<'m> {
    pub fn new(memory: &'m mut Vec<Block>) -> Self {
        InMemory { memory: RefCell::new(memory) }
    }
}

impl PasswordHasher for InMemory<'_> {
    type Params = Params;

    fn hash_password_customized<'a>(
        &self,
        password: &[u8],
        algorithm: Option<Ident<'a>>,
        version: Option<Decimal>,
        params: Params,
        salt: impl Into<Salt<'a>>,
    ) -> argon2::password_hash::Result<PasswordHash<'a>> {
        let algorithm = algorithm.map(Algorithm::try_from).transpose()?.unwrap_or_default();
        let version = version.map(Version::try_from).transpose()?.unwrap_or_default();
        let salt = salt.into();
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
        let mut memory = self.memory.borrow_mut();
        if memory.len() < params.block_count() {
            memory.resize(params.block_count(), Block::default());
        }
        let argon2 = Argon2::new(algorithm, version, params.clone());
        let output = Output::init_with(params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN), |out| {
            Ok(argon2.hash_password_into_with_memory(password, salt_bytes, out, &mut memory[..])?)
        })?;
        Ok(PasswordHash {
            algorithm: algorithm.ident(),
            version: Some(version.into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt),
            hash: Some(output),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::rand_core::OsRng;
    use argon2::password_hash::{PasswordVerifier, SaltString};

    #[test]
    fn the_same_phc_strings_as_argon2_itself_and_one_block_reused() {
        let salt = SaltString::generate(&mut OsRng);
        let mut memory = Vec::new();
        let ours = InMemory::new(&mut memory).hash_password(b"a long secret phrase", &salt).unwrap().to_string();
        let theirs = Argon2::default().hash_password(b"a long secret phrase", &salt).unwrap().to_string();
        assert_eq!(ours, theirs);
        assert_eq!(memory.len(), Params::default().block_count());
        let block = memory.as_ptr();
        let parsed = PasswordHash::new(&theirs).unwrap();
        assert!(InMemory::new(&mut memory).verify_password(b"a long secret phrase", &parsed).is_ok());
        assert!(InMemory::new(&mut memory).verify_password(b"another phrase", &parsed).is_err());
        assert_eq!(memory.as_ptr(), block, "the block is reused, not allocated again");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_job_that_finds_no_free_worker_in_time_is_answered_busy_and_never_run() {
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let busy: Vec<_> =
            (0..workers).map(|_| tokio::spawn(run(|_| std::thread::sleep(Duration::from_millis(600))))).collect();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let ran = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let late = run_within(Duration::from_millis(100), {
            let ran = ran.clone();
            move |_| ran.store(true, std::sync::atomic::Ordering::SeqCst)
        });
        assert_eq!(late.await, Err(AppError::Unavailable));
        for job in busy {
            job.await.unwrap().unwrap();
        }
        run(|_| ()).await.unwrap();
        assert!(!ran.load(std::sync::atomic::Ordering::SeqCst), "a job given up on is skipped");
    }

    #[test]
    fn hashes_made_with_other_parameters_verify_too() {
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(4096, 1, 2, None).unwrap());
        let stored = weak.hash_password(b"old phrase", &SaltString::generate(&mut OsRng)).unwrap().to_string();
        let mut memory = Vec::new();
        let parsed = PasswordHash::new(&stored).unwrap();
        assert!(InMemory::new(&mut memory).verify_password(b"old phrase", &parsed).is_ok());
        assert!(InMemory::new(&mut memory).verify_password(b"new phrase", &parsed).is_err());
    }
}
