//! Test harness: an in-process gateway on 127.0.0.1:0 with a fixed identity file, plus a small
//! HTTP client that returns status, headers and parsed JSON.

use std::sync::Arc;
use std::time::Duration;

use harp_gateway::config::{DbLocation, Settings};
use harp_gateway::{AppState, run};
use reqwest::header::HeaderMap;
use serde_json::Value;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const ENF_A: &str = "cred-enforcer-a";
pub const ENF_B: &str = "cred-enforcer-b";
pub const APP_A: &str = "cred-approver-a";
pub const APP_B: &str = "cred-approver-b";
pub const ENF_X: &str = "cred-enforcer-x";
pub const APP_X: &str = "cred-approver-x";
pub const ADMIN: &str = "cred-admin";

const IDENTITIES: &str = r#"
[identities.enforcer_a]
id = "enforcer-a"
credential = "cred-enforcer-a"
role = "enforcer"
tenant = "tenant-1"

[identities.enforcer_b]
id = "enforcer-b"
credential = "cred-enforcer-b"
role = "enforcer"
tenant = "tenant-1"

[identities.approver_a]
id = "approver-a"
credential = "cred-approver-a"
role = "approver"
tenant = "tenant-1"

[identities.approver_b]
id = "approver-b"
credential = "cred-approver-b"
role = "approver"
tenant = "tenant-1"

[identities.enforcer_x]
id = "enforcer-x"
credential = "cred-enforcer-x"
role = "enforcer"
tenant = "tenant-2"

[identities.approver_x]
id = "approver-x"
credential = "cred-approver-x"
role = "approver"
tenant = "tenant-2"

[identities.admin]
id = "root"
credential = "cred-admin"
role = "admin"
tenant = "tenant-1"
"#;

/// Per-request deadline for test HTTP calls (long-polls pass their own).
const HTTP_TIMEOUT: Duration = Duration::from_secs(15);

/// A running in-process gateway.
pub struct Gateway {
    pub base: String,
    pub ws_base: String,
    pub state: AppState,
    /// Keeps the identity file (and any db file) alive as long as the gateway.
    _dir: Arc<TempDir>,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// Settings tuned for fast tests.
pub fn test_settings(dir: &TempDir) -> Settings {
    let auth = dir.path().join("identities.toml");
    if !auth.exists() {
        std::fs::write(&auth, IDENTITIES).expect("write identities");
    }
    Settings {
        listen: "127.0.0.1:0".into(),
        db: DbLocation::Memory,
        data_dir: dir.path().to_owned(),
        auth_file: Some(auth),
        reaper_interval: Duration::from_millis(100),
        shutdown_grace: Duration::from_secs(1),
        ..Settings::default()
    }
}

/// Starts a gateway with default test settings.
pub async fn start() -> Gateway {
    start_with(|_| {}).await
}

/// Starts a gateway after `tweak`ing the test settings.
pub async fn start_with(tweak: impl FnOnce(&mut Settings)) -> Gateway {
    let dir = Arc::new(tempfile::tempdir().expect("tempdir"));
    start_in(dir, tweak).await
}

/// Starts a gateway whose files live in `dir` (reused across restarts).
pub async fn start_in(dir: Arc<TempDir>, tweak: impl FnOnce(&mut Settings)) -> Gateway {
    let mut settings = test_settings(&dir);
    tweak(&mut settings);
    let started = AppState::open(settings).expect("open gateway");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = oneshot::channel::<()>();
    let state = started.state.clone();
    let task = tokio::spawn(run(listener, started.state, async move {
        let _ = stopped.await;
    }));
    Gateway {
        base: format!("http://{addr}"),
        ws_base: format!("ws://{addr}"),
        state,
        _dir: dir,
        client: reqwest::Client::builder()
            .timeout(HTTP_TIMEOUT)
            .build()
            .expect("client"),
        stop: Some(stop),
        task: Some(task),
    }
}

/// A response, fully read.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Resp {
    pub async fn from(res: reqwest::Response) -> Resp {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            text,
            json,
        }
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The error code of an error envelope (asserts the envelope shape).
    pub fn error_code(&self) -> &str {
        assert_eq!(
            self.json["msgType"], "error",
            "not an error envelope: {}",
            self.text
        );
        assert!(self.content_type().starts_with("application/harp+json"));
        self.json["body"]["code"].as_str().unwrap_or("")
    }
}

impl Gateway {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// POSTs JSON as `application/harp+json` with a bearer credential.
    pub async fn post(&self, path: &str, cred: &str, body: &Value) -> Resp {
        self.post_raw(path, cred, body.to_string().into_bytes())
            .await
    }

    /// POSTs raw bytes as `application/harp+json`.
    pub async fn post_raw(&self, path: &str, cred: &str, body: Vec<u8>) -> Resp {
        let res = self
            .client
            .post(self.url(path))
            .bearer_auth(cred)
            .header("content-type", "application/harp+json")
            .body(body)
            .send()
            .await
            .expect("post");
        Resp::from(res).await
    }

    pub async fn get(&self, path: &str, cred: &str) -> Resp {
        let res = self
            .client
            .get(self.url(path))
            .bearer_auth(cred)
            .send()
            .await
            .expect("get");
        Resp::from(res).await
    }

    /// Stops the gateway and waits for it to finish.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let done = tokio::time::timeout(Duration::from_secs(5), task).await;
            assert!(done.is_ok(), "gateway did not stop in time");
        }
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
