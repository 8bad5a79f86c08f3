//! The library grows: articles appended after the load (a new file in a watched folder, a
//! fetched feed) are seen by search, entity pivots and counts, as if loaded at first.

mod support;

use newsdesk::corpus::{self, LoadOptions, Location};
use newsdesk::entities::Recogniser;
use newsdesk::query::Query;
use newsdesk::search::search;

const LATER: &str = "Hassett meets Ursula Brandt in Geneva\n\nKevin Hassett met Ursula Brandt of the \
                     Geneva Minerals Council on Monday to discuss rare earth supplies. Ursula Brandt said \
                     talks with Kevin Hassett would go on.\n";

fn later_corpus(dir: &std::path::Path) -> corpus::Corpus {
    std::fs::write(dir.join("later.txt"), LATER).unwrap();
    corpus::load(&[Location::Path(dir.to_path_buf())], &LoadOptions::default(), &|_| {})
}

fn entity<'a>(library: &'a newsdesk::library::Library, name: &str) -> &'a newsdesk::entities::Entity {
    library.entities().entities().iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entity {name}"))
}

#[test]
fn appended_articles_are_searched_pivoted_to_and_counted() {
    let mut library = support::seeds();
    let before = library.articles().len();
    let hassett_before = entity(&library, "Kevin Hassett").clone();
    assert!(search(&library, &Query::parse("'brandt")).is_empty());

    let dir = tempfile::tempdir().unwrap();
    let added = library.append(later_corpus(dir.path()), Some(&Recogniser::builtin()));
    assert_eq!(added, before..before + 1);
    assert_eq!(library.articles().len(), before + 1);
    assert!(library.entities_found(), "the new article's entities are found with it");

    // Search sees the new article, by its words and by its entities.
    let hits = search(&library, &Query::parse("'brandt"));
    assert_eq!(hits.iter().map(|h| h.article as usize).collect::<Vec<_>>(), vec![before]);
    let named = search(&library, &Query::parse("entity:hassett"));
    assert!(named.iter().any(|h| h.article as usize == before), "the new article names Kevin Hassett");

    // The pivot on Kevin Hassett lists it, and the counts add up.
    let hassett = entity(&library, "Kevin Hassett");
    assert_eq!(hassett.articles.len(), hassett_before.articles.len() + 1);
    assert_eq!(hassett.articles.last(), Some(&(before as u32, 3)), "title and text");
    assert_eq!(hassett.mentions, hassett_before.mentions + 3);
    let brandt = entity(&library, "Ursula Brandt");
    assert_eq!((brandt.mentions, brandt.articles.clone()), (2, vec![(before as u32, 2)]));
    assert_eq!(library.haystacks().entities_of(before).len(), library.entities().entities_of(before).len());
}

#[test]
fn articles_appended_before_the_entities_are_found_are_found_with_the_rest() {
    let mut library = support::load_without_entities(&[Location::Builtin]);
    let dir = tempfile::tempdir().unwrap();
    let added = library.append(later_corpus(dir.path()), Some(&Recogniser::builtin()));
    assert!(!library.entities_found());
    let index = library.find_entities(&Recogniser::builtin(), &|_| {}, &std::sync::atomic::AtomicBool::new(false));
    library.set_entities(index.expect("not stopped"));
    assert!(library.entities_found());
    assert_eq!(entity(&library, "Ursula Brandt").articles, vec![(added.start as u32, 2)]);
    let hits = search(&library, &Query::parse("entity:brandt"));
    assert_eq!(hits.iter().map(|h| h.article as usize).collect::<Vec<_>>(), vec![added.start]);
}

#[test]
fn an_appended_article_counts_as_the_same_article_loaded_at_first() {
    let dir = tempfile::tempdir().unwrap();
    let later = later_corpus(dir.path());
    let mut grown = support::seeds();
    grown.append(later, Some(&Recogniser::builtin()));
    let at_once = support::load(&[Location::Builtin, Location::Path(dir.path().to_path_buf())]);
    let counts = |library: &newsdesk::library::Library| {
        let mut counts: Vec<(String, u32, usize)> = library
            .entities()
            .entities()
            .iter()
            .filter(|e| e.mentions > 0)
            .map(|e| (e.name.clone(), e.mentions, e.articles.len()))
            .collect();
        counts.sort();
        counts
    };
    assert_eq!(counts(&grown), counts(&at_once));
    assert_eq!(grown.corpus().sources().len(), at_once.corpus().sources().len());
}

#[test]
fn an_appended_source_differing_only_in_case_is_the_same_source() {
    let mut library = support::seeds();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("later.md"), format!("---\nsource: COIN WORLD\n---\n{LATER}")).unwrap();
    let later = corpus::load(&[Location::Path(dir.path().to_path_buf())], &LoadOptions::default(), &|_| {});
    let added = library.append(later, Some(&Recogniser::builtin()));
    let seed = library.articles().iter().find(|a| library.source_name(a.source) == "Coin World").expect("seed 004");
    assert_eq!(library.articles()[added.start].source, seed.source, "as a load interns sources");
}
