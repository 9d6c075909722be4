//! Configuration from the environment (documented in `docs/configuration.md` and `.env.example`).
//! Leptos reads its own `LEPTOS_*` variables (site address, site root).

use crate::mail_sender::SmtpConfig;
use app::server::state::Settings;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
    pub db_max_connections: u32,
    /// How long a request waits for a database connection before answering 503.
    pub db_acquire_timeout: Duration,
    /// How long start-up keeps retrying an unreachable database.
    pub db_startup_wait: Duration,
    /// The longest one SQL statement may run (PostgreSQL `statement_timeout`, lock waits included).
    pub db_statement_timeout: Duration,
    /// Limits on clients: request head (also the idle time between kept-alive requests), and body.
    pub http: HttpLimits,
    /// How long requests in flight may take to finish after SIGTERM / SIGINT; then the process exits.
    pub shutdown_grace: Duration,
    /// Served over HTTPS (directly or behind a proxy): cookies are marked `Secure`.
    pub secure_cookies: bool,
    /// Reverse proxies in front of the app, whose `X-Forwarded-For` the login brakes believe.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The public address (for links in mails) and the dues grace date.
    pub settings: Settings,
    /// Where mail goes; without it, mail waits in the outbox.
    pub smtp: Option<SmtpConfig>,
}

/// How long a client may take to send a request (see docs/configuration.md, "Time limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// From the moment a connection waits for a request (new, or kept alive after an answer) to
    /// its last header line.
    pub header: Duration,
    /// From the end of the head to the last byte of the body.
    pub body: Duration,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("DATABASE_URL is not set. Start the app with `scripts/run` (it provides a database), or set DATABASE_URL=postgres://user@host/dbname")]
    MissingDatabaseUrl,
    #[error("KIZUNA_TRUSTED_PROXIES must list IP addresses separated by commas; {0:?} is not one")]
    NotAnAddress(String),
    /// A setting the admins now keep in the app: refused rather than silently ignored.
    #[error("{0} is no longer read: an admin sets it at /admin/settings (the association's rules)")]
    MovedToSettings(&'static str),
    #[error(
        "KIZUNA_SMTP_HOST is set, so KIZUNA_MAIL_FROM must say who mail is from (e.g. \"Kizuna <info@example.jp>\")"
    )]
    MissingMailFrom,
    #[error("KIZUNA_SMTP_PORT must be a port number, got {0:?}")]
    NotAPort(String),
    #[error("KIZUNA_PUBLIC_URL must start with http:// or https://, got {0:?}")]
    NotAUrl(String),
    #[error("{name} must be a whole number of at least 1, got {value:?}")]
    NotAPositiveNumber { name: &'static str, value: String },
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// The same, from any source of variables (used by tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let non_empty = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        // Counts and timeouts: a zero would make every request fail, so the least is 1.
        let number = |name: &'static str, default: u32| -> Result<u32, ConfigError> {
            match non_empty(name) {
                None => Ok(default),
                Some(value) => match value.trim().parse::<u32>() {
                    Ok(n) if n >= 1 => Ok(n),
                    _ => Err(ConfigError::NotAPositiveNumber { name, value }),
                },
            }
        };
        let seconds = |name: &'static str, default: u32| number(name, default).map(|n| Duration::from_secs(n.into()));
        if non_empty("KIZUNA_DUES_GRACE_DATE").is_some() {
            return Err(ConfigError::MovedToSettings("KIZUNA_DUES_GRACE_DATE"));
        }
        let smtp = match non_empty("KIZUNA_SMTP_HOST") {
            None => None,
            Some(host) => Some(SmtpConfig {
                host: host.trim().to_string(),
                port: match non_empty("KIZUNA_SMTP_PORT") {
                    None => 25,
                    Some(port) => port.trim().parse().map_err(|_| ConfigError::NotAPort(port))?,
                },
                from: non_empty("KIZUNA_MAIL_FROM").ok_or(ConfigError::MissingMailFrom)?.trim().to_string(),
                per_minute: number("KIZUNA_SMTP_PER_MINUTE", 120)?.max(1),
            }),
        };
        let public_url = match non_empty("KIZUNA_PUBLIC_URL").map(|url| url.trim().to_string()) {
            None => Settings::default().public_url,
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                url.trim_end_matches('/').to_string()
            }
            Some(url) => return Err(ConfigError::NotAUrl(url)),
        };
        Ok(Config {
            smtp,
            database_url: non_empty("DATABASE_URL").ok_or(ConfigError::MissingDatabaseUrl)?,
            admin_email: non_empty("KIZUNA_ADMIN_EMAIL"),
            admin_password: non_empty("KIZUNA_ADMIN_PASSWORD"),
            db_max_connections: number("KIZUNA_DB_MAX_CONNECTIONS", 10)?,
            db_acquire_timeout: seconds("KIZUNA_DB_ACQUIRE_TIMEOUT_SECS", 3)?,
            db_startup_wait: seconds("KIZUNA_DB_STARTUP_WAIT_SECS", 30)?,
            db_statement_timeout: seconds("KIZUNA_DB_STATEMENT_TIMEOUT_SECS", 15)?,
            http: HttpLimits {
                header: seconds("KIZUNA_HTTP_HEADER_TIMEOUT_SECS", 10)?,
                body: seconds("KIZUNA_HTTP_BODY_TIMEOUT_SECS", 60)?,
            },
            shutdown_grace: seconds("KIZUNA_SHUTDOWN_GRACE_SECS", 20)?,
            trusted_proxies: non_empty("KIZUNA_TRUSTED_PROXIES")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|entry| !entry.is_empty())
                .map(|entry| entry.parse().map_err(|_| ConfigError::NotAnAddress(entry.to_string())))
                .collect::<Result<_, _>>()?,
            secure_cookies: match non_empty("KIZUNA_SECURE_COOKIES") {
                Some(v) => matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"),
                None => !is_plain_http_localhost(&public_url),
            },
            settings: Settings { public_url },
        })
    }
}

/// Secure by default: cookies are `Secure` (and `__Host-`) unless the site is reached over plain
/// HTTP on this very machine, where a browser would drop a `Secure` cookie and nobody can listen.
fn is_plain_http_localhost(public_url: &str) -> bool {
    let Some(rest) = public_url.strip_prefix("http://") else { return false };
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_apply_when_only_the_database_is_given() {
        let config = config(&[("DATABASE_URL", "postgres://localhost/kizuna")]).unwrap();
        assert_eq!(config.db_acquire_timeout, Duration::from_secs(3));
        assert_eq!(config.db_max_connections, 10);
        assert_eq!(config.db_statement_timeout, Duration::from_secs(15));
        assert_eq!(config.http, HttpLimits { header: Duration::from_secs(10), body: Duration::from_secs(60) });
        assert_eq!(config.shutdown_grace, Duration::from_secs(20));
        assert_eq!(config.admin_email, None);
    }

    #[test]
    fn cookies_are_secure_unless_the_site_is_plain_http_on_this_machine() {
        let db = ("DATABASE_URL", "postgres://localhost/kizuna");
        let secure = |vars: &[(&str, &str)]| config(&[&[db], vars].concat()).unwrap().secure_cookies;
        assert!(!secure(&[]), "the default public URL is http://localhost");
        for local in ["http://localhost:3000", "http://127.0.0.1:8080/", "http://[::1]:3000", "http://LOCALHOST"] {
            assert!(!secure(&[("KIZUNA_PUBLIC_URL", local)]), "{local}");
        }
        for remote in
            ["https://kizuna.example.jp", "http://kizuna.example.jp", "http://192.0.2.7:3000", "https://localhost"]
        {
            assert!(secure(&[("KIZUNA_PUBLIC_URL", remote)]), "{remote}");
        }
        assert!(!secure(&[("KIZUNA_PUBLIC_URL", "https://kizuna.example.jp"), ("KIZUNA_SECURE_COOKIES", "false")]));
        assert!(secure(&[("KIZUNA_SECURE_COOKIES", "true")]));
    }

    #[test]
    fn a_database_is_required() {
        assert_eq!(config(&[]).unwrap_err(), ConfigError::MissingDatabaseUrl);
        assert_eq!(config(&[("DATABASE_URL", "  ")]).unwrap_err(), ConfigError::MissingDatabaseUrl);
    }

    #[test]
    fn numbers_are_checked() {
        let err = config(&[("DATABASE_URL", "x"), ("KIZUNA_DB_ACQUIRE_TIMEOUT_SECS", "soon")]).unwrap_err();
        assert!(matches!(err, ConfigError::NotAPositiveNumber { name: "KIZUNA_DB_ACQUIRE_TIMEOUT_SECS", .. }));
        let zero = config(&[("DATABASE_URL", "x"), ("KIZUNA_DB_MAX_CONNECTIONS", "0")]).unwrap_err();
        assert!(matches!(zero, ConfigError::NotAPositiveNumber { name: "KIZUNA_DB_MAX_CONNECTIONS", .. }));
    }

    #[test]
    fn association_settings() {
        let c =
            config(&[("DATABASE_URL", "postgres://x"), ("KIZUNA_PUBLIC_URL", "https://kizuna.example.jp/")]).unwrap();
        assert_eq!(c.settings.public_url, "https://kizuna.example.jp");
        assert_eq!(
            config_err(&[("DATABASE_URL", "postgres://x"), ("KIZUNA_DUES_GRACE_DATE", "06-30")]),
            ConfigError::MovedToSettings("KIZUNA_DUES_GRACE_DATE"),
            "the grace date is the association's rule, kept at /admin/settings"
        );
    }

    #[test]
    fn smtp_needs_a_sender() {
        let db = ("DATABASE_URL", "postgres://x");
        assert_eq!(config(&[db]).unwrap().smtp, None);
        assert_eq!(config_err(&[db, ("KIZUNA_SMTP_HOST", "localhost")]), ConfigError::MissingMailFrom);
        let smtp = config(&[db, ("KIZUNA_SMTP_HOST", "localhost"), ("KIZUNA_MAIL_FROM", "Kizuna <info@example.jp>")])
            .unwrap()
            .smtp
            .unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port), ("localhost", 25));
        assert_eq!(
            config_err(&[db, ("KIZUNA_SMTP_HOST", "h"), ("KIZUNA_MAIL_FROM", "a@b.jp"), ("KIZUNA_SMTP_PORT", "x")]),
            ConfigError::NotAPort("x".into())
        );
    }

    #[test]
    fn trusted_proxies_are_addresses() {
        let config = config(&[("DATABASE_URL", "x"), ("KIZUNA_TRUSTED_PROXIES", "10.0.0.2, ::1")]).unwrap();
        assert_eq!(config.trusted_proxies.len(), 2);
        let bad = config_err(&[("DATABASE_URL", "x"), ("KIZUNA_TRUSTED_PROXIES", "proxy.local")]);
        assert_eq!(bad, ConfigError::NotAnAddress("proxy.local".into()));
    }

    fn config_err(vars: &[(&str, &str)]) -> ConfigError {
        config(vars).unwrap_err()
    }

    #[test]
    fn empty_admin_settings_count_as_unset() {
        let config = config(&[("DATABASE_URL", "x"), ("KIZUNA_ADMIN_PASSWORD", "")]).unwrap();
        assert_eq!(config.admin_password, None);
    }
}
