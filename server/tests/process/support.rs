use sqlx::postgres::PgConnectOptions;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

/// DATABASE_URL with the test database in place of its own (user, host and socket kept).
pub fn database_url_for(test_db: &PgConnectOptions) -> String {
    let database = test_db.get_database().expect("a test database").to_string();
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let (base, query) = url.split_once('?').map(|(b, q)| (b, format!("?{q}"))).unwrap_or((&url, String::new()));
    let (scheme, rest) = base.split_once("://").expect("a URL");
    let authority = rest.split('/').next().unwrap();
    format!("{scheme}://{authority}/{database}{query}")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn command(env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    // Only what the test says: nothing from the developer's environment or .env.
    for (name, _) in std::env::vars() {
        if name.starts_with("KIZUNA_") || name.starts_with("LEPTOS_") || name == "DATABASE_URL" {
            command.env_remove(name);
        }
    }
    command
        .env("LEPTOS_OUTPUT_NAME", "kizuna")
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (name, value) in env {
        command.env(name, value);
    }
    command
}

pub struct ServerProcess {
    child: Child,
    port: u16,
    output: Arc<Mutex<String>>,
}

impl ServerProcess {
    /// Starts the binary on a free port and waits until `/readyz` answers 200.
    pub async fn start(database_url: &str, env: &[(&str, &str)]) -> ServerProcess {
        let port = free_port();
        let address = format!("127.0.0.1:{port}");
        let mut all_env = vec![("DATABASE_URL", database_url), ("LEPTOS_SITE_ADDR", address.as_str())];
        all_env.extend_from_slice(env);
        let mut child = command(&all_env).spawn().expect("the server binary starts");
        let output = Arc::new(Mutex::new(String::new()));
        for stream in [
            child.stdout.take().map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Send + Unpin>),
            child.stderr.take().map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Send + Unpin>),
        ]
        .into_iter()
        .flatten()
        {
            let output = output.clone();
            tokio::spawn(async move {
                let mut lines = BufReader::new(stream).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    let mut all = output.lock().unwrap();
                    all.push_str(&line);
                    all.push('\n');
                }
            });
        }
        let mut server = ServerProcess { child, port, output };
        for _ in 0..200 {
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("the server exited during start-up ({status}):\n{}", server.output());
            }
            if matches!(server.try_get("/readyz").await, Some((200, _))) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not become ready:\n{}", server.output());
    }

    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    async fn try_get(&self, path: &str) -> Option<(u16, String)> {
        http_get(self.port, path).await
    }

    /// Status and body of a GET (the body may be chunk-encoded; tests only search it).
    pub async fn get(&self, path: &str) -> (u16, String) {
        self.try_get(path).await.expect("the server answers")
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Sends SIGTERM or SIGINT.
    pub fn signal(&self, signal: &str) {
        let pid = self.child.id().expect("still running").to_string();
        let sent = std::process::Command::new("kill").args([format!("-{signal}"), pid]).status().unwrap();
        assert!(sent.success());
    }

    /// Waits for the process to exit by itself.
    pub async fn wait(&mut self, within: Duration) -> ExitStatus {
        let status = tokio::time::timeout(within, self.child.wait())
            .await
            .unwrap_or_else(|_| panic!("no exit within {within:?}"))
            .unwrap();
        // Let the output readers drain.
        tokio::time::sleep(Duration::from_millis(100)).await;
        status
    }

    /// Sends SIGTERM or SIGINT and waits for the exit.
    pub async fn stop(&mut self, signal: &str, within: Duration) -> ExitStatus {
        self.signal(signal);
        self.wait(within).await
    }
}

/// A plain HTTP/1.1 GET on 127.0.0.1:`port`: status and raw body, or None if it cannot connect.
pub async fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    http_request(port, "GET", path, &[], "").await.map(|reply| (reply.status, reply.body))
}

pub struct HttpReply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl HttpReply {
    /// The `name=value` part of the session cookie's `Set-Cookie` header, if any (a login also
    /// sets a device cookie).
    pub fn cookie(&self) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            let cookie = value.trim().split(';').next().unwrap();
            (name.eq_ignore_ascii_case("set-cookie") && cookie.contains("kizuna_session=")).then(|| cookie.to_string())
        })
    }
}

/// One HTTP/1.1 request on 127.0.0.1:`port`, the connection closed after it.
pub async fn http_request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<HttpReply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await.ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    Some(HttpReply { status, head: head.to_string(), body: body.to_string() })
}

pub struct Finished {
    pub status: ExitStatus,
    pub text: String,
}

/// Runs the binary until it exits by itself (start-up failures), with stdout and stderr together.
pub async fn run_to_exit(env: &[(&str, &str)]) -> Finished {
    let output = tokio::time::timeout(Duration::from_secs(30), command(env).output())
        .await
        .expect("the server gives up within 30 s")
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Finished { status: output.status, text }
}
