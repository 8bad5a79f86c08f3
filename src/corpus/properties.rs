//! Property tests: the parsers of untrusted input (plain-text inference, front matter, JSON
//! records, dates) and the entity recogniser on arbitrary text, including text shaped like the
//! real thing. They must never panic, and what they return must point inside what they read.
//! This is newsdesk's fuzzing: `cargo fuzz` needs a nightly toolchain, which the build machine
//! does not have. CI runs the default number of cases; `PROPTEST_CASES=100000 cargo test
//! properties` runs them long. Inputs that once failed are kept in `regressions` below.

use proptest::prelude::*;

use super::formats::{Format, parse};
use super::{Rules, find_date, parse_date};
use crate::entities::Recogniser;

/// The default rules, compiled once.
fn rules() -> &'static Rules {
    static RULES: std::sync::LazyLock<Rules> =
        std::sync::LazyLock::new(|| crate::config::Config::default().rules().expect("the default rules compile"));
    &RULES
}

/// Text made of the pieces articles are made of, and of anything at all.
fn article_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("---\n".to_owned()),
        Just("+++\n".to_owned()),
        Just("# ".to_owned()),
        Just("> ".to_owned()),
        Just("- ".to_owned()),
        Just("By Jane Doe | Reuters\n".to_owned()),
        Just("WASHINGTON, June 8 (Reuters) — ".to_owned()),
        Just("title = \"A\"\ndate = 2025-06-08\n".to_owned()),
        Just("President Donald Trump's ".to_owned()),
        Just("U.S.-China ".to_owned()),
        Just("Bank of China ".to_owned()),
        Just("Kevin Hassett said. ".to_owned()),
        Just("2025-06-08 ".to_owned()),
        Just("June 8, 2025 ".to_owned()),
        Just("\u{fffd}".to_owned()),
        "[A-Za-z ,.'’\\-]{0,40}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

/// A JSON Lines file: records that are good, bad, or anything.
fn json_lines() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just(r#"{"title": "A", "text": "Body.", "date": "2025-06-08"}"#.to_owned()),
        Just(r#"{"title": "A", "text": "Body.", "date": "junk"}"#.to_owned()),
        Just(r#"{"headline": 3, "body": ["x"]}"#.to_owned()),
        Just(r#"{"title": "broken", "text": "#.to_owned()),
        Just("[1, 2, 3]".to_owned()),
        Just(String::new()),
        article_like().prop_map(|t| serde_json::json!({ "title": "T", "text": t }).to_string()),
        any::<String>(),
    ];
    prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
}

/// Every article and problem a parse returns is well formed.
fn check(format: Format, text: &str) {
    let result = parse(format, text, "fuzz", rules());
    for article in &result.articles {
        for block in &article.body.blocks {
            let range = block.range.start as usize..block.range.end as usize;
            assert!(article.body.text.get(range).is_some(), "{block:?} outside the body");
        }
    }
    let lines = text.lines().count().max(1) as u32;
    for problem in &result.problems {
        assert!(problem.line.is_none_or(|l| l >= 1 && l <= lines + 1), "{problem:?} in {lines} lines");
    }
}

proptest! {
    #[test]
    fn plain_text_inference_never_panics(text in article_like()) {
        check(Format::Text, &crate::sanitize::text(&text));
    }

    #[test]
    fn markdown_and_front_matter_never_panic(front in article_like(), body in article_like(), fence in "(---|\\+\\+\\+)") {
        check(Format::Markdown, &format!("{fence}\n{front}\n{fence}\n{body}"));
        check(Format::Markdown, &body);
    }

    #[test]
    fn json_records_never_panic(text in json_lines()) {
        check(Format::JsonLines, &text);
        check(Format::Json, &text);
        check(Format::Json, &format!("[{}]", text.replace('\n', ",")));
    }

    #[test]
    fn dates_are_found_inside_the_text_and_read_back(text in article_like(), y in 1900i16..2100, m in 1i8..=12, d in 1i8..=28) {
        if let Some((_, range)) = find_date(&text) {
            prop_assert!(text.get(range).is_some());
        }
        let _ = parse_date(&text);
        let date = jiff::civil::date(y, m, d);
        prop_assert_eq!(parse_date(&date.to_string()).map(|d| d.date), Some(date));
    }

    #[test]
    fn the_recogniser_finds_names_on_character_boundaries(text in article_like()) {
        let recogniser = Recogniser::builtin();
        for found in recogniser.known(&text) {
            prop_assert!(text.get(found.range.clone()).is_some(), "{:?}", found.range);
        }
    }

    #[test]
    fn the_config_parser_never_panics_and_points_inside_the_file(text in config_like()) {
        if let Err(error) = crate::config::Config::layered(&text, std::path::Path::new("fuzz.toml")) {
            if let Some((line, column)) = error.position {
                prop_assert!(line >= 1 && line <= text.lines().count().max(1) + 1, "{error}");
                prop_assert!(column >= 1, "{error}");
            }
            prop_assert!(!error.to_string().contains('\x1b'), "an escape reached the message");
        }
    }
}

/// A config file: real sections and keys with values good and bad, and anything.
fn config_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("[theme]".to_owned()),
        Just("[keys.global]".to_owned()),
        Just("[keys.storys]".to_owned()),
        Just("[search.saved]".to_owned()),
        Just("heading = \"bold cyna\"".to_owned()),
        Just("\"j\" = \"donw\"".to_owned()),
        Just("\"ctrl-x\" = \"quit\"".to_owned()),
        Just("list_width = \"wide\"".to_owned()),
        Just("extra_line_rules = ['(']".to_owned()),
        Just("\"x\" = \"sorce:dw\"".to_owned()),
        "[a-z_]{1,12} = \"[a-z ]{0,12}\"",
        any::<String>(),
    ];
    prop::collection::vec(line, 0..10).prop_map(|lines| lines.join("\n"))
}

mod regressions {
    //! Inputs the property tests once failed on, kept so that they never fail again.
}
