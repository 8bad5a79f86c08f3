//! Corrections to the entities found: merge one into another, rename one, change its kind, or
//! ignore it. They are read from a human-readable TOML file (`corrections.toml`, see
//! docs/entities.md), one table per correction, applied top to bottom, each to the entities as
//! the ones before it left them. An entity is named by its name and, when given, its kind,
//! never by a number, so that corrections survive a corpus change; one naming an entity this
//! corpus lacks does nothing.
//!
//! Corrections work on top of an index as the recogniser found it, never inside recognition:
//! [`Corrections::plan`] reads the index's entity table alone (which entities the corrections
//! name, what becomes of each), and [`Plan::apply`] makes the corrected index from the one as
//! found, rewriting only the articles that name a merged or ignored entity;
//! [`Plan::extend`] corrects articles appended since. Entities keep their numbers: a merged or
//! ignored one stays in the table, with no mention.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::{Entity, EntityId, EntityIndex, Kind, Mention};
use crate::corpus::Article;
use crate::diagnostic::{FileError, error_at};

/// An entity as a correction names it: its name as shown, and its kind (any kind when none).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EntityKey {
    /// The name, single-spaced.
    pub name: String,
    /// The kind; `None` names every entity of that name.
    pub kind: Option<Kind>,
}

impl EntityKey {
    /// The key of an entity as it stands: its name and kind.
    #[must_use]
    pub fn of(entity: &Entity) -> Self {
        Self { name: entity.name.clone(), kind: Some(entity.kind) }
    }

    /// The key as the file writes it: a string, or an inline table with the kind.
    fn to_toml(&self) -> String {
        match self.kind {
            Some(kind) => format!("{{ name = {}, kind = \"{kind}\" }}", quoted(&self.name)),
            None => quoted(&self.name),
        }
    }
}

impl fmt::Display for EntityKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "“{}”", self.name)
    }
}

/// One correction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Correction {
    /// The entities named become `into`: their mentions, articles and counts are its own, and
    /// their names find it.
    Merge {
        /// The entity kept.
        into: EntityKey,
        /// The entities merged into it.
        names: Vec<EntityKey>,
    },
    /// The entity is shown under a new name; the old one still finds it.
    Rename {
        /// The entity.
        entity: EntityKey,
        /// Its new name.
        to: String,
    },
    /// The entity is of another kind.
    Kind {
        /// The entity.
        entity: EntityKey,
        /// Its kind.
        to: Kind,
    },
    /// The entity is no entity: its mentions are not highlighted, listed, searched or printed.
    Ignore {
        /// The entity.
        entity: EntityKey,
    },
}

impl Correction {
    /// The correction as an entry of the file: a `[[merge]]`, `[[rename]]`, `[[kind]]` or
    /// `[[ignore]]` table, ending with a line break.
    #[must_use]
    pub fn to_toml(&self) -> String {
        let entity = |key: &EntityKey| {
            let kind = key.kind.map(|k| format!("kind = \"{k}\"\n")).unwrap_or_default();
            format!("name = {}\n{kind}", quoted(&key.name))
        };
        match self {
            Correction::Merge { into, names } => {
                let names: Vec<String> = names.iter().map(EntityKey::to_toml).collect();
                format!("[[merge]]\ninto = {}\nnames = [{}]\n", into.to_toml(), names.join(", "))
            }
            Correction::Rename { entity: key, to } => format!("[[rename]]\n{}to = {}\n", entity(key), quoted(to)),
            Correction::Kind { entity: key, to } => format!("[[kind]]\n{}to = \"{to}\"\n", entity(key)),
            Correction::Ignore { entity: key } => format!("[[ignore]]\n{}", entity(key)),
        }
    }

    /// What it does, in a few words: `renamed “Fed” to “Federal Reserve”`. Names are as
    /// written: sanitise before printing.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Correction::Merge { into, names } => {
                let names: Vec<String> = names.iter().map(ToString::to_string).collect();
                format!("merged {} into {into}", names.join(", "))
            }
            Correction::Rename { entity, to } => format!("renamed {entity} to “{to}”"),
            Correction::Kind { entity, to } => format!("{entity} is now {} {to}", article_for(*to)),
            Correction::Ignore { entity } => format!("ignoring {entity}"),
        }
    }
}

/// "a" or "an" before a kind's name.
fn article_for(kind: Kind) -> &'static str {
    if matches!(kind, Kind::Organisation | Kind::Event | Kind::Other) { "an" } else { "a" }
}

/// A string as TOML writes it, quoted and escaped.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// Corrections, in the order they apply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corrections {
    list: Vec<Correction>,
}

/// A corrections file as read: the corrections that could be read, where each is in the text,
/// and what was wrong with the others (file, line, what).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The corrections read.
    pub corrections: Corrections,
    /// The byte range of each correction's entry in the text, from its `[[…]]` line to its last
    /// line of keys.
    pub spans: Vec<Range<usize>>,
    /// The entries that could not be read.
    pub problems: Vec<FileError>,
}

impl<'a> IntoIterator for &'a Corrections {
    type Item = &'a Correction;
    type IntoIter = std::slice::Iter<'a, Correction>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl From<Vec<Correction>> for Corrections {
    fn from(list: Vec<Correction>) -> Self {
        Self { list }
    }
}

impl Corrections {
    /// Reads a corrections file's text (`file` names it in messages). Each `[[…]]` entry is read
    /// on its own: a bad one is reported with its line and left out, and the others apply.
    #[must_use]
    pub fn parse(text: &str, file: &Path) -> Parsed {
        let mut parsed = Parsed::default();
        for chunk in chunks(text) {
            let part = &text[chunk.clone()];
            let problem = |span: Option<Range<usize>>, message: &str| {
                let span = span.map_or(chunk.start..chunk.start, |s| s.start + chunk.start..s.end + chunk.start);
                error_at(text, file, Some(span), message)
            };
            if let Some((at, name)) = single_bracket(part) {
                let message =
                    format!("`[{name}]` is a table: a correction is an entry of a list, `[[{name}]]`, two brackets");
                parsed.problems.push(problem(Some(at..at + 1), &message));
                continue;
            }
            match toml::from_str::<Chunk>(part) {
                Ok(entries) => {
                    for correction in entries.corrections() {
                        parsed.corrections.list.push(correction);
                        parsed.spans.push(chunk.clone());
                    }
                }
                Err(e) => parsed.problems.push(problem(e.span(), e.message())),
            }
        }
        parsed
    }

    /// True when there is no correction.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many corrections there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The corrections, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Correction> {
        self.list.iter()
    }

    /// The names the corrections name entities by.
    fn names(&self) -> HashSet<&str> {
        let mut names: HashSet<&str> = HashSet::new();
        for correction in &self.list {
            match correction {
                Correction::Merge { into, names: merged } => {
                    names.insert(&into.name);
                    names.extend(merged.iter().map(|n| n.name.as_str()));
                }
                Correction::Rename { entity, .. } | Correction::Kind { entity, .. } | Correction::Ignore { entity } => {
                    names.insert(&entity.name);
                }
            }
        }
        names
    }

    /// True when the corrections name one of these entities (by its name as found). When they
    /// name none of the entities an index took in with appended articles, their plan for the
    /// index is the one before ([`Corrections::plan`] reads nothing else).
    #[must_use]
    pub fn name_any(&self, entities: &[Entity]) -> bool {
        let names = self.names();
        entities.iter().any(|e| names.contains(e.name.as_str()))
    }

    /// What the corrections do to the entities of an index (`entities`, as found), one after
    /// the other: each names entities by their name (and kind) as the corrections before it
    /// left them. Reads the names the corrections use, and nothing else of the index.
    #[must_use]
    pub fn plan(&self, entities: &[Entity]) -> Plan {
        let mut planner = Planner::new(self, entities);
        for correction in &self.list {
            planner.apply(correction);
        }
        planner.finish()
    }
}

/// Where each entry of a corrections file is: from its `[[…]]` line to its last line of
/// keys, the comments and blank lines after it left to the next entry (which they precede).
/// The lines before the first header are an entry too, when they hold more than comments.
fn chunks(text: &str) -> Vec<Range<usize>> {
    let mut chunks: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        if is_header(line) {
            chunks.extend(current.take());
            current = Some(at..at + line.len());
        } else if !content.is_empty() && !content.starts_with('#') {
            let start = current.as_ref().map_or(at, |c| c.start);
            current = Some(start..at + line.len());
        }
        at += line.len();
    }
    chunks.extend(current);
    chunks
}

/// True for a table's header line: `[[merge]]`, `[rename]`, with a comment after it or not.
fn is_header(line: &str) -> bool {
    let line = line.split('#').next().unwrap_or("").trim();
    line.starts_with('[') && line.ends_with(']') && !line.contains(['=', ','])
}

/// The first header of an entry when it has one bracket (`[merge]`): where it is, and the name.
fn single_bracket(part: &str) -> Option<(usize, &str)> {
    let mut at = 0;
    for line in part.split_inclusive('\n') {
        if is_header(line) {
            let header = line.split('#').next().unwrap_or("").trim();
            let name = header.strip_prefix('[')?.strip_suffix(']')?;
            let indent = line.len() - line.trim_start().len();
            return (!name.starts_with('[')).then_some((at + indent, name.trim()));
        }
        at += line.len();
    }
    None
}

/// One entry of the file, as read (every list holds at most one when the file is written as
/// documented).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Chunk {
    #[serde(default)]
    merge: Vec<MergeEntry>,
    #[serde(default)]
    rename: Vec<RenameEntry>,
    #[serde(default)]
    kind: Vec<KindEntry>,
    #[serde(default)]
    ignore: Vec<IgnoreEntry>,
}

impl Chunk {
    fn corrections(self) -> impl Iterator<Item = Correction> {
        let key = |name: Name, kind: Option<KindName>| EntityKey { name: name.0, kind: kind.map(|k| k.0) };
        let merges = self
            .merge
            .into_iter()
            .map(|m| Correction::Merge { into: m.into.0, names: m.names.into_iter().map(|n| n.0).collect() });
        let renames =
            self.rename.into_iter().map(move |r| Correction::Rename { entity: key(r.name, r.kind), to: r.to.0 });
        let kinds = self.kind.into_iter().map(move |k| Correction::Kind { entity: key(k.name, k.kind), to: k.to.0 });
        let ignores = self.ignore.into_iter().map(move |i| Correction::Ignore { entity: key(i.name, i.kind) });
        merges.chain(renames).chain(kinds).chain(ignores)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeEntry {
    into: Named,
    names: Vec<Named>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RenameEntry {
    name: Name,
    kind: Option<KindName>,
    to: Name,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindEntry {
    name: Name,
    kind: Option<KindName>,
    to: KindName,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreEntry {
    name: Name,
    kind: Option<KindName>,
}

/// A name: not blank, single-spaced.
struct Name(String);

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(de::Error::custom("a name cannot be blank"));
        }
        Ok(Self(name))
    }
}

/// A kind's name (`person`, `organisation` or `organization`, …).
struct KindName(Kind);

impl<'de> Deserialize<'de> for KindName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map(Self).map_err(de::Error::custom)
    }
}

/// An entity in a merge: a name, or `{ name = "…", kind = "…" }`.
struct Named(EntityKey);

impl<'de> Deserialize<'de> for Named {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Expecting;
        impl<'de> Visitor<'de> for Expecting {
            type Value = Named;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an entity: its name, or { name = \"…\", kind = \"…\" }")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Named, E> {
                Name::deserialize(de::value::StrDeserializer::<E>::new(text))
                    .map(|name| Named(EntityKey { name: name.0, kind: None }))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Named, A::Error> {
                let (mut name, mut kind) = (None, None);
                while let Some(field) = map.next_key::<String>()? {
                    match field.as_str() {
                        "name" => name = Some(map.next_value::<Name>()?.0),
                        "kind" => kind = Some(map.next_value::<KindName>()?.0),
                        other => return Err(de::Error::unknown_field(other, &["name", "kind"])),
                    }
                }
                let name = name.ok_or_else(|| de::Error::missing_field("name"))?;
                Ok(Named(EntityKey { name, kind }))
            }
        }
        deserializer.deserialize_any(Expecting)
    }
}

/// What corrections do to the entities of one index (see [`Corrections::plan`]): what each
/// entity they touch becomes. Entities they leave alone are not listed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Merged entities (the entity each counts as) and ignored ones (`None`).
    moved: HashMap<u32, Option<EntityId>>,
    /// New names.
    names: HashMap<u32, String>,
    /// New kinds.
    kinds: HashMap<u32, Kind>,
    /// Names that also find an entity: its old names, and the names of the entities merged
    /// into it.
    aliases: HashMap<u32, Vec<String>>,
    /// The entities merged into each entity.
    members: HashMap<u32, Vec<u32>>,
    /// How many corrections named an entity of the index (the others do nothing).
    matched: usize,
}

impl Plan {
    /// True when the corrections change nothing in this index.
    #[must_use]
    pub fn is_identity(&self) -> bool {
        self.moved.is_empty() && self.names.is_empty() && self.kinds.is_empty()
    }

    /// How many corrections named an entity of the index: the others name entities this
    /// corpus lacks, and do nothing.
    #[must_use]
    pub fn matched(&self) -> usize {
        self.matched
    }

    /// The entity a mention of `entity` counts as, `None` when it is ignored.
    fn target(&self, entity: EntityId) -> Option<EntityId> {
        self.moved.get(&entity.0).copied().unwrap_or(Some(entity))
    }

    /// True when this plan, of an index that has grown, does to the first `entities` entities
    /// what `before` did: the articles corrected by `before` stand, and only the new ones need
    /// correcting (see [`Plan::extend`]).
    #[must_use]
    pub fn keeps(&self, before: &Plan, entities: usize) -> bool {
        fn old<T: Clone>(map: &HashMap<u32, T>, entities: usize) -> HashMap<u32, T> {
            map.iter().filter(|(id, _)| (**id as usize) < entities).map(|(id, v)| (*id, v.clone())).collect()
        }
        let moved_old: HashMap<u32, Option<EntityId>> = old(&self.moved, entities);
        // An entity of the index before merged into a new one moves its mentions of old.
        let into_new = moved_old.values().flatten().any(|to| to.0 as usize >= entities);
        !into_new
            && moved_old == before.moved
            && old(&self.names, entities) == before.names
            && old(&self.kinds, entities) == before.kinds
            && old(&self.aliases, entities) == before.aliases
            && old(&self.members, entities) == before.members
    }

    /// The index corrected: a copy of `found` (its articles' mentions and every entity's
    /// counts) with the entities renamed, retyped, merged and ignored; `None` when the plan
    /// changes nothing, so that no copy is made. Only the articles naming a merged or ignored
    /// entity are rewritten.
    #[must_use]
    pub fn apply(&self, found: &EntityIndex) -> Option<EntityIndex> {
        if self.is_identity() {
            return None;
        }
        let mut index = found.corrected_copy();
        let raw = found.entities();
        // The articles naming a merged or ignored entity, rewritten (on all cores).
        let mut touched = vec![false; found.len()];
        for &id in self.moved.keys() {
            for &(article, _) in &raw[id as usize].articles {
                touched[article as usize] = true;
            }
        }
        let parts = index.parts_mut();
        let rewrite = |(mentions, touched): (&mut Vec<Mention>, &bool)| {
            if *touched {
                self.retarget(mentions);
            }
        };
        parts.text.par_iter_mut().zip(&touched).for_each(rewrite);
        parts.title.par_iter_mut().zip(&touched).for_each(rewrite);
        for location in parts.locations.iter_mut() {
            *location = location.and_then(|e| self.target(e));
        }
        for &id in self.moved.keys() {
            let entity = &mut parts.entities[id as usize];
            entity.mentions = 0;
            entity.articles = Vec::new();
            entity.first_date = None;
            entity.last_date = None;
        }
        for (&into, members) in &self.members {
            if self.moved.contains_key(&into) {
                continue;
            }
            let entity = &mut parts.entities[into as usize];
            let mut named: Vec<(u32, u32)> = entity.articles.clone();
            for &member in members {
                let member = &raw[member as usize];
                named.extend_from_slice(&member.articles);
                entity.mentions += member.mentions;
                entity.first_date = earliest(entity.first_date, member.first_date);
                entity.last_date = entity.last_date.max(member.last_date);
            }
            named.sort_unstable_by_key(|&(a, _)| a);
            entity.articles = summed(named);
        }
        for (&id, name) in &self.names {
            parts.entities[id as usize].name.clone_from(name);
        }
        for (&id, &kind) in &self.kinds {
            parts.entities[id as usize].kind = kind;
        }
        for id in self.aliases.keys().chain(self.members.keys()) {
            parts.entities[*id as usize].aliases_seen = self.aliases_of(*id, raw);
        }
        Some(index)
    }

    /// Corrects the articles `found` indexed after those of `corrected` (appended since), and
    /// its new entities: `corrected` becomes what [`Plan::apply`] would make of `found`, when
    /// this plan [`keeps`](Plan::keeps) the one `corrected` was made with.
    pub fn extend(&self, corrected: &mut EntityIndex, found: &EntityIndex, articles: &[Article]) {
        let (first, known) = (corrected.len(), corrected.entities().len());
        let raw = found.entities();
        let parts = corrected.parts_mut();
        for (id, entity) in raw.iter().enumerate().skip(known) {
            let id = id as u32;
            let mut entity =
                Entity { mentions: 0, articles: Vec::new(), first_date: None, last_date: None, ..entity.clone() };
            if let Some(name) = self.names.get(&id) {
                entity.name.clone_from(name);
            }
            if let Some(&kind) = self.kinds.get(&id) {
                entity.kind = kind;
            }
            parts.entities.push(entity);
        }
        let mut seen: HashSet<u32> = HashSet::new();
        for (article, appended) in articles.iter().enumerate().take(found.len()).skip(first) {
            let mut text = found.mentions(article).to_vec();
            let mut title = found.title_mentions(article).to_vec();
            seen.extend(text.iter().chain(&title).map(|m| m.entity.0));
            self.retarget(&mut text);
            self.retarget(&mut title);
            let mut ids: Vec<EntityId> = text.iter().chain(&title).map(|m| m.entity).collect();
            ids.sort_unstable();
            super::index::count_article(parts.entities, article, &ids, appended.date);
            parts.text.push(text);
            parts.title.push(title);
            parts.locations.push(found.location(article).and_then(|e| self.target(e)));
        }
        // New forms seen of an entity are its, or the entity's it was merged into.
        for id in seen {
            if self.moved.contains_key(&id) {
                parts.entities[id as usize].aliases_seen.clone_from(&raw[id as usize].aliases_seen);
            }
            let Some(root) = self.target(EntityId(id)) else { continue };
            let aliases = if self.aliases.contains_key(&root.0) || self.members.contains_key(&root.0) {
                self.aliases_of(root.0, raw)
            } else {
                raw[root.0 as usize].aliases_seen.clone()
            };
            parts.entities[root.0 as usize].aliases_seen = aliases;
        }
    }

    /// Mentions made to name the entities they count as, those of ignored entities left out.
    fn retarget(&self, mentions: &mut Vec<Mention>) {
        if mentions.iter().any(|m| self.moved.contains_key(&m.entity.0)) {
            mentions.retain_mut(|m| match self.target(m.entity) {
                Some(to) => {
                    m.entity = to;
                    true
                }
                None => false,
            });
        }
    }

    /// The forms that find an entity once corrected: those seen of it and of the entities
    /// merged into it, their names, and its old names (but the name it is shown by); sorted,
    /// each once.
    fn aliases_of(&self, id: u32, raw: &[Entity]) -> Vec<String> {
        let members = self.members.get(&id).map_or(&[][..], Vec::as_slice);
        let mut added: Vec<String> = Vec::new();
        for &member in members {
            added.push(raw[member as usize].name.clone());
            added.extend(raw[member as usize].aliases_seen.iter().cloned());
        }
        added.extend(self.aliases.get(&id).into_iter().flatten().cloned());
        let shown = self.names.get(&id).unwrap_or(&raw[id as usize].name);
        added.retain(|a| a != shown);
        let mut aliases: Vec<String> = raw[id as usize].aliases_seen.clone();
        aliases.extend(added);
        aliases.sort();
        aliases.dedup();
        aliases
    }
}

/// The earlier of two dates, either of which may be unknown.
fn earliest(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        _ => a.or(b),
    }
}

/// Article lists with each article's counts summed (sorted by article).
fn summed(sorted: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(sorted.len());
    for (article, count) in sorted {
        match out.last_mut() {
            Some((last, total)) if *last == article => *total += count,
            _ => out.push((article, count)),
        }
    }
    out
}

/// Works out a [`Plan`]: the entities' names and kinds as the corrections so far left them.
struct Planner<'a> {
    entities: &'a [Entity],
    /// The live entities (neither merged nor ignored) of each name the corrections use, and of
    /// each new name.
    by_name: HashMap<String, Vec<u32>>,
    /// Entities merged into another (its number) or ignored (`None`).
    moved: HashMap<u32, Option<u32>>,
    names: HashMap<u32, String>,
    kinds: HashMap<u32, Kind>,
    aliases: HashMap<u32, Vec<String>>,
    matched: usize,
}

impl<'a> Planner<'a> {
    fn new(corrections: &Corrections, entities: &'a [Entity]) -> Self {
        let wanted = corrections.names();
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
        for (id, entity) in entities.iter().enumerate() {
            if wanted.contains(entity.name.as_str()) {
                by_name.entry(entity.name.clone()).or_default().push(id as u32);
            }
        }
        Self {
            entities,
            by_name,
            moved: HashMap::new(),
            names: HashMap::new(),
            kinds: HashMap::new(),
            aliases: HashMap::new(),
            matched: 0,
        }
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(&id).unwrap_or(&self.entities[id as usize].name)
    }

    fn kind(&self, id: u32) -> Kind {
        self.kinds.get(&id).copied().unwrap_or(self.entities[id as usize].kind)
    }

    /// The live entities a key names, in the index's order.
    fn find(&self, key: &EntityKey) -> Vec<u32> {
        let ids = self.by_name.get(&key.name).map_or(&[][..], Vec::as_slice);
        ids.iter().copied().filter(|&id| key.kind.is_none_or(|k| self.kind(id) == k)).collect()
    }

    /// The entity leaves the list of its name (merged, ignored, or renamed).
    fn unlist(&mut self, id: u32) {
        let name = self.name(id).to_owned();
        if let Some(ids) = self.by_name.get_mut(&name) {
            ids.retain(|&other| other != id);
        }
    }

    fn apply(&mut self, correction: &Correction) {
        let mut matched = false;
        match correction {
            Correction::Rename { entity, to } => {
                for id in self.find(entity) {
                    matched = true;
                    if self.name(id) == to {
                        continue;
                    }
                    let old = self.name(id).to_owned();
                    self.unlist(id);
                    self.aliases.entry(id).or_default().push(old);
                    self.names.insert(id, to.clone());
                    let ids = self.by_name.entry(to.clone()).or_default();
                    ids.push(id);
                    ids.sort_unstable();
                }
            }
            Correction::Kind { entity, to } => {
                for id in self.find(entity) {
                    matched = true;
                    self.kinds.insert(id, *to);
                }
            }
            Correction::Ignore { entity } => {
                for id in self.find(entity) {
                    matched = true;
                    self.unlist(id);
                    self.moved.insert(id, None);
                }
            }
            Correction::Merge { into, names } => {
                // Of several entities of one name, the first in the index (gazetteer entries
                // come first): the same on every load, however the corpus grows.
                let Some(&target) = self.find(into).first() else { return };
                for key in names {
                    for id in self.find(key).into_iter().filter(|&id| id != target) {
                        matched = true;
                        let name = self.name(id).to_owned();
                        let carried = self.aliases.remove(&id).unwrap_or_default();
                        let aliases = self.aliases.entry(target).or_default();
                        aliases.push(name);
                        aliases.extend(carried);
                        self.unlist(id);
                        self.moved.insert(id, Some(target));
                    }
                }
            }
        }
        self.matched += usize::from(matched);
    }

    fn finish(self) -> Plan {
        // Merged into an entity merged or ignored since: what that one became.
        let root = |mut id: u32| {
            while let Some(&to) = self.moved.get(&id) {
                match to {
                    Some(to) => id = to,
                    None => return None,
                }
            }
            Some(id)
        };
        let moved: HashMap<u32, Option<EntityId>> = self.moved.keys().map(|&id| (id, root(id).map(EntityId))).collect();
        let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
        for (&id, to) in &moved {
            if let Some(to) = to {
                members.entry(to.0).or_default().push(id);
            }
        }
        for list in members.values_mut() {
            list.sort_unstable();
        }
        let live = |id: &u32| !moved.contains_key(id);
        let mut aliases = self.aliases;
        aliases.retain(|id, _| live(id));
        let mut names = self.names;
        names.retain(|id, _| live(id));
        // A name or kind set back to the one found changes nothing.
        names.retain(|&id, name| self.entities[id as usize].name != *name);
        let mut kinds = self.kinds;
        kinds.retain(|id, _| live(id));
        kinds.retain(|&id, kind| self.entities[id as usize].kind != *kind);
        Plan { moved, names, kinds, aliases, members, matched: self.matched }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::corpus::{Corpus, LoadOptions, Location, load};
    use crate::entities::Recogniser;

    fn seeds() -> (Corpus, EntityIndex) {
        let corpus = load(&[Location::Builtin], &LoadOptions::default(), &|_| {});
        let index = EntityIndex::build(corpus.articles(), &Recogniser::builtin());
        (corpus, index)
    }

    fn parsed(text: &str) -> Parsed {
        Corrections::parse(text, Path::new("corrections.toml"))
    }

    fn corrected(index: &EntityIndex, text: &str) -> EntityIndex {
        let parsed = parsed(text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        parsed.corrections.plan(index.entities()).apply(index).expect("the corrections change something")
    }

    fn named<'a>(index: &'a EntityIndex, name: &str) -> (EntityId, &'a Entity) {
        let (id, entity) = index.entities().iter().enumerate().find(|(_, e)| e.name == name).expect(name);
        (EntityId(id as u32), entity)
    }

    /// Every mention of the corpus, by entity name.
    fn mentions_of(index: &EntityIndex, name: &str) -> usize {
        (0..index.len())
            .flat_map(|a| index.mentions(a).iter().chain(index.title_mentions(a)))
            .filter(|m| index.entity(m.entity).name == name)
            .count()
    }

    const EVERY_KIND: &str = r#"# A comment before the first entry.
[[merge]]
into = "Donald Trump"
names = ["Xi Jinping", { name = "Scott Bessent", kind = "person" }]

[[rename]]
name = "Kevin Hassett"
to = "Kevin A. Hassett"

[[kind]]
name = "Wall Street"
kind = "organisation"
to = "place"

[[ignore]]
name = "London"
"#;

    #[test]
    fn every_kind_of_correction_is_read_in_order() {
        let parsed = parsed(EVERY_KIND);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let list: Vec<&Correction> = parsed.corrections.iter().collect();
        assert_eq!(list.len(), 4);
        assert_eq!(
            list[0],
            &Correction::Merge {
                into: EntityKey { name: "Donald Trump".into(), kind: None },
                names: vec![
                    EntityKey { name: "Xi Jinping".into(), kind: None },
                    EntityKey { name: "Scott Bessent".into(), kind: Some(Kind::Person) },
                ],
            }
        );
        assert!(matches!(list[1], Correction::Rename { to, .. } if to == "Kevin A. Hassett"));
        assert!(
            matches!(list[2], Correction::Kind { to: Kind::Place, entity } if entity.kind == Some(Kind::Organisation))
        );
        assert!(matches!(list[3], Correction::Ignore { entity } if entity.name == "London"));
        assert_eq!(
            &EVERY_KIND[parsed.spans[1].clone()],
            "[[rename]]\nname = \"Kevin Hassett\"\nto = \"Kevin A. Hassett\"\n"
        );
    }

    #[test]
    fn a_bad_entry_is_reported_with_its_line_and_the_others_apply() {
        let text = "[[rename]]\nname = \"Kevin Hassett\"\nto = \"Hassett\"\n\n\
                    [[kind]]\nname = \"Wall Street\"\nto = \"plase\"\n\n\
                    [[renmae]]\nname = \"a\"\n\n\
                    [ignore]\nname = \"London\"\n\n\
                    [[merge]]\ninto = \"Donald Trump\"\nnames = [{ nom = \"Xi\" }]\n\n\
                    [[rename]]\nname = \"Beijing\"\nto = \"Peking\n\n\
                    [[ignore]]\nname = \"Geneva\"\n";
        let parsed = parsed(text);
        let lines: Vec<usize> = parsed.problems.iter().map(|p| p.position.unwrap().0).collect();
        assert_eq!(lines, [7, 9, 12, 17, 21], "{:#?}", parsed.problems);
        let messages: Vec<String> = parsed.problems.iter().map(ToString::to_string).collect();
        assert!(messages[0].starts_with("corrections.toml:7:6: kind.to: unknown kind \"plase\""), "{}", messages[0]);
        assert!(messages[1].contains("unknown field `renmae`") && messages[1].contains("did you mean `rename`?"));
        assert!(messages[2].contains("`[[ignore]]`, two brackets"), "{}", messages[2]);
        assert!(messages[3].contains("unknown field `nom`"), "{}", messages[3]);
        let names: Vec<&str> = parsed
            .corrections
            .iter()
            .map(|c| match c {
                Correction::Rename { entity, .. } | Correction::Ignore { entity } => entity.name.as_str(),
                _ => "?",
            })
            .collect();
        assert_eq!(names, ["Kevin Hassett", "Geneva"], "the good entries apply");
    }

    #[test]
    fn lists_may_span_lines_and_comments_stand_anywhere() {
        let text = "[[merge]] # Xi, all of him\ninto = \"Xi Jinping\"\nnames = [\n  \"Xi\",  # short\n  \
                    { name = \"President Xi\", kind = \"other\" },\n]\n# next\n[[ignore]]\nname = \"Getty Images\"\n";
        let parsed = parsed(text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.corrections.len(), 2);
        assert!(matches!(parsed.corrections.iter().next(), Some(Correction::Merge { names, .. }) if names.len() == 2));
        assert!(text[parsed.spans[0].clone()].ends_with("]\n"), "the comment after it is the next entry's");
    }

    #[test]
    fn an_entry_written_is_read_back_as_it_was() {
        let odd = "Quote \" and back\\slash";
        for correction in [
            Correction::Merge {
                into: EntityKey { name: odd.into(), kind: Some(Kind::Other) },
                names: vec![EntityKey { name: "Xi".into(), kind: None }],
            },
            Correction::Rename { entity: EntityKey { name: odd.into(), kind: Some(Kind::Person) }, to: "Ü".into() },
            Correction::Kind { entity: EntityKey { name: "Jordan".into(), kind: None }, to: Kind::Place },
            Correction::Ignore { entity: EntityKey { name: "Getty Images".into(), kind: Some(Kind::Organisation) } },
        ] {
            let text = correction.to_toml();
            let parsed = parsed(&text);
            assert!(parsed.problems.is_empty(), "{text}: {:?}", parsed.problems);
            assert_eq!(parsed.corrections.iter().collect::<Vec<_>>(), [&correction], "{text}");
        }
    }

    #[test]
    fn merged_renamed_retyped_and_ignored_entities_are_so_everywhere() {
        let (_, found) = seeds();
        let index = corrected(&found, EVERY_KIND);
        // Merged: the mentions, articles and counts of both, under the one kept.
        let (trump, entity) = named(&index, "Donald Trump");
        let (_, raw_trump) = named(&found, "Donald Trump");
        let (xi, raw_xi) = named(&found, "Xi Jinping");
        let (_, raw_bessent) = named(&found, "Scott Bessent");
        assert_eq!(entity.mentions, raw_trump.mentions + raw_xi.mentions + raw_bessent.mentions);
        assert_eq!(mentions_of(&index, "Donald Trump"), entity.mentions as usize);
        assert_eq!(index.entity(xi).mentions, 0);
        assert_eq!(mentions_of(&index, "Xi Jinping"), 0);
        assert!(entity.articles.windows(2).all(|w| w[0].0 < w[1].0), "articles in corpus order, each once");
        let counted: u32 = entity.articles.iter().map(|(_, n)| n).sum();
        assert_eq!(counted, entity.mentions);
        assert_eq!(index.search("xi jinping"), [trump], "the merged name finds the entity kept");
        assert!(entity.aliases_seen.contains(&"President Xi Jinping".to_owned()));
        // Renamed: the new name shown, the old one finds it.
        let (hassett, renamed) = named(&index, "Kevin A. Hassett");
        assert_eq!(renamed.mentions, named(&found, "Kevin Hassett").1.mentions);
        assert_eq!(index.search("kevin hassett"), [hassett]);
        // Retyped.
        assert_eq!(named(&index, "Wall Street").1.kind, Kind::Place);
        // Ignored: no mention, no article, no search hit, no dateline.
        let (london, ignored) = named(&index, "London");
        assert_eq!((ignored.mentions, ignored.articles.len()), (0, 0));
        assert_eq!(mentions_of(&index, "London"), 0);
        assert!(index.search("london").is_empty());
        assert!((0..index.len()).all(|a| index.location(a) != Some(london)));
        // The rest as found.
        assert_eq!(named(&index, "China").1, named(&found, "China").1);
        let untouched = (0..found.len()).find(|&a| found.entity_ids(a).iter().all(|&e| e != xi && e != london));
        if let Some(a) = untouched {
            assert_eq!(index.mentions(a), found.mentions(a));
        }
    }

    #[test]
    fn corrections_apply_one_after_the_other_to_names_as_they_stand() {
        let (_, found) = seeds();
        let index = corrected(
            &found,
            "[[rename]]\nname = \"Kevin Hassett\"\nto = \"Hassett\"\n\
             [[kind]]\nname = \"Hassett\"\nkind = \"person\"\nto = \"other\"\n\
             [[merge]]\ninto = \"Hassett\"\nnames = [\"He Lifeng\"]\n\
             [[ignore]]\nname = \"Kevin Hassett\"\n",
        );
        let (_, hassett) = named(&index, "Hassett");
        assert_eq!(hassett.kind, Kind::Other);
        let expected = named(&found, "Kevin Hassett").1.mentions + named(&found, "He Lifeng").1.mentions;
        assert_eq!(hassett.mentions, expected, "the old name names nothing any more: nothing is ignored");
    }

    #[test]
    fn a_correction_naming_no_entity_of_the_corpus_does_nothing() {
        let (_, found) = seeds();
        let parsed = parsed(
            "[[rename]]\nname = \"Nobody\"\nto = \"Somebody\"\n[[ignore]]\nname = \"China\"\nkind = \"person\"\n\
             [[merge]]\ninto = \"Nobody\"\nnames = [\"China\"]\n",
        );
        let plan = parsed.corrections.plan(found.entities());
        assert!(plan.is_identity());
        assert_eq!(plan.matched(), 0);
        assert_eq!(plan.apply(&found), None, "no copy is made");
    }

    #[test]
    fn taking_back_the_last_correction_is_applying_the_others() {
        let (_, found) = seeds();
        let all = parsed(EVERY_KIND).corrections;
        let fewer = Corrections::from(all.iter().take(3).cloned().collect::<Vec<_>>());
        let index = fewer.plan(found.entities()).apply(&found).unwrap();
        assert_eq!(named(&index, "London").1, named(&found, "London").1);
        assert_eq!(named(&index, "Wall Street").1.kind, Kind::Place);
    }

    /// Indexes the corpus's articles one at a time, correcting each new one as the library
    /// does; the result is the whole corpus's index corrected at once.
    fn grown_is_corrected_at_once(corpus: &Corpus, corrections: &Corrections) {
        let recogniser = Recogniser::builtin();
        let articles = corpus.articles();
        let whole = EntityIndex::build(articles, &recogniser);
        let expected = corrections.plan(whole.entities()).apply(&whole).expect("the corrections change something");
        let mut found = EntityIndex::new(&recogniser);
        let (mut plan, mut index) = (Plan::default(), found.corrected_copy());
        for n in 1..=articles.len() {
            found.extend(&articles[..n], &recogniser, &|_| {}, &AtomicBool::new(false));
            let grown = corrections.plan(found.entities());
            if grown.keeps(&plan, index.entities().len()) {
                grown.extend(&mut index, &found, articles);
            } else {
                index = grown.apply(&found).unwrap_or_else(|| found.corrected_copy());
            }
            plan = grown;
        }
        same(&index, &expected);
    }

    #[test]
    fn articles_appended_later_come_out_corrected() {
        grown_is_corrected_at_once(&seeds().0, &parsed(EVERY_KIND).corrections);
    }

    /// The merge waits for the entity it keeps, which only the last article names: the
    /// articles before are corrected again then.
    #[test]
    fn a_correction_that_comes_to_apply_as_articles_are_appended_corrects_the_earlier_ones() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("a.txt", "Talks in Lagos\n\nThe minister Mara Okonkwo met bankers on Monday. Okonkwo said so.\n"),
            ("b.txt", "Markets\n\nShares rose on Tuesday after Mara Okonkwo spoke, traders said.\n"),
            ("c.txt", "Farewell\n\nThe banker Tunde Bello left on Friday, and Mara Okonkwo thanked him.\n"),
        ];
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let corpus = load(&[Location::Path(dir.path().to_path_buf())], &LoadOptions::default(), &|_| {});
        let corrections = parsed(
            "[[merge]]\ninto = \"Tunde Bello\"\nnames = [\"Mara Okonkwo\"]\n[[kind]]\nname = \"Lagos\"\nto = \"other\"\n",
        )
        .corrections;
        grown_is_corrected_at_once(&corpus, &corrections);
        let index = EntityIndex::build(corpus.articles(), &Recogniser::builtin());
        let corrected = corrections.plan(index.entities()).apply(&index).unwrap();
        assert_eq!(named(&corrected, "Tunde Bello").1.articles.len(), 3);
    }

    /// Two indexes alike; the first difference told (an index prints at length).
    fn same(a: &EntityIndex, b: &EntityIndex) {
        assert_eq!(a.entities().len(), b.entities().len(), "entities");
        for (x, y) in a.entities().iter().zip(b.entities()) {
            assert_eq!(x, y);
        }
        assert_eq!(a.len(), b.len(), "articles");
        for article in 0..a.len() {
            assert_eq!(a.mentions(article), b.mentions(article), "article {article}");
            assert_eq!(a.title_mentions(article), b.title_mentions(article), "article {article}'s title");
            assert_eq!(a.location(article), b.location(article), "article {article}'s location");
        }
        assert!(a == b, "alike but for the numbers of detected names");
    }
}
