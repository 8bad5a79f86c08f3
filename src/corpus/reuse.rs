//! What a cache needs of a load, and gives back to the next one: each file's identity (its
//! [`Stamp`]: size, modification time, a hash of its bytes and of what manifests say of it) and
//! what it gave ([`FileRecord`] as loaded, [`Known`] as kept), so that a later load takes the
//! articles of a file that has not changed instead of reading and cleaning it again.
//!
//! A file whose size and modification time are as stamped is taken on trust, as `git` and
//! `make` take them, unless it was modified within [`RACY_NANOS`] of the cache being written
//! (a change in the same tick would not show in its time); otherwise its bytes are read and
//! hashed, and a file with the same bytes is still taken (a touch, a copy). Anything else is
//! read again.

use std::collections::HashMap;
use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::report::Problem;
use super::{Article, ArticleId};

/// How close to the start of the load that made the cache a file may have been modified and
/// still be taken on its size and time alone.
pub const RACY_NANOS: i64 = 2_000_000_000;

/// A file's identity, as a cache keys what it gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Its size in bytes.
    pub size: u64,
    /// When it was last modified, in nanoseconds since 1970 (0 when unknown).
    pub modified: i64,
    /// The XXH3 (128 bits) of its bytes.
    pub hash: u128,
    /// A hash of what manifests state for it (their metadata is settled into its articles),
    /// and of the key its articles' ids are made from.
    pub manifest: u64,
    /// Where it is on its disk and when its metadata last changed (device, inode, ctime in
    /// ns; zeros where the platform cannot tell): a file moved or copied over it with the same
    /// size and time is not the same file.
    pub node: (u64, u64, i64),
}

impl Stamp {
    /// True when the two stamp the same bytes, described alike (their times aside).
    #[must_use]
    pub fn same_content(&self, other: &Stamp) -> bool {
        (self.size, self.hash, self.manifest) == (other.size, other.hash, other.manifest)
    }
}

/// What one file of a load gave: its stamp, its articles (a range of the corpus's, in load
/// order), its problems, and how many pieces of boilerplate were cut, by source.
#[derive(Clone, Debug)]
pub struct FileRecord {
    /// The file as the user named it.
    pub path: Arc<Path>,
    /// Its identity.
    pub stamp: Stamp,
    /// Its articles' indexes in the corpus.
    pub articles: Range<usize>,
    /// Its articles' ids as their keys make them, before any was moved on to part two alike.
    pub ids: Vec<ArticleId>,
    /// True when its bytes were read to tell it unchanged (its time said nothing): the cache
    /// is written again, so that the next open need not.
    pub hashed: bool,
    /// What could not be read of it.
    pub problems: Vec<Problem>,
    /// Boilerplate cut from its articles, by source name.
    pub cut: Vec<(String, usize)>,
}

/// A file's articles as an earlier load gave them (each with its source's name), to be taken
/// again while the file is as stamped.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Known {
    /// The file's identity then.
    pub stamp: Stamp,
    /// Its articles, each with its source's name; their paths are the file's.
    pub articles: Vec<(Article, String)>,
    /// What could not be read of it.
    pub problems: Vec<Problem>,
    /// Boilerplate cut from its articles, by source name.
    pub cut: Vec<(String, usize)>,
}

/// A map keyed by a file's path as the user named it: hashed as bytes (a `Path` hashes its
/// components one by one, a cost at 100,000 files).
pub type ByPath<V> = HashMap<OsString, V, foldhash::fast::RandomState>;

/// What an earlier load gave, by file, and when it was kept.
#[derive(Debug, Default)]
pub struct Earlier {
    /// The files, by their paths as the user named them.
    pub files: ByPath<Known>,
    /// When the load that made the cache began (before it looked at any file), in
    /// nanoseconds since 1970.
    pub written: i64,
}

/// Where a file is and when its metadata changed (see [`Stamp::node`]).
#[must_use]
pub fn node_of(metadata: &std::fs::Metadata) -> (u64, u64, i64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (
            metadata.dev(),
            metadata.ino(),
            metadata.ctime().saturating_mul(1_000_000_000).saturating_add(metadata.ctime_nsec()),
        )
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        (0, 0, 0)
    }
}

/// A file's modification time in nanoseconds since 1970 (0 when the platform cannot tell).
#[must_use]
pub fn modified_nanos(metadata: &std::fs::Metadata) -> i64 {
    metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_nanos()).ok())
        .unwrap_or(0)
}

/// The hash of a file's bytes, as stamped.
#[must_use]
pub fn hash_bytes(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The hash of a file's bytes and its size, read a piece at a time (a file of gigabytes is
/// never held whole).
pub fn hash_file(path: &Path) -> std::io::Result<(u128, u64)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0; 1 << 20];
    let mut size = 0;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return Ok((hasher.digest128(), size)),
            Ok(n) => {
                hasher.update(&buffer[..n]);
                size += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// A hash of anything hashable (what manifests state), as stamped.
pub(crate) fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// What a load may do with a file an earlier load gave.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Take what was kept, stamped anew.
    Same(Stamp),
    /// Read it: it changed, or cannot be told unchanged without reading (then its bytes are
    /// compared with the hash kept).
    Read,
}

/// Whether a file (its metadata now) is as `known` stamped it, on its size and time alone.
pub(crate) fn judge(known: &Known, metadata: &std::fs::Metadata, manifest: u64, written: i64) -> Verdict {
    let modified = modified_nanos(metadata);
    let stamp = known.stamp;
    let trusted = modified != 0 && modified < written.saturating_sub(RACY_NANOS);
    let same = stamp.size == metadata.len()
        && stamp.modified == modified
        && stamp.manifest == manifest
        && stamp.node == node_of(metadata);
    if same && trusted { Verdict::Same(stamp) } else { Verdict::Read }
}
