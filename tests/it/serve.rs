//! `plenary serve`: edits reach the served pages (and equal a clean build),
//! the server survives broken edits, refuses path escapes and foreign hosts.

use crate::support::*;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `plenary serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    /// Everything it printed so far.
    pub output: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// How many rebuilds it has reported so far.
    pub fn rebuilds(&self) -> usize {
        self.output
            .lock()
            .expect("output")
            .iter()
            .filter(|l| l.starts_with("Rebuilt"))
            .count()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends Ctrl-C (SIGINT); whether the server exits within `wait`.
    pub fn interrupt(&mut self, wait: Duration) -> bool {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        let start = Instant::now();
        while sent && start.elapsed() < wait {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the preview of `root` on a free loopback port.
pub fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["--root", root.to_str().expect("utf-8"), "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = lines.next().expect("serve printed nothing").expect("line");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .expect("port")
                .parse()
                .expect("port");
        }
    };
    // Keep reading its output so that the pipe never fills.
    let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = output.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if let Ok(mut v) = sink.lock() {
                v.push(line);
            }
        }
    });
    Server { child, port, output }
}

/// GET `path` as given (no normalisation), with a Host header.
pub fn get_with_host(port: u16, path: &str, host: &str) -> (u16, String, hyper::HeaderMap) {
    let (status, body, headers) = send(port, "GET", path, host);
    (status, String::from_utf8_lossy(&body).into_owned(), headers)
}

/// One request with any method to `path` as given, with a Host header:
/// (status, body, headers).
pub fn send(port: u16, method: &str, path: &str, host: &str) -> (u16, Vec<u8>, hyper::HeaderMap) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    rt.block_on(async {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        let io = hyper_util::rt::TokioIo::new(stream);
        let (mut sender, conn) = hyper::client::conn::http1::handshake(io).await.expect("handshake");
        tokio::spawn(conn);
        let req = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("host", host)
            .body(Empty::<Bytes>::new())
            .expect("request");
        let res = sender.send_request(req).await.expect("response");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.expect("body").to_bytes();
        (status, body.to_vec(), headers)
    })
}

pub fn get(port: u16, path: &str) -> (u16, String) {
    let (s, b, _) = get_with_host(port, path, &format!("127.0.0.1:{port}"));
    (s, b)
}

/// Waits until `check` holds for the page at `path`.
fn wait_for(port: u16, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(port, path);
        if check(status, &body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what} at {path}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn site_copy(fixture_root: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(fixture_root, tmp.path());
    tmp
}

#[test]
fn an_edit_changes_the_served_page() {
    let tmp = site_copy(&fixture("citing"));
    let server = start(tmp.path());
    let (status, body) = get(server.port, "/A/RES/80/1/op2/");
    assert_eq!(status, 200);
    assert!(body.contains("Also decides another thing."));
    assert!(
        body.contains("/__plenary/live.js"),
        "the live-reload script is injected"
    );
    let file = tmp.path().join("content/80-1.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("another thing", "a new thing")).expect("write");
    wait_for(server.port, "/A/RES/80/1/op2/", "the edit", |s, b| {
        s == 200 && b.contains("Also decides a new thing.")
    });
    // The citing resolution's preview of that paragraph follows.
    wait_for(server.port, "/A/RES/80/2/op1/", "the preview", |_, b| {
        b.contains("Also decides a new thing.")
    });
}

#[test]
fn deleted_and_renamed_files() {
    let tmp = site_copy(&fixture("basic"));
    let server = start(tmp.path());
    assert_eq!(get(server.port, "/A/RES/80/5/op4/").0, 200);
    std::fs::rename(
        tmp.path().join("content/A/RES/80/5.md"),
        tmp.path().join("content/renamed.md"),
    )
    .expect("mv");
    // Same symbol, another file: still there.
    std::thread::sleep(Duration::from_millis(500));
    wait_for(server.port, "/A/RES/80/5/op4/", "the renamed file", |s, _| s == 200);
    std::fs::remove_file(tmp.path().join("content/renamed.md")).expect("rm");
    let body = wait_for(server.port, "/A/RES/80/5/op4/", "the deletion", |s, _| s == 404);
    assert!(body.contains("Page not found"), "the site's 404 page");
}

/// RELIABILITY.md case 13 against the running server.
#[test]
fn case_13_path_escapes_never_reach_a_file() {
    let tmp = site_copy(&fixture("basic"));
    let server = start(tmp.path());
    let long = format!("/{}", "a".repeat(5000));
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/%252e%252e/",
        "/..%5c..%5c",
        "/%00",
        "//etc/passwd",
        long.as_str(),
    ] {
        let (status, body) = get(server.port, path);
        assert!(matches!(status, 400 | 404 | 414), "{path}: {status}");
        assert!(!body.contains("root:"), "{path}");
    }
}

/// RELIABILITY.md case 14: foreign Host and Origin are refused, no CORS.
#[test]
fn case_14_foreign_hosts_and_origins_are_refused() {
    let tmp = site_copy(&fixture("basic"));
    let server = start(tmp.path());
    let (status, _, _) = get_with_host(server.port, "/", "evil.example");
    assert_eq!(status, 421);
    let (status, _, headers) = get_with_host(server.port, "/", &format!("localhost:{}", server.port));
    assert_eq!(status, 200);
    assert!(headers.get("access-control-allow-origin").is_none());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    let status = rt.block_on(async {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", server.port))
            .await
            .expect("connect");
        let (mut sender, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .expect("handshake");
        tokio::spawn(conn);
        let req = hyper::Request::get("/__plenary/live")
            .header("host", format!("127.0.0.1:{}", server.port))
            .header("origin", "http://evil.example")
            .body(Empty::<Bytes>::new())
            .expect("request");
        sender.send_request(req).await.expect("response").status().as_u16()
    });
    assert_eq!(status, 403);
}

/// RELIABILITY.md case 21, in short: broken edits keep the last good site.
#[test]
fn case_21_the_server_survives_broken_edits_and_recovers() {
    let tmp = site_copy(&fixture("citing"));
    let server = start(tmp.path());
    let file = tmp.path().join("content/80-1.md");
    let good = std::fs::read_to_string(&file).expect("read");
    let theme = tmp.path().join("themes/default/templates");
    std::fs::create_dir_all(&theme).expect("mkdir");
    for (round, broken) in ["---\nsymbol: [broken\n", "", "\u{ff}"].iter().enumerate() {
        std::fs::write(&file, broken.as_bytes()).expect("write broken");
        std::thread::sleep(Duration::from_millis(400));
        let (status, body) = get(server.port, "/A/RES/80/1/op2/");
        assert_eq!(status, 200, "round {round}");
        assert!(
            body.contains("Also decides"),
            "the last good page is served (round {round})"
        );
        let fixed = good.replace("another thing", &format!("thing {round}"));
        std::fs::write(&file, fixed).expect("fix");
        wait_for(server.port, "/A/RES/80/1/op2/", "the fix", |_, b| {
            b.contains(&format!("Also decides thing {round}."))
        });
    }
    // A broken template too.
    std::fs::write(
        theme.join("paragraph.html"),
        "{% extends \"base.html\" %}{% block main %}{{ oops {% endblock main %}",
    )
    .expect("write");
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(get(server.port, "/A/RES/80/1/op2/").0, 200);
    std::fs::remove_file(theme.join("paragraph.html")).expect("rm");
    wait_for(server.port, "/", "recovery", |s, _| s == 200);
}

/// RELIABILITY.md case 22: after scripted edits, the served site equals a
/// clean build, file by file.
#[test]
fn case_22_the_served_site_equals_a_clean_build_after_edits() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    let server = start(tmp.path());
    let content = tmp.path().join("content/A/RES/80");
    let edit = |file: &str, from: &str, to: &str| {
        let path = content.join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    };
    edit(
        "14.md",
        "1. Recalls with satisfaction",
        "1. Recalling its resolution 80/13, recalls with satisfaction",
    );
    edit("13.md", "title: Implementation", "title: The implementation");
    std::fs::remove_file(content.join("2.md")).expect("rm");
    std::thread::sleep(Duration::from_millis(800));
    wait_for(server.port, "/A/RES/80/14/op1/", "the last edit", |_, b| {
        b.contains("80/13")
    });
    wait_for(server.port, "/A/RES/80/2/", "the deletion", |s, b| {
        s == 200 && b.contains("not in this collection") || s == 404
    });
    let clean = build(tmp.path());
    let mut compared = 0;
    for (path, bytes) in snapshot(&site(&clean)) {
        let url = format!("/{}", path.trim_end_matches("index.html"));
        let (status, body) = get(server.port, &url);
        let expected = String::from_utf8_lossy(&bytes).into_owned();
        let served = body.replace("<script src=\"/__plenary/live.js\" defer></script>\n", "");
        // Every file of the clean build is served, the 404 page too.
        assert_eq!(status, 200, "{url}");
        assert!(served == expected, "{url} differs from a clean build");
        compared += 1;
    }
    assert!(compared > 400, "{compared}");
}

/// RELIABILITY.md case 20: one edit, one rebuild; then the server idles.
#[test]
fn case_20_one_edit_makes_one_rebuild_and_no_loop() {
    let tmp = site_copy(&fixture("citing"));
    let server = start(tmp.path());
    let file = tmp.path().join("content/80-1.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("another thing", "one more thing")).expect("write");
    wait_for(server.port, "/A/RES/80/1/op2/", "the edit", |_, b| {
        b.contains("one more thing")
    });
    // Idle: reading files for the rebuild must not trigger another one.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(server.rebuilds(), 1);
}

/// RELIABILITY.md case 19: editors' ways of saving each give one rebuild;
/// scratch files give none and never reach the site.
#[test]
fn case_19_editors_ways_of_saving() {
    let tmp = site_copy(&fixture("citing"));
    let server = start(tmp.path());
    let content = tmp.path().join("content");
    let rebuilds = || server.rebuilds();
    let settle = || std::thread::sleep(Duration::from_millis(700));
    let file = content.join("80-1.md");
    let text = std::fs::read_to_string(&file).expect("read");
    // Scratch files alone: no rebuild.
    std::fs::write(content.join(".80-1.md.swp"), "swap").expect("swp");
    std::fs::write(content.join("80-1.md~"), "backup").expect("backup");
    std::fs::write(content.join("4913"), "probe").expect("probe");
    std::fs::remove_file(content.join("4913")).expect("rm probe");
    settle();
    assert_eq!(rebuilds(), 0, "scratch files rebuild nothing");
    assert_eq!(get(server.port, "/.80-1.md.swp").0, 404);
    // vim: backup by rename, write the new file.
    std::fs::rename(&file, content.join("80-1.md~")).expect("backup rename");
    std::fs::write(&file, text.replace("another thing", "a vim thing")).expect("write");
    wait_for(server.port, "/A/RES/80/1/op2/", "the vim save", |_, b| {
        b.contains("a vim thing")
    });
    settle();
    assert_eq!(rebuilds(), 1);
    // JetBrains: write a temporary file, rename it over the original.
    let temp = content.join("80-1.md___jb_tmp___");
    std::fs::write(&temp, text.replace("another thing", "a renamed thing")).expect("write temp");
    std::fs::rename(&temp, &file).expect("rename over");
    wait_for(server.port, "/A/RES/80/1/op2/", "the temp-rename save", |_, b| {
        b.contains("a renamed thing")
    });
    settle();
    assert_eq!(rebuilds(), 2);
    // A new folder with a new file.
    std::fs::create_dir_all(content.join("new")).expect("mkdir");
    let third = text
        .replace("symbol: A/RES/80/1", "symbol: A/RES/80/3")
        .replace("A cited resolution", "A third");
    std::fs::write(content.join("new/80-3.md"), third).expect("write");
    wait_for(server.port, "/A/RES/80/3/", "the new file", |s, _| s == 200);
    settle();
    assert_eq!(rebuilds(), 3);
    // The folder renamed, then deleted.
    std::fs::rename(content.join("new"), content.join("renamed")).expect("mv dir");
    settle();
    assert_eq!(get(server.port, "/A/RES/80/3/").0, 200);
    std::fs::remove_dir_all(content.join("renamed")).expect("rm dir");
    wait_for(server.port, "/A/RES/80/3/", "the deletion", |s, _| s == 404);
}
