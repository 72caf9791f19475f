//! The site in a real browser (headless Chromium), served over HTTP by
//! `plenary serve`: search finds a phrase and opens its paragraph, the
//! filters narrow it, keyboard shortcuts move between paragraphs and open
//! the list of shortcuts. Skips loudly without chromedriver (not in CI).

use crate::browser::session;
use crate::support::*;
use fantoccini::{Client, Locator};
use std::time::Duration;

/// The text of the search status line once a search has finished.
async fn search_status(c: &Client) -> String {
    for _ in 0..100 {
        let status = c
            .find(Locator::Id("search-status"))
            .await
            .expect("status")
            .text()
            .await
            .unwrap_or_default();
        if !status.is_empty() && status != "Searching…" {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the search did not finish");
}

async fn wait_for_path(c: &Client, suffix: &str) -> String {
    for _ in 0..100 {
        let url = c.current_url().await.expect("url").to_string();
        if url.ends_with(suffix) {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never reached {suffix}: at {}", c.current_url().await.expect("url"));
}

async fn press(c: &Client, key: &str) {
    c.find(Locator::Css("body"))
        .await
        .expect("body")
        .send_keys(key)
        .await
        .expect("keys");
}

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_a_phrase_of_op14_and_opens_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    let server = crate::serve::start(tmp.path());
    let Some((_driver, c)) = session().await else { return };
    let base = format!("http://127.0.0.1:{}/", server.port);
    // From the search box in the header of any page.
    c.goto(&format!("{base}A/RES/80/6/")).await.expect("goto");
    let q = c.find(Locator::Id("site-q")).await.expect("header search");
    q.send_keys("Global Programme against Money-Laundering\n")
        .await
        .expect("type");
    wait_for_path(&c, "/search/?q=Global+Programme+against+Money-Laundering").await;
    let status = search_status(&c).await;
    assert!(status.ends_with("found."), "{status}");
    let first = c.find(Locator::Css("#search-results li a")).await.expect("a result");
    assert_eq!(first.text().await.expect("text"), "A/RES/65/232 OP 14");
    let marks = c
        .find_all(Locator::Css("#search-results li:first-child mark"))
        .await
        .expect("marks");
    assert!(!marks.is_empty(), "the matching words are marked");
    first.click().await.expect("click");
    wait_for_path(&c, "/A/RES/65/232/op14/").await;
    // Filters: the phrase is in an operative paragraph, not a preambular one.
    c.goto(&format!(
        "{base}search/?q=Global+Programme+against+Money-Laundering&kind=pp"
    ))
    .await
    .expect("goto");
    assert_eq!(search_status(&c).await, "Nothing found.");
    c.goto(&format!(
        "{base}search/?q=Global+Programme+against+Money-Laundering&kind=op&session=65"
    ))
    .await
    .expect("goto");
    let status = search_status(&c).await;
    assert!(status.ends_with("found."), "{status}");
    c.goto(&format!(
        "{base}search/?q=Global+Programme+against+Money-Laundering&session=80"
    ))
    .await
    .expect("goto");
    assert_eq!(search_status(&c).await, "Nothing found.");
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_shortcuts_move_between_paragraphs() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    let server = crate::serve::start(tmp.path());
    let Some((_driver, c)) = session().await else { return };
    c.goto(&format!("http://127.0.0.1:{}/A/RES/65/232/op14/", server.port))
        .await
        .expect("goto");
    press(&c, "j").await;
    wait_for_path(&c, "/A/RES/65/232/op15/").await;
    press(&c, "k").await;
    press(&c, "k").await;
    wait_for_path(&c, "/A/RES/65/232/op13/").await;
    // "?" lists the shortcuts in a dialog; Escape closes it.
    press(&c, "?").await;
    let dialog = c.find(Locator::Css("dialog.help[open]")).await.expect("help dialog");
    assert!(dialog.text().await.expect("text").contains("Next paragraph"));
    press(&c, &fantoccini::key::Key::Escape.to_string()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        c.find_all(Locator::Css("dialog.help[open]"))
            .await
            .expect("query")
            .is_empty()
    );
    // "/" goes to the search box.
    press(&c, "/").await;
    let active = c.active_element().await.expect("active");
    assert_eq!(active.attr("id").await.expect("id").as_deref(), Some("site-q"));
    c.close().await.expect("close");
}

/// axe-core, installed by `.ci/run` from the npm registry (or `AXE_CORE`).
fn axe_source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo().join("target/axe/node_modules/axe-core/axe.min.js"));
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!(
                "CI is set but axe-core is missing at {}: .ci/run installs it",
                path.display()
            )
        }
        Err(_) => {
            eprintln!(
                "\n*** SKIPPED accessibility audit: no axe-core at {} (npm install --prefix target/axe axe-core@4) ***\n",
                path.display()
            );
            None
        }
    }
}

/// The WCAG 2.1 A and AA violations axe finds on the current page, as
/// "rule: target" lines.
async fn axe_violations(c: &Client, axe: &str) -> Vec<String> {
    c.execute(axe, vec![]).await.expect("inject axe");
    let result = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
                  .then(r => done(r.violations.flatMap(v => v.nodes.map(n => v.id + ": " + n.target.join(" ") + " — " + n.failureSummary))))
                  .catch(e => done(["axe failed: " + e]));"#,
            vec![],
        )
        .await
        .expect("run axe");
    result
        .as_array()
        .expect("list")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_axe_audit_finds_no_wcag_violations() {
    let Some(axe) = axe_source() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    let server = crate::serve::start(tmp.path());
    let Some((_driver, c)) = session().await else { return };
    let base = format!("http://127.0.0.1:{}/", server.port);
    let mut problems = Vec::new();
    for (path, ready) in [
        ("", "main"),
        ("A/RES/65/232/", "main"),
        ("A/RES/65/232/op6/", ".fn"),
        ("search/?q=technical+assistance", "#search-results li"),
    ] {
        c.goto(&format!("{base}{path}")).await.expect("goto");
        c.wait().for_element(Locator::Css(ready)).await.expect("ready");
        // A footnote open, as a reader would have it.
        if path.ends_with("op6/") {
            let marker = c.find(Locator::Css(".fn-ref")).await.expect("marker");
            marker.click().await.expect("focus");
        }
        for v in axe_violations(&c, &axe).await {
            problems.push(format!("/{path}: {v}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    c.close().await.expect("close");
}

/// Not a test: the README's screenshots, regenerated by `scripts/screenshots`
/// (a paragraph page with a footnote open, and search results).
#[tokio::test(flavor = "multi_thread")]
#[ignore = "writes docs/screenshots; run by scripts/screenshots"]
async fn readme_screenshots() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    let server = crate::serve::start(tmp.path());
    let Some((_driver, c)) = session().await else { return };
    let base = format!("http://127.0.0.1:{}/", server.port);
    let dir = repo().join("docs/screenshots");
    std::fs::create_dir_all(&dir).expect("mkdir");
    c.set_window_size(1100, 800).await.expect("size");
    c.goto(&format!("{base}A/RES/65/232/op6/")).await.expect("goto");
    let marker = c.wait().for_element(Locator::Css(".fn-ref")).await.expect("marker");
    marker.click().await.expect("open the footnote");
    tokio::time::sleep(Duration::from_millis(300)).await;
    std::fs::write(dir.join("paragraph-footnote.png"), c.screenshot().await.expect("png")).expect("write");
    c.goto(&format!("{base}search/?q=money-laundering"))
        .await
        .expect("goto");
    c.wait()
        .for_element(Locator::Css("#search-results li"))
        .await
        .expect("results");
    std::fs::write(dir.join("search.png"), c.screenshot().await.expect("png")).expect("write");
    c.close().await.expect("close");
}
