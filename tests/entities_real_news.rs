//! Entities on real news: one test per class of error a reader noticed, each from a real
//! sentence (quoted, with its outlet) of the news-articles corpus (docs/real-corpora.md).
//! None is from the held-out sample (benches/quality/entities-heldout.json).

mod support;

use newsdesk::entities::Kind;
use newsdesk::library::Library;

/// The entities one article of `text` names, as (name, kind), in order of first mention.
fn entities_of(text: &str) -> Vec<(String, Kind)> {
    let library = library_of(text);
    let index = library.entities();
    let mut seen: Vec<(String, Kind)> = Vec::new();
    for m in index.mentions(0) {
        let e = index.entity(m.entity);
        if !seen.iter().any(|(n, _)| *n == e.name) {
            seen.push((e.name.clone(), e.kind));
        }
    }
    seen
}

/// One article of `text` (a title line, a blank line, then the text), loaded and indexed.
fn library_of(text: &str) -> Library {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.txt");
    std::fs::write(&path, format!("A report\n\n{text}\n")).unwrap();
    support::load_path(&path)
}

fn has(found: &[(String, Kind)], name: &str, kind: Kind) -> bool {
    found.iter().any(|(n, k)| n == name && *k == kind)
}

fn names(found: &[(String, Kind)]) -> Vec<&str> {
    found.iter().map(|(n, _)| n.as_str()).collect()
}

/// tass.com, February 2017; cnn.com, February 2017.
#[test]
fn a_dateline_names_the_place_in_its_normal_case_and_where_the_article_was_written() {
    let library = library_of(
        "MOSCOW, February 7. /TASS/. Investigators have seized a collection of watches worth more than 600 mln rubles.",
    );
    let index = library.entities();
    let location = index.location(0).map(|id| index.entity(id));
    assert_eq!(location.map(|e| (e.name.as_str(), e.kind)), Some(("Moscow", Kind::Place)));
    let found = entities_of("MOSCOW, February 7. /TASS/. Investigators have seized a collection of watches.");
    assert!(has(&found, "Moscow", Kind::Place), "{found:?}");
    assert!(!names(&found).contains(&"MOSCOW"), "{found:?}");

    let library = library_of(
        "Washington (CNN)Vice President Mike Pence cast a historic tie-breaking vote Tuesday to confirm Betsy DeVos.",
    );
    let index = library.entities();
    assert_eq!(index.location(0).map(|id| index.entity(id).name.as_str()), Some("Washington"));
    // An unlisted place in capitals is named in title case.
    let library = library_of("SANTA CLARITA, Calif. — The council voted on Tuesday.");
    let index = library.entities();
    assert_eq!(index.location(0).map(|id| index.entity(id).name.as_str()), Some("Santa Clarita"));
}

/// rte.ie, europe.chinadaily.com.cn, bbc.co.uk, huffingtonpost.com, dw.com; 2017.
#[test]
fn titles_and_roles_are_no_part_of_a_name_and_no_name_alone() {
    let cases = [
        (
            "While Taoiseach Enda Kenny will carry Ireland's flag once the negotiations start, the first line of defence is Ireland's Permanent Representation to the EU.",
            "Enda Kenny",
        ),
        ("Economist Rajiv Biswas talks to DW about the effectiveness of the move.", "Rajiv Biswas"),
        (
            "In Milwaukee, Police Chief Edward Flynn said he would like an expansion of the work done in that city.",
            "Edward Flynn",
        ),
        (
            "The Archbishop of Canterbury Justin Welby said the UK had a \"great history of welcoming those in need\".",
            "Justin Welby",
        ),
        (
            "In an interview with the BBC this morning, British Chancellor of the Exchequer Philip Hammond-said he envisaged a positive outcome.",
            "Philip Hammond",
        ),
        (
            "In an interview with People, Gad called the moment subtle. Actress Emma Watson, who plays Belle, used the same word.",
            "Emma Watson",
        ),
    ];
    for (sentence, person) in cases {
        let found = entities_of(sentence);
        assert!(has(&found, person, Kind::Person), "{person} in {sentence:?}: {found:?}");
        assert!(!found.iter().any(|(n, _)| n.ends_with(person) && n != person), "a title glued to {person}: {found:?}");
    }
    // A title alone is no one.
    let found = entities_of(
        "Conservative MP Sir Gerald Howarth said there had been a \"rather subdued aspect\" among his party's MPs.",
    );
    assert!(has(&found, "Gerald Howarth", Kind::Person), "{found:?}");
    assert!(!names(&found).iter().any(|n| n.contains("MP") || n.contains("Conservative")), "{found:?}");
}

/// bbc.co.uk, apnews via abcnews.go.com, huffingtonpost.com, rte.ie; 2017.
#[test]
fn kinds_are_right_headline_words_are_nobody_and_shouting_is_no_acronym() {
    let found = entities_of(
        "Before the televised awards had begun, she had already took home one for Best Music Video for \"Formation.\"",
    );
    assert!(!found.iter().any(|(_, k)| *k == Kind::Person), "no person in {found:?}");
    let found = entities_of(
        "\"Out of extreme caution we decided to stick with higher amounts,\" Greg Carbin, chief of forecast operations at the Weather Prediction Center in suburban Maryland, told The Associated Press.",
    );
    assert!(has(&found, "Greg Carbin", Kind::Person), "{found:?}");
    assert!(has(&found, "Weather Prediction Center", Kind::Organisation), "{found:?}");
    let found = entities_of(
        "INDIANAPOLIS STAR: MIKE PENCE USED PRIVATE EMAIL FOR STATE BUSINESS AS GOVERNOR, WAS HACKED And yes, Pence was critical of Hillary Clinton's use of a private email server.",
    );
    assert!(!names(&found).iter().any(|n| *n == "HACKED" || *n == "USED"), "{found:?}");
    let found = entities_of(
        "Two days earlier, Trump had tweeted that \"Iran has been formally PUT ON NOTICE\" for firing a missile.",
    );
    assert!(!names(&found).iter().any(|n| n.contains("NOTICE")), "{found:?}");
    // A common word after a given name is still a surname; a Korean name is read whole.
    let found = entities_of(
        "The country's Constitutional Court is deliberating a motion to impeach President Park Geun-hye over a corruption scandal.",
    );
    assert!(has(&found, "Park Geun-hye", Kind::Person), "{found:?}");
    let found = entities_of(
        "Pulitzer Prize-winning journalist David Cay Johnston suggested Tuesday night that the source was Trump.",
    );
    assert!(!names(&found).iter().any(|n| n.contains("winning")), "{found:?}");
}

/// dw.com, February 2017.
#[test]
fn a_known_place_before_a_body_is_part_of_its_name() {
    let found = entities_of(
        "John Sfakianakis, director of economic research at the Gulf Research Center gave us his perspective from Riyadh.",
    );
    assert!(has(&found, "Gulf Research Center", Kind::Organisation), "{found:?}");
    assert!(has(&found, "Riyadh", Kind::Place), "{found:?}");
    assert!(!has(&found, "Gulf", Kind::Place), "{found:?}");
}

/// europe.chinadaily.com.cn, February 2017: a city no hand-written list had.
#[test]
fn the_worlds_cities_are_places() {
    let found = entities_of(
        "Coal output in Hebei's Baoding and Handan fell as the province cut capacity, while Daqing in Heilongjiang kept pumping.",
    );
    for city in ["Baoding", "Handan", "Daqing"] {
        assert!(has(&found, city, Kind::Place), "{city}: {found:?}");
    }
}
