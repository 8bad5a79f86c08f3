//! `newsdesk fetch` against a feed server this test starts on 127.0.0.1 (and that stops on its
//! own when the test ends): each item saved once across runs, `304` honoured, and every hostile
//! server case survived with a clear reason (slow, huge, a gzip bomb, malformed, 500, a
//! redirect loop, a redirect to another scheme).

mod support;

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use support::feed_server::Server;

fn fetch(home: &Path, args: &[&str]) -> std::process::Output {
    support::newsdesk(home).arg("fetch").args(args).env("XDG_STATE_HOME", home.join("state")).output().unwrap()
}

fn saved(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> =
        walk(dir).iter().map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned()).collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if !entry.file_name().to_string_lossy().starts_with('.') {
            out.push(path);
        }
    }
    out
}

#[test]
fn each_item_is_saved_once_across_runs_and_loads_as_an_article() {
    let server = Server::start();
    let home = tempfile::tempdir().unwrap();
    let into = home.path().join("news");
    let url = server.url("/feed.xml");

    let first = fetch(home.path(), &[&url, "--into", into.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(String::from_utf8_lossy(&first.stdout), "1 feed: 2 new items, 0 unchanged, 0 failed\n");
    let files = saved(&into);
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files.iter().all(|f| f.starts_with("127-0-0-1-") && !f.contains("..")), "inside the folder: {files:?}");
    assert!(
        files.iter().any(|f| f.contains("/2025-06-08-u-s-china-trade-talks-focus-on-rare-earth-minerals-supply-")),
        "{files:?}"
    );

    // Unchanged: the server answers 304 to the ETag kept from the first run.
    let second = fetch(home.path(), &["--into", into.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&second.stdout),
        "1 feed: 0 new items, 1 unchanged, 0 failed\n",
        "the folder remembers its feed"
    );
    assert_eq!(server.conditional.load(Ordering::Relaxed), 1);
    assert_eq!(saved(&into), files);

    // The feed grows an item: only it is saved.
    server.grown.store(true, Ordering::Relaxed);
    let third = fetch(home.path(), &[&url, "--into", into.to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&third.stdout), "1 feed: 1 new item, 0 unchanged, 0 failed\n");
    assert_eq!(saved(&into).len(), 3);

    // The folder loads: each item an article, with its outlet, date and link.
    let library = support::load_path(&into);
    assert_eq!(library.articles().len(), 3, "{:?}", library.report().problems);
    let talks = library.articles().iter().find(|a| a.title.starts_with("U.S. China Trade Talks")).unwrap();
    assert_eq!(library.source_name(talks.source), "Coin World");
    assert_eq!(talks.date_iso().as_deref(), Some("2025-06-08"));
    assert_eq!(talks.url.as_deref(), Some("http://example.com/talks"));
    assert!(talks.text.contains("Kevin Hassett"), "{}", talks.text);
}

#[test]
fn hostile_servers_get_limits_not_hangs_and_each_failure_is_named() {
    let server = Server::start();
    let home = tempfile::tempdir().unwrap();
    let into = home.path().join("news");
    let cases = [
        ("/slow.xml", "the server took too long"),
        ("/huge.xml", "the feed is larger than"),
        ("/bomb.xml", "the feed is larger than"),
        ("/malformed.xml", "not a feed"),
        ("/error.xml", "the server answered 500"),
        ("/loop.xml", "too many redirects"),
        ("/ftp.xml", "ftp"),
    ];
    let mut args: Vec<String> = cases.iter().map(|(path, _)| server.url(path)).collect();
    args.push(server.url("/feed.xml"));
    args.extend([
        "--into".into(),
        into.to_string_lossy().into_owned(),
        "--timeout".into(),
        "2".into(),
        "--max-size".into(),
        "1".into(),
    ]);
    let started = Instant::now();
    let output = fetch(home.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(started.elapsed() < Duration::from_secs(30), "no hang: {:?}", started.elapsed());
    assert_eq!(output.status.code(), Some(1), "a feed failed");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "8 feeds: 2 new items, 0 unchanged, 7 failed\n",
        "the good feed still came"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    for (path, why) in cases {
        let line = stderr.lines().find(|l| l.contains(path)).unwrap_or_else(|| panic!("{path} not named: {stderr}"));
        assert!(line.contains(why), "{path}: {line}");
    }
    assert_eq!(saved(&into).len(), 2);
}

#[test]
fn a_source_that_is_no_feed_is_refused_before_anything_is_fetched() {
    let home = tempfile::tempdir().unwrap();
    let into = home.path().join("news");
    let output = fetch(home.path(), &["not-a-file.opml", "--into", into.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is neither a feed's web address nor an OPML file"));
    let output = fetch(home.path(), &["--into", into.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("remembers none"));
}
