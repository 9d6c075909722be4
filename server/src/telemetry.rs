//! Structured logs to stderr, timestamps in UTC. `RUST_LOG` sets the levels;
//! `KIZUNA_LOG_FORMAT=json` gives one JSON object per line for log collectors.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info,leptos=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let json = std::env::var("KIZUNA_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let result = if json { builder.json().try_init() } else { builder.try_init() };
    if let Err(error) = result {
        eprintln!("logging was already set up: {error}");
    }
}
