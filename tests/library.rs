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

#[test]
fn appended_articles_join_their_story_or_start_one_and_the_others_keep_theirs() {
    let mut library = support::seeds();
    let found = library.find_stories(&|_| {}, &std::sync::atomic::AtomicBool::new(false)).unwrap();
    library.set_stories(found);
    let before: Vec<u32> = library.stories().unwrap().of_article.clone();
    let london = |library: &newsdesk::library::Library| {
        let at = library.articles().iter().position(|a| a.origin.to_string().contains("004_")).unwrap();
        library.stories().unwrap().of_article[at]
    };
    let story_before = london(&library);
    let members_before = library.stories().unwrap().stories[story_before as usize].articles.clone();

    // A wire copy of the London report with a new headline and a sign-off, and an unrelated
    // article, arrive in the folder.
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/004_25d0d9acb951db08.txt"),
    )
    .unwrap();
    let body = seed.split_once("1min read").map_or(seed.as_str(), |(_, rest)| rest);
    std::fs::write(
        dir.path().join("copy.md"),
        format!("---\ntitle: London talks turn to rare earths\nsource: Wire\ndate: 2025-06-09\n---\n{body}\n\nReporting by the wire desk."),
    )
    .unwrap();
    std::fs::write(dir.path().join("other.txt"), "Harvest festival opens\n\nDate: 2025-06-09\n\nThe village fair opened with a parade of tractors and a pie contest judged by the mayor.\n").unwrap();
    let more = corpus::load(&[Location::Path(dir.path().to_path_buf())], &LoadOptions::default(), &|_| {});
    let added = library.append(more, Some(&Recogniser::builtin()));
    let stories = library.stories().expect("kept up to date");
    assert_eq!(stories.of_article.len(), library.articles().len());
    let (copy, other) = if library.articles()[added.start].title.contains("London") {
        (added.start, added.start + 1)
    } else {
        (added.start + 1, added.start)
    };
    let story = london(&library) as usize;
    assert_eq!(stories.of_article[copy] as usize, story, "the copy joins the London story");
    assert_ne!(stories.of_article[other] as usize, story);
    assert_eq!(stories.stories[stories.of_article[other] as usize].articles, vec![other], "a story of its own");
    let mut expected = members_before.clone();
    expected.push(copy);
    let mut members = stories.stories[story].articles.clone();
    members.sort_unstable();
    expected.sort_unstable();
    assert_eq!(members, expected, "the London story gains the copy alone");
    // Every earlier article keeps the company it had.
    for a in 0..before.len() {
        for b in 0..before.len() {
            assert_eq!(before[a] == before[b], stories.of_article[a] == stories.of_article[b], "{a} and {b}");
        }
    }
    assert!(stories.stories[story].sources.len() > 2, "the wire is one more outlet");
}

/// Corrections from a file's text, as the reader and the command line read them.
fn corrections(text: &str) -> newsdesk::entities::corrections::Corrections {
    let parsed = newsdesk::entities::corrections::Corrections::parse(text, std::path::Path::new("corrections.toml"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    parsed.corrections
}

#[test]
fn corrections_apply_to_search_and_to_articles_appended_later_and_are_taken_back() {
    let mut library = support::seeds();
    // Made before search's haystacks, which must then take the corrections in.
    assert!(!search(&library, &Query::parse("entity:london")).is_empty());
    let found = library.entities_as_found().clone();
    library.set_corrections(corrections(
        "[[rename]]\nname = \"Kevin Hassett\"\nto = \"Kevin A. Hassett\"\n\
         [[ignore]]\nname = \"London\"\n\
         [[merge]]\ninto = \"Kevin A. Hassett\"\nnames = [\"Ursula Brandt\"]\n",
    ));
    assert_eq!(library.entities_as_found(), &found, "the index as found stays as found");
    assert!(search(&library, &Query::parse("entity:london")).is_empty(), "ignored");
    let by_new = search(&library, &Query::parse("entity:\"kevin a. hassett\""));
    let by_old = search(&library, &Query::parse("entity:\"kevin hassett\""));
    assert!(!by_new.is_empty());
    assert_eq!(by_new.len(), by_old.len(), "the old name finds the entity renamed");
    let phrase = search(&library, &Query::parse("\"kevin a. hassett\""));
    assert!(!phrase.is_empty(), "a phrase finds the new name, which no text holds");

    // The merge waits for Ursula Brandt, whom only the later article names.
    let hassett_before = entity(&library, "Kevin A. Hassett").clone();
    let dir = tempfile::tempdir().unwrap();
    let added = library.append(later_corpus(dir.path()), Some(&Recogniser::builtin()));
    let hassett = entity(&library, "Kevin A. Hassett");
    assert_eq!(hassett.mentions, hassett_before.mentions + 3 + 2, "its mentions and Ursula Brandt's");
    assert_eq!(hassett.articles.last(), Some(&(added.start as u32, 5)));
    assert_eq!(entity(&library, "Ursula Brandt").mentions, 0);
    assert!(hassett.aliases_seen.contains(&"Ursula Brandt".to_owned()));
    let hits = search(&library, &Query::parse("entity:brandt"));
    assert_eq!(hits.iter().map(|h| h.article as usize).collect::<Vec<_>>().last(), Some(&added.start));
    assert!(
        library.entities().mentions(added.start).iter().all(|m| library.entities().entity(m.entity).name != "London")
    );

    // An article naming no entity new to the corrections is corrected alone.
    let before_second = entity(&library, "Kevin A. Hassett").mentions;
    let again = tempfile::tempdir().unwrap();
    std::fs::write(again.path().join("again.txt"), "Hassett flies\n\nKevin Hassett flew to London on Tuesday.\n")
        .unwrap();
    let corpus = corpus::load(&[Location::Path(again.path().to_path_buf())], &LoadOptions::default(), &|_| {});
    let second = library.append(corpus, Some(&Recogniser::builtin()));
    let hassett = entity(&library, "Kevin A. Hassett");
    assert_eq!(hassett.articles.last(), Some(&(second.start as u32, 2)), "title and text");
    assert_eq!(hassett.mentions, before_second + 2);
    let named: Vec<&str> = library
        .entities()
        .mentions(second.start)
        .iter()
        .map(|m| library.entities().entity(m.entity).name.as_str())
        .collect();
    assert_eq!(named, ["Kevin A. Hassett"], "London ignored");
    assert_eq!(library.haystacks().entities_of(second.start).len(), 1);

    // Taken back: as found again, search too.
    library.set_corrections(newsdesk::entities::corrections::Corrections::default());
    assert_eq!(entity(&library, "Kevin Hassett").mentions, hassett_before.mentions + 3 + 2);
    assert!(!search(&library, &Query::parse("entity:london")).is_empty());
    assert!(search(&library, &Query::parse("entity:\"kevin a. hassett\"")).is_empty());
}
