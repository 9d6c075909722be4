//! Accepting connections, with limits on slow clients. `axum::serve` has no header or body time
//! limits, so a client that sent nothing, half a request line, or trickled its headers or body kept
//! a connection (and a task) for good. Here hyper's HTTP/1 server reads the request head within
//! `header` (counted from the moment a connection waits for a request, so an idle kept-alive
//! connection is closed after it too), and a body must arrive within `body`.

use crate::config::HttpLimits;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use bytes::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tower::Service;

/// Serves `router` on `listener` until `stop` completes; returns the open connections, which
/// finish their requests in flight once told to shut down.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: HttpLimits,
    stop: impl Future<Output = ()>,
) -> GracefulShutdown {
    let connections = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header).keep_alive(true);
    tokio::pin!(stop);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: http::Request<Incoming>| {
            // What `into_make_service_with_connect_info` gave handlers (the login brakes use it).
            request.extensions_mut().insert(ConnectInfo(remote));
            let request = request.map(|body| Body::new(WithDeadline::new(body, limits.body)));
            router.clone().call(request)
        });
        let connection = connections.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                // Timeouts and clients that went away: normal, and not worth more than a debug line.
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    connections
}

/// A request body that must be complete within a time limit (counted from the end of the head).
struct WithDeadline {
    inner: Incoming,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl WithDeadline {
    fn new(inner: Incoming, limit: Duration) -> Self {
        WithDeadline { inner, deadline: Box::pin(tokio::time::sleep(limit)) }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
struct BodyTimedOut;

impl HttpBody for WithDeadline {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|frame| frame.map_err(Into::into)));
        }
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(BodyTimedOut.into()))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
