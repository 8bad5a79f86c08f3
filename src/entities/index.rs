//! The corpus-wide entity index: every entity with its kind, the surface forms seen, its
//! mention and article counts, first and last dates; and for every article its mentions, as
//! sorted byte ranges into its text (and title), for highlighting and jumping. It grows: the
//! articles appended to a corpus are indexed alone ([`EntityIndex::extend`]), their names
//! numbered after the entities already known.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use jiff::civil::Date;
use rayon::prelude::*;

use super::{Kind, Recogniser, Target};
use crate::corpus::Article;

/// An entity's number in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u32);

/// Where an entity comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// A gazetteer entry (its index in the gazetteer).
    Gazetteer(u32),
    /// Found by detection.
    Detected,
}

/// One entity and its place in the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Canonical name.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Gazetteer or detection.
    pub origin: Provenance,
    /// The forms it was written in, as seen in the corpus.
    pub aliases_seen: Vec<String>,
    /// Mentions in all articles (titles included).
    pub mentions: u32,
    /// The articles that mention it (indexes), with their mention counts, in corpus order.
    pub articles: Vec<(u32, u32)>,
    /// The earliest publication date of those articles.
    pub first_date: Option<Date>,
    /// The latest publication date of those articles.
    pub last_date: Option<Date>,
}

/// One mention: which entity, and where (byte range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The entity.
    pub entity: EntityId,
    /// Start byte.
    pub start: u32,
    /// End byte.
    pub end: u32,
}

/// Entities and mentions of a corpus's first [`EntityIndex::len`] articles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityIndex {
    entities: Vec<Entity>,
    text: Vec<Vec<Mention>>,
    title: Vec<Vec<Mention>>,
    /// The place each article's dateline names, if it has one.
    locations: Vec<Option<EntityId>>,
    /// The entity of each detected name (single-spaced), so that later articles' names join
    /// the entities already known.
    detected: HashMap<String, EntityId, foldhash::fast::RandomState>,
}

/// Counts an article (its index, the entities it names, sorted, once a mention, and its date)
/// in those entities' mentions, articles and dates; the article comes after those counted.
pub(super) fn count_article(entities: &mut [Entity], article: usize, named: &[EntityId], date: Option<Date>) {
    for same in named.chunk_by(|a, b| a == b) {
        let entity = &mut entities[same[0].0 as usize];
        entity.mentions += same.len() as u32;
        entity.articles.push((article as u32, same.len() as u32));
        if let Some(date) = date {
            entity.first_date = Some(entity.first_date.map_or(date, |d| d.min(date)));
            entity.last_date = Some(entity.last_date.map_or(date, |d| d.max(date)));
        }
    }
}

/// An index's parts, as corrections rewrite them (see [`EntityIndex::parts_mut`]).
pub(super) struct Parts<'a> {
    pub(super) entities: &'a mut Vec<Entity>,
    pub(super) text: &'a mut Vec<Vec<Mention>>,
    pub(super) title: &'a mut Vec<Vec<Mention>>,
    pub(super) locations: &'a mut Vec<Option<EntityId>>,
}

/// A name with its words parted by single spaces (a line break inside a name becomes one);
/// borrowed when it already is.
fn single_spaced(name: &str) -> Cow<'_, str> {
    let bytes = name.as_bytes();
    // Most often ASCII with single spaces inside: one pass over the bytes tells.
    let ascii_clean = bytes.iter().all(|&b| (b > b' ' && b < 0x80) || b == b' ')
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes.windows(2).any(|pair| pair == b"  ");
    let clean = ascii_clean
        || (!name.contains("  ") && !name.contains(|c: char| c.is_whitespace() && c != ' ') && name.trim() == name);
    if clean { Cow::Borrowed(name) } else { Cow::Owned(name.split_whitespace().collect::<Vec<_>>().join(" ")) }
}

/// One article's share of the index: its text's and title's mentions, the entities it names
/// (sorted, once a mention) and where it was written.
type Indexed = (Vec<Mention>, Vec<Mention>, Vec<EntityId>, Option<EntityId>);

/// The same for a name that may be owned already.
fn single_spaced_owned(name: Cow<'_, str>) -> Cow<'_, str> {
    match name {
        Cow::Borrowed(name) => single_spaced(name),
        Cow::Owned(name) => Cow::Owned(single_spaced(&name).into_owned()),
    }
}

/// What a mention names, before detected names are numbered.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
enum Names {
    /// A gazetteer entry.
    Entry(u32),
    /// One of the article's detected names (its index among them).
    Detected(u32),
}

/// What one of an article's own entity numbers stands for (see [`ArticleEntities`]).
#[derive(PartialEq, Eq, Hash)]
enum Numbered<'a> {
    /// A gazetteer entry.
    Entry(u32),
    /// A detected name, single-spaced (as the index numbers them).
    Name(&'a str),
}

/// What one article names, before its detected names are numbered: each mention (text first,
/// then title) as a byte range and what it names; the article's detected names, each once,
/// in order of first mention, single-spaced, with the first kind other than `other` it is seen
/// as in the article; and the gazetteer's surface forms seen (entry, pattern). Compact: the
/// index build holds one for every article at once. What a cache keeps of an article's names
/// (see [`Named::into_owned`], [`EntityIndex::extend_known`]): it depends on the article's
/// title, text and blocks, and on the recogniser ([`Recogniser::fingerprint`]), alone.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Named<'c> {
    mentions: Vec<(u32, u32, Names)>,
    /// The mention of the place a dateline names (see [`Recogniser::dateline_place`]).
    location: Option<usize>,
    /// How many of the mentions are in the text (the rest are in the title).
    in_text: usize,
    names: Vec<(Cow<'c, str>, Kind)>,
    forms: Vec<(u32, u32)>,
}

impl<'c> Named<'c> {
    /// The names `recogniser` finds in `article`.
    #[must_use]
    pub fn of(article: &'c Article, recogniser: &Recogniser) -> Self {
        let text = recogniser.article(article);
        let title = recogniser.known(&article.title);
        let dateline = recogniser.dateline_place(article);
        let location = dateline.as_ref().and_then(|d| text.iter().position(|f| f.range == *d));
        let mut named = Named {
            location,
            mentions: Vec::with_capacity(text.len() + title.len()),
            in_text: text.len(),
            names: Vec::new(),
            forms: Vec::new(),
        };
        // Room for every mention to be a detected name, so that the map never grows.
        let detected_mentions = text.iter().chain(&title).filter(|f| !matches!(f.target, Target::Known { .. })).count();
        let mut seen: HashMap<Cow<'c, str>, u32, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(detected_mentions, foldhash::fast::RandomState::default());
        let mut detected_names: Vec<(Cow<'c, str>, Kind)> = Vec::with_capacity(detected_mentions);
        // The article's number for a detected name; the first kind that says more than
        // `other` stands.
        let mut detected = |name: Cow<'c, str>, kind: Kind| {
            let index = *seen.entry(name.clone()).or_insert_with(|| {
                detected_names.push((single_spaced_owned(name), kind));
                detected_names.len() as u32 - 1
            });
            let known_kind = &mut detected_names[index as usize].1;
            if *known_kind == Kind::Other {
                *known_kind = kind;
            }
            Names::Detected(index)
        };
        for (i, (found, source)) in
            text.iter().map(|f| (f, &article.text)).chain(title.iter().map(|f| (f, &article.title))).enumerate()
        {
            let what = match &found.target {
                Target::Known { entry, pattern } => {
                    named.forms.push((*entry, *pattern));
                    Names::Entry(*entry)
                }
                // A dateline's place is named in its normal case ("SANTA CLARA" is Santa Clara).
                Target::Unknown(kind) if Some(i) == location => {
                    detected(Cow::Owned(super::title_case(&source[found.range.clone()])), *kind)
                }
                Target::Unknown(kind) => detected(Cow::Borrowed(&source[found.range.clone()]), *kind),
                Target::Surname { full } => detected(Cow::Borrowed(&source[full.clone()]), Kind::Person),
            };
            named.mentions.push((found.range.start as u32, found.range.end as u32, what));
        }
        named.names = detected_names;
        named.forms.sort_unstable();
        named.forms.dedup();
        named.join_surnames(recogniser);
        named
    }

    /// True when these names can be those of `article` found by `recogniser`: every mention
    /// within its text or title on character boundaries, every name and form one it knows.
    /// Names kept by a cache are checked so before they are used (a bug would show as a
    /// panic).
    #[must_use]
    pub fn fits(&self, article: &Article, recogniser: &Recogniser) -> bool {
        let entries = recogniser.gazetteer().entries().len();
        let within = |source: &str, start: u32, end: u32| {
            start <= end && source.is_char_boundary(start as usize) && source.is_char_boundary(end as usize)
        };
        self.in_text <= self.mentions.len()
            && self.location.is_none_or(|at| at < self.in_text)
            && self.mentions.iter().enumerate().all(|(i, &(start, end, what))| {
                let source = if i < self.in_text { &article.text } else { &article.title };
                within(source, start, end)
                    && match what {
                        Names::Entry(entry) => (entry as usize) < entries,
                        Names::Detected(name) => (name as usize) < self.names.len(),
                    }
            })
            && self
                .forms
                .iter()
                .all(|&(entry, pattern)| (entry as usize) < entries && (pattern as usize) < recogniser.patterns.len())
    }

    /// The same, owning its names, to be kept beyond the article.
    #[must_use]
    pub fn into_owned(self) -> Named<'static> {
        let names = self.names.into_iter().map(|(name, kind)| (Cow::Owned(name.into_owned()), kind)).collect();
        Named { mentions: self.mentions, location: self.location, in_text: self.in_text, names, forms: self.forms }
    }

    /// A person named by one word ("Mrs May", "Judge Robart") whom the same article names in
    /// full ("Theresa May", "James Robart") is that person, when only one person of the article
    /// has that last name; two people sharing it stay apart, and so does a surname no full name
    /// in the article explains.
    fn join_surnames(&mut self, recogniser: &Recogniser) {
        let entries = recogniser.gazetteer().entries();
        let last_word = |name: &str| super::last_word(name).map(str::to_owned);
        // Everyone the article names in full, by last name.
        let mut full: Vec<(String, Names)> = Vec::new();
        for (i, (name, kind)) in self.names.iter().enumerate() {
            if *kind == Kind::Person && name.contains(' ') {
                full.extend(last_word(name).map(|w| (w, Names::Detected(i as u32))));
            }
        }
        for &(_, _, what) in &self.mentions {
            if let Names::Entry(e) = what {
                let entry = &entries[e as usize];
                if entry.kind == Kind::Person && entry.name.contains(' ') {
                    full.extend(last_word(&entry.name).map(|w| (w, Names::Entry(e))));
                }
            }
        }
        let same = |a: &Names, b: &Names| match (a, b) {
            (Names::Entry(x), Names::Entry(y)) | (Names::Detected(x), Names::Detected(y)) => x == y,
            _ => false,
        };
        let mut joined: Vec<(u32, Names)> = Vec::new();
        for (i, (name, kind)) in self.names.iter().enumerate() {
            if *kind != Kind::Person || name.contains(' ') {
                continue;
            }
            let mut people = full.iter().filter(|(last, _)| last == name.as_ref()).map(|(_, who)| who);
            if let Some(who) = people.next()
                && people.all(|other| same(other, who))
            {
                joined.push((i as u32, *who));
            }
        }
        for mention in &mut self.mentions {
            if let Names::Detected(i) = mention.2
                && let Some((_, who)) = joined.iter().find(|(j, _)| *j == i)
            {
                mention.2 = *who;
            }
        }
    }
}

/// The entity of each of every article's detected names, in corpus order: a name gets a new
/// entity the first time it is seen (in these articles or those indexed before), of the first kind other than `other` it is seen as.
/// Records the surface forms of the gazetteer's entries that were seen.
fn number(
    named: &[Named<'_>],
    entities: &mut Vec<Entity>,
    numbered: &mut HashMap<String, EntityId, foldhash::fast::RandomState>,
    patterns_seen: &mut [Vec<u32>],
) -> Vec<Vec<EntityId>> {
    named
        .iter()
        .map(|n| {
            for &(entry, pattern) in &n.forms {
                let seen = &mut patterns_seen[entry as usize];
                if !seen.contains(&pattern) {
                    seen.push(pattern);
                }
            }
            n.names
                .iter()
                .map(|(name, kind)| {
                    let id = if let Some(&id) = numbered.get(name.as_ref()) {
                        id
                    } else {
                        entities.push(Entity {
                            aliases_seen: vec![name.to_string()],
                            name: name.to_string(),
                            kind: *kind,
                            origin: Provenance::Detected,
                            mentions: 0,
                            articles: Vec::new(),
                            first_date: None,
                            last_date: None,
                        });
                        let id = EntityId(entities.len() as u32 - 1);
                        numbered.insert(name.to_string(), id);
                        id
                    };
                    let entity = &mut entities[id.0 as usize];
                    if entity.kind == Kind::Other {
                        entity.kind = *kind;
                    }
                    id
                })
                .collect()
        })
        .collect()
}

/// The names of one article on its own, as its text and title tell them: what the reader
/// highlights in the open article while the corpus's index is still being built. Entity
/// numbers are the article's own (first named, first numbered) and index `kinds`; a detected
/// name's kind is the first one other than `other` the article gives it (the index may know
/// more from other articles).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleEntities {
    /// The mentions in the text, by position.
    pub text: Vec<Mention>,
    /// The mentions in the title, by position.
    pub title: Vec<Mention>,
    /// The kind of each entity, by its number.
    pub kinds: Vec<Kind>,
}

impl ArticleEntities {
    /// Finds the names of `article` (microseconds for a news article).
    #[must_use]
    pub fn of(article: &Article, recogniser: &Recogniser) -> Self {
        let named = Named::of(article, recogniser);
        let entries = recogniser.gazetteer().entries();
        let mut own = Self::default();
        let mut numbers: HashMap<Numbered<'_>, u32> = HashMap::new();
        let mut mentions: Vec<Mention> = named
            .mentions
            .iter()
            .map(|&(start, end, what)| {
                let (key, kind) = match what {
                    Names::Entry(entry) => (Numbered::Entry(entry), entries[entry as usize].kind),
                    Names::Detected(i) => {
                        (Numbered::Name(named.names[i as usize].0.as_ref()), named.names[i as usize].1)
                    }
                };
                let number = *numbers.entry(key).or_insert_with(|| {
                    own.kinds.push(kind);
                    own.kinds.len() as u32 - 1
                });
                Mention { entity: EntityId(number), start, end }
            })
            .collect();
        own.title = mentions.split_off(named.in_text);
        own.text = mentions;
        own
    }
}

impl EntityIndex {
    /// An index of no article yet, knowing the recogniser's gazetteer entries.
    #[must_use]
    pub fn new(recogniser: &Recogniser) -> Self {
        let entities = recogniser
            .gazetteer()
            .entries()
            .iter()
            .enumerate()
            .map(|(i, e)| Entity {
                name: e.name.clone(),
                kind: e.kind,
                origin: Provenance::Gazetteer(i as u32),
                aliases_seen: Vec::new(),
                mentions: 0,
                articles: Vec::new(),
                first_date: None,
                last_date: None,
            })
            .collect();
        Self { entities, ..Self::default() }
    }

    /// Recognises the entities of every article and indexes them.
    #[must_use]
    pub fn build(articles: &[Article], recogniser: &Recogniser) -> Self {
        let mut index = Self::new(recogniser);
        index.extend(articles, recogniser, &|_| {}, &AtomicBool::new(false));
        index
    }

    /// How many articles are indexed: the first `len` of the corpus.
    #[must_use]
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when no article is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Indexes the articles after the first [`EntityIndex::len`] of `articles` (the whole
    /// corpus, as it is now): recognition, and all that concerns one article, runs on all
    /// cores; only numbering the detected names (first seen, first numbered, after the names
    /// already known) and adding up each entity's counts run in order. `progress` is told how
    /// many of the new articles are done, from worker threads, as they are; the index is left
    /// as it was, and false returned, soon after `stop` is set (the reader stops a build when
    /// the user quits first). True when every article is indexed.
    pub fn extend(
        &mut self,
        articles: &[Article],
        recogniser: &Recogniser,
        progress: &(dyn Fn(usize) + Sync),
        stop: &AtomicBool,
    ) -> bool {
        self.extend_known(articles, recogniser, Vec::new(), progress, stop).is_some()
    }

    /// The same, taking the names found before of some new articles (`known[i]` for the
    /// `i`-th, as a cache kept them, found by the same recogniser) instead of finding them
    /// again; returns the names of every new article, for a cache to keep, or `None` when
    /// stopped.
    pub fn extend_known<'a>(
        &mut self,
        articles: &'a [Article],
        recogniser: &Recogniser,
        known: Vec<Option<Named<'static>>>,
        progress: &(dyn Fn(usize) + Sync),
        stop: &AtomicBool,
    ) -> Option<Vec<Named<'a>>> {
        let first = self.len();
        let new = articles.get(first..)?;
        let done = AtomicUsize::new(0);
        let mut known = known;
        known.resize_with(new.len(), || None);
        let named: Option<Vec<Named<'a>>> = new
            .par_iter()
            .zip(known)
            .map(|(a, known)| {
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                let known = known.filter(|named| named.fits(a, recogniser));
                let named = known.unwrap_or_else(|| Named::of(a, recogniser));
                progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                Some(named)
            })
            .collect();
        let named = named?;
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let mut patterns_seen: Vec<Vec<u32>> = vec![Vec::new(); recogniser.gazetteer().entries().len()];
        let ids = number(&named, &mut self.entities, &mut self.detected, &mut patterns_seen);
        let indexed: Vec<Indexed> = named
            .par_iter()
            .zip(ids)
            .map(|(n, names)| {
                let mention = |&(start, end, what): &(u32, u32, Names)| Mention {
                    entity: match what {
                        Names::Entry(entry) => EntityId(entry),
                        Names::Detected(i) => names[i as usize],
                    },
                    start,
                    end,
                };
                let text: Vec<Mention> = n.mentions[..n.in_text].iter().map(mention).collect();
                let title: Vec<Mention> = n.mentions[n.in_text..].iter().map(mention).collect();
                let mut ids: Vec<EntityId> = text.iter().chain(&title).map(|m| m.entity).collect();
                ids.sort_unstable();
                let location = n.location.map(|i| text[i].entity);
                (text, title, ids, location)
            })
            .collect();
        self.text.reserve(indexed.len());
        self.title.reserve(indexed.len());
        self.locations.reserve(indexed.len());
        for (offset, (text, title, named_ids, location)) in indexed.into_iter().enumerate() {
            let article_index = first + offset;
            count_article(&mut self.entities, article_index, &named_ids, articles[article_index].date);
            self.text.push(text);
            self.title.push(title);
            self.locations.push(location);
        }
        for (entity, seen) in self.entities.iter_mut().zip(patterns_seen) {
            if seen.is_empty() {
                continue;
            }
            for pattern in seen {
                let form = recogniser.pattern(pattern);
                if !entity.aliases_seen.iter().any(|a| a == form) {
                    entity.aliases_seen.push(form.to_owned());
                }
            }
            entity.aliases_seen.sort();
        }
        Some(named)
    }

    /// Every entity, mentioned or not (a gazetteer's entries are all here).
    #[must_use]
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// One entity.
    #[must_use]
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }

    /// The mentions in an article's text, by position.
    #[must_use]
    pub fn mentions(&self, article: usize) -> &[Mention] {
        self.text.get(article).map_or(&[], Vec::as_slice)
    }

    /// Where an article was written, as its dateline names it ("MOSCOW, February 7. /TASS/."
    /// → Moscow).
    #[must_use]
    pub fn location(&self, article: usize) -> Option<EntityId> {
        self.locations.get(article).copied().flatten()
    }

    /// The mentions in an article's title, by position.
    #[must_use]
    pub fn title_mentions(&self, article: usize) -> &[Mention] {
        self.title.get(article).map_or(&[], Vec::as_slice)
    }

    /// The entities an article names (text and title), sorted, each once.
    #[must_use]
    pub fn entity_ids(&self, article: usize) -> Vec<EntityId> {
        let mut ids: Vec<EntityId> =
            self.mentions(article).iter().chain(self.title_mentions(article)).map(|m| m.entity).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The entities an article names (text and title), each once, most mentioned first.
    #[must_use]
    pub fn entities_of(&self, article: usize) -> Vec<(EntityId, u32)> {
        let mut counts: Vec<(EntityId, u32)> = Vec::new();
        for mention in self.mentions(article).iter().chain(self.title_mentions(article)) {
            match counts.iter_mut().find(|(id, _)| *id == mention.entity) {
                Some((_, n)) => *n += 1,
                None => counts.push((mention.entity, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| self.entity(a.0).name.cmp(&self.entity(b.0).name)));
        counts
    }

    /// A copy to correct (see [`super::corrections`]): everything but the numbers of detected
    /// names, which only extending the index as found needs (a corrected index is never
    /// extended: it is corrected anew from the one found).
    pub(super) fn corrected_copy(&self) -> Self {
        // On all cores: at 100,000 articles, hundreds of thousands of entities and as many
        // mention lists to allocate; with room to grow, so that the first articles appended
        // do not move the whole table.
        fn copied<T: Clone + Send + Sync>(items: &[T]) -> Vec<T> {
            let mut copy = Vec::with_capacity(items.len() + items.len() / 16);
            copy.par_extend(items.par_iter().cloned());
            copy
        }
        Self {
            entities: copied(&self.entities),
            text: copied(&self.text),
            title: copied(&self.title),
            locations: copied(&self.locations),
            detected: HashMap::default(),
        }
    }

    /// The parts corrections rewrite.
    pub(super) fn parts_mut(&mut self) -> Parts<'_> {
        Parts {
            entities: &mut self.entities,
            text: &mut self.text,
            title: &mut self.title,
            locations: &mut self.locations,
        }
    }

    /// The mentioned entities whose name or a form seen of it contains `query`, ignoring case
    /// (`trump` finds Donald Trump through "President Trump").
    #[must_use]
    pub fn search(&self, query: &str) -> Vec<EntityId> {
        let query = query.to_lowercase();
        self.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.mentions > 0)
            .filter(|(_, e)| {
                e.name.to_lowercase().contains(&query)
                    || e.aliases_seen.iter().any(|a| a.to_lowercase().contains(&query))
            })
            .map(|(i, _)| EntityId(i as u32))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::sync::atomic::AtomicBool;

    use super::{ArticleEntities, EntityIndex, single_spaced};
    use crate::corpus::{Corpus, LoadOptions, Location, load};
    use crate::entities::Recogniser;

    fn seed_corpus() -> Corpus {
        load(&[Location::Builtin], &LoadOptions::default(), &|_| {})
    }

    /// Built from sentences of real articles (chinadaily.com.cn, January 2017; abcnews.go.com,
    /// February 2017).
    #[test]
    fn a_surname_with_a_title_is_the_person_the_article_names_in_full() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "Hinkley Point\n\nPrime Minister Theresa May gave the go-ahead. \"If Mrs May's government had ended up \
             rejecting Hinkley Point, that would have represented a sea change.\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.txt"),
            "Travel ban\n\nUS District Court Judge James Robart upended the executive order nationwide Friday. \
             The Justice Department asked the court to overturn Judge Robart's ruling.\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("c.txt"),
            "Two Johnsons\n\nBoris Johnson met Jo Johnson on Friday, and Mr Johnson spoke first.\n",
        )
        .unwrap();
        let corpus = load(&[crate::corpus::Location::Path(dir.path().to_path_buf())], &LoadOptions::default(), &|_| {});
        let index = EntityIndex::build(corpus.articles(), &Recogniser::builtin());
        let named = |name: &str| index.entities().iter().find(|e| e.name == name).map_or(0, |e| e.mentions);
        assert_eq!(named("May"), 0, "Mrs May is Theresa May");
        assert!(named("Theresa May") >= 2);
        assert_eq!((named("James Robart"), named("Robart")), (2, 0), "Judge Robart is James Robart");
        assert!(named("Johnson") > 0, "two Johnsons in one article: Mr Johnson stays apart");
    }

    #[test]
    fn an_index_extended_article_by_article_is_the_index_built_at_once() {
        let corpus = seed_corpus();
        let recogniser = Recogniser::builtin();
        let whole = EntityIndex::build(corpus.articles(), &recogniser);
        let mut grown = EntityIndex::new(&recogniser);
        for n in 1..=corpus.articles().len() {
            assert!(grown.extend(&corpus.articles()[..n], &recogniser, &|_| {}, &AtomicBool::new(false)));
            assert_eq!(grown.len(), n);
        }
        assert_eq!(grown, whole);
    }

    #[test]
    fn a_stopped_extension_leaves_the_index_as_it_was() {
        let corpus = seed_corpus();
        let recogniser = Recogniser::builtin();
        let mut index = EntityIndex::new(&recogniser);
        assert!(!index.extend(corpus.articles(), &recogniser, &|_| {}, &AtomicBool::new(true)));
        assert_eq!(index, EntityIndex::new(&recogniser));
    }

    /// (No detected name of the seeds is told a different kind by another article, so the
    /// kinds agree too.)
    #[test]
    fn an_articles_own_names_are_those_the_index_finds_in_it() {
        let corpus = seed_corpus();
        let recogniser = Recogniser::builtin();
        let alone: Vec<ArticleEntities> =
            corpus.articles().iter().map(|a| ArticleEntities::of(a, &recogniser)).collect();
        let index = &super::EntityIndex::build(corpus.articles(), &recogniser);
        for (i, names) in alone.iter().enumerate() {
            assert!(!names.text.is_empty(), "article {i} names someone");
            for (own, mentions) in [(&names.text, index.mentions(i)), (&names.title, index.title_mentions(i))] {
                let ranges = |m: &[super::Mention]| m.iter().map(|m| (m.start, m.end)).collect::<Vec<_>>();
                assert_eq!(ranges(own), ranges(mentions), "article {i}: the same places");
                let kinds = |m: &[super::Mention], kind: &dyn Fn(&super::Mention) -> super::Kind| {
                    m.iter().map(kind).collect::<Vec<_>>()
                };
                assert_eq!(
                    kinds(own, &|m| names.kinds[m.entity.0 as usize]),
                    kinds(mentions, &|m| index.entity(m.entity).kind),
                    "article {i}: the same kinds"
                );
                // Two mentions name one entity alone exactly when they do in the index.
                for (a, b) in own.iter().zip(mentions) {
                    for (c, d) in own.iter().zip(mentions) {
                        assert_eq!(a.entity == c.entity, b.entity == d.entity, "article {i}");
                    }
                }
            }
        }
    }

    #[test]
    fn names_are_single_spaced_and_borrowed_when_they_are_already() {
        assert!(matches!(single_spaced("Mara Okonkwo"), Cow::Borrowed("Mara Okonkwo")));
        assert!(matches!(single_spaced("Andrés Manuel López"), Cow::Borrowed(_)));
        assert_eq!(single_spaced(" Mara  Okonkwo\u{a0}"), "Mara Okonkwo");
        assert_eq!(single_spaced("Mara\u{2028}Okonkwo"), "Mara Okonkwo");
        assert_eq!(single_spaced("Mara\nOkonkwo"), "Mara Okonkwo");
        assert_eq!(single_spaced("Bank  of\tLagos"), "Bank of Lagos");
    }
}
