//! Loading a corpus of every format with every kind of bad input: what loads, what each
//! article's metadata is, and what the load report says.

mod support;

use std::fmt::Write as _;
use std::fs;

use newsdesk::corpus::{BlockKind, ProblemKind, Severity};
use support::{article, fixture, load_path};

fn mixed() -> newsdesk::library::Library {
    load_path(&fixture("mixed"))
}

/// The report as `(file name, line, kind, severity)`.
fn problems(corpus: &newsdesk::library::Library) -> Vec<(String, Option<u32>, ProblemKind, Severity)> {
    corpus
        .report()
        .problems
        .iter()
        .map(|p| (p.path.rsplit('/').next().unwrap().to_owned(), p.line, p.kind, p.severity))
        .collect()
}

#[test]
fn every_bad_file_is_reported_and_everything_else_loads() {
    use ProblemKind::*;
    use Severity::*;
    let corpus = mixed();
    let expected = [
        ("broken.json", Some(3), BadJson, Skipped),
        ("records.jsonl", Some(2), BadJsonRecord, Skipped),
        ("records.jsonl", Some(5), BadJsonRecord, Skipped),
        ("records.jsonl", Some(7), BadDate, Partial),
        ("bad-front-matter.md", Some(2), BadFrontMatter, Partial),
        ("archive.zip", None, Unsupported, Skipped),
        ("disguised.txt", None, Binary, Skipped),
        ("empty.txt", None, Empty, Skipped),
        ("latin1.txt", Some(1), NotUtf8, Partial),
        ("nul.txt", None, Binary, Skipped),
        ("picture.png", None, Unsupported, Skipped),
        ("manifest.toml", Some(9), BadManifest, Partial),
    ];
    let mut got = problems(&corpus);
    let mut want: Vec<_> = expected.iter().map(|(n, l, k, s)| ((*n).to_owned(), *l, *k, *s)).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(corpus.articles().len(), 16);
    // The hidden folder is neither loaded nor counted.
    assert!(corpus.articles().iter().all(|a| !a.origin.to_string().contains(".hidden")));
    assert_eq!(corpus.report().files_seen, 19);
}

#[test]
fn a_plain_text_dateline_and_byline_become_metadata() {
    let corpus = mixed();
    let a = article(&corpus, "plain/dateline.txt");
    assert_eq!(a.title, "Officials Meet in Geneva to Ease Tariffs");
    assert_eq!(a.date, Some(jiff::civil::date(2025, 5, 12)));
    assert_eq!(a.authors, ["Jane Doe", "John Roe"]);
    assert_eq!(corpus.source_name(a.source), "Example Wire");
    assert_eq!(
        a.text,
        "GENEVA — Officials from both countries met on Sunday. They agreed to lower tariffs for ninety days.\n\n\
         The talks ended with a joint statement."
    );
}

#[test]
fn hard_wrapped_paragraphs_are_rejoined() {
    let corpus = mixed();
    let a = article(&corpus, "plain/wrapped.txt");
    assert_eq!(a.blocks.len(), 2);
    assert!(a.text.contains("exports of the metals fell sharply"));
    // The subfolder's name is the default source.
    assert_eq!(corpus.source_name(a.source), "plain");
}

#[test]
fn markdown_front_matter_and_syntax() {
    let corpus = mixed();
    let a = article(&corpus, "markdown/front-matter.md");
    assert_eq!(a.title, "Rare earth exports rebound");
    assert_eq!(a.date, Some(jiff::civil::date(2025, 7, 20)));
    assert_eq!(corpus.source_name(a.source), "Example Times");
    assert_eq!(a.url.as_deref(), Some("https://example.com/rare-earths-rebound"));
    assert_eq!(a.tags, ["trade", "minerals"]);
    assert_eq!(
        a.text,
        "Exports of rare earth magnets rose in June, customs data showed.\n\nWhat changed\n\n\
         • licences were granted faster\n\n• shipments resumed"
    );
    assert_eq!(a.blocks[1].kind, BlockKind::Heading);
    assert_eq!(a.blocks[2].kind, BlockKind::ListItem);

    let bad = article(&corpus, "markdown/bad-front-matter.md");
    assert_eq!(bad.title, "Heading Becomes Title");
    assert_eq!(bad.date, None);
}

#[test]
fn json_records_keep_their_line_and_fields() {
    let corpus = mixed();
    let one = article(&corpus, "records.jsonl:1");
    assert_eq!((one.title.as_str(), corpus.source_name(one.source)), ("Line one", "Feed Co"));
    let three = article(&corpus, "records.jsonl:3");
    assert_eq!(three.date, Some(jiff::civil::date(2025, 6, 11)));
    assert_eq!(corpus.source_name(three.source), "news.example.org");
    assert_eq!(three.text, "Body three.\n\nSecond paragraph.");
    let six = article(&corpus, "records.jsonl:6");
    assert_eq!(six.text, "Only a description.");
    let wrapped = article(&corpus, "newsapi.json:5");
    assert_eq!((wrapped.title.as_str(), corpus.source_name(wrapped.source)), ("Wrapped one", "Wire A"));
    assert_eq!(wrapped.date, Some(jiff::civil::date(2025, 6, 9)));
}

#[test]
fn a_manifest_sets_per_file_metadata_and_folder_defaults() {
    let corpus = mixed();
    let a = article(&corpus, "wire/untitled.txt");
    assert_eq!(a.title, "Wire story with a title from the manifest");
    assert_eq!(a.date, Some(jiff::civil::date(2025, 5, 1)));
    assert_eq!(a.url.as_deref(), Some("https://wire.example/story"));
    assert_eq!(corpus.source_name(a.source), "Example Wire");
    let nested = article(&corpus, "wire/sub/nested.txt");
    assert_eq!(corpus.source_name(nested.source), "Example Wire");
}

#[test]
fn odd_encodings_and_escape_sequences_are_made_safe() {
    let corpus = mixed();
    assert_eq!(article(&corpus, "latin1.txt").title, "Caf\u{fffd} Society");
    assert_eq!(article(&corpus, "utf16.txt").title, "UTF-16 Story");
    let a = article(&corpus, "escapes.txt");
    assert_eq!(a.title, "Title With Escapes");
    assert_eq!(a.text, "Body red text here.");
}

#[test]
fn a_missing_path_is_reported_and_the_other_paths_load() {
    let corpus = support::load(&[
        newsdesk::corpus::Location::Path(fixture("no-such-folder")),
        newsdesk::corpus::Location::Path(fixture("mixed/plain")),
    ]);
    assert!(corpus.report().has_missing_path());
    assert_eq!(corpus.articles().len(), 2);
}

#[test]
fn a_symlink_loop_is_reported_and_the_folder_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("a")).unwrap();
    fs::write(dir.path().join("a/story.txt"), "A Story\n\nText of it.\n").unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
    let corpus = load_path(dir.path());
    assert_eq!(corpus.articles().len(), 1);
    assert_eq!(problems(&corpus).iter().map(|p| p.2).collect::<Vec<_>>(), [ProblemKind::SymlinkLoop]);
}

#[test]
fn an_unreadable_file_is_reported_or_read_when_the_user_may_read_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.txt");
    fs::write(&locked, "Locked\n\nSecret text.\n").unwrap();
    fs::write(dir.path().join("open.txt"), "Open\n\nPublic text.\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = fs::read(&locked).is_ok(); // root reads anything
    let corpus = load_path(dir.path());
    if privileged {
        assert_eq!(corpus.articles().len(), 2);
    } else {
        assert_eq!(corpus.articles().len(), 1);
        assert_eq!(problems(&corpus), [("locked.txt".to_owned(), None, ProblemKind::Unreadable, Severity::Skipped)]);
        assert!(corpus.report().problems[0].detail.contains("ermission denied"));
    }
}

/// A read that fails for every user, root included: `/proc/self/mem` refuses to be read from
/// its start. The file is reported as unreadable and the rest loads.
#[cfg(target_os = "linux")]
#[test]
fn a_file_whose_read_fails_is_reported_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("open.txt"), "Open\n\nPublic text.\n").unwrap();
    std::os::unix::fs::symlink("/proc/self/mem", dir.path().join("failing.txt")).unwrap();
    let corpus = load_path(dir.path());
    assert_eq!(corpus.articles().len(), 1);
    assert_eq!(problems(&corpus), [("failing.txt".to_owned(), None, ProblemKind::Unreadable, Severity::Skipped)]);
}

#[test]
fn names_are_found_when_a_character_straddles_the_datelines_80_bytes() {
    // The first paragraph's "é" takes bytes 79 and 80, where the dateline's window ends:
    // finding names once panicked there.
    let dir = tempfile::tempdir().unwrap();
    let first = format!("{}é — Donald Trump spoke.", "x".repeat(79));
    fs::write(dir.path().join("story.txt"), format!("A Story\n\n{first}\n")).unwrap();
    let corpus = load_path(dir.path());
    assert_eq!(corpus.articles().len(), 1);
    let index = corpus.entities();
    let names: Vec<&str> = index.entities_of(0).into_iter().map(|(id, _)| index.entity(id).name.as_str()).collect();
    assert_eq!(names, ["Donald Trump"]);
}

#[test]
fn ids_do_not_depend_on_where_the_folder_is() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.txt", "b.txt"] {
        fs::write(dir.path().join(name), format!("{name}\n\nText.\n")).unwrap();
    }
    let here = load_path(dir.path());
    let moved = tempfile::tempdir().unwrap();
    for name in ["a.txt", "b.txt"] {
        fs::copy(dir.path().join(name), moved.path().join(name)).unwrap();
    }
    let there = load_path(moved.path());
    let ids = |c: &newsdesk::library::Library| c.articles().iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(ids(&here), ids(&there));
}

#[test]
fn the_raw_text_of_a_record_is_its_body_as_written() {
    let corpus = mixed();
    let raw = newsdesk::corpus::raw_text(article(&corpus, "records.jsonl:3")).unwrap();
    assert_eq!(raw, "Body three.\n\nSecond paragraph.");
    let raw = newsdesk::corpus::raw_text(article(&corpus, "newsapi.json:15")).unwrap();
    assert_eq!(raw, "Second wrapped article.");
    let raw = newsdesk::corpus::raw_text(article(&corpus, "plain/dateline.txt")).unwrap();
    assert!(raw.contains("Advertisement") && raw.contains("Related Articles"));
}

#[test]
fn a_hostile_corpus_loads_what_can_be_loaded_and_reports_the_rest() {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // A 50 MB article: paragraphs of plain words.
    let paragraph = "The quick brown fox jumps over the lazy dog and keeps on running far away. ".repeat(30);
    let mut big = String::from("A Very Long Article\n\n");
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(&paragraph);
        big.push_str("\n\n");
    }
    fs::write(root.join("big.txt"), &big).unwrap();
    // A folder nested 200 deep.
    let deep = (0..200).fold(root.to_path_buf(), |path, i| path.join(format!("d{i}")));
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("deep.txt"), "Deep Story\n\nFound at the bottom.\n").unwrap();
    // JSON Lines with a broken record every other line.
    let mut jsonl = String::new();
    for i in 0..10 {
        writeln!(jsonl, "{{\"title\": \"Record {i}\", \"text\": \"Body of record {i}.\"}}").unwrap();
        jsonl.push_str("{\"title\": \"broken\", \"text\": \n");
    }
    fs::write(root.join("half.jsonl"), jsonl).unwrap();
    // Invalid UTF-8 and NUL bytes.
    fs::write(root.join("invalid.txt"), b"Bad Bytes \xff\xfe Here\n\nText with \xc3\x28 in it.\n").unwrap();
    fs::write(root.join("nul.txt"), b"Nul\x00\x00\x00 title\n\n\x00\x00").unwrap();
    // A file deleted after it was listed: a link to nothing.
    std::os::unix::fs::symlink(root.join("gone.txt"), root.join("deleted.txt")).unwrap();
    // A named pipe with an article's name never blocks the load.
    let fifo = std::process::Command::new("mkfifo").arg(root.join("pipe.txt")).status().is_ok_and(|s| s.success());
    // A file that grows while the corpus loads.
    let growing = root.join("growing.txt");
    fs::write(&growing, "Growing Story\n\nFirst line.\n").unwrap();
    let done = AtomicBool::new(false);
    let corpus = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut file = fs::OpenOptions::new().append(true).open(&growing).unwrap();
            while !done.load(Ordering::Relaxed) {
                let _ = file.write_all(b"More text arrives as it loads.\n");
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        });
        let corpus = load_path(root);
        done.store(true, Ordering::Relaxed);
        corpus
    });

    let titles: Vec<&str> = corpus.articles().iter().map(|a| a.title.as_str()).collect();
    for title in ["A Very Long Article", "Deep Story", "Growing Story", "Record 0", "Record 9"] {
        assert!(titles.contains(&title), "{title} is missing from {titles:?}");
    }
    assert_eq!(titles.iter().filter(|t| t.starts_with("Record")).count(), 10, "every good record loads");
    let big = corpus.articles().iter().find(|a| a.title == "A Very Long Article").unwrap();
    assert!(big.text.len() > 49 * 1024 * 1024);
    let invalid = corpus.articles().iter().find(|a| a.title.starts_with("Bad Bytes")).unwrap();
    assert!(invalid.title.contains('\u{fffd}'));
    let kinds: Vec<(String, ProblemKind)> = problems(&corpus).into_iter().map(|(n, _, k, _)| (n, k)).collect();
    assert_eq!(kinds.iter().filter(|(n, k)| n == "half.jsonl" && *k == ProblemKind::BadJsonRecord).count(), 10);
    assert!(kinds.contains(&("invalid.txt".to_owned(), ProblemKind::NotUtf8)), "{kinds:?}");
    assert!(kinds.contains(&("nul.txt".to_owned(), ProblemKind::Binary)), "{kinds:?}");
    assert!(kinds.iter().any(|(n, _)| n == "deleted.txt"), "the vanished file is reported: {kinds:?}");
    if fifo {
        assert!(!titles.iter().any(|t| t.contains("pipe")), "{titles:?}");
        let pipe = corpus.report().problems.iter().find(|p| p.path.ends_with("pipe.txt"));
        assert!(
            pipe.is_some_and(|p| p.kind == ProblemKind::Unsupported && p.detail == "a named pipe, not a file"),
            "{pipe:?}"
        );
    }
}

#[test]
fn entities_found_after_the_load_are_those_found_during_it_and_a_stopped_search_finds_none() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use newsdesk::corpus::Location;
    use newsdesk::entities::Recogniser;

    let mut later = support::load_without_entities(&[Location::Builtin]);
    assert!(!later.entities_found() && later.entities().entities().is_empty());
    let recogniser = Recogniser::builtin();
    assert!(later.find_entities(&recogniser, &|_| {}, &AtomicBool::new(true)).is_none(), "stopped before it began");
    let done = AtomicUsize::new(0);
    let progress = |n: usize| {
        done.fetch_max(n, Ordering::Relaxed);
    };
    let index = later.find_entities(&recogniser, &progress, &AtomicBool::new(false)).expect("not stopped");
    assert_eq!(done.load(Ordering::Relaxed), later.articles().len());
    assert!(!later.entities_found(), "not until the library takes the index");
    later.set_entities(index);
    assert!(later.entities_found());
    let during = support::seeds();
    assert!(during.entities().entities().iter().any(|e| e.name == "Kevin Hassett" && e.mentions > 0));
    assert_eq!(later.entities(), during.entities());
}

#[test]
fn progress_covers_reading_the_files_then_finding_names_in_every_article() {
    use newsdesk::corpus::{LoadOptions, Location, Progress, Stage};
    use newsdesk::library::Library;
    let seen = std::sync::Mutex::new(Vec::new());
    let recogniser = newsdesk::entities::Recogniser::builtin();
    let inputs = [Location::Path(fixture("mixed"))];
    let corpus = Library::load(&inputs, &LoadOptions::default(), Some(&recogniser), &|p: Progress| {
        seen.lock().unwrap().push(p);
    });
    let seen = seen.into_inner().unwrap();
    let reading: Vec<&Progress> = seen.iter().filter(|p| p.stage == Stage::Reading).collect();
    let naming: Vec<&Progress> = seen.iter().filter(|p| p.stage == Stage::Naming).collect();
    let first_naming = seen.iter().position(|p| p.stage == Stage::Naming).unwrap();
    assert!(seen[first_naming..].iter().all(|p| p.stage == Stage::Naming), "names are found after every file is read");
    let files = reading[0].total;
    assert_eq!(reading.iter().map(|p| p.done).max(), Some(files));
    assert_eq!(reading.len(), files + 1, "one report per file, and one at the start");
    let articles = corpus.articles().len();
    assert!(articles > 0);
    assert!(naming.iter().all(|p| p.total == articles));
    assert_eq!(naming.iter().map(|p| p.done).max(), Some(articles));
    assert_eq!(naming.len(), articles + 1);
}

/// Records as real exports write them: titles null, missing, empty, blank or not strings,
/// texts that end in a url, an emoji or a hashtag, and none of them ending in a full stop.
const RECORDS: &str = r#"{"title": null, "text": "Rally in the square tonight, thousands expected https://t.co/abc123"}
{"text": "Inflation eased again in March 🎉"}
{"title": "", "body": "Polls open at seven #election2024"}
{"title": "   ", "content": "Storm warning for the coast until Friday"}
{"title": false, "text": "The U.S. Senate passed the bill on Tuesday. It now goes to the House for a vote"}
{"title": ["Budget", "day"], "text": "A list is not a title string, but its text is a title"}
{"title": 1234, "text": "A number for a title is its digits"}
{"title": null, "text": "This one runs on and on without any full stop for well over eighty characters so that it has to be cut at a word"}
{"title": null, "text": null}
{"date": "2020-01-01"}
{"title": "Stated title", "text": "Stated titles are not derived"}
"#;

#[test]
fn no_record_with_text_is_lost_and_titles_are_derived_from_the_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("export.jsonl"), RECORDS).unwrap();
    let library = load_path(dir.path());
    let titled: Vec<(u32, &str, bool)> =
        library.articles().iter().map(|a| (a.origin.line.unwrap(), a.title.as_str(), a.title_derived)).collect();
    assert_eq!(
        titled,
        vec![
            (1, "Rally in the square tonight, thousands expected https://t.co/abc123", true),
            (2, "Inflation eased again in March 🎉", true),
            (3, "Polls open at seven #election2024", true),
            (4, "Storm warning for the coast until Friday", true),
            (5, "The U.S. Senate passed the bill on Tuesday.", true),
            (6, "Budget", false),
            (7, "1234", false),
            (8, "This one runs on and on without any full stop for well over eighty characters…", true),
            (11, "Stated title", false),
        ]
    );
    for article in library.articles() {
        assert!(!article.text.is_empty(), "line {:?} keeps its text", article.origin.line);
    }
    assert_eq!(library.articles()[0].text, "Rally in the square tonight, thousands expected https://t.co/abc123");
    // The two records with neither title nor text are reported, each with its line.
    let skipped: Vec<(Option<u32>, ProblemKind)> = library.report().problems.iter().map(|p| (p.line, p.kind)).collect();
    assert_eq!(skipped, vec![(Some(9), ProblemKind::BadJsonRecord), (Some(10), ProblemKind::BadJsonRecord)]);
}

#[test]
fn an_html_page_is_read_as_text_with_its_head_as_metadata() {
    let library = load_path(&fixture("html"));
    let page = article(&library, "talks.html");
    assert_eq!(page.title, "Rare earths: talks resume in London – day two", "og:title, entities decoded");
    assert_eq!(library.source_name(page.source), "The Example Times");
    assert_eq!(page.date, Some(jiff::civil::date(2025, 6, 10)));
    assert_eq!(page.url.as_deref(), Some("https://example.com/news/talks"));
    assert_eq!(page.authors, ["Jane Doe"]);
    let blocks: Vec<(BlockKind, &str)> = page.blocks.iter().map(|b| (b.kind, page.block_text(b))).collect();
    assert_eq!(
        blocks,
        vec![
            (BlockKind::Heading, "Rare earths: talks resume"),
            (BlockKind::Paragraph, "U.S. and Chinese officials met at Lancaster House on Tuesday — the second day."),
            (BlockKind::Heading, "What was said"),
            (BlockKind::ListItem, "• Exports of magnets"),
            (BlockKind::ListItem, "• Chip controls"),
            (BlockKind::Quote, "We made progress, said Howard Lutnick."),
            (BlockKind::Paragraph, "Prices rose 5% to £40 a kilogram."),
        ],
        "navigation, header, footer, script and style dropped; the link keeps its text"
    );
}

#[test]
fn html_bodies_and_character_references_in_records_and_text_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let records = concat!(
        r#"{"title": "Markets &amp; money: &#163;1bn deal", "source": "Fish &amp; Chips Daily", "#,
        r#""body": "<p>First paragraph with <b>bold</b> &amp; <a href=\"/x\">a link</a>.</p><p>Second one.</p>"}"#,
        "\n",
        r#"{"title": "Escape", "body": "<p>Red &#27;[31mtext&#27;[0m here.</p>"}"#,
        "\n",
        r#"{"title": "Link", "url": "https://x.com/q?id=1&currency=USD&amp;region=eu", "text": "Text."}"#,
        "\n",
    );
    std::fs::write(dir.path().join("feed.jsonl"), records).unwrap();
    std::fs::write(dir.path().join("wire.txt"), "Rates &amp; bonds\n\nYields fell to 4&#37; on Monday.\n").unwrap();
    let library = load_path(dir.path());
    let deal = article(&library, "feed.jsonl:1");
    assert_eq!(deal.title, "Markets & money: £1bn deal");
    assert_eq!(library.source_name(deal.source), "Fish & Chips Daily");
    assert_eq!(deal.text, "First paragraph with bold & a link.\n\nSecond one.");
    let escape = article(&library, "feed.jsonl:2");
    assert!(!escape.text.contains('\u{1b}'), "a decoded escape never reaches the text: {:?}", escape.text);
    let link = article(&library, "feed.jsonl:3");
    assert_eq!(link.url.as_deref(), Some("https://x.com/q?id=1&currency=USD&region=eu"), "a url's parameters stay");
    let wire = article(&library, "wire.txt");
    assert_eq!(wire.title, "Rates & bonds");
    assert_eq!(wire.text, "Yields fell to 4% on Monday.");
}

#[test]
fn the_load_report_counts_the_boilerplate_cut_from_each_source() {
    let dir = tempfile::tempdir().unwrap();
    let records = concat!(
        r#"{"title": "One", "source": "Wire", "text": "Share Facebook Twitter Google+ Whatsapp Tumblr Newsvine Permalink Markets rose. Click here to read on."}"#,
        "\n",
        r#"{"title": "Two", "source": "Wire", "text": "Markets fell.\n\nAdvertisement\n\nThey fell again."}"#,
        "\n",
        r#"{"title": "Three", "source": "Daily", "text": "Quiet day (Photo: Reuters) here."}"#,
        "\n",
        r#"{"title": "Four", "source": "Plain", "text": "Nothing to cut."}"#,
        "\n",
    );
    std::fs::write(dir.path().join("mix.jsonl"), records).unwrap();
    let library = load_path(dir.path());
    let cut: Vec<(&str, usize)> = library.report().cut_by_source.iter().map(|(s, n)| (s.as_str(), *n)).collect();
    assert_eq!(cut, [("Daily", 1), ("Wire", 3)]);
    assert_eq!(library.report().cut_summary().as_deref(), Some("4 pieces of boilerplate cut (Wire 3, Daily 1)"));
    assert_eq!(article(&library, "mix.jsonl:1").text, "Markets rose.");
}
