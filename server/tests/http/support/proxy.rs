//! A TCP proxy in front of the test database that can be cut and restored, to test how the app
//! behaves while PostgreSQL is unreachable without stopping the shared server.

use sqlx::postgres::PgConnectOptions;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream, UnixStream};
use tokio::task::JoinHandle;

#[derive(Clone)]
enum Upstream {
    Tcp(String, u16),
    Unix(PathBuf),
}

pub struct Proxy {
    pub port: u16,
    open: Arc<AtomicBool>,
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
    acceptor: JoinHandle<()>,
}

impl Proxy {
    /// Proxies to the server behind `options` (TCP or Unix socket).
    pub async fn start(options: &PgConnectOptions) -> Proxy {
        let upstream = match options.get_socket() {
            Some(dir) => Upstream::Unix(dir.join(format!(".s.PGSQL.{}", options.get_port()))),
            None => Upstream::Tcp(options.get_host().to_string(), options.get_port()),
        };
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let open = Arc::new(AtomicBool::new(true));
        let connections = Arc::new(Mutex::new(Vec::new()));
        let acceptor = tokio::spawn({
            let (open, connections) = (open.clone(), connections.clone());
            async move {
                while let Ok((mut client, _)) = listener.accept().await {
                    if !open.load(Ordering::SeqCst) {
                        continue; // dropped: the database is "down"
                    }
                    let upstream = upstream.clone();
                    let task = tokio::spawn(async move {
                        let _ = match upstream {
                            Upstream::Tcp(host, port) => match TcpStream::connect((host.as_str(), port)).await {
                                Ok(mut server) => copy_bidirectional(&mut client, &mut server).await,
                                Err(_) => return,
                            },
                            Upstream::Unix(path) => match UnixStream::connect(path).await {
                                Ok(mut server) => copy_bidirectional(&mut client, &mut server).await,
                                Err(_) => return,
                            },
                        };
                    });
                    connections.lock().unwrap().push(task);
                }
            }
        });
        Proxy { port, open, connections, acceptor }
    }

    /// The database goes away: open connections break and new ones are refused.
    pub fn cut(&self) {
        self.open.store(false, Ordering::SeqCst);
        for task in self.connections.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    /// The database is back.
    pub fn restore(&self) {
        self.open.store(true, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.acceptor.abort();
        self.cut();
    }
}
