//! `newsdesk fetch`: feeds fetched over HTTP(S) (crate `ureq`, rustls) and their new items
//! saved as article files in a folder, each once across runs.
//!
//! Each item becomes one small HTML page, `DIR/FEED/DATE-TITLE-KEY.html`, whose head states
//! its title, date, outlet, link, authors and tags (as any saved web page does, so the loader
//! reads it as one) and whose body is the item's content as the feed gave it. `FEED` is the
//! feed's host and a hash of its address; `KEY` hashes the item's guid, else its link (and
//! title), else its content: an item already saved is never saved again, whatever its title or
//! date became. Names are made of `a-z`, `0-9` and `-` alone: nothing is written outside `DIR`.
//!
//! A server gets limits, not trust: connect and whole-request timeouts, a cap on the body as
//! decoded (a gzip bomb stops at the cap), at most five redirects and only to http(s), no XML
//! entity or DTD ever resolved. A feed answers `304 Not Modified` to the `ETag` and
//! `Last-Modified` kept from its last fetch (under the state folder), and is then unchanged.
//! The feeds given are remembered in `DIR/.newsdesk-subscriptions.opml`: a later `newsdesk
//! fetch --into DIR`, or the reader's fetch key, fetches them again.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// The hidden file in a folder that lists the feeds fetched into it.
pub const SUBSCRIPTIONS: &str = ".newsdesk-subscriptions.opml";

/// Limits for talking to servers.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Longest a whole request may take (connecting, waiting, reading).
    pub timeout: Duration,
    /// Most bytes of a feed, as decoded.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { timeout: Duration::from_secs(20), max_bytes: 10 * 1024 * 1024 }
    }
}

/// How a fetch of several feeds went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Feeds asked for.
    pub feeds: usize,
    /// Items saved.
    pub new: usize,
    /// Feeds that had not changed (`304`, or nothing new).
    pub unchanged: usize,
    /// Feeds that failed: the address and why.
    pub failed: Vec<(String, String)>,
}

impl Summary {
    /// "3 feeds: 12 new items, 1 unchanged, 1 failed".
    #[must_use]
    pub fn line(&self) -> String {
        format!(
            "{}: {}, {} unchanged, {} failed",
            crate::wording::counted(self.feeds, "feed", "feeds"),
            crate::wording::counted(self.new, "new item", "new items"),
            self.unchanged,
            self.failed.len()
        )
    }
}

/// What a feed's last fetch left, for the next one to ask only for what changed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Validators {
    etag: Option<String>,
    last_modified: Option<String>,
}

/// The feed addresses the sources name: web addresses as given, every web address an OPML
/// file lists; with no source, the folder's remembered subscriptions.
pub fn addresses(sources: &[String], into: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    if sources.is_empty() {
        let list = into.join(SUBSCRIPTIONS);
        if !list.is_file() {
            return Err(format!(
                "no feed given, and {} remembers none: give feed addresses or an OPML file",
                into.display()
            ));
        }
        return opml_addresses(&list);
    }
    for source in sources {
        if source.starts_with("http://") || source.starts_with("https://") {
            out.push(source.clone());
        } else if Path::new(source).is_file() {
            out.extend(opml_addresses(Path::new(source))?);
        } else {
            return Err(format!("{source:?} is neither a feed's web address nor an OPML file"));
        }
    }
    out.dedup();
    Ok(out)
}

/// The web addresses of the feeds an OPML file lists.
fn opml_addresses(file: &Path) -> Result<Vec<String>, String> {
    let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let document = opml::OPML::from_str(&text).map_err(|e| format!("{}: not an OPML file: {e}", file.display()))?;
    let mut urls = Vec::new();
    let mut outlines: Vec<&opml::Outline> = document.body.outlines.iter().rev().collect();
    while let Some(outline) = outlines.pop() {
        urls.extend(outline.xml_url.clone().filter(|u| u.starts_with("http://") || u.starts_with("https://")));
        outlines.extend(outline.outlines.iter().rev());
    }
    Ok(urls)
}

/// Adds feed addresses to the folder's remembered subscriptions.
pub fn remember(into: &Path, urls: &[String]) -> io::Result<()> {
    let list = into.join(SUBSCRIPTIONS);
    let mut known: Vec<String> = opml_addresses(&list).unwrap_or_default();
    let mut added = false;
    for url in urls {
        if !known.contains(url) {
            known.push(url.clone());
            added = true;
        }
    }
    if !added && list.is_file() {
        return Ok(());
    }
    let mut document = opml::OPML::default();
    for url in &known {
        document.add_feed(url, url);
    }
    let text = document.to_string().map_err(io::Error::other)?;
    crate::persist::write_atomically(&list, text.as_bytes())
}

/// Fetches every feed into `into`, telling `progress` how many are done, of all.
pub fn fetch_all(
    urls: &[String],
    into: &Path,
    limits: &Limits,
    state: Option<&Path>,
    progress: &dyn Fn(usize, usize),
) -> Summary {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .timeout_connect(Some(limits.timeout.min(Duration::from_secs(10))))
        .max_redirects(5)
        .http_status_as_error(false)
        .user_agent(concat!("newsdesk/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut summary = Summary { feeds: urls.len(), ..Summary::default() };
    for (done, url) in urls.iter().enumerate() {
        progress(done, urls.len());
        match fetch_one(&agent, url, into, limits, state) {
            Ok(0) => summary.unchanged += 1,
            Ok(new) => summary.new += new,
            // A reason may quote the server's own words: made safe to print.
            Err(why) => {
                summary
                    .failed
                    .push((crate::sanitize::line(url).into_owned(), crate::sanitize::line(&why).into_owned()));
            }
        }
    }
    progress(urls.len(), urls.len());
    summary
}

/// Fetches one feed and saves its new items; how many were new.
fn fetch_one(
    agent: &ureq::Agent,
    url: &str,
    into: &Path,
    limits: &Limits,
    state: Option<&Path>,
) -> Result<usize, String> {
    // What a feed's last fetch into this folder left: another folder fetches it afresh.
    let folder = into.canonicalize().unwrap_or_else(|_| into.to_path_buf());
    let key = format!("{}\n{url}", folder.display());
    let state_file = state.map(|s| s.join(format!("{:016x}.json", xxh3_64(key.as_bytes()))));
    let validators: Validators = state_file
        .as_ref()
        .and_then(|f| fs::read(f).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut request = agent.get(url);
    if let Some(etag) = &validators.etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(date) = &validators.last_modified {
        request = request.header("If-Modified-Since", date);
    }
    let mut response = request.call().map_err(|e| reason(&e))?;
    let status = response.status().as_u16();
    if status == 304 {
        return Ok(0);
    }
    if !(200..300).contains(&status) {
        return Err(format!("the server answered {status}"));
    }
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let fresh = Validators { etag: header("etag"), last_modified: header("last-modified") };
    let bytes = response.body_mut().with_config().limit(limits.max_bytes).read_to_vec().map_err(|e| reason(&e))?;
    let feed = feed_rs::parser::Builder::new()
        .id_generator(|links, title, _| match links.first() {
            Some(link) => feed_rs::parser::generate_id_from_link_and_title(link, title),
            None => String::new(),
        })
        .build()
        .parse(bytes.as_slice())
        .map_err(|e| format!("not a feed: {e}"))?;
    let new = save(&feed, url, into).map_err(|e| format!("{}: {e}", into.display()))?;
    if let Some(file) = state_file {
        if let Some(folder) = file.parent() {
            let _ = fs::create_dir_all(folder);
        }
        let _ = crate::persist::write_atomically(&file, &serde_json::to_vec(&fresh).unwrap_or_default());
    }
    Ok(new)
}

/// Why a request failed, in words.
fn reason(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "the server took too long".to_owned(),
        ureq::Error::BodyExceedsLimit(limit) => format!("the feed is larger than {limit} bytes"),
        ureq::Error::TooManyRedirects => "too many redirects".to_owned(),
        other => crate::sanitize::line(&other.to_string()).into_owned(),
    }
}

/// Saves the feed's items not saved before; how many were new.
fn save(feed: &feed_rs::model::Feed, url: &str, into: &Path) -> io::Result<usize> {
    let folder = into.join(feed_folder(url));
    fs::create_dir_all(&folder)?;
    let mut saved: HashSet<String> = fs::read_dir(&folder)?
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name().to_str().and_then(|n| n.strip_suffix(".html")?.rsplit('-').next().map(str::to_owned))
        })
        .collect();
    let outlet = feed.title.as_ref().map_or_else(|| host(url), |t| t.content.clone());
    let mut new = 0;
    for entry in &feed.entries {
        let content = entry.content.as_ref().and_then(|c| c.body.clone());
        let content = content.or_else(|| entry.summary.as_ref().map(|s| s.content.clone())).unwrap_or_default();
        let key = if entry.id.is_empty() { format!("content:{content}") } else { entry.id.clone() };
        let hash = format!("{:016x}", xxh3_64(key.as_bytes()));
        if saved.contains(&hash) {
            continue;
        }
        let title = entry.title.as_ref().map(|t| t.content.clone()).unwrap_or_default();
        let when = entry.published.or(entry.updated);
        let day = when.map_or_else(|| "undated".to_owned(), |w| w.format("%Y-%m-%d").to_string());
        let name = format!("{day}-{}-{hash}.html", slug(&title, 60));
        let published = when.map(|w| w.to_rfc3339());
        crate::persist::write_atomically(
            &folder.join(name),
            page(entry, &title, &outlet, published.as_deref(), &content).as_bytes(),
        )?;
        // A feed that lists one item twice saves it once.
        saved.insert(hash);
        new += 1;
    }
    Ok(new)
}

/// The item as a small web page: its metadata in the head, its content as the body.
fn page(entry: &feed_rs::model::Entry, title: &str, outlet: &str, published: Option<&str>, content: &str) -> String {
    let attr = |s: &str| htmlize::escape_attribute(s).into_owned();
    let mut head = vec![
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">".to_owned(),
        format!("<title>{}</title>", htmlize::escape_text(title)),
        format!("<meta property=\"og:site_name\" content=\"{}\">", attr(outlet)),
    ];
    if let Some(published) = published {
        head.push(format!("<meta property=\"article:published_time\" content=\"{}\">", attr(published)));
    }
    if let Some(link) = entry.links.first() {
        head.push(format!("<link rel=\"canonical\" href=\"{}\">", attr(&link.href)));
    }
    for author in &entry.authors {
        head.push(format!("<meta name=\"author\" content=\"{}\">", attr(&author.name)));
    }
    if !entry.categories.is_empty() {
        let tags: Vec<&str> = entry.categories.iter().map(|c| c.label.as_deref().unwrap_or(&c.term)).collect();
        head.push(format!("<meta name=\"keywords\" content=\"{}\">", attr(&tags.join(", "))));
    }
    let head = head.join("\n");
    format!("{head}\n</head>\n<body><article>\n{content}\n</article></body></html>\n")
}

/// The folder of a feed's items: its host and a hash of its address.
fn feed_folder(url: &str) -> String {
    format!("{}-{:06x}", slug(&host(url), 40), xxh3_64(url.as_bytes()) & 0xff_ffff)
}

fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_owned()))
        .unwrap_or_default()
}

/// Lower-case letters and digits of a text, words parted by `-`, at most `max` characters;
/// `item` when nothing is left.
fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if out.len() >= max {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "item".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_listed_twice_is_saved_once_and_again_never() {
        let xml = "<rss version=\"2.0\"><channel><title>T</title>\
            <item><title>A</title><guid>same</guid><description>One.</description></item>\
            <item><title>A again</title><guid>same</guid><description>One.</description></item>\
            <item><title>B</title><link>http://example.com/b</link><description>Two.</description></item>\
            </channel></rss>";
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(save(&feed, "http://example.com/feed", dir.path()).unwrap(), 2);
        assert_eq!(save(&feed, "http://example.com/feed", dir.path()).unwrap(), 0);
    }

    #[test]
    fn names_are_made_of_safe_characters_only() {
        assert_eq!(slug("../../etc/passwd", 60), "etc-passwd");
        assert_eq!(slug("Trump's \u{202e}travel ban: what's next?", 60), "trump-s-travel-ban-what-s-next");
        assert_eq!(slug("日本語", 60), "item");
        assert!(feed_folder("https://www.example.com/feed.xml").starts_with("example-com-"));
        assert_eq!(slug(&"a".repeat(200), 60).len(), 60);
    }
}
