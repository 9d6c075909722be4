//! The Kizuna web server. Everything of substance is in `lib.rs` (and in the `app` crate), so that
//! tests can build exactly the same router.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    server::telemetry::init();
    match server::run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "kizuna could not start");
            eprintln!("\nkizuna: {error}\n");
            ExitCode::FAILURE
        }
    }
}
