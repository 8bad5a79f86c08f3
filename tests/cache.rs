//! The on-disk cache, as a user relies on it: opening a corpus again gives the same articles
//! and names as reading it afresh; a changed file is read again alone; a touched file is not;
//! and a cache that is truncated, corrupt or of another version is never trusted, is said
//! once, and is made again.

mod support;

use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use newsdesk::cache::Cache;
use newsdesk::corpus::{LoadOptions, Location};
use newsdesk::entities::Recogniser;
use newsdesk::library::Library;

/// A corpus of the seed articles, a Markdown file and a JSON Lines file of two records, its
/// files last modified an hour ago (so that their size and time are taken on trust).
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        fs::create_dir(&corpus).unwrap();
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus");
        for entry in fs::read_dir(seeds).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
        }
        fs::write(
            corpus.join("brief.md"),
            "# Lagos port reopens\n\nThe Nigerian Ports Authority reopened Apapa in Lagos on Monday.\n",
        )
        .unwrap();
        fs::write(
            corpus.join("wire.jsonl"),
            concat!(
                r#"{"title":"Copper rises","date":"2025-06-09","source":"Reuters","text":"Copper rose in London as Codelco cut output in Chile."}"#,
                "\n",
                r#"{"title":"Gold steady","date":null,"source":null,"text":"Gold held near a record as the Federal Reserve met. 🚀"}"#,
                "\n"
            ),
        )
        .unwrap();
        let fixture = Self { dir };
        for file in fixture.files() {
            set_modified(&file, SystemTime::now() - Duration::from_secs(3600));
        }
        fixture
    }

    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.corpus()).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files
    }

    /// Article files (the manifest describes them, it is none).
    fn article_files(&self) -> usize {
        self.files().iter().filter(|f| !f.ends_with("manifest.toml")).count()
    }

    fn inputs(&self) -> Vec<Location> {
        vec![Location::Path(self.corpus())]
    }

    fn cache(&self) -> Cache {
        Cache::in_folder(&self.dir.path().join("cache"), &self.inputs()).unwrap()
    }

    /// Opens the corpus with its cache, to the names found.
    fn open(&self) -> Library {
        Library::open(
            &self.inputs(),
            &LoadOptions::default(),
            Some(&Recogniser::builtin()),
            Some(self.cache()),
            &|_| {},
        )
    }

    /// Reads the corpus afresh, no cache.
    fn fresh(&self) -> Library {
        Library::load(&self.inputs(), &LoadOptions::default(), Some(&Recogniser::builtin()), &|_| {})
    }
}

fn set_modified(path: &Path, time: SystemTime) {
    fs::File::options().write(true).open(path).unwrap().set_modified(time).unwrap();
}

/// What a user sees of a library: every article's metadata and text, every entity with its
/// counts, and every mention, by name.
fn seen(library: &Library) -> String {
    let mut out = String::new();
    let index = library.entities();
    for (i, a) in library.articles().iter().enumerate() {
        let mentions: Vec<String> = index
            .mentions(i)
            .iter()
            .chain(index.title_mentions(i))
            .map(|m| format!("{}@{}..{}", index.entity(m.entity).name, m.start, m.end))
            .collect();
        writeln!(
            out,
            "{} {:?} {:?} {:?} {} {:?} {:?} {} {:?} {}\n{}\n{mentions:?}",
            a.id,
            a.title,
            a.date,
            a.event_date,
            library.source_name(a.source),
            a.url,
            a.authors,
            a.origin.path.display(),
            a.origin.line,
            a.words,
            a.text
        )
        .unwrap();
    }
    let mut entities: Vec<String> = index
        .entities()
        .iter()
        .filter(|e| e.mentions > 0)
        .map(|e| format!("{} {:?} {} {:?} {:?}", e.name, e.kind, e.mentions, e.articles, e.aliases_seen))
        .collect();
    entities.sort();
    out + &entities.join("\n") + &format!("\n{:?}", library.report().problems)
}

#[test]
fn a_warm_open_gives_what_a_fresh_read_gives_and_reads_no_file() {
    let fixture = Fixture::new();
    let fresh = seen(&fixture.fresh());
    let cold = fixture.open();
    assert_eq!(cold.report().files_cached, 0);
    assert!(cold.take_cache_note().is_none());
    assert!(fixture.cache().path().is_file(), "the cache is written once the names are found");
    assert_eq!(seen(&cold), fresh);

    let warm = fixture.open();
    assert_eq!(warm.report().files_cached, fixture.article_files(), "every file taken from the cache");
    assert!(warm.take_cache_note().is_none());
    assert_eq!(seen(&warm), fresh);
    assert_eq!(warm.report().bytes_read, cold.report().bytes_read);
    assert_eq!(warm.report().cut_by_source, cold.report().cut_by_source);
}

#[test]
fn a_changed_file_is_read_again_alone_and_a_touched_one_is_not() {
    let fixture = Fixture::new();
    drop(fixture.open());
    let changed = fixture.corpus().join("brief.md");
    fs::write(&changed, "# Lagos port closes\n\nDangote Group said the Apapa terminal in Lagos shut on Friday.\n")
        .unwrap();
    let library = fixture.open();
    assert_eq!(library.report().files_cached, fixture.article_files() - 1, "only the changed file is read");
    let brief = library.articles().iter().find(|a| a.origin.path.ends_with("brief.md")).unwrap();
    assert_eq!(brief.title, "Lagos port closes");
    assert!(library.entities().entities().iter().any(|e| e.name == "Dangote Group" && e.mentions == 1));
    assert_eq!(seen(&library), seen(&fixture.fresh()));

    // The cache was written again: all is taken now. A touch changes the time, not the bytes.
    set_modified(&changed, SystemTime::now());
    let library = fixture.open();
    assert_eq!(library.report().files_cached, fixture.article_files(), "a touched file is taken, its bytes the same");
    assert_eq!(seen(&library), seen(&fixture.fresh()));
}

#[test]
fn a_same_size_change_made_as_the_cache_was_written_is_seen() {
    let fixture = Fixture::new();
    let file = fixture.corpus().join("brief.md");
    // Modified just before the cache is written, within the same tick a second change could take.
    let when = SystemTime::now() - Duration::from_millis(500);
    set_modified(&file, when);
    drop(fixture.open());
    let text = fs::read_to_string(&file).unwrap().replace("Monday", "Sunday");
    fs::write(&file, text).unwrap();
    set_modified(&file, when);
    let library = fixture.open();
    let brief = library.articles().iter().find(|a| a.origin.path.ends_with("brief.md")).unwrap();
    assert!(brief.text.contains("Sunday"), "{}", brief.text);
}

#[test]
fn an_untrusted_cache_is_said_once_ignored_and_made_again() {
    type Spoil = fn(&mut Vec<u8>);
    let cases: [(&str, Spoil, &str); 5] = [
        (
            "a byte flipped in an article",
            |b| {
                let middle = b.len() / 3;
                b[middle] ^= 0x20;
            },
            "is corrupt",
        ),
        ("cut in half", |b| b.truncate(b.len() / 2), "is truncated"),
        ("cut short of its head", |b| b.truncate(10), "is truncated"),
        ("another format", |b| b[16] = b[16].wrapping_add(1), "was written by another version of newsdesk"),
        ("not a cache", |b| *b = b"{\"read\": []}".to_vec(), "is not a newsdesk cache"),
    ];
    for (what, spoil, why) in cases {
        let fixture = Fixture::new();
        let fresh = seen(&fixture.fresh());
        drop(fixture.open());
        let path = fixture.cache().path().to_path_buf();
        let mut bytes = fs::read(&path).unwrap();
        spoil(&mut bytes);
        fs::write(&path, bytes).unwrap();

        let library = fixture.open();
        let note = library.take_cache_note().unwrap_or_else(|| panic!("{what}: nothing said"));
        assert!(note.contains(why) && note.contains("not used, and made again"), "{what}: {note}");
        assert_eq!(library.report().files_cached, 0, "{what}: nothing taken from it");
        assert_eq!(seen(&library), fresh, "{what}");

        let again = fixture.open();
        assert!(again.take_cache_note().is_none(), "{what}: said once");
        assert_eq!(again.report().files_cached, fixture.article_files(), "{what}: made again");
        assert_eq!(seen(&again), fresh, "{what}");
    }
}

#[test]
fn the_command_line_uses_the_cache_unless_told_not_to_and_clears_it() {
    let fixture = Fixture::new();
    let home = tempfile::tempdir().unwrap();
    let corpus = fixture.corpus();
    let caches = || fs::read_dir(home.path().join("cache/newsdesk")).map_or(0, Iterator::count);
    let list = |extra: &[&str]| {
        let output = support::newsdesk(home.path())
            .args(["list", "--format", "json"])
            .args(extra)
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let uncached = list(&["--no-cache"]);
    assert_eq!(caches(), 0, "--no-cache writes no cache");
    assert_eq!(list(&[]), uncached);
    assert_eq!(caches(), 1);
    assert_eq!(list(&[]), uncached, "the same list from the cache");

    let path = support::newsdesk(home.path()).args(["cache", "path"]).output().unwrap();
    assert_eq!(
        String::from_utf8(path.stdout).unwrap().trim(),
        home.path().join("cache/newsdesk").display().to_string()
    );
    let cleared = support::newsdesk(home.path()).args(["cache", "clear"]).output().unwrap();
    assert!(cleared.status.success());
    assert!(String::from_utf8(cleared.stdout).unwrap().starts_with("cleared 1 cache"));
    assert_eq!(caches(), 0);
}

/// Opens `inputs` with a cache kept in `folder`, to the names found.
fn open_with(folder: &Path, inputs: &[Location]) -> Library {
    let cache = Cache::in_folder(folder, inputs);
    Library::open(inputs, &LoadOptions::default(), Some(&Recogniser::builtin()), cache, &|_| {})
}

fn fresh(inputs: &[Location]) -> Library {
    Library::load(inputs, &LoadOptions::default(), Some(&Recogniser::builtin()), &|_| {})
}

#[test]
fn ids_parted_by_a_clash_come_out_as_a_fresh_read_gives_them_whatever_the_order() {
    // Two folders with a file of the same name: the same key, so the same id, parted by the
    // order they are loaded in.
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    for (folder, text) in
        [(&one, "Talks open\n\nKevin Hassett arrived in London.\n"), (&two, "Talks close\n\nHe Lifeng left Geneva.\n")]
    {
        fs::create_dir(folder).unwrap();
        fs::write(folder.join("a.txt"), text).unwrap();
        set_modified(&folder.join("a.txt"), SystemTime::now() - Duration::from_secs(3600));
    }
    let caches = dir.path().join("cache");
    let forward = [Location::Path(one.clone()), Location::Path(two.clone())];
    let backward = [Location::Path(two), Location::Path(one)];
    drop(open_with(&caches, &forward));
    let library = open_with(&caches, &backward);
    assert_eq!(library.report().files_cached, 2, "one cache for both orders");
    assert_eq!(seen(&library), seen(&fresh(&backward)));
}

#[test]
fn a_folder_named_inside_another_is_read_as_a_fresh_read_reads_it() {
    let fixture = Fixture::new();
    let top_files = fixture.article_files();
    let sub = fixture.corpus().join("sub");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("wire.txt"), "Port strike ends\n\nDockers in Lagos went back to work.\n").unwrap();
    let inputs = [Location::Path(fixture.corpus()), Location::Path(sub)];
    let caches = fixture.dir.path().join("cache");
    drop(open_with(&caches, &inputs));
    let library = open_with(&caches, &inputs);
    assert_eq!(seen(&library), seen(&fresh(&inputs)), "its source from its folder, its ids as a fresh read's");
    assert_eq!(library.report().files_cached, top_files, "the file reached twice is read each time");
}

#[test]
fn a_manifest_changed_is_seen_in_the_articles_it_describes() {
    let fixture = Fixture::new();
    drop(fixture.open());
    let manifest = fixture.corpus().join("manifest.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, text + "\n[files.\"brief.md\"]\nsource = \"Lagos Daily\"\n").unwrap();
    let library = fixture.open();
    let brief = library.articles().iter().find(|a| a.origin.path.ends_with("brief.md")).unwrap();
    assert_eq!(library.source_name(brief.source), "Lagos Daily");
    assert_eq!(seen(&library), seen(&fixture.fresh()));
}

#[cfg(unix)]
#[test]
fn a_file_whose_name_is_not_utf8_is_taken_from_the_cache_too() {
    use std::os::unix::ffi::OsStrExt;
    let fixture = Fixture::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let file = fixture.corpus().join(name);
    fs::write(&file, "Cafe prices rise\n\nCoffee rose in London on Monday.\n").unwrap();
    set_modified(&file, SystemTime::now() - Duration::from_secs(3600));
    drop(fixture.open());
    let library = fixture.open();
    assert_eq!(library.report().files_cached, fixture.article_files(), "every file, this one too");
    assert_eq!(seen(&library), seen(&fixture.fresh()));
}
