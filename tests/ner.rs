//! Precision and recall of the whole entity recogniser (built-in gazetteer plus detection of
//! unknown names) on the hand-annotated sample in `tests/fixtures/ner/` (see its GUIDELINES.md).
//!
//! A found mention counts as right when it overlaps an annotated mention of the same kind
//! (`President Trump` for an annotated `Trump` is right); each annotated mention is matched at
//! most once. `cargo test --test ner -- --nocapture` prints the table quoted in the README.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;

use newsdesk::entities::Kind;
use support::{fixture, load_path};

/// An annotated mention: where it is in the clean text, and its kind.
#[derive(Debug)]
struct Gold {
    range: Range<usize>,
    kind: Kind,
    surface: String,
}

/// Splits `{{surface|kind}}` markup from a fixture: the plain text, and the mentions in order.
fn parse_markup(marked: &str) -> (String, Vec<(String, Kind)>) {
    let mut plain = String::with_capacity(marked.len());
    let mut mentions = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find("{{") {
        plain.push_str(&rest[..open]);
        let close = rest[open..].find("}}").expect("every {{ closes") + open;
        let (surface, kind) = rest[open + 2..close].rsplit_once('|').expect("{{surface|kind}}");
        plain.push_str(surface);
        mentions.push((surface.to_owned(), kind.parse::<Kind>().expect("a known kind")));
        rest = &rest[close + 2..];
    }
    plain.push_str(rest);
    (plain, mentions)
}

/// Counts of one comparison.
#[derive(Default, Clone, Copy)]
struct Tally {
    found: usize,
    found_right: usize,
    gold: usize,
    gold_found: usize,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.found += other.found;
        self.found_right += other.found_right;
        self.gold += other.gold;
        self.gold_found += other.gold_found;
    }

    fn precision(self) -> f64 {
        ratio(self.found_right, self.found)
    }

    fn recall(self) -> f64 {
        ratio(self.gold_found, self.gold)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    // Counts of mentions: far below 2^52.
    #[allow(clippy::cast_precision_loss)]
    let (a, b) = (a as f64, b as f64);
    if b == 0.0 { 1.0 } else { a / b }
}

/// Loads one fixture through the real loader and compares what the recogniser found in its
/// body with the annotation. Returns the tally per kind, and the misses for the report.
fn evaluate(name: &str, marked: &str) -> (BTreeMap<Kind, Tally>, Vec<String>) {
    let (plain, mentions) = parse_markup(marked);
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(format!("{name}.txt")), &plain).unwrap();
    let corpus = load_path(dir.path());
    assert_eq!(corpus.articles().len(), 1, "{name} loads as one article");
    let text = &corpus.articles()[0].text;

    // Place each annotated mention in the clean text, in order.
    let mut gold = Vec::new();
    let mut cursor = 0;
    for (surface, kind) in mentions {
        let Some(at) = text[cursor..].find(&surface) else {
            panic!(
                "{name}: annotated {surface:?} is not in the clean body after byte {cursor} (annotate the body only)"
            );
        };
        let start = cursor + at;
        gold.push(Gold { range: start..start + surface.len(), kind, surface });
        cursor = start + 1;
    }

    let index = corpus.entities();
    let found: Vec<(Range<usize>, Kind, String)> = index
        .mentions(0)
        .iter()
        .map(|m| {
            let range = m.start as usize..m.end as usize;
            (range.clone(), index.entity(m.entity).kind, text[range].to_owned())
        })
        .collect();

    let mut tally: BTreeMap<Kind, Tally> = BTreeMap::new();
    let mut notes = Vec::new();
    let mut matched = vec![false; gold.len()];
    for (range, kind, surface) in &found {
        let t = tally.entry(*kind).or_default();
        t.found += 1;
        let hit = gold
            .iter()
            .enumerate()
            .find(|(i, g)| !matched[*i] && g.kind == *kind && g.range.start < range.end && range.start < g.range.end);
        if let Some((i, _)) = hit {
            matched[i] = true;
            t.found_right += 1;
        } else {
            let annotated = gold.iter().find(|g| g.range.start < range.end && range.start < g.range.end);
            notes.push(match annotated {
                Some(g) => format!("{name}: wrong kind  {surface:?} as {kind}, annotated {}", g.kind),
                None => format!("{name}: spurious    {surface:?} as {kind}"),
            });
        }
    }
    for (g, hit) in gold.iter().zip(&matched) {
        let t = tally.entry(g.kind).or_default();
        t.gold += 1;
        if *hit {
            t.gold_found += 1;
        } else if !notes.iter().any(|n| n.contains(&format!("{:?}", g.surface))) {
            notes.push(format!("{name}: missed      {:?} ({})", g.surface, g.kind));
        }
    }
    (tally, notes)
}

#[test]
fn markup_parses_into_text_and_mentions() {
    let (plain, mentions) = parse_markup("{{Trump|person}} met {{Xi Jinping|person}} in {{Busan|place}}.");
    assert_eq!(plain, "Trump met Xi Jinping in Busan.");
    assert_eq!(
        mentions,
        vec![("Trump".into(), Kind::Person), ("Xi Jinping".into(), Kind::Person), ("Busan".into(), Kind::Place)]
    );
}

#[test]
fn recogniser_precision_and_recall_on_the_annotated_sample() {
    let mut files: Vec<_> = fs::read_dir(fixture("ner"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the sample has the seeds and at least 15 other articles");

    let mut per_kind: BTreeMap<Kind, Tally> = BTreeMap::new();
    let mut notes = Vec::new();
    for file in &files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let (tally, mut file_notes) = evaluate(&name, &fs::read_to_string(file).unwrap());
        for (kind, t) in tally {
            per_kind.entry(kind).or_default().add(t);
        }
        notes.append(&mut file_notes);
    }
    let mut total = Tally::default();
    println!("| kind | annotated | found | precision | recall |\n| --- | ---: | ---: | ---: | ---: |");
    for (kind, t) in &per_kind {
        total.add(*t);
        println!("| {kind} | {} | {} | {:.0}% | {:.0}% |", t.gold, t.found, 100.0 * t.precision(), 100.0 * t.recall());
    }
    println!(
        "| all | {} | {} | {:.1}% | {:.1}% |",
        total.gold,
        total.found,
        100.0 * total.precision(),
        100.0 * total.recall()
    );
    println!("\n{} files; errors:\n{}", files.len(), notes.join("\n"));

    // Precision matters more than recall: floors a little under the measured numbers, so that a
    // change that makes the recogniser worse fails here.
    assert!(total.precision() >= PRECISION_FLOOR, "precision {:.3} fell under {PRECISION_FLOOR}", total.precision());
    assert!(total.recall() >= RECALL_FLOOR, "recall {:.3} fell under {RECALL_FLOOR}", total.recall());
}

const PRECISION_FLOOR: f64 = 0.93;
const RECALL_FLOOR: f64 = 0.85;
