//! `plenary serve`: builds the site into memory, serves it on loopback,
//! watches the sources and rebuilds only what an edit affects; open pages
//! reload themselves (server-sent events) and show build errors in an
//! overlay while the last good site keeps being served.

pub mod engine;
pub mod paths;
pub mod watch;

use crate::build::Options;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use engine::{Engine, Rebuilt};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Instant;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

/// What `plenary serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: Options,
    pub bind: std::net::IpAddr,
    pub port: u16,
    pub open: bool,
    pub poll: bool,
}

/// A message to open pages.
#[derive(Debug, Clone)]
enum Live {
    /// The site changed: reload (the data is a URL path, never a file path).
    Reload(String),
    /// The last rebuild failed: show the message.
    Failed(String),
    /// The server is stopping: end the stream.
    Shutdown,
}

/// The site in memory and the channel to open pages.
struct Shared {
    files: RwLock<HashMap<String, Arc<[u8]>>>,
    error: RwLock<Option<String>>,
    live: broadcast::Sender<Live>,
    /// `host:port` forms this server answers to (against DNS rebinding).
    hosts: Vec<String>,
}

/// Runs the preview until Ctrl-C.
pub fn run(opts: ServeOptions) -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server's runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(opts))
}

async fn serve(opts: ServeOptions) -> std::process::ExitCode {
    let mut build_opts = opts.build.clone();
    // Links of the preview stay on the preview.
    build_opts.base_url = Some("/".into());
    let mut engine = Engine::new(build_opts.clone());
    let listener = match tokio::net::TcpListener::bind(SocketAddr::new(opts.bind, opts.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", opts.bind, opts.port);
            eprintln!("  = help: choose another port with --port");
            return std::process::ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(SocketAddr::new(opts.bind, opts.port));
    // Watch before the first build, so that no edit made from now on is missed.
    let config = crate::config::Config::load(&opts.build.root).unwrap_or_default();
    let watcher = match watch::watch(&opts.build.root, config, opts.poll) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", opts.build.root.display());
            return std::process::ExitCode::FAILURE;
        }
    };
    let (live, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        files: RwLock::new(HashMap::new()),
        error: RwLock::new(None),
        live,
        hosts: allowed_hosts(addr),
    });
    let started = Instant::now();
    match engine.rebuild(&[]) {
        Ok(Some(r)) => {
            apply(&shared, r);
            println!("Built the site in memory in {:.2} s", started.elapsed().as_secs_f64());
        }
        Ok(None) => {}
        Err(d) => {
            eprint!("{d}");
            set_error(&shared, Some(d.to_string()));
        }
    }
    let url = format!("http://{addr}/");
    println!("Serving {} on {url} (Ctrl-C to stop)", opts.build.root.display());
    if opts.open {
        open_browser(&url);
    }
    let watcher_shared = shared.clone();
    std::thread::spawn(move || watch_loop(engine, watcher_shared, watcher));
    let app = Router::new()
        .route("/__plenary/live", axum::routing::get(live_events))
        .route("/__plenary/live.js", axum::routing::get(live_script))
        // Pages are read only: other methods get 405 with `Allow: GET,HEAD`
        // from axum's method router (HEAD is answered like GET, without a body).
        .fallback(axum::routing::get(page))
        .with_state(shared.clone());
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signal = stopping.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let _ = tokio::signal::ctrl_c().await;
        // Live-reload streams never end by themselves: end them, so that
        // the shutdown does not wait for the pages still open.
        let _ = shared.live.send(Live::Shutdown);
        signal.notify_one();
    });
    // Requests under way get a moment to finish; then the process exits.
    let deadline = async {
        stopping.notified().await;
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    };
    tokio::select! {
        result = server => match result {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: the server stopped: {e}");
                std::process::ExitCode::FAILURE
            }
        },
        () = deadline => std::process::ExitCode::SUCCESS,
    }
}

/// Rebuilds after each burst of relevant changes, forever.
fn watch_loop(mut engine: Engine, shared: Arc<Shared>, mut watching: watch::Watching) {
    let mut next = watching.next_burst();
    while let Some(changed) = next.take() {
        let started = Instant::now();
        let result = engine.rebuild(&changed);
        // A save still under way (a file truncated, then written) can fail
        // a build that its last events fix: report only once it is quiet.
        if result.is_err() {
            next = watching.burst_within(watch::SETTLE);
            if next.is_some() {
                continue;
            }
        }
        match result {
            Ok(Some(r)) => {
                let n = r.files.len();
                apply(&shared, r);
                set_error(&shared, None);
                println!(
                    "Rebuilt in {:.0} ms ({n} files rendered)",
                    started.elapsed().as_secs_f64() * 1000.0
                );
                let _ = shared.live.send(Live::Reload("/".into()));
            }
            Ok(None) => {
                // A save that changed nothing, or undid a broken edit.
                if set_error(&shared, None) {
                    println!("Fixed: the site is as it was before the error");
                    let _ = shared.live.send(Live::Reload("/".into()));
                }
            }
            Err(d) => {
                eprint!("{d}");
                set_error(&shared, Some(d.to_string()));
                let _ = shared.live.send(Live::Failed(d.to_string()));
            }
        }
        // Once the edits pause, the search index catches up.
        next = watching.burst_within(watch::SEARCH_PAUSE);
        if next.is_none() {
            if let Some(r) = engine.refresh_search() {
                apply(&shared, r);
            }
            next = watching.next_burst();
        }
    }
}

fn apply(shared: &Shared, r: Rebuilt) {
    let mut map = shared.files.write().unwrap_or_else(|e| e.into_inner());
    if r.full {
        map.clear();
    }
    for key in r.removed {
        map.remove(&key);
    }
    for (k, v) in r.files {
        map.insert(k, Arc::from(v));
    }
}

/// Sets the current error; returns whether there was one before.
fn set_error(shared: &Shared, error: Option<String>) -> bool {
    let mut e = shared.error.write().unwrap_or_else(|e| e.into_inner());
    let had = e.is_some();
    *e = error;
    had
}

/// Loopback names and the bound address, each with the port.
fn allowed_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("{addr}"),
    ];
    if addr.ip().is_unspecified() {
        // Bound to all interfaces on purpose (--bind 0.0.0.0): any host name.
        hosts.push("*".into());
    }
    hosts
}

/// Requests for another host name (DNS rebinding) are refused.
fn host_allowed(shared: &Shared, headers: &HeaderMap) -> bool {
    if shared.hosts.iter().any(|h| h == "*") {
        return true;
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    shared.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
}

/// Any page of the site, from memory.
async fn page(State(shared): State<Arc<Shared>>, headers: HeaderMap, uri: Uri) -> Response {
    if !host_allowed(&shared, &headers) {
        return plain(StatusCode::MISDIRECTED_REQUEST, "unknown host\n");
    }
    let key = match paths::resolve(uri.path()) {
        Ok(k) => k,
        Err(paths::Refused::TooLong) => return plain(StatusCode::URI_TOO_LONG, "path too long\n"),
        Err(paths::Refused::Bad) => return plain(StatusCode::BAD_REQUEST, "bad path\n"),
    };
    let (file, dir_redirect, not_found) = {
        let files = shared.files.read().unwrap_or_else(|e| e.into_inner());
        let file = files.get(&key).cloned();
        let dir_redirect = file.is_none() && files.contains_key(&format!("{key}/index.html"));
        (file, dir_redirect, files.get("404.html").cloned())
    };
    if dir_redirect {
        let location = format!("{}/", uri.path());
        return Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_default();
    }
    let (status, key, bytes) = match (file, not_found) {
        (Some(f), _) => (StatusCode::OK, key, f),
        (None, Some(nf)) => (StatusCode::NOT_FOUND, "404.html".to_string(), nf),
        (None, None) => return plain(StatusCode::NOT_FOUND, "not found\n"),
    };
    let ctype = paths::content_type(&key);
    let body = if ctype.starts_with("text/html") {
        Body::from(with_live_script(&bytes))
    } else {
        Body::from(bytes.to_vec())
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, HeaderValue::from_static(ctype))
        .header(header::CACHE_CONTROL, "no-store")
        .header("x-content-type-options", "nosniff")
        .body(body)
        .unwrap_or_default()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// The page with the live-reload script before `</body>`.
fn with_live_script(html: &[u8]) -> Vec<u8> {
    const TAG: &str = "<script src=\"/__plenary/live.js\" defer></script>";
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{TAG}\n{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{TAG}\n").into_bytes(),
    }
}

async fn live_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        include_str!("live.js"),
    )
}

/// Server-sent events to open pages; the current error comes first.
async fn live_events(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !host_allowed(&shared, &headers) {
        return plain(StatusCode::MISDIRECTED_REQUEST, "unknown host\n");
    }
    // Only pages of this server may listen.
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let host = origin.trim_start_matches("http://");
        if !shared.hosts.iter().any(|h| h == "*" || h.eq_ignore_ascii_case(host)) {
            return plain(StatusCode::FORBIDDEN, "foreign origin\n");
        }
    }
    let current = shared.error.read().map(|e| e.clone()).unwrap_or(None);
    let first = tokio_stream::iter(current.map(Live::Failed));
    let updates = BroadcastStream::new(shared.live.subscribe()).filter_map(Result::ok);
    let stream = first
        .chain(updates)
        .take_while(|m| !matches!(m, Live::Shutdown))
        .map(|m| {
            Ok::<Event, std::convert::Infallible>(match m {
                Live::Reload(path) => Event::default().event("reload").data(path),
                Live::Failed(text) => Event::default().event("build-error").data(text),
                Live::Shutdown => Event::default().event("shutdown"),
            })
        });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("warning: could not open a browser; visit {url}");
    }
}
