//! Footnote tooltips in a real browser (headless Chromium via chromedriver):
//! they appear on hover and on keyboard focus, close on Escape, and stay in
//! the viewport. Skips, loudly, where no chromedriver is installed, except in
//! CI (`CI` set), where a missing browser is a failure.

use crate::support::*;
use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromedriver() -> Option<String> {
    let candidates = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];
    candidates
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| p.to_string())
}

/// Starts chromedriver and a headless session, or explains why not.
pub async fn session() -> Option<(Driver, Client)> {
    let Some(bin) = chromedriver() else {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set but chromedriver is missing: .ci/run must install chromium and chromium-driver");
        }
        eprintln!("\n*** SKIPPED browser test: no chromedriver (apt-get install chromium chromium-driver) ***\n");
        return None;
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver(child);
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--window-size=1024,768"]
        }
    });
    let caps = caps.as_object().expect("object").clone();
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        if let Ok(client) = ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            return Some((driver, client));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

fn page_url(site: &std::path::Path, path: &str) -> String {
    format!("file://{}/{path}", site.display())
}

async fn tip_visible(c: &Client, marker: &fantoccini::elements::Element) -> bool {
    tip(c, marker).await.is_displayed().await.expect("displayed")
}

/// The tooltip an element names with `aria-describedby`.
async fn tip(c: &Client, el: &fantoccini::elements::Element) -> fantoccini::elements::Element {
    let id = el
        .attr("aria-describedby")
        .await
        .expect("attr")
        .expect("aria-describedby");
    c.find(Locator::Id(&id)).await.expect("tooltip")
}

#[tokio::test(flavor = "multi_thread")]
async fn footnotes_show_on_hover_and_on_keyboard_focus() {
    let out = build(&repo());
    let site = site(&out);
    let Some((_driver, c)) = session().await else { return };

    // Hover: OP6 re-uses footnote 2.
    c.goto(&page_url(&site, "A/RES/65/232/op6/index.html"))
        .await
        .expect("goto");
    let marker = c.find(Locator::Css("#op6 [data-fn='2']")).await.expect("marker");
    assert!(!tip_visible(&c, &marker).await, "hidden before hovering");
    hover(&c, &marker).await;
    assert!(tip_visible(&c, &marker).await, "visible on hover");
    let text = tip_text(&c, &marker).await;
    assert!(
        text.contains("Treaty Series, vols. 2225, 2237, 2241 and 2326"),
        "{text}"
    );
    // WCAG 1.4.13: the pointer can move onto the tooltip and it stays.
    let tooltip = tip(&c, &marker).await;
    hover(&c, &tooltip).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        tip_visible(&c, &marker).await,
        "hoverable: stays with the pointer on it"
    );
    hover(&c, &marker).await;
    // Escape dismisses it while the pointer stays.
    c.active_element()
        .await
        .expect("active")
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("esc");
    assert!(!tip_visible(&c, &marker).await, "Escape hides the tooltip");
    c.perform_actions(MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
        duration: None,
        x: 0.0,
        y: 0.0,
    }))
    .await
    .expect("move away");

    // Keyboard: Tab until footnote 25 of OP33 has focus.
    c.goto(&page_url(&site, "A/RES/65/232/op33/index.html"))
        .await
        .expect("goto");
    let mut focused = None;
    for _ in 0..40 {
        c.active_element()
            .await
            .expect("active")
            .send_keys(&Key::Tab.to_string())
            .await
            .expect("tab");
        let el = c.active_element().await.expect("active");
        if el.attr("data-fn").await.expect("attr").as_deref() == Some("25") {
            focused = Some(el);
            break;
        }
    }
    let marker = focused.expect("Tab reaches footnote 25");
    assert!(tip_visible(&c, &marker).await, "visible on keyboard focus");
    let text = tip_text(&c, &marker).await;
    assert_eq!(text, "25 See A/CONF.213/17.");
    c.active_element()
        .await
        .expect("active")
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("esc");
    assert!(!tip_visible(&c, &marker).await, "Escape hides the focused tooltip");
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
async fn citations_preview_the_cited_paragraph_on_hover() {
    let out = build(&fixture("citing"));
    let site = site(&out);
    let Some((_driver, c)) = session().await else { return };
    c.goto(&page_url(&site, "A/RES/80/2/op1/index.html"))
        .await
        .expect("goto");
    let link = c
        .find(Locator::Css("#op1 a[data-cite='A/RES/80/1']"))
        .await
        .expect("citation");
    assert!(!tip_visible(&c, &link).await, "hidden before hovering");
    hover(&c, &link).await;
    assert!(tip_visible(&c, &link).await, "visible on hover");
    let text = tip_text(&c, &link).await;
    assert_eq!(
        text,
        "A/RES/80/1 A cited resolution\nOP 2: “Also decides another thing.”"
    );
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
async fn tooltips_stay_inside_a_phone_sized_viewport() {
    let out = build(&repo());
    let site = site(&out);
    let Some((_driver, c)) = session().await else { return };
    c.set_window_size(360, 740).await.expect("resize");
    c.goto(&page_url(&site, "A/RES/65/232/index.html")).await.expect("goto");
    let markers = c.find_all(Locator::Css(".para [data-fn]")).await.expect("markers");
    let source = std::fs::read_to_string(repo().join("content/A/RES/65/232.md")).expect("content");
    let references = source.matches("[^").count() - source.lines().filter(|l| l.starts_with("[^")).count();
    assert_eq!(
        markers.len(),
        references,
        "every reference of the resolution has a marker"
    );
    for marker in &markers {
        focus(&c, marker).await;
        let r = c
            .execute(
                "const t = document.getElementById(arguments[0].getAttribute('aria-describedby'));\
                 const r = t.getBoundingClientRect();\
                 return [r.left, r.right, document.documentElement.clientWidth];",
                vec![serde_json::to_value(marker).expect("element")],
            )
            .await
            .expect("rect");
        let (left, right, width) = (
            r[0].as_f64().expect("l"),
            r[1].as_f64().expect("r"),
            r[2].as_f64().expect("w"),
        );
        assert!(
            left >= 0.0 && right <= width,
            "tooltip outside the viewport: {left}..{right} of {width}"
        );
    }
    c.close().await.expect("close");
}

/// The text of the tooltip an element names with `aria-describedby`.
async fn tip_text(c: &Client, el: &fantoccini::elements::Element) -> String {
    tip(c, el).await.text().await.expect("text")
}

/// Moves the mouse onto an element, as a reader does.
async fn hover(c: &Client, el: &fantoccini::elements::Element) {
    let action = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: el.clone(),
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    c.perform_actions(action).await.expect("hover");
}

/// Scrolls a marker into view and focuses it, as a keyboard user reaches it.
async fn focus(c: &Client, el: &fantoccini::elements::Element) {
    c.execute(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();",
        vec![serde_json::to_value(el).expect("element")],
    )
    .await
    .expect("focus");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_open_page_reloads_itself_after_an_edit_and_shows_errors() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&fixture("citing"), tmp.path());
    let server = crate::serve::start(tmp.path());
    let Some((_driver, c)) = session().await else { return };
    let url = format!("http://127.0.0.1:{}/A/RES/80/1/op2/", server.port);
    c.goto(&url).await.expect("goto");
    let text = c
        .find(Locator::Css("#op2 .para-body"))
        .await
        .expect("para")
        .text()
        .await
        .expect("text");
    assert_eq!(text, "Also decides another thing.");
    // Give the page a moment to connect to the live-reload stream.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let file = tmp.path().join("content/80-1.md");
    let good = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, good.replace("another thing", "a changed thing")).expect("write");
    let mut seen = String::new();
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Ok(el) = c.find(Locator::Css("#op2 .para-body")).await {
            seen = el.text().await.unwrap_or_default();
            if seen == "Also decides a changed thing." {
                break;
            }
        }
    }
    assert_eq!(seen, "Also decides a changed thing.", "the page reloaded by itself");
    // A broken edit: the page stays and an overlay says why, as text.
    std::fs::write(&file, "---\nsymbol: <img src=x onerror=alert(1)>\n").expect("write");
    let mut overlay = String::new();
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Ok(el) = c.find(Locator::Id("plenary-error")).await {
            overlay = el.text().await.unwrap_or_default();
            break;
        }
    }
    assert!(overlay.contains("the front matter is not closed"), "{overlay}");
    assert!(overlay.contains("content/80-1.md"), "{overlay}");
    let imgs = c.find_all(Locator::Css("#plenary-error img")).await.expect("query");
    assert!(imgs.is_empty(), "the message is shown as text");
    c.close().await.expect("close");
}

/// RELIABILITY.md case 17: a footnote holding markup and quotes shows as
/// literal text in its tooltip, and no script runs.
#[tokio::test(flavor = "multi_thread")]
async fn case_17_hostile_footnote_text_stays_text() {
    let tmp = tempfile::tempdir().expect("tmp");
    let content = "---\nsymbol: A/RES/1/1\ntitle: T\n---\n\nThe General Assembly,\n\n\
        1. Decides.[^1]\n\n[^1]: Quote \" and <img src=x onerror=\"window.pwned=1\"> and <script>window.pwned=2</script>.\n";
    std::fs::create_dir_all(tmp.path().join("content")).expect("mkdir");
    std::fs::write(tmp.path().join("content/x.md"), content).expect("write");
    let out = build(tmp.path());
    let site = site(&out);
    let Some((_driver, c)) = session().await else { return };
    c.goto(&page_url(&site, "A/RES/1/1/op1/index.html"))
        .await
        .expect("goto");
    let marker = c.find(Locator::Css("#op1 [data-fn='1']")).await.expect("marker");
    hover(&c, &marker).await;
    assert!(tip_visible(&c, &marker).await);
    let text = tip_text(&c, &marker).await;
    assert_eq!(
        text,
        "1 Quote \" and <img src=x onerror=\"window.pwned=1\"> and <script>window.pwned=2</script>."
    );
    let pwned = c
        .execute("return window.pwned === undefined;", vec![])
        .await
        .expect("script");
    assert_eq!(pwned, serde_json::json!(true), "no script ran");
    c.close().await.expect("close");
}
