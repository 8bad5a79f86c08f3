//! Feeds load like any other article file: RSS 2.0 and 1.0, Atom, JSON Feed and OPML lists of
//! them, written here from the default corpus's real article texts, with the shapes real feeds
//! have (HTML with scripts and styles, summaries only, no title, a url or an emoji at the end,
//! a broken item among good ones).

mod support;

use std::fs;
use std::path::Path;

use newsdesk::corpus::{ProblemKind, Severity, raw_text};
use newsdesk::library::Library;
use support::load_path;

/// The text of a seed article (`004` is Coin World's report of the London talks).
fn seed(name: &str) -> String {
    let folder = support::repo().join("assets/corpus");
    let file = fs::read_dir(&folder)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(name))
        .unwrap();
    fs::read_to_string(file.path()).unwrap()
}

/// A seed's paragraphs (its lines of more than a heading's length), escaped for HTML.
fn paragraphs(name: &str) -> Vec<String> {
    seed(name)
        .lines()
        .map(str::trim)
        .filter(|l| l.len() > 80)
        .map(|p| p.replace('&', "&amp;").replace('<', "&lt;"))
        .collect()
}

/// A seed's paragraphs as HTML.
fn html_paragraphs(name: &str) -> String {
    paragraphs(name).iter().map(|p| ["<p>", p, "</p>"].concat()).collect()
}

fn escape(html: &str) -> String {
    html.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

const RSS_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Coin World Markets</title>
<link>https://www.coinworld.example/markets</link>
<description>Markets news</description>
"#;

fn rss(dir: &Path) {
    let body = html_paragraphs("004");
    let full = format!("<script>track('x')</script><style>p {{ color: red }}</style>{body}<p>Follow us on Twitter</p>");
    let xml = format!(
        r#"{RSS_HEAD}<item>
<title>U.S. China Trade Talks Focus on Rare Earth Minerals Supply</title>
<link>https://www.coinworld.example/news/talks</link>
<guid isPermaLink="false">cw-2025-0608-talks</guid>
<pubDate>Sun, 08 Jun 2025 14:41:00 -0400</pubDate>
<dc:creator>Coin World Desk</dc:creator>
<category>Trade</category>
<description>{}</description>
<content:encoded><![CDATA[{full}]]></content:encoded>
</item>
<item>
<link>https://www.coinworld.example/news/no-title</link>
<guid>cw-no-title</guid>
<pubDate>Mon, 09 Jun 2025 08:00:00 +0000</pubDate>
<description>{}</description>
</item>
</channel>
</rss>
"#,
        escape("<p>Talks in London on the flow of critical minerals.</p>"),
        escape(
            "<p>Kevin Hassett said the London talks would go on 🤝</p><p>Read more: https://www.coinworld.example/news/hassett</p>"
        ),
    );
    fs::write(dir.join("coinworld.rss"), xml).unwrap();
}

fn atom(dir: &Path) {
    let body = html_paragraphs("003");
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Trade Wire</title>
<link href="https://tradewire.example/"/>
<id>urn:tradewire</id>
<updated>2025-10-26T09:00:00Z</updated>
<entry>
<title type="html">Export controls &amp;amp; rare earths: talks in Malaysia</title>
<link rel="alternate" href="https://tradewire.example/kl-talks"/>
<id>urn:tradewire:kl-talks</id>
<updated>2025-10-26T09:00:00Z</updated>
<published>2025-10-25T23:30:00Z</published>
<author><name>Trade Wire staff</name></author>
<content type="html">{}</content>
</entry>
</feed>
"#,
        escape(&body)
    );
    fs::write(dir.join("tradewire.atom"), xml).unwrap();
}

fn json_feed(dir: &Path) {
    let body = html_paragraphs("002");
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Washington Notes",
        "home_page_url": "https://notes.example/",
        "items": [
            {
                "id": "notes-1",
                "url": "https://notes.example/london",
                "title": "Discourse continues in Washington and Beijing",
                "content_html": body,
                "date_published": "2025-06-10T12:00:00Z",
                "authors": [{"name": "A. Reporter"}],
                "tags": ["trade", null]
            },
            {"id": "notes-2", "title": null, "content_text": null, "summary": null}
        ]
    });
    fs::write(dir.join("notes.json"), serde_json::to_string_pretty(&feed).unwrap()).unwrap();
}

fn by_title<'a>(library: &'a Library, start: &str) -> &'a newsdesk::corpus::Article {
    library.articles().iter().find(|a| a.title.starts_with(start)).unwrap_or_else(|| {
        panic!("no article {start:?}: {:?}", library.articles().iter().map(|a| &a.title).collect::<Vec<_>>())
    })
}

#[test]
fn rss_atom_and_json_feed_items_load_as_articles() {
    let dir = tempfile::tempdir().unwrap();
    rss(dir.path());
    atom(dir.path());
    json_feed(dir.path());
    let library = load_path(dir.path());

    let talks = by_title(&library, "U.S. China Trade Talks Focus");
    assert_eq!(library.source_name(talks.source), "Coin World Markets", "the channel's title");
    assert_eq!(talks.url.as_deref(), Some("https://www.coinworld.example/news/talks"));
    assert_eq!(talks.date_iso().as_deref(), Some("2025-06-08"));
    assert_eq!(talks.authors, ["Coin World Desk"]);
    assert_eq!(talks.tags, ["Trade"]);
    // The full content, not the summary; scripts, styles and furniture gone.
    assert!(talks.text.contains("Kevin Hassett, director of the National Economic Council"), "{}", talks.text);
    assert!(!talks.text.contains("track(") && !talks.text.contains("color: red"), "{}", talks.text);
    assert!(!talks.text.contains("Follow us on Twitter"), "{}", talks.text);

    // No title: one made from the text; an emoji and a url at the end are kept.
    let untitled = by_title(&library, "Kevin Hassett said the London talks would go on");
    assert!(untitled.title_derived);
    assert!(untitled.text.contains("🤝"), "{}", untitled.text);

    let kl = by_title(&library, "Export controls & rare earths");
    assert_eq!(library.source_name(kl.source), "Trade Wire");
    assert_eq!(kl.date_iso().as_deref(), Some("2025-10-25"), "published, not updated");
    assert_eq!(kl.url.as_deref(), Some("https://tradewire.example/kl-talks"));
    assert!(kl.text.contains("Treasury Secretary Scott Bessent"), "{}", kl.text);

    let notes = by_title(&library, "Discourse continues in Washington");
    assert_eq!(library.source_name(notes.source), "Washington Notes");
    assert_eq!(notes.date_iso().as_deref(), Some("2025-06-10"));
    assert_eq!(notes.authors, ["A. Reporter"]);
    assert_eq!(library.articles().len(), 4, "the JSON Feed item with nothing in it is no article");
    let report = &library.report().problems;
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(report[0].path.ends_with("notes.json") && report[0].detail == "item 2: no title and no text", "{report:?}");
    assert_eq!((report[0].kind, report[0].severity), (ProblemKind::Empty, Severity::Partial));

    // The raw view shows the item's content as the feed wrote it.
    let raw = raw_text(talks).unwrap();
    assert!(raw.contains("<p>") && raw.contains("Follow us on Twitter"), "{raw}");
}

#[test]
fn a_feed_items_id_stays_when_items_move() {
    let dir = tempfile::tempdir().unwrap();
    rss(dir.path());
    let before = load_path(dir.path());
    let id = by_title(&before, "U.S. China Trade Talks Focus").id;
    // A new item arrives at the top, as feeds grow.
    let path = dir.path().join("coinworld.rss");
    let xml = fs::read_to_string(&path).unwrap().replacen(
        "<item>",
        "<item><title>Newer</title><guid>cw-newer</guid><description>Newer text.</description></item>\n<item>",
        1,
    );
    fs::write(&path, xml).unwrap();
    let after = load_path(dir.path());
    assert_eq!(after.articles().len(), 3);
    assert_eq!(by_title(&after, "U.S. China Trade Talks Focus").id, id);
}

#[test]
fn a_broken_item_is_reported_with_its_line_and_the_others_load() {
    let dir = tempfile::tempdir().unwrap();
    let xml = format!(
        "{RSS_HEAD}<item><title>First good item</title><guid>1</guid><description>Rare earth talks resume.</description></item>\n\
         <item><title>Broken item</title><guid>2</guid><description><b>unclosed</description></item>\n\
         <item><title>Third good item</title><guid>3</guid><description>Talks end in London.</description></item>\n\
         </channel></rss>\n"
    );
    fs::write(dir.path().join("broken.rss"), xml).unwrap();
    fs::write(dir.path().join("not-a-feed.xml"), "<html><body>hello</body></html>").unwrap();
    let library = load_path(dir.path());
    let titles: Vec<&str> = library.articles().iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.contains(&"First good item") && titles.contains(&"Third good item"));
    assert_eq!(library.source_name(library.articles()[0].source), "Coin World Markets");
    let problems = &library.report().problems;
    let broken = problems.iter().find(|p| p.path.ends_with("broken.rss")).expect("reported");
    assert_eq!((broken.kind, broken.severity, broken.line), (ProblemKind::BadFeed, Severity::Partial, Some(8)));
    assert!(broken.detail.starts_with("item 2: "), "{}", broken.detail);
    let other = problems.iter().find(|p| p.path.ends_with("not-a-feed.xml")).expect("reported");
    assert_eq!((other.kind, other.severity), (ProblemKind::BadFeed, Severity::Skipped));
    assert!(other.detail.starts_with("not an RSS, Atom or JSON feed"), "{}", other.detail);
}

#[test]
fn an_opml_file_loads_every_local_feed_it_lists() {
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds");
    fs::create_dir(&feeds).unwrap();
    rss(&feeds);
    atom(&feeds);
    let opml = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>Subscriptions</title></head><body>
<outline text="Markets"><outline text="Coin World" type="rss" xmlUrl="feeds/coinworld.rss"/></outline>
<outline text="Trade Wire" type="rss" xmlUrl="feeds/tradewire.atom"/>
<outline text="On the web" type="rss" xmlUrl="https://example.com/feed.xml"/>
<outline text="Gone" type="rss" xmlUrl="feeds/gone.rss"/>
</body></opml>
"#;
    let list = dir.path().join("subscriptions.opml");
    fs::write(&list, opml).unwrap();
    let library = load_path(&list);
    assert_eq!(library.articles().len(), 3, "two items of one feed, one of the other");
    let problems = &library.report().problems;
    let details: Vec<&str> = problems.iter().map(|p| p.detail.as_str()).collect();
    assert!(details.iter().any(|d| d.starts_with("1 feed by web address, not read: `newsdesk fetch")), "{details:?}");
    assert!(details.iter().any(|d| d.contains("\"feeds/gone.rss\", which is not there")), "{details:?}");
    assert!(problems.iter().all(|p| p.path.ends_with("subscriptions.opml")), "{problems:?}");
    fs::write(&list, "<opml><body><outline").unwrap();
    let bad = load_path(&list);
    assert_eq!(bad.report().problems[0].kind, ProblemKind::BadFeed);
}
