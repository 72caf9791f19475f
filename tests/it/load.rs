//! RELIABILITY.md case 23: the preview server under load. 200 concurrent
//! loopback clients make 20,000 requests while a content file changes every
//! 500 ms; 100 live-reload clients listen, 20 of them hang up early. No
//! answer may be a 5xx or cut short, every listening client gets every
//! reload, connections are given back, and Ctrl-C stops the server at once
//! even with clients connected. Latencies are printed (`--nocapture`), not
//! asserted: speed is for benchmarks (`scripts/bench-load` runs this test
//! in release mode).

use crate::serve::{get, start};
use crate::support::*;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

type Sender = hyper::client::conn::http1::SendRequest<Empty<Bytes>>;

async fn connect(port: u16) -> Sender {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let (sender, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(conn);
    sender
}

fn request(port: u16, path: &str) -> hyper::Request<Empty<Bytes>> {
    hyper::Request::get(path)
        .header("host", format!("127.0.0.1:{port}"))
        .body(Empty::<Bytes>::new())
        .expect("request")
}

/// Open file descriptors of process `pid` (Linux).
fn open_fds(pid: u32) -> Option<usize> {
    Some(std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.count())
}

/// A live-reload client: counts `reload` events until told to stop, or
/// until it has seen `hang_up_after` of them.
async fn listen(port: u16, reloads: Arc<AtomicUsize>, hang_up_after: Option<usize>, stop: Arc<AtomicBool>) {
    let mut sender = connect(port).await;
    let res = sender
        .send_request(request(port, "/__plenary/live"))
        .await
        .expect("live");
    assert_eq!(res.status(), 200);
    let mut body = res.into_body();
    let mut text = String::new();
    while !stop.load(Ordering::Relaxed) {
        let frame = match tokio::time::timeout(Duration::from_millis(100), body.frame()).await {
            Ok(Some(Ok(f))) => f,
            Ok(_) => return,
            Err(_) => continue,
        };
        if let Some(data) = frame.data_ref() {
            text.push_str(&String::from_utf8_lossy(data));
            while let Some(i) = text.find("\n\n") {
                if text[..i].lines().any(|l| l == "event: reload") {
                    let n = reloads.fetch_add(1, Ordering::SeqCst) + 1;
                    if hang_up_after.is_some_and(|h| n >= h) {
                        return;
                    }
                }
                text.drain(..i + 2);
            }
        }
    }
}

#[test]
fn case_23_the_server_under_load() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    let mut server = start(tmp.path());
    let port = server.port;
    let pid = server.pid();
    let paths: Vec<String> = [
        "/",
        "/A/RES/65/232/",
        "/A/RES/65/232/op14/",
        "/A/RES/80/6/pp3/",
        "/citations/",
        "/style.css",
        "/A/RES/65/232/index.json",
        "/no/such/page/",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("rt");
    // Baseline after a first request (the server's lazy set-up is done).
    get(port, "/");
    let baseline = open_fds(pid);
    let stop = Arc::new(AtomicBool::new(false));
    let listeners: Vec<(Arc<AtomicUsize>, bool, tokio::task::JoinHandle<()>)> = (0..100)
        .map(|i| {
            let count = Arc::new(AtomicUsize::new(0));
            let drops = i < 20;
            let task = rt.spawn(listen(port, count.clone(), drops.then_some(1), stop.clone()));
            (count, drops, task)
        })
        .collect();
    // Let the listeners connect before the first rebuild.
    std::thread::sleep(Duration::from_millis(500));
    // A content file changes every 500 ms while the clients run.
    let file = tmp.path().join("content/A/RES/80/7.md");
    let original = std::fs::read_to_string(&file).expect("read");
    let editing = Arc::new(AtomicBool::new(true));
    let editor = {
        let (file, editing) = (file.clone(), editing.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while editing.load(Ordering::Relaxed) {
                n += 1;
                let text = original.replace("Taking note", &format!("Taking note {n}"));
                std::fs::write(&file, text).expect("edit");
                std::thread::sleep(Duration::from_millis(500));
            }
            n
        })
    };
    let started = Instant::now();
    let clients: Vec<tokio::task::JoinHandle<Vec<(u16, Duration, bool)>>> = (0..200)
        .map(|c| {
            let paths = paths.clone();
            rt.spawn(async move {
                let mut sender = connect(port).await;
                let mut seen = Vec::with_capacity(100);
                for i in 0..100 {
                    let path = &paths[(c + i) % paths.len()];
                    let t = Instant::now();
                    sender.ready().await.expect("ready");
                    let res = sender.send_request(request(port, path)).await.expect("response");
                    let status = res.status().as_u16();
                    let length = res
                        .headers()
                        .get("content-length")
                        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
                    let body = res.into_body().collect().await.expect("body").to_bytes();
                    let complete = length.is_none_or(|l| l == body.len())
                        && (!path.ends_with('/') || body.ends_with(b"</html>\n"));
                    seen.push((status, t.elapsed(), complete));
                }
                seen
            })
        })
        .collect();
    let mut results = Vec::new();
    for c in clients {
        results.extend(rt.block_on(c).expect("client"));
    }
    let elapsed = started.elapsed();
    editing.store(false, Ordering::Relaxed);
    let edits = editor.join().expect("editor");
    // The last rebuild reaches every listener.
    std::thread::sleep(Duration::from_millis(1500));
    let rebuilds = server.rebuilds();
    stop.store(true, Ordering::Relaxed);
    let mut counts = Vec::new();
    for (count, drops, task) in listeners {
        rt.block_on(task).expect("listener");
        counts.push((count.load(Ordering::SeqCst), drops));
    }
    assert_eq!(results.len(), 20_000);
    assert!(results.iter().all(|(s, _, _)| *s < 500), "a 5xx answer");
    assert!(results.iter().all(|(_, _, complete)| *complete), "a body cut short");
    assert!(rebuilds >= 2, "{rebuilds} rebuilds for {edits} edits");
    for (n, drops) in &counts {
        let expected = if *drops { 1 } else { rebuilds };
        assert_eq!(*n, expected, "a live client got {n} of {rebuilds} reloads");
    }
    let mut times: Vec<Duration> = results.iter().map(|(_, t, _)| *t).collect();
    times.sort();
    eprintln!(
        "case 23: {} requests in {:.2} s, {rebuilds} rebuilds; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        times.len(),
        elapsed.as_secs_f64(),
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() * 99 / 100].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
    drop(rt);
    // Connections are given back once the clients are gone.
    if let (Some(before), Some(_)) = (baseline, open_fds(pid)) {
        let mut after = open_fds(pid).unwrap_or(0);
        for _ in 0..50 {
            if after <= before + 2 {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
            after = open_fds(pid).unwrap_or(0);
        }
        assert!(
            after <= before + 2,
            "{after} descriptors open, {before} before the load"
        );
    }
    // Ctrl-C stops it, with live clients still connected.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    let stop = Arc::new(AtomicBool::new(false));
    let _held: Vec<_> = (0..10)
        .map(|_| rt.spawn(listen(port, Arc::new(AtomicUsize::new(0)), None, stop.clone())))
        .collect();
    rt.block_on(async { tokio::time::sleep(Duration::from_millis(300)).await });
    assert!(
        server.interrupt(Duration::from_secs(5)),
        "the server did not stop on Ctrl-C"
    );
}
