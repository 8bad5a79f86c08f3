//! HTML: `.html`/`.htm` files, and HTML bodies in records. The page is parsed and rendered to
//! text by `html2text` (html5ever underneath): scripts, styles, navigation, headers, footers,
//! asides and forms are dropped, links keep their text, images go; headings, lists and quotes
//! come out in Markdown's marks, so that the Markdown reader makes the article's blocks. A
//! page's title, date, source, url, authors and tags come from its `<head>` (`<title>`,
//! Open Graph and article meta tags, the canonical link), read with `scraper`.

use std::sync::LazyLock;

use html2text::config::Config;
use html2text::render::TextDecorator;
use scraper::{Html, Selector};

use super::{FileResult, Stated, field, finish, markdown, no_text};
use crate::corpus::dates::parse_date;
use crate::corpus::structure::Rules;

/// What is not the article: dropped before rendering.
const NOT_ARTICLE_CSS: &str =
    "nav, header, footer, aside, form, noscript, iframe, button, select, figure figcaption { display: none }";

/// The renderer's configuration, built once: its methods only borrow it. `None` when the CSS
/// is refused, and then no page renders, as before.
static CONFIG: LazyLock<Option<Config<Marks>>> =
    LazyLock::new(|| html2text::config::with_decorator(Marks).add_css(NOT_ARTICLE_CSS).ok());

/// The `<head>`'s selectors, compiled once.
static META: LazyLock<Selector> = LazyLock::new(|| selector("meta[content]"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector("link[rel=canonical][href]"));

/// A selector from its CSS; they are constants, so a bad one fails every HTML test.
fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("the selectors are valid (tested)")
}

/// Reads an HTML page as one article.
pub(super) fn parse(text: &str, path: &str, rules: &Rules) -> FileResult {
    let mut result = FileResult::default();
    let Some(markdown) = render(text) else {
        result.problems.push(no_text(path));
        return result;
    };
    let stated = head(text);
    // Character references are decoded by the parser: the text is sanitised after.
    match finish(markdown::blocks(&crate::sanitize::text(&markdown)), stated, rules) {
        Some(article) => result.articles.push(article),
        None => result.problems.push(no_text(path)),
    }
    result
}

/// True when a record's body is HTML rather than text: it holds a paragraph, line break or
/// block tag.
#[must_use]
pub(crate) fn looks_like_html(body: &str) -> bool {
    const TAGS: [&[u8]; 11] =
        [b"<p>", b"<p ", b"<br", b"<div", b"</p>", b"<li>", b"<h1", b"<h2", b"<h3", b"<blockquote", b"<article"];
    let head = &body.as_bytes()[..body.len().min(4096)];
    memchr::memchr_iter(b'<', head).any(|at| {
        let rest = &head[at..];
        TAGS.iter().any(|tag| rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag))
    })
}

/// An HTML body (of a record or a feed item) as Markdown-marked text.
#[must_use]
pub(crate) fn to_text(html: &str) -> String {
    render(html).unwrap_or_default()
}

/// The page's text, Markdown-marked; `None` when it cannot be rendered.
fn render(html: &str) -> Option<String> {
    let config = CONFIG.as_ref()?;
    let dom = config.parse_html(html.as_bytes()).ok()?;
    let tree = config.dom_to_render_tree(&dom).ok()?;
    // Lines are not wrapped: the reader wraps to the pane.
    config.render_to_string(tree, 100_000).ok()
}

/// What the page's `<head>` states.
fn head(html: &str) -> Stated {
    let page = Html::parse_document(html);
    let metas: Vec<(String, String)> = page
        .select(&META)
        .filter_map(|m| {
            let e = m.value();
            let key = e.attr("property").or_else(|| e.attr("name")).or_else(|| e.attr("itemprop"))?;
            Some((key.to_ascii_lowercase(), e.attr("content")?.to_owned()))
        })
        .collect();
    let meta = |keys: &[&str]| keys.iter().find_map(|k| metas.iter().find(|(key, _)| key == k)).map(|(_, v)| v.clone());
    let all = |keys: &[&str]| -> Vec<String> {
        metas.iter().filter(|(key, _)| keys.contains(&key.as_str())).filter_map(|(_, v)| field(v)).collect()
    };
    let title = page.select(&TITLE).next().map(|t| t.text().collect::<String>());
    let canonical = page.select(&CANONICAL).next().and_then(|l| l.value().attr("href")).map(str::to_owned);
    let date_keys = ["article:published_time", "datepublished", "pubdate", "date", "dc.date", "og:published_time"];
    Stated {
        title: meta(&["og:title", "twitter:title"]).or(title).as_deref().and_then(field),
        date: meta(&date_keys).and_then(|d| parse_date(&d)),
        source: meta(&["og:site_name", "application-name"]).as_deref().and_then(field),
        url: meta(&["og:url"]).or(canonical).as_deref().and_then(field),
        authors: all(&["author", "article:author"]),
        tags: meta(&["keywords", "news_keywords"])
            .map_or_else(|| all(&["article:tag"]), |k| k.split(',').filter_map(field).collect()),
        metadata: Vec::new(),
    }
}

/// Marks for `html2text`: Markdown's for headings, quotes and list items; nothing for links,
/// emphasis and code (their text stays); images go.
#[derive(Clone, Copy, Debug)]
struct Marks;

impl TextDecorator for Marks {
    type Annotation = ();

    fn decorate_link_start(&mut self, _url: &str) -> (String, Self::Annotation) {
        (String::new(), ())
    }
    fn decorate_link_end(&mut self) -> String {
        String::new()
    }
    fn decorate_em_start(&self) -> (String, Self::Annotation) {
        (String::new(), ())
    }
    fn decorate_em_end(&self) -> String {
        String::new()
    }
    fn decorate_strong_start(&self) -> (String, Self::Annotation) {
        (String::new(), ())
    }
    fn decorate_strong_end(&self) -> String {
        String::new()
    }
    fn decorate_strikeout_start(&self) -> (String, Self::Annotation) {
        (String::new(), ())
    }
    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }
    fn decorate_code_start(&self) -> (String, Self::Annotation) {
        (String::new(), ())
    }
    fn decorate_code_end(&self) -> String {
        String::new()
    }
    fn decorate_preformat_first(&self) -> Self::Annotation {}
    fn decorate_preformat_cont(&self) -> Self::Annotation {}
    fn decorate_image(&mut self, _src: &str, _title: &str) -> (String, Self::Annotation) {
        (String::new(), ())
    }
    fn header_prefix(&self, level: usize) -> String {
        format!("{} ", "#".repeat(level.clamp(1, 6)))
    }
    fn quote_prefix(&self) -> String {
        "> ".to_owned()
    }
    fn unordered_item_prefix(&self) -> String {
        "- ".to_owned()
    }
    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }
    fn make_subblock_decorator(&self) -> Self {
        *self
    }
}
