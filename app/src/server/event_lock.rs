//! The one way to lock an event row (every change of its places or state: sign-up, cancellation,
//! saving, publishing or cancelling the event). Waiting for an event must not hold a database
//! connection: a hundred requests waiting on one hot event's row lock would each hold one, and the
//! whole site would starve (unrelated pages answered 503). So a request first waits for its turn
//! at that event *in this process*, holding nothing but memory, and only then takes a connection
//! and the row lock. Both waits are bounded: the turn by [`TURN_WAIT`], the row lock (held by
//! another process, or someone at `psql`) by `lock_timeout` = [`LOCK_WAIT`]; either way the answer
//! is [`AppError::Busy`] (503 with `Retry-After`), never a 500 and never an overbooking.

use crate::domain::ids::EventId;
use crate::error::AppError;
use crate::server::db::events::{self, Locked};
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a request waits for its turn at one event in this process. One change takes a few
/// milliseconds, so even a burst of hundreds clears well within it.
pub const TURN_WAIT: Duration = Duration::from_secs(10);
/// How long the database waits for the event row when another process or session holds it.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

/// One line per event with requests in it; a line disappears when nobody is in it.
#[derive(Clone, Debug, Default)]
pub struct EventQueues {
    lines: Arc<Mutex<HashMap<EventId, Weak<Semaphore>>>>,
}

/// The event row, locked until `tx` ends, and this request's turn at the event. Keep the whole
/// value until [`LockedEvent::commit`] (or until dropping it rolls back): the turn goes with it.
pub struct LockedEvent {
    pub tx: Transaction<'static, Postgres>,
    pub event: Locked,
    _turn: Turn,
}

impl LockedEvent {
    pub async fn commit(self) -> Result<(), AppError> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// Waits for this request's turn at `event_id`, then begins a transaction and locks the row
/// (NotFound if there is no such event).
pub async fn lock(db: &PgPool, queues: &EventQueues, event_id: EventId) -> Result<LockedEvent, AppError> {
    let turn = queues.turn(event_id, TURN_WAIT).await?;
    let mut tx = db.begin().await?;
    // For this transaction only: every lock it takes (the event, then its sign-ups) gives up in time.
    sqlx::query(&format!("SET LOCAL lock_timeout = '{}ms'", LOCK_WAIT.as_millis())).execute(&mut *tx).await?;
    let event = events::lock(&mut tx, event_id).await?.ok_or(AppError::NotFound)?;
    Ok(LockedEvent { tx, event, _turn: turn })
}

impl EventQueues {
    async fn turn(&self, event_id: EventId, limit: Duration) -> Result<Turn, AppError> {
        // tokio's semaphore is fair: requests get their turn in the order they arrived.
        let waited = tokio::time::timeout(limit, self.line(event_id).acquire_owned()).await;
        match waited {
            Ok(Ok(permit)) => Ok(Turn { permit: Some(permit), queues: self.clone(), event_id }),
            Ok(Err(_closed)) => Err(AppError::Internal), // never closed
            Err(_) => {
                self.forget_if_idle(event_id);
                tracing::warn!(%event_id, "gave up waiting for a turn at a busy event");
                Err(AppError::Busy)
            }
        }
    }

    fn line(&self, event_id: EventId) -> Arc<Semaphore> {
        let mut lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(line) = lines.get(&event_id).and_then(Weak::upgrade) {
            return line;
        }
        let line = Arc::new(Semaphore::new(1));
        lines.insert(event_id, Arc::downgrade(&line));
        line
    }

    fn forget_if_idle(&self, event_id: EventId) {
        let mut lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        if lines.get(&event_id).is_some_and(|line| line.strong_count() == 0) {
            lines.remove(&event_id);
        }
    }

    /// How many events have a line now (for tests).
    pub fn lines(&self) -> usize {
        self.lines.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

struct Turn {
    permit: Option<OwnedSemaphorePermit>,
    queues: EventQueues,
    event_id: EventId,
}

impl Drop for Turn {
    fn drop(&mut self) {
        // The next in line goes first; then the line goes if nobody else is in it.
        drop(self.permit.take());
        self.queues.forget_if_idle(self.event_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_turn_at_a_time_per_event_and_lines_go_when_empty() {
        let queues = EventQueues::default();
        let first = queues.turn(EventId(1), TURN_WAIT).await.unwrap();
        let other_event = queues.turn(EventId(2), TURN_WAIT).await.unwrap();
        let second = tokio::spawn({
            let queues = queues.clone();
            async move { queues.turn(EventId(1), TURN_WAIT).await.map(|_| ()) }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!second.is_finished(), "the second request waits for the first");
        drop(first);
        second.await.unwrap().unwrap();
        drop(other_event);
        assert_eq!(queues.lines(), 0, "no line is kept for an idle event");
    }

    #[tokio::test]
    async fn a_turn_that_does_not_come_in_time_is_busy() {
        let queues = EventQueues::default();
        let _held = queues.turn(EventId(7), TURN_WAIT).await.unwrap();
        assert_eq!(queues.turn(EventId(7), Duration::from_millis(20)).await.err(), Some(AppError::Busy));
        assert_eq!(queues.lines(), 1, "the line stays while someone holds the turn");
    }
}
