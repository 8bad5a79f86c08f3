//! The on-disk cache: what a load of a corpus gave (each file's clean articles, keyed by the
//! file's identity) and the names found in them, kept in one file per corpus under
//! `$XDG_CACHE_HOME/newsdesk/` (usually `~/.cache/newsdesk/`), so that opening an unchanged
//! corpus again reads that file instead of cleaning every article and finding every name
//! again. A changed file is read again alone, and only its articles' names are found again.
//!
//! The file (`corpus-HASH.cache`, the hash naming the corpus's paths as the reader's state
//! does), all numbers little-endian:
//!
//! - 16 bytes of magic and the format's version (u32);
//! - pieces, each a `postcard` list of up to [`PIECE_ARTICLES`] articles (the files' articles
//!   in order, a piece running on from one file to the next), each with its source's name and
//!   its names (see [`Named`]), read back on all cores;
//! - the index, in `postcard`: the program that wrote it (its version and build), the cleaning
//!   rules' and the recogniser's fingerprints, when it was written, each file (path, [`Stamp`],
//!   problems, boilerplate cut, how many articles), the articles in all, and each piece's
//!   length and XXH3-64;
//! - the index's length (u64) and XXH3-64 (u64).
//!
//! A cache that is truncated, corrupt, of another format or written by another build of
//! newsdesk is never trusted: it is deleted, said once, and written again after the load. A
//! cache written for other cleaning rules keeps nothing of its files; one written for another
//! recogniser keeps nothing of its names.
//!
//! Writes are atomic (a temporary file beside it, renamed over it).

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::reuse::{ByPath, Earlier, FileRecord, Known, Stamp};
use crate::corpus::{Article, ArticleId, Corpus, Location, Problem};
use crate::entities::Named;

/// The version of the file's layout; a cache of another is rebuilt.
pub const FORMAT: u32 = 4;

/// The most articles in one piece: enough pieces for every core, few enough to be cheap.
pub const PIECE_ARTICLES: usize = 512;

/// The first bytes of a cache file.
const MAGIC: &[u8; 16] = b"newsdesk cache\n\0";

/// How the names of caches being written begin.
const TEMPORARY: &str = ".newsdesk-cache-";

/// Bytes before the pieces: magic and format.
const HEAD: u64 = 16 + 4;

/// Bytes after the index: its length and checksum.
const TAIL: u64 = 8 + 8;

/// The cache of one corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cache {
    path: PathBuf,
}

/// What a cache held for a load: the files, their names, and what went wrong reading it.
#[derive(Debug, Default)]
pub struct Kept {
    /// The files' articles, for [`crate::corpus::load_reusing`].
    pub earlier: Earlier,
    /// The names of each file's articles, in order, by the file's path.
    pub names: ByPath<Vec<Named<'static>>>,
    /// The fingerprint of the recogniser that found `names`.
    pub recogniser: u64,
    /// Why the cache was not used, when it could not be (to be said once).
    pub note: Option<String>,
}

impl Cache {
    /// The folder of every corpus's cache: `newsdesk` under the platform's cache folder.
    #[must_use]
    pub fn folder() -> Option<PathBuf> {
        dirs::cache_dir().map(|d| d.join("newsdesk"))
    }

    /// The cache of the corpus loaded from `inputs`, under [`Cache::folder`]; none for the
    /// built-in corpus (in the binary already) or where the platform has no cache folder.
    #[must_use]
    pub fn for_corpus(inputs: &[Location]) -> Option<Self> {
        Self::in_folder(&Self::folder()?, inputs)
    }

    /// The cache of the corpus loaded from `inputs`, in `folder`.
    #[must_use]
    pub fn in_folder(folder: &Path, inputs: &[Location]) -> Option<Self> {
        if inputs.is_empty() || inputs.contains(&Location::Builtin) {
            return None;
        }
        let (_, key) = Location::identity(inputs);
        Some(Self { path: folder.join(format!("corpus-{key:016x}.cache")) })
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads what the cache keeps for a load with cleaning rules `rules` (their fingerprint).
    /// A cache that cannot be trusted is deleted, and `note` says why.
    #[must_use]
    pub fn read(&self, rules: u64) -> Kept {
        match self.try_read(rules) {
            Ok(kept) => kept,
            Err(Untrusted::Absent) => Kept::default(),
            Err(Untrusted::Because(why)) => {
                let _ = fs::remove_file(&self.path);
                let shown = crate::sanitize::line(&self.path.display().to_string()).into_owned();
                Kept { note: Some(format!("the cache {why}: not used, and made again ({shown})")), ..Kept::default() }
            }
        }
    }

    fn try_read(&self, rules: u64) -> Result<Kept, Untrusted> {
        let file = match fs::File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Untrusted::Absent),
            Err(e) => return Err(Untrusted::Because(format!("cannot be read ({e})"))),
        };
        let size = file.metadata().map_err(|e| Untrusted::Because(format!("cannot be read ({e})")))?.len();
        let index = read_index(&file, size)?;
        if index.program != program() {
            return Err(Untrusted::Because("was written by another build of newsdesk".into()));
        }
        if index.rules != rules {
            return Ok(Kept { recogniser: index.recogniser, ..Kept::default() });
        }
        if index.files.iter().map(|f| u64::from(f.articles)).sum::<u64>() != index.articles {
            return Err("is corrupt (its files and articles disagree)".into());
        }
        let mut offsets = Vec::with_capacity(index.pieces.len());
        let mut at = HEAD;
        for piece in &index.pieces {
            offsets.push(at);
            at = at.saturating_add(piece.length);
        }
        let pieces: Vec<Vec<StoredArticle>> = index
            .pieces
            .par_iter()
            .zip(offsets)
            .map(|(piece, offset)| read_piece(&file, offset, *piece))
            .collect::<Result<_, _>>()?;
        if pieces.iter().map(Vec::len).sum::<usize>() as u64 != index.articles {
            return Err("is corrupt (its pieces hold other articles than its index says)".into());
        }
        let mut stored = pieces.into_iter().flatten();
        let mut kept = Kept { recogniser: index.recogniser, ..Kept::default() };
        kept.earlier.written = index.written;
        for file in index.files {
            let count = file.articles as usize;
            let (mut articles, mut names) = (Vec::with_capacity(count), Vec::with_capacity(count));
            for (id, mut article, source, named) in stored.by_ref().take(count) {
                article.id = id;
                articles.push((article, source));
                names.push(named);
            }
            let path = path_of(file.path);
            kept.names.insert(path.clone(), names);
            let known = Known { stamp: file.stamp, articles, problems: file.problems, cut: file.cut };
            kept.earlier.files.insert(path, known);
        }
        Ok(kept)
    }

    /// Writes the cache of a load that began at `written` (ns since 1970, see [`now_nanos`]):
    /// `files` as [`crate::corpus::load_reusing`] gave them (their articles in `corpus`), `names`
    /// of every article of `corpus` in order, found by a recogniser of fingerprint `recogniser`,
    /// for cleaning rules `rules`.
    ///
    /// # Panics
    ///
    /// When `names` does not cover the corpus.
    pub fn write(
        &self,
        corpus: &Corpus,
        files: &[FileRecord],
        names: &[Named<'_>],
        (rules, recogniser): (u64, u64),
        written: i64,
    ) -> io::Result<()> {
        self.write_as(&program(), corpus, files, names, (rules, recogniser), written)
    }

    /// [`Cache::write`], as written by `program`; `fingerprints` of the rules and recogniser.
    fn write_as(
        &self,
        program: &str,
        corpus: &Corpus,
        files: &[FileRecord],
        names: &[Named<'_>],
        (rules, recogniser): (u64, u64),
        written: i64,
    ) -> io::Result<()> {
        assert_eq!(names.len(), corpus.articles().len(), "names for every article");
        let folder = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(folder)?;
        let mut temporary = tempfile::Builder::new().prefix(TEMPORARY).tempfile_in(folder)?;
        let mut out = io::BufWriter::with_capacity(1 << 20, temporary.as_file_mut());
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        // The files' articles, in order, in pieces made on all cores a window at a time.
        // Each article with the id its key makes (a load parts clashing ids again).
        let order: Vec<(usize, ArticleId)> =
            files.iter().flat_map(|file| file.articles.clone().zip(file.ids.iter().copied())).collect();
        let piece_of = |part: &[(usize, ArticleId)]| -> Result<Vec<u8>, postcard::Error> {
            let stored: Vec<(ArticleId, &Article, &str, &Named<'_>)> = part
                .iter()
                .map(|&(i, id)| {
                    let article = &corpus.articles()[i];
                    (id, article, corpus.source_name(article.source), &names[i])
                })
                .collect();
            postcard::to_allocvec(&stored)
        };
        let parts: Vec<&[(usize, ArticleId)]> = order.chunks(PIECE_ARTICLES).collect();
        let mut pieces = Vec::with_capacity(parts.len());
        for window in parts.chunks(4 * rayon::current_num_threads().max(1)) {
            let made: Vec<Vec<u8>> =
                window.par_iter().map(|part| piece_of(part)).collect::<Result<_, _>>().map_err(io::Error::other)?;
            for bytes in made {
                out.write_all(&bytes)?;
                pieces.push(Piece { length: bytes.len() as u64, sum: xxhash_rust::xxh3::xxh3_64(&bytes) });
            }
        }
        let index = IndexOut {
            program: program.to_owned(),
            rules,
            recogniser,
            written,
            files: files
                .iter()
                .map(|file| FileOut {
                    path: file.path.as_os_str().as_encoded_bytes(),
                    stamp: file.stamp,
                    problems: &file.problems,
                    cut: &file.cut,
                    articles: file.articles.len() as u32,
                })
                .collect(),
            articles: order.len() as u64,
            pieces,
        };
        let index = postcard::to_allocvec(&index).map_err(io::Error::other)?;
        out.write_all(&index)?;
        out.write_all(&(index.len() as u64).to_le_bytes())?;
        out.write_all(&xxhash_rust::xxh3::xxh3_64(&index).to_le_bytes())?;
        out.flush()?;
        drop(out);
        temporary.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Why a cache is not read: there is none, or it cannot be trusted (why, in words).
enum Untrusted {
    Absent,
    Because(String),
}

impl From<&str> for Untrusted {
    fn from(why: &str) -> Self {
        Untrusted::Because(why.to_owned())
    }
}

/// Reads and checks the magic, the format and the index.
fn read_index(file: &fs::File, size: u64) -> Result<IndexIn, Untrusted> {
    let at = |offset: u64, length: u64| -> Result<Vec<u8>, Untrusted> {
        let mut bytes = vec![0; usize::try_from(length).map_err(|_| Untrusted::from("is corrupt"))?];
        file.read_exact_at(&mut bytes, offset).map_err(|e| Untrusted::Because(format!("cannot be read ({e})")))?;
        Ok(bytes)
    };
    if size < HEAD {
        let start = at(0, size)?;
        return Err(if MAGIC.starts_with(&start) { "is truncated" } else { "is not a newsdesk cache" }.into());
    }
    let head = at(0, HEAD)?;
    if &head[..16] != MAGIC {
        return Err("is not a newsdesk cache".into());
    }
    if head[16..20] != FORMAT.to_le_bytes() {
        return Err("was written by another version of newsdesk".into());
    }
    if size < HEAD + TAIL {
        return Err("is truncated".into());
    }
    let tail = at(size - TAIL, TAIL)?;
    let number = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().expect("8 bytes"));
    let (length, sum) = (number(&tail[..8]), number(&tail[8..]));
    if length > size - HEAD - TAIL {
        return Err("is truncated".into());
    }
    let index = at(size - TAIL - length, length)?;
    if xxhash_rust::xxh3::xxh3_64(&index) != sum {
        return Err("is corrupt (or truncated)".into());
    }
    let index: IndexIn = postcard::from_bytes(&index).map_err(|e| Untrusted::Because(format!("is corrupt ({e})")))?;
    let pieces = index.pieces.iter().try_fold(0u64, |sum, p| sum.checked_add(p.length));
    if pieces.and_then(|p| p.checked_add(HEAD + length + TAIL)) != Some(size) {
        return Err("is corrupt (its pieces and its size disagree)".into());
    }
    Ok(index)
}

/// Reads and checks one piece (into a buffer each thread keeps).
fn read_piece(file: &fs::File, offset: u64, piece: Piece) -> Result<Vec<StoredArticle>, Untrusted> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        buffer.resize(usize::try_from(piece.length).map_err(|_| Untrusted::from("is corrupt"))?, 0);
        file.read_exact_at(buffer, offset).map_err(|e| Untrusted::Because(format!("cannot be read ({e})")))?;
        if xxhash_rust::xxh3::xxh3_64(buffer) != piece.sum {
            return Err("is corrupt".into());
        }
        postcard::from_bytes(buffer).map_err(|e| Untrusted::Because(format!("is corrupt ({e})")))
    })
}

/// Deletes every corpus's cache in `folder`; returns how many files and bytes went.
pub fn clear(folder: &Path) -> io::Result<(usize, u64)> {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((0, 0)),
        Err(e) => return Err(e),
    };
    let (mut files, mut bytes) = (0, 0);
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // The caches, and temporary files of writes that never finished.
        let cache = Path::new(&name).extension().is_some_and(|e| e.eq_ignore_ascii_case("cache"));
        let ours = name.starts_with("corpus-") && cache || name.starts_with(TEMPORARY);
        if ours && entry.file_type()?.is_file() {
            bytes += entry.metadata()?.len();
            fs::remove_file(entry.path())?;
            files += 1;
        }
    }
    Ok((files, bytes))
}

/// The program that writes and reads caches: a cache of another build is not read, as its
/// cleaning or naming may differ.
fn program() -> String {
    let build = std::env::current_exe()
        .and_then(fs::metadata)
        .map(|m| format!("{}:{}", m.len(), crate::corpus::reuse::modified_nanos(&m)))
        .unwrap_or_default();
    format!("newsdesk {} {build}", env!("CARGO_PKG_VERSION"))
}

/// Now, in nanoseconds since 1970: when a load begins, for [`Cache::write`].
#[must_use]
pub fn now_nanos() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).ok().and_then(|d| i64::try_from(d.as_nanos()).ok()).unwrap_or(0)
}

/// One article as a piece keeps it: the id its key makes, the article, its source's name, its
/// names.
type StoredArticle = (ArticleId, Article, String, Named<'static>);

/// A piece's length and checksum.
#[derive(Clone, Copy, Serialize, Deserialize)]
struct Piece {
    length: u64,
    sum: u64,
}

/// The index, as written (borrowing the load's records).
#[derive(Serialize)]
struct IndexOut<'a> {
    program: String,
    rules: u64,
    recogniser: u64,
    written: i64,
    files: Vec<FileOut<'a>>,
    /// Articles in all, in the pieces.
    articles: u64,
    pieces: Vec<Piece>,
}

/// One file in the index, as written.
#[derive(Serialize)]
struct FileOut<'a> {
    /// The path's bytes, as the platform has them (not all are UTF-8).
    path: &'a [u8],
    stamp: Stamp,
    problems: &'a [Problem],
    cut: &'a [(String, usize)],
    articles: u32,
}

/// The index, as read.
#[derive(Deserialize)]
struct IndexIn {
    program: String,
    rules: u64,
    recogniser: u64,
    written: i64,
    files: Vec<FileIn>,
    articles: u64,
    pieces: Vec<Piece>,
}

/// One file in the index, as read.
#[derive(Deserialize)]
struct FileIn {
    path: Vec<u8>,
    stamp: Stamp,
    problems: Vec<Problem>,
    cut: Vec<(String, usize)>,
    articles: u32,
}

/// A path's bytes from a cache (the platform's own encoding of it).
fn path_of(bytes: Vec<u8>) -> std::ffi::OsString {
    #[cfg(unix)]
    {
        std::os::unix::ffi::OsStringExt::from_vec(bytes)
    }
    #[cfg(not(unix))]
    {
        std::ffi::OsString::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::corpus::{LoadOptions, load_reusing};
    use crate::entities::{EntityIndex, Recogniser};

    #[test]
    fn a_cache_written_by_another_build_is_not_read_and_is_said_once() {
        let dir = tempfile::tempdir().unwrap();
        let corpus_dir = dir.path().join("corpus");
        fs::create_dir(&corpus_dir).unwrap();
        fs::write(corpus_dir.join("a.txt"), "Talks in Geneva\n\nKevin Hassett met officials in Geneva.\n").unwrap();
        let inputs = [Location::Path(corpus_dir)];
        let options = LoadOptions::default();
        let (corpus, files) = load_reusing(&inputs, &options, Earlier::default(), &|_| {});
        let recogniser = Recogniser::builtin();
        let mut index = EntityIndex::new(&recogniser);
        let names =
            index.extend_known(corpus.articles(), &recogniser, Vec::new(), &|_| {}, &AtomicBool::new(false)).unwrap();
        let cache = Cache::in_folder(dir.path(), &inputs).unwrap();
        let fingerprints = (options.rules.fingerprint(), recogniser.fingerprint());
        cache.write_as("newsdesk 0.0.1 elsewhere", &corpus, &files, &names, fingerprints, now_nanos()).unwrap();
        let kept = cache.read(options.rules.fingerprint());
        assert!(kept.earlier.files.is_empty() && kept.names.is_empty());
        let note = kept.note.unwrap();
        assert!(note.contains("was written by another build of newsdesk: not used, and made again"), "{note}");
        assert!(!cache.path().exists(), "the untrusted cache is gone, so it is said once");
        assert!(cache.read(options.rules.fingerprint()).note.is_none());

        // This build's cache is read back whole.
        cache.write(&corpus, &files, &names, fingerprints, now_nanos()).unwrap();
        let kept = cache.read(options.rules.fingerprint());
        assert!(kept.note.is_none());
        assert_eq!(kept.earlier.files.len(), 1);
        assert_eq!(kept.names.values().map(Vec::len).sum::<usize>(), 1);
        // Other cleaning rules: the files are not taken (their names would be of other texts).
        assert!(cache.read(options.rules.fingerprint() ^ 1).earlier.files.is_empty());
    }
}
