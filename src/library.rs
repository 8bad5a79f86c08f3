//! The library: one owner of the articles and of every index derived from them (entities,
//! stories, search's haystacks and word index), answering "as of now". It is built in stages:
//! the articles first, so that the reader opens at once, then their entities, found in the
//! background ([`Library::find_entities`] works on a shared library and hands back an index
//! that [`Library::set_entities`] takes), then their stories, the same way
//! ([`Library::find_stories`], [`Library::set_stories`]); and it grows:
//! [`Library::append`] adds a later load's articles (a new file in a watched folder, a fetched
//! feed) and extends each index with them alone, never rebuilding what it has.
//!
//! Corrections to the entities (see [`crate::entities::corrections`]) apply on top of the index
//! as found: [`Library::entities`] answers with the corrected index when corrections change
//! anything, [`Library::entities_as_found`] with the one the recogniser found.
//!
//! Adding an index is one module that builds it from articles (and extends it), and one field
//! here, extended in [`Library::append`] and [`Library::set_entities`].

mod haystacks;
mod words;

use std::ops::Range;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub use haystacks::Haystacks;
pub use words::{Posting, SearchWord, WordIndex};

use rayon::prelude::*;

use crate::cache::Cache;
use crate::corpus::reuse::{ByPath, FileRecord};
use crate::corpus::{self, Article, Corpus, LoadOptions, LoadReport, Location, Progress, SourceId, Stage};
use crate::entities::corrections::{Corrections, Plan};
use crate::entities::{EntityIndex, Named, Recogniser};
use crate::stories::{self, Stories};

/// The articles and their indexes.
#[derive(Debug, Default)]
pub struct Library {
    /// Shared with a cache being written (see [`CacheWrite`]); appending while it is copies it.
    corpus: Arc<Corpus>,
    /// The entities as the recogniser found them.
    entities: EntityIndex,
    /// The user's corrections to the entities.
    corrections: Corrections,
    /// The entities corrected, and the plan they were corrected by, when the corrections
    /// change anything here (otherwise no copy is kept).
    corrected: Option<(Plan, EntityIndex)>,
    /// Made on first use (by the search worker, off the UI thread), then extended.
    haystacks: OnceLock<Haystacks>,
    /// The same.
    words: OnceLock<WordIndex>,
    /// True while `entities` covers every article.
    entities_found: bool,
    /// The articles grouped by the event they report, once found for every article.
    stories: Option<Stories>,
    /// Counts the changes, so that what is worked out from the library (a search's kept
    /// results) knows when it is out of date.
    version: u64,
    /// What the cache kept, until the names are found (then the cache is written again).
    cached: Mutex<Option<Cached>>,
    /// Something to say of the cache, once (it could not be read, or written).
    cache_note: Mutex<Option<String>>,
    /// The cache to write, once the names are found.
    cache_write: Mutex<Option<CacheWrite>>,
}

/// A cache to write (see [`Library::take_cache_write`]): what it needs of the library, held
/// apart from it, so that the reader takes the names while it is written.
#[derive(Debug)]
pub struct CacheWrite {
    cache: Cache,
    corpus: Arc<Corpus>,
    files: Vec<FileRecord>,
    names: Vec<Named<'static>>,
    rules: u64,
    recogniser: u64,
    /// When the load began (ns since 1970).
    began: i64,
}

impl CacheWrite {
    /// Writes the cache; what to say when it could not be.
    pub fn write(self) -> Result<(), String> {
        let fingerprints = (self.rules, self.recogniser);
        self.cache.write(&self.corpus, &self.files, &self.names, fingerprints, self.began).map_err(|e| {
            let shown = crate::sanitize::line(&self.cache.path().display().to_string()).into_owned();
            format!("the cache could not be written: {e} ({shown})")
        })
    }
}

/// What a library opened with a cache holds of it until its names are found.
#[derive(Debug)]
struct Cached {
    cache: Cache,
    /// What each file of the load gave.
    files: Vec<FileRecord>,
    /// The names kept of each article (of the files unchanged), and the fingerprint of
    /// their recogniser.
    names: Vec<Option<Named<'static>>>,
    recogniser: u64,
    /// The cleaning rules' fingerprint.
    rules: u64,
    /// True when some file was read, not taken from the cache as it was.
    files_changed: bool,
    /// When the load began (ns since 1970).
    began: i64,
}

impl Library {
    /// A library of the articles of `corpus`, their entities not found yet (see
    /// [`Library::find_entities`]); search's haystacks are prepared on first use, so that the
    /// reader's first frame never waits for them.
    #[must_use]
    pub fn new(corpus: Corpus) -> Self {
        Self {
            corpus: Arc::new(corpus),
            entities: EntityIndex::default(),
            corrections: Corrections::default(),
            corrected: None,
            haystacks: OnceLock::new(),
            words: OnceLock::new(),
            entities_found: false,
            stories: None,
            version: 0,
            cached: Mutex::new(None),
            cache_note: Mutex::new(None),
            cache_write: Mutex::new(None),
        }
    }

    /// Loads `inputs` as [`Library::load`] does, taking from `cache` what it kept of the
    /// files unchanged since and of their names (see [`crate::cache`]); the cache is written
    /// again once the names are found (here, with a recogniser; else by
    /// [`Library::find_entities`]) if anything was new.
    #[must_use]
    pub fn open(
        inputs: &[Location],
        options: &LoadOptions,
        recogniser: Option<&Recogniser>,
        cache: Option<Cache>,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Self {
        let Some(cache) = cache else { return Self::load(inputs, options, recogniser, progress) };
        let rules = options.rules.fingerprint();
        // Before any file is looked at: a file modified after this is not taken on its time.
        let began = crate::cache::now_nanos();
        let kept = cache.read(rules);
        let stamps: ByPath<corpus::reuse::Stamp> =
            kept.earlier.files.iter().map(|(path, known)| (path.clone(), known.stamp)).collect();
        let (corpus, files) = corpus::load_reusing(inputs, options, kept.earlier, progress);
        // A file whose bytes had to be read to tell it unchanged is stamped anew, so that the
        // next open need not read it.
        let files_changed = files.len() != stamps.len()
            || files.iter().any(|f| f.hashed || stamps.get(f.path.as_os_str()).is_none_or(|stamp| *stamp != f.stamp));
        // An unchanged file's articles are as they were: their names too.
        let mut names: Vec<Option<Named<'static>>> = Vec::new();
        names.resize_with(corpus.articles().len(), || None);
        let mut kept_names = kept.names;
        for file in &files {
            let unchanged = stamps.get(file.path.as_os_str()).is_some_and(|stamp| stamp.same_content(&file.stamp));
            if let Some(found) =
                kept_names.remove(file.path.as_os_str()).filter(|n| unchanged && n.len() == file.articles.len())
            {
                for (slot, named) in names[file.articles.clone()].iter_mut().zip(found) {
                    *slot = Some(named);
                }
            }
        }
        let library = Self::new(corpus);
        *library.cached.lock().unwrap_or_else(PoisonError::into_inner) =
            Some(Cached { cache, files, names, recogniser: kept.recogniser, rules, files_changed, began });
        *library.cache_note.lock().unwrap_or_else(PoisonError::into_inner) = kept.note;
        library.named(recogniser, progress)
    }

    /// What to say of the cache, once: it could not be read (it was rebuilt) or written.
    #[must_use]
    pub fn take_cache_note(&self) -> Option<String> {
        self.cache_note.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    /// A library with every index built at once: what the command line wants.
    ///
    /// # Panics
    ///
    /// Never: nothing stops this build.
    #[must_use]
    pub fn with_entities(corpus: Corpus, recogniser: &Recogniser, progress: &(dyn Fn(usize) + Sync)) -> Self {
        let mut library = Self::new(corpus);
        let index = library.find_entities(recogniser, progress, &AtomicBool::new(false));
        library.set_entities(index.expect("nothing stops this build"));
        library
    }

    /// Every article's story (see [`crate::stories`]), using the entities found so far;
    /// `progress` is told how many of `2 ×` [`Library::articles`] steps are done; `None` soon
    /// after `stop` is set. Works on a shared library, as [`Library::find_entities`] does.
    #[must_use]
    pub fn find_stories(&self, progress: &(dyn Fn(usize) + Sync), stop: &AtomicBool) -> Option<Stories> {
        let entities = (!self.entities.is_empty()).then_some(self.entities());
        stories::detect_with(self.articles(), entities, stories::Tuning::default(), progress, stop)
    }

    /// Takes the stories found by [`Library::find_stories`]; articles appended since are placed
    /// in them.
    pub fn set_stories(&mut self, found: Stories) {
        let mut found = found;
        if found.of_article.len() < self.articles().len() {
            let entities = (!self.entities.is_empty()).then_some(self.entities());
            found.extend(self.corpus.articles(), entities);
        }
        self.stories = Some(found);
        self.version += 1;
    }

    /// The articles grouped by the event they report, once found (`None` before); appended
    /// articles are placed in them at once.
    #[must_use]
    pub fn stories(&self) -> Option<&Stories> {
        self.stories.as_ref()
    }

    /// Loads `inputs` and, with a recogniser, finds their entities; `progress` is told how
    /// far each stage has come, from worker threads.
    #[must_use]
    pub fn load(
        inputs: &[Location],
        options: &LoadOptions,
        recogniser: Option<&Recogniser>,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Self {
        Self::new(corpus::load(inputs, options, progress)).named(recogniser, progress)
    }

    /// The library with its entities found, with a recogniser.
    fn named(self, recogniser: Option<&Recogniser>, progress: &(dyn Fn(Progress) + Sync)) -> Self {
        let Some(recogniser) = recogniser else { return self };
        let mut library = self;
        let total = library.articles().len();
        progress(Progress { stage: Stage::Naming, done: 0, total });
        let progress = |done| progress(Progress { stage: Stage::Naming, done, total });
        let index = library.find_entities(recogniser, &progress, &AtomicBool::new(false));
        library.set_entities(index.expect("nothing stops this build"));
        if let Some(Err(why)) = library.take_cache_write().map(CacheWrite::write) {
            *library.cache_note.lock().unwrap_or_else(PoisonError::into_inner) = Some(why);
        }
        library
    }

    /// The entity index for every article, the ones indexed already kept and the rest found
    /// now (on all cores), for [`Library::set_entities`]; `None` soon after `stop` is set.
    /// Works on a shared library, so that the reader goes on meanwhile; `progress` is told
    /// how many articles are done, from worker threads.
    #[must_use]
    pub fn find_entities(
        &self,
        recogniser: &Recogniser,
        progress: &(dyn Fn(usize) + Sync),
        stop: &AtomicBool,
    ) -> Option<EntityIndex> {
        let mut index = if self.entities.is_empty() { EntityIndex::new(recogniser) } else { self.entities.clone() };
        // The first names of a library opened with a cache: those it kept, and it is written.
        let mut cached =
            if index.is_empty() { self.cached.lock().unwrap_or_else(PoisonError::into_inner).take() } else { None };
        let articles = self.corpus.articles();
        let known: Vec<Option<Named<'static>>> = match cached.as_mut() {
            Some(cached) if cached.recogniser == recogniser.fingerprint() => std::mem::take(&mut cached.names),
            _ => Vec::new(),
        };
        let all_known = known.len() == articles.len() && known.iter().all(Option::is_some);
        let found = index.extend_known(articles, recogniser, known, progress, stop)?;
        if let Some(cached) = cached.filter(|c| c.files_changed || !all_known) {
            let names = found.into_par_iter().map(Named::into_owned).collect();
            let write = CacheWrite {
                cache: cached.cache,
                corpus: Arc::clone(&self.corpus),
                files: cached.files,
                names,
                rules: cached.rules,
                recogniser: recogniser.fingerprint(),
                began: cached.began,
            };
            *self.cache_write.lock().unwrap_or_else(PoisonError::into_inner) = Some(write);
        }
        Some(index)
    }

    /// The cache to write, once [`Library::find_entities`] has found the first names of a
    /// library opened with a cache and anything was new: the caller writes it when it likes
    /// (the reader after handing on the names).
    #[must_use]
    pub fn take_cache_write(&self) -> Option<CacheWrite> {
        self.cache_write.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    /// Takes an entity index found by [`Library::find_entities`] (unless it knows fewer
    /// articles than the one held); the other indexes read it.
    pub fn set_entities(&mut self, index: EntityIndex) {
        if index.len() < self.entities.len() {
            return;
        }
        self.entities = index;
        self.entities_found = self.entities.len() == self.corpus.articles().len();
        self.correct();
        self.version += 1;
    }

    /// Takes the user's corrections to the entities, and applies them to the entities found so
    /// far (and to those found later): the entities, their articles and counts, and what
    /// search knows of them are corrected at once.
    pub fn set_corrections(&mut self, corrections: Corrections) {
        self.corrections = corrections;
        self.correct();
        self.version += 1;
    }

    /// The corrections in force.
    #[must_use]
    pub fn corrections(&self) -> &Corrections {
        &self.corrections
    }

    /// Corrects the index as found anew, and search's view of it.
    fn correct(&mut self) {
        let was_corrected = self.corrected.take().is_some();
        if !self.corrections.is_empty() {
            let plan = self.corrections.plan(self.entities.entities());
            self.corrected = plan.apply(&self.entities).map(|index| (plan, index));
        }
        let index = self.corrected.as_ref().map_or(&self.entities, |(_, index)| index);
        if let Some(haystacks) = self.haystacks.get_mut() {
            // Uncorrected before and after: only the articles indexed since are new to search.
            if was_corrected || self.corrected.is_some() {
                haystacks.entities_changed(index);
            } else {
                haystacks.entities_indexed(index);
            }
        }
    }

    /// Corrects the articles the index as found just took in (see [`Library::append`]): alone,
    /// when the corrections do to the entities known before what they did; else everything anew.
    /// `known` is how many entities the index knew before.
    fn correct_appended(&mut self, known: usize) {
        if self.corrections.is_empty() {
            return;
        }
        // Entities new to the index that no correction names change nothing in the plan.
        if !self.corrections.name_any(&self.entities.entities()[known..]) {
            if let Some((plan, index)) = self.corrected.as_mut() {
                plan.extend(index, &self.entities, self.corpus.articles());
            }
            return;
        }
        let plan = self.corrections.plan(self.entities.entities());
        match self.corrected.as_mut() {
            Some((before, index)) if plan.keeps(before, index.entities().len()) => {
                plan.extend(index, &self.entities, self.corpus.articles());
                *before = plan;
            }
            None if plan.is_identity() => {}
            _ => self.correct(),
        }
    }

    /// Appends the articles of a later load and extends every index with them alone. Their
    /// entities are found at once with `recogniser` when the library's are found already
    /// (microseconds an article); otherwise the next [`Library::find_entities`] finds them
    /// with the rest. Returns the new articles' indexes.
    pub fn append(&mut self, more: Corpus, recogniser: Option<&Recogniser>) -> Range<usize> {
        let added = Arc::make_mut(&mut self.corpus).append(more);
        match recogniser {
            Some(recogniser) if self.entities_found => {
                let known = self.entities.entities().len();
                self.entities.extend(self.corpus.articles(), recogniser, &|_| {}, &AtomicBool::new(false));
                self.correct_appended(known);
            }
            // Articles whose entities are not found: the next `find_entities` finds them.
            _ if !added.is_empty() => self.entities_found = false,
            _ => {}
        }
        let entities = self.corrected.as_ref().map_or(&self.entities, |(_, index)| index);
        if let Some(haystacks) = self.haystacks.get_mut() {
            haystacks.extend(&self.corpus, entities);
        }
        if let Some(words) = self.words.get_mut() {
            words.extend(self.corpus.articles());
        }
        // The new articles join stories or start their own; the others keep theirs.
        if let Some(stories) = self.stories.as_mut() {
            let entities = (!entities.is_empty()).then_some(entities);
            stories.extend(self.corpus.articles(), entities);
        }
        self.version += 1;
        added
    }

    /// The corpus: articles, sources, load report.
    #[must_use]
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// All articles, in load order (appended ones last).
    #[must_use]
    pub fn articles(&self) -> &[Article] {
        self.corpus.articles()
    }

    /// Article indexes ordered newest first, undated last (see [`Corpus::by_date`]).
    #[must_use]
    pub fn by_date(&self) -> Vec<usize> {
        self.corpus.by_date()
    }

    /// The name of a source.
    #[must_use]
    pub fn source_name(&self, source: SourceId) -> &str {
        self.corpus.source_name(source)
    }

    /// What could not be read, or was read only in part.
    #[must_use]
    pub fn report(&self) -> &LoadReport {
        self.corpus.report()
    }

    /// The entities the articles mention, and where, as far as found (none before), with the
    /// user's corrections applied.
    #[must_use]
    pub fn entities(&self) -> &EntityIndex {
        self.corrected.as_ref().map_or(&self.entities, |(_, index)| index)
    }

    /// The entities as the recogniser found them, before any correction: what a store of found
    /// indexes keeps.
    #[must_use]
    pub fn entities_as_found(&self) -> &EntityIndex {
        &self.entities
    }

    /// True once every article's entities are found.
    #[must_use]
    pub fn entities_found(&self) -> bool {
        self.entities_found
    }

    /// Search's haystacks, made now (on all cores) if not made before.
    #[must_use]
    pub fn haystacks(&self) -> &Haystacks {
        self.haystacks.get_or_init(|| Haystacks::build(&self.corpus, self.entities()))
    }

    /// The word index, made now (on all cores) if not made before.
    #[must_use]
    pub fn words(&self) -> &WordIndex {
        self.words.get_or_init(|| WordIndex::build(self.corpus.articles()))
    }

    /// The word index if it is built already: a caller on the reader's thread must not wait
    /// for it (seconds at 100k articles) or build it there.
    #[must_use]
    pub fn words_if_built(&self) -> Option<&WordIndex> {
        self.words.get()
    }

    /// How many times the library changed (entities found, articles appended).
    #[must_use]
    pub fn version(&self) -> u64 {
        self.version
    }
}
