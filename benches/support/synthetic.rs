//! A deterministic synthetic news corpus for the benchmarks: the same seed gives the same
//! articles on every machine. Bodies are 2–5 KB of common English words with capitalised
//! names (known ones from the gazetteer's world and invented ones), about 20 sources, dates
//! spread over five years, and a little web furniture to clean.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The formats a corpus can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One `.txt` file per article, in a folder per source.
    Text,
    /// One `.md` file per article with TOML front matter, in a folder per source.
    Markdown,
    /// One `.jsonl` file holding every article.
    JsonLines,
    /// `.json` files of 1,000 records each.
    Json,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 4] = [Format::Text, Format::Markdown, Format::JsonLines, Format::Json];

    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::JsonLines => "jsonl",
            Format::Json => "json",
        }
    }

    /// The format with this short name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

pub const SOURCES: [&str; 20] = [
    "Reuters",
    "Associated Press",
    "Bloomberg",
    "Financial Times",
    "The Guardian",
    "BBC News",
    "Al Jazeera",
    "Nikkei Asia",
    "South China Morning Post",
    "Deutsche Welle",
    "Le Monde",
    "The Economist",
    "Wall Street Journal",
    "New York Times",
    "Washington Post",
    "CNBC",
    "Politico",
    "Axios",
    "The Hindu",
    "Straits Times",
];

/// Names the gazetteer knows, as news writes them.
pub const KNOWN_NAMES: &[&str] = &[
    "China",
    "the United States",
    "the U.S.",
    "Beijing",
    "Washington",
    "London",
    "Geneva",
    "Malaysia",
    "Japan",
    "South Korea",
    "Europe",
    "Donald Trump",
    "President Trump",
    "Xi Jinping",
    "Kevin Hassett",
    "Scott Bessent",
    "He Lifeng",
    "the National Economic Council",
    "Wall Street",
    "the European Union",
    "the Federal Reserve",
    "Lancaster House",
    "the World Trade Organization",
    "Germany",
    "India",
    "Brazil",
    "Russia",
    "Ukraine",
    "Tokyo",
    "Seoul",
    "Brussels",
    "the IMF",
    "Nvidia",
    "Huawei",
    "TSMC",
    "rare earths",
    "neodymium",
    "semiconductors",
];

const FIRST_NAMES: &[&str] = &[
    "Amara", "Bilal", "Chen", "Daria", "Emeka", "Farida", "Goran", "Hana", "Ivo", "Jana", "Kofi", "Lina", "Marek",
    "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zofia",
];
const LAST_NAMES: &[&str] = &[
    "Okonkwo",
    "Haddad",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Petrova",
    "Quispe",
    "Rahman",
    "Sato",
    "Tanaka",
    "Urquhart",
    "Varga",
    "Whitfield",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Abernathy",
    "Brandt",
    "Castellano",
    "Dimitrov",
];
const ORG_WORDS: &[&str] = &["Alliance", "Institute", "Holdings", "Council", "Agency", "Group", "Partners", "Bank"];
const PLACE_WORDS: &[&str] = &["Port", "Valley", "Bay", "Heights", "Springs", "Harbour"];

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "was",
    "by",
    "at",
    "from",
    "has",
    "have",
    "said",
    "will",
    "would",
    "could",
    "after",
    "before",
    "over",
    "new",
    "talks",
    "trade",
    "exports",
    "minerals",
    "supply",
    "chains",
    "officials",
    "government",
    "market",
    "markets",
    "prices",
    "tariffs",
    "deal",
    "agreement",
    "week",
    "month",
    "year",
    "analysts",
    "investors",
    "companies",
    "industry",
    "production",
    "demand",
    "growth",
    "economy",
    "policy",
    "controls",
    "restrictions",
    "negotiations",
    "security",
    "technology",
    "chip",
    "factory",
    "factories",
    "shipments",
    "licences",
    "ministry",
    "statement",
    "meeting",
    "leaders",
    "summit",
    "pressure",
    "concerns",
    "risk",
    "sharply",
    "slowly",
    "expected",
    "reported",
    "announced",
    "warned",
    "agreed",
    "rose",
    "fell",
    "percent",
    "billion",
    "million",
    "first",
    "second",
    "last",
    "next",
    "major",
    "global",
    "local",
    "domestic",
    "foreign",
    "critical",
    "strategic",
    "economic",
    "political",
    "military",
    "energy",
    "batteries",
    "vehicles",
    "magnets",
    "steel",
    "oil",
    "gold",
    "copper",
    "lithium",
    "data",
    "report",
    "sources",
    "people",
    "familiar",
    "matter",
    "while",
    "because",
    "although",
    "however",
    "since",
    "during",
    "between",
    "against",
];

/// One synthetic article.
pub struct Article {
    pub title: String,
    pub date: (i32, u32, u32),
    pub source: &'static str,
    pub author: String,
    pub paragraphs: Vec<String>,
}

/// The `index`-th article of the corpus; the same index always gives the same article.
pub fn article(index: u64) -> Article {
    let mut rng = fastrand::Rng::with_seed(index.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5eed);
    let source = SOURCES[rng.usize(..SOURCES.len())];
    let day = rng.u32(0..1826);
    let date = date_after_2021(day);
    let author = person(&mut rng);
    let target = rng.usize(2000..5000);
    let mut paragraphs = Vec::new();
    let mut size = 0;
    while size < target {
        let paragraph = paragraph(&mut rng);
        size += paragraph.len() + 2;
        paragraphs.push(paragraph);
    }
    let title = capitalise(&sentence(&mut rng, 6, 12)).trim_end_matches('.').to_owned();
    Article { title, date, source, author, paragraphs }
}

fn date_after_2021(days: u32) -> (i32, u32, u32) {
    let date = jiff::civil::date(2021, 1, 1) + jiff::Span::new().days(i64::from(days));
    (i32::from(date.year()), u32::from(date.month().unsigned_abs()), u32::from(date.day().unsigned_abs()))
}

fn person(rng: &mut fastrand::Rng) -> String {
    format!("{} {}", FIRST_NAMES[rng.usize(..FIRST_NAMES.len())], LAST_NAMES[rng.usize(..LAST_NAMES.len())])
}

fn name(rng: &mut fastrand::Rng) -> String {
    match rng.u8(0..10) {
        0..=4 => KNOWN_NAMES[rng.usize(..KNOWN_NAMES.len())].to_owned(),
        5..=6 => person(rng),
        7..=8 => format!("{} {}", LAST_NAMES[rng.usize(..LAST_NAMES.len())], ORG_WORDS[rng.usize(..ORG_WORDS.len())]),
        _ => format!("{} {}", LAST_NAMES[rng.usize(..LAST_NAMES.len())], PLACE_WORDS[rng.usize(..PLACE_WORDS.len())]),
    }
}

fn sentence(rng: &mut fastrand::Rng, min: usize, max: usize) -> String {
    let words = rng.usize(min..max);
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        if rng.u8(0..7) == 0 {
            out.push_str(&name(rng));
        } else {
            out.push_str(WORDS[rng.usize(..WORDS.len())]);
        }
    }
    out.push('.');
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

fn paragraph(rng: &mut fastrand::Rng) -> String {
    let sentences = rng.usize(3..7);
    (0..sentences).map(|_| capitalise(&sentence(rng, 10, 28))).collect::<Vec<_>>().join(" ")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Article {
    fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.date.0, self.date.1, self.date.2)
    }

    /// The article as a scraped plain-text page: title, byline, dateline, body, comment prompt.
    pub fn to_text(&self) -> String {
        let (y, m, d) = self.date;
        let mut out =
            format!("{}\n\nBy {} | {}\n{} {d}, {y}\n\n", self.title, self.author, self.source, MONTHS[m as usize - 1]);
        for p in &self.paragraphs {
            out.push_str(p);
            out.push_str("\n\n");
        }
        out.push_str("Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n");
        out
    }

    /// The article as Markdown with TOML front matter.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "+++\ntitle = {:?}\ndate = {}\nsource = {:?}\nauthors = [{:?}]\n+++\n\n",
            self.title,
            self.iso_date(),
            self.source,
            self.author
        );
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i == 2 {
                out.push_str("## Background\n\n");
            }
            out.push_str(p);
            out.push_str("\n\n");
        }
        out
    }

    /// The article as one JSON record.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write!(
            out,
            "{{\"title\":{},\"published\":\"{}T08:00:00Z\",\"source\":{},\"author\":{},\"url\":\"https://example.com/{}\",\"text\":{}}}",
            serde_json::to_string(&self.title).unwrap(),
            self.iso_date(),
            serde_json::to_string(self.source).unwrap(),
            serde_json::to_string(&self.author).unwrap(),
            self.iso_date(),
            serde_json::to_string(&self.paragraphs.join("\n\n")).unwrap(),
        )
        .unwrap();
        out
    }
}

/// Writes `count` articles in `format` under `dir` (made afresh), returns the bytes written.
pub fn write_corpus(dir: &Path, format: Format, count: u64) -> io::Result<u64> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    let mut bytes = 0u64;
    match format {
        Format::Text | Format::Markdown => {
            for source in SOURCES {
                fs::create_dir_all(dir.join(slug(source)))?;
            }
            for i in 0..count {
                let a = article(i);
                let (text, ext) = if format == Format::Text { (a.to_text(), "txt") } else { (a.to_markdown(), "md") };
                bytes += text.len() as u64;
                fs::write(dir.join(slug(a.source)).join(format!("{i:07}.{ext}")), text)?;
            }
        }
        Format::JsonLines => {
            let mut out = BufWriter::new(fs::File::create(dir.join("articles.jsonl"))?);
            for i in 0..count {
                let line = article(i).to_json();
                bytes += line.len() as u64 + 1;
                writeln!(out, "{line}")?;
            }
            out.flush()?;
        }
        Format::Json => {
            for chunk in 0..count.div_ceil(1000) {
                let records: Vec<String> =
                    (chunk * 1000..((chunk + 1) * 1000).min(count)).map(|i| article(i).to_json()).collect();
                let text = format!("[\n{}\n]\n", records.join(",\n"));
                bytes += text.len() as u64;
                fs::write(dir.join(format!("part-{chunk:04}.json")), text)?;
            }
        }
    }
    Ok(bytes)
}

fn slug(source: &str) -> String {
    source.to_lowercase().replace(' ', "-")
}

/// The corpus of `count` articles in `format` under `target/bench-corpus`, written once and
/// reused (a marker file records that it is complete).
pub fn corpus(format: Format, count: u64) -> io::Result<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let dir = root.join(format!("{}-{count}", format.name()));
    let marker = root.join(format!("{}-{count}.done", format.name()));
    if !marker.exists() {
        eprintln!("writing {count} {} articles to {} ...", format.name(), dir.display());
        let bytes = write_corpus(&dir, format, count)?;
        fs::write(&marker, bytes.to_string())?;
    }
    Ok(dir)
}

/// Every article's text, for benchmarks that work on text in memory.
pub fn texts(count: u64) -> Vec<String> {
    (0..count).map(|i| article(i).paragraphs.join("\n\n")).collect()
}
