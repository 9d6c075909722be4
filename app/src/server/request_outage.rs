//! One request, one wait for the database. A page asks for connections several times (the
//! session, the menu's "who is logged in", the page's own data), and the session store loads under
//! a lock, so each part used to wait out the pool's acquire limit in turn: a 503 took 6 s where
//! the limit is 3. The server gives every request a [`RequestOutage`]; the first part that finds
//! the database unavailable marks it, every part still waiting stops at that moment, and every
//! later part answers 503 without waiting again.

use crate::error::AppError;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::Notify;

/// Whether the database has already failed this request (in the request's extensions).
#[derive(Clone, Debug, Default)]
pub struct RequestOutage(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    failed: AtomicBool,
    noticed: Notify,
}

impl RequestOutage {
    /// Runs `work` unless the database already failed this request; stops it (503) as soon as
    /// another part of the request finds the database unavailable.
    pub async fn run<T>(&self, work: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
        let result = tokio::select! {
            biased;
            () = self.failed() => Err(AppError::Unavailable),
            result = work => result,
        };
        if result.as_ref().err() == Some(&AppError::Unavailable) {
            self.0.failed.store(true, Ordering::SeqCst);
            self.0.noticed.notify_waiters();
        }
        result
    }

    /// Completes once the database has failed this request (at once if it already has).
    async fn failed(&self) {
        let noticed = self.0.noticed.notified();
        tokio::pin!(noticed);
        // Registered before looking at the flag, so a failure in between is not missed.
        noticed.as_mut().enable();
        if !self.0.failed.load(Ordering::SeqCst) {
            noticed.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[tokio::test]
    async fn the_first_failure_ends_every_wait_of_the_request() {
        let outage = RequestOutage::default();
        let waiting = tokio::spawn({
            let outage = outage.clone();
            async move {
                outage
                    .run(async {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        Ok(())
                    })
                    .await
            }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        let failed: Result<(), _> = outage.run(async { Err(AppError::Unavailable) }).await;
        assert_eq!(failed, Err(AppError::Unavailable));
        let started = Instant::now();
        assert_eq!(waiting.await.unwrap(), Err(AppError::Unavailable));
        assert!(started.elapsed() < Duration::from_secs(1), "the other part stopped waiting at once");
        let later: Result<(), _> = outage.run(async { Ok(()) }).await;
        assert_eq!(later, Err(AppError::Unavailable), "later parts do not wait again");
    }

    #[tokio::test]
    async fn other_errors_leave_the_request_alone() {
        let outage = RequestOutage::default();
        let _: Result<(), _> = outage.run(async { Err(AppError::NotFound) }).await;
        assert_eq!(outage.run(async { Ok(1) }).await, Ok(1));
    }
}
