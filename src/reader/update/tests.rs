//! The update's tests: key sequences replayed on the seeds, the state checked.
use super::*;

use crate::testing::seeds;

use crate::testing::{find_entities_now, seeds_without_entities};

fn start(library: &Library, width: u16, height: u16) -> State {
    let mut state = State::new(library, 46, 40);
    update(&mut state, library, Input::Resize(width, height));
    state
}

fn press(state: &mut State, library: &Library, commands: &[Command]) -> Vec<Effect> {
    commands.iter().filter_map(|c| update(state, library, Input::Command(*c))).collect()
}

fn title(state: &State, library: &Library) -> String {
    library.articles()[state.reading.as_ref().unwrap().index].title.clone()
}

#[test]
fn entity_keys_wait_for_the_names_found_in_the_background_then_work() {
    let mut library = seeds_without_entities();
    let mut state = start(&library, 120, 40);
    update(&mut state, &library, Input::FindingEntities { done: 2, total: 5 });
    for command in [Command::NextMention, Command::ToggleEntities, Command::Pivot] {
        press(&mut state, &library, &[Command::Open, command]);
        assert_eq!(
            state.status.message.as_deref(),
            Some("entity keys wait until the names are found (finding names 40%)"),
            "{command:?}"
        );
        assert!(state.entities.panel.is_none() && state.entities.pivot.is_none());
        assert_eq!(state.reading.as_ref().unwrap().current, None);
    }
    find_entities_now(&mut library);
    assert_eq!(update(&mut state, &library, Input::EntitiesFound { announce: true }), None, "no search to run again");
    assert_eq!(state.entities.finding, None);
    let entities = library.entities().entities().iter().filter(|e| e.mentions > 0).count();
    assert_eq!(state.status.message, Some(format!("names found: {entities} entities")));
    press(&mut state, &library, &[Command::NextMention]);
    assert_eq!(state.reading.as_ref().unwrap().current, Some(0), "the first mention");
    assert!(state.status.message.is_none());
}

#[test]
fn the_wait_is_no_longer_mentioned_once_names_are_found_even_quietly() {
    let mut library = seeds_without_entities();
    let mut state = start(&library, 120, 40);
    update(&mut state, &library, Input::FindingEntities { done: 0, total: 5 });
    press(&mut state, &library, &[Command::Open, Command::NextMention]);
    assert!(state.status.message.as_deref().unwrap().starts_with(WAITING_FOR_ENTITIES));
    find_entities_now(&mut library);
    update(&mut state, &library, Input::EntitiesFound { announce: false });
    assert_eq!(state.status.message, None);
}

#[test]
fn entity_keys_say_that_finding_names_failed_and_the_reader_goes_on() {
    let library = seeds_without_entities();
    let mut state = start(&library, 120, 40);
    update(&mut state, &library, Input::FindingEntities { done: 2, total: 5 });
    // A panic's message may quote article text, escape sequences and line breaks included.
    let why = "byte index 3 is not a char boundary; it is inside 'ü' of `Gr\u{1b}[2Jü\nße`";
    assert_eq!(update(&mut state, &library, Input::EntitiesFailed(why.into())), None);
    let failed = "finding names failed (entity keys are off): \
                  byte index 3 is not a char boundary; it is inside 'ü' of `Grü ße`";
    assert_eq!(state.status.message.as_deref(), Some(failed));
    assert_eq!(state.entities.finding, None, "no more progress to show");
    press(&mut state, &library, &[Command::Down]);
    assert_eq!(state.list.selected, 1, "the articles still move");
    assert_eq!(state.status.message, None);
    for command in [Command::NextMention, Command::ToggleEntities, Command::Pivot] {
        press(&mut state, &library, &[Command::Open, command]);
        assert_eq!(state.status.message.as_deref(), Some(failed), "{command:?}");
        assert!(state.entities.panel.is_none() && state.entities.pivot.is_none());
        assert_eq!(state.reading.as_ref().unwrap().current, None);
    }
}

#[test]
fn a_long_failure_is_cut_short() {
    let why = "x".repeat(10_000);
    let failed = entities_failed(&why);
    assert!(failed.ends_with(&format!(": {}…", "x".repeat(FAILURE_SHOWN))), "{failed}");
}

#[test]
fn moving_down_selects_and_shows_the_next_article() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    assert_eq!(title(&state, &library), "U.S. China Trade Talks Focus on Rare Earth Minerals Supply");
    press(&mut state, &library, &[Command::Down]);
    assert_eq!(state.list.selected, 1);
    assert!(title(&state, &library).starts_with("China's imposition"));
    press(&mut state, &library, &[Command::Bottom, Command::Down]);
    assert_eq!(state.list.selected, 4, "stays on the last article");
    press(&mut state, &library, &[Command::Top, Command::Up]);
    assert_eq!(state.list.selected, 0, "stays on the first article");
}

#[test]
fn opening_focuses_the_article_marks_it_read_and_scrolls_it() {
    let library = seeds();
    let mut state = start(&library, 100, 20);
    press(&mut state, &library, &[Command::Open]);
    assert_eq!(state.focus, Focus::Article);
    let index = state.reading.as_ref().unwrap().index;
    assert!(state.marks.read[index]);
    press(&mut state, &library, &[Command::Down, Command::Down]);
    assert_eq!(state.reading.as_ref().unwrap().scroll, 2);
    press(&mut state, &library, &[Command::Bottom]);
    let reading = state.reading.as_ref().unwrap();
    let lines = reading.layout.as_ref().unwrap().lines.len();
    assert_eq!(reading.scroll, lines - state.article_height(), "the last line sits at the bottom");
    press(&mut state, &library, &[Command::Back]);
    assert_eq!(state.focus, Focus::Articles);
    press(&mut state, &library, &[Command::Down]);
    assert_eq!(state.list.selected, 1, "j moves the articles again");
}

#[test]
fn on_a_narrow_screen_enter_opens_and_esc_goes_back() {
    let library = seeds();
    let mut state = start(&library, 60, 20);
    assert!(state.areas().article.is_none());
    press(&mut state, &library, &[Command::Down, Command::Open]);
    assert!(state.areas().panel.is_none());
    assert!(title(&state, &library).starts_with("China's imposition"));
    press(&mut state, &library, &[Command::Back]);
    assert!(state.areas().article.is_none());
    assert_eq!(state.list.selected, 1);
}

#[test]
fn grouping_cycles_and_keeps_the_selected_article() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    press(&mut state, &library, &[Command::Down, Command::Down]);
    let before = state.list.selected_article();
    press(&mut state, &library, &[Command::CycleGrouping]);
    assert_eq!(state.list.grouping, super::super::listing::Grouping::Oldest);
    assert_eq!(state.list.selected_article(), before);
    assert_eq!(state.status.message.as_deref(), Some("articles oldest first"));
    press(&mut state, &library, &[Command::CycleGrouping]);
    assert_eq!(state.list.grouping, super::super::listing::Grouping::Source);
    assert_eq!(state.list.selected_article(), before);
    assert_eq!(state.status.message.as_deref(), Some("articles by source"));
    press(&mut state, &library, &[Command::CycleGrouping, Command::CycleGrouping]);
    assert_eq!(state.list.grouping, super::super::listing::Grouping::Date);
}

#[test]
fn help_opens_scrolls_and_closes() {
    let library = seeds();
    let mut state = start(&library, 80, 12);
    press(&mut state, &library, &[Command::Help]);
    assert_eq!(state.overlay.open, Some(Overlay::Help));
    press(&mut state, &library, &[Command::Down, Command::Down]);
    assert_eq!(state.overlay.scroll, 2);
    assert_eq!(state.list.selected, 0, "the articles do not move under the help");
    press(&mut state, &library, &[Command::Back]);
    assert_eq!(state.overlay.open, None);
}

#[test]
fn raw_text_is_asked_for_and_shown() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    let effects = press(&mut state, &library, &[Command::ToggleRaw]);
    let index = state.reading.as_ref().unwrap().index;
    assert_eq!(effects, [Effect::LoadRaw(index)]);
    update(&mut state, &library, Input::RawLoaded { index, text: Ok("raw words\n\nNo comments yet".into()) });
    let reading = state.reading.as_ref().unwrap();
    assert!(reading.layout.as_ref().unwrap().raw);
    press(&mut state, &library, &[Command::ToggleRaw]);
    assert!(!state.reading.as_ref().unwrap().layout.as_ref().unwrap().raw);
}

#[test]
fn an_article_without_a_url_says_so_and_quit_quits() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    assert!(press(&mut state, &library, &[Command::OpenUrl]).is_empty());
    assert_eq!(state.status.message.as_deref(), Some("this article has no url"));
    assert_eq!(press(&mut state, &library, &[Command::Quit]), [Effect::Quit]);
}

#[test]
fn a_clean_load_has_no_report_to_show() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    press(&mut state, &library, &[Command::ShowReport]);
    assert_eq!(state.overlay.open, None);
    assert!(state.status.message.as_deref().unwrap().contains("loaded cleanly"));
}

#[test]
fn a_click_selects_the_article_under_the_pointer_and_the_wheel_scrolls_the_article() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    // Row 0 of the panel is the border, row 1 the first group header, row 2 article 0;
    // row 3 is the "Undated" header and row 4 the second article.
    update(&mut state, &library, Input::Click { column: 5, row: 4 });
    assert_eq!(state.list.selected, 1);
    update(&mut state, &library, Input::Scroll { column: 80, row: 10, lines: 3 });
    assert_eq!(state.reading.as_ref().unwrap().scroll, 3);
    update(&mut state, &library, Input::Click { column: 80, row: 10 });
    assert_eq!(state.focus, Focus::Article);
}

#[test]
fn a_resize_reflows_the_article() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    let wide = state.reading.as_ref().unwrap().layout.as_ref().unwrap().lines.len();
    update(&mut state, &library, Input::Resize(90, 40));
    let narrow = state.reading.as_ref().unwrap().layout.as_ref().unwrap().lines.len();
    assert!(narrow > wide, "{narrow} lines at 90 columns, {wide} at 120");
}

#[test]
fn an_empty_corpus_does_not_panic() {
    let library = Library::default();
    let mut state = start(&library, 120, 40);
    for &command in Command::ALL {
        if command != Command::Quit {
            update(&mut state, &library, Input::Command(command));
        }
    }
    update(&mut state, &library, Input::Click { column: 3, row: 3 });
    assert!(state.reading.is_none());
}

fn mention_text(state: &State, library: &Library) -> String {
    let reading = state.reading.as_ref().unwrap();
    let m = library.entities().mentions(reading.index)[reading.current.unwrap()];
    library.articles()[reading.index].text[m.start as usize..m.end as usize].to_owned()
}

fn entity_name(state: &State, library: &Library) -> String {
    let reading = state.reading.as_ref().unwrap();
    let m = library.entities().mentions(reading.index)[reading.current.unwrap()];
    library.entities().entity(m.entity).name.clone()
}

#[test]
fn mention_jumps_move_forward_and_wrap_backward() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    press(&mut state, &library, &[Command::NextMention]);
    assert_eq!(mention_text(&state, &library), "U.S.");
    assert_eq!(state.focus, Focus::Article, "jumping reads the article");
    press(&mut state, &library, &[Command::NextMention]);
    assert_eq!(mention_text(&state, &library), "London");
    press(&mut state, &library, &[Command::PreviousMention, Command::PreviousMention]);
    let reading = state.reading.as_ref().unwrap();
    assert!(reading.wrapped, "going back from the first mention wraps to the last");
    assert_eq!(reading.current, Some(library.entities().mentions(reading.index).len() - 1));
}

#[test]
fn same_entity_jumps_visit_only_that_entity() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    press(&mut state, &library, &[Command::NextMention, Command::NextMention]);
    assert_eq!(entity_name(&state, &library), "London");
    for _ in 0..4 {
        press(&mut state, &library, &[Command::NextSameEntity]);
        assert_eq!(entity_name(&state, &library), "London");
    }
    press(&mut state, &library, &[Command::NextSameKind]);
    let kind = |s: &State| {
        let r = s.reading.as_ref().unwrap();
        library.entities().entity(library.entities().mentions(r.index)[r.current.unwrap()].entity).kind
    };
    assert_eq!(kind(&state), crate::entities::Kind::Place);
}

#[test]
fn a_hidden_kind_is_skipped_by_jumps() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    press(&mut state, &library, &[Command::TogglePlace]);
    assert_eq!(state.status.message.as_deref(), Some("place names not highlighted"));
    for _ in 0..10 {
        press(&mut state, &library, &[Command::NextMention]);
        assert_ne!(mention_text(&state, &library), "London");
        assert_ne!(mention_text(&state, &library), "U.S.");
    }
}

#[test]
fn same_entity_jumps_need_a_current_entity() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    press(&mut state, &library, &[Command::NextSameEntity]);
    assert!(state.status.message.as_deref().unwrap().starts_with("no current entity"));
}

#[test]
fn pivot_opens_another_article_at_its_first_mention_and_the_history_comes_back() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    press(&mut state, &library, &[Command::NextMention, Command::NextMention, Command::Down, Command::Down]);
    let origin = state.reading.as_ref().unwrap().clone();
    assert_eq!(entity_name(&state, &library), "London");
    press(&mut state, &library, &[Command::Pivot]);
    assert_eq!(state.overlay.open, Some(Overlay::Pivot));
    let rows = state.entities.pivot.as_ref().unwrap().rows.clone();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].0, origin.index, "the article read now is selected first");
    press(&mut state, &library, &[Command::Down, Command::Open]);
    assert_eq!(state.overlay.open, None);
    assert_eq!(state.reading.as_ref().unwrap().index, rows[1].0);
    assert_eq!(entity_name(&state, &library), "London");
    let first_london = library
        .entities()
        .mentions(rows[1].0)
        .iter()
        .position(|m| library.entities().entity(m.entity).name == "London");
    assert_eq!(state.reading.as_ref().unwrap().current, first_london);
    assert_eq!(state.list.selected_article(), Some(rows[1].0), "the article list follows");

    press(&mut state, &library, &[Command::HistoryBack]);
    let back = state.reading.as_ref().unwrap();
    assert_eq!((back.index, back.current, back.scroll), (origin.index, origin.current, origin.scroll));
    press(&mut state, &library, &[Command::HistoryForward]);
    assert_eq!(state.reading.as_ref().unwrap().index, rows[1].0);
    press(&mut state, &library, &[Command::HistoryForward]);
    assert_eq!(state.status.message.as_deref(), Some("nothing to go forward to"));
}

#[test]
fn the_entity_panel_lists_and_jumps() {
    let library = seeds();
    let mut state = start(&library, 140, 40);
    press(&mut state, &library, &[Command::ToggleEntities]);
    assert_eq!(state.focus, Focus::Entities);
    assert!(state.areas().entities.is_some());
    // 004: Kevin Hassett (person) first, then National Economic Council, United States…
    press(&mut state, &library, &[Command::Down, Command::Down, Command::Open]);
    assert_eq!(state.focus, Focus::Article);
    assert_eq!(entity_name(&state, &library), "United States");
    assert_eq!(mention_text(&state, &library), "U.S.");
    press(&mut state, &library, &[Command::ToggleEntities]);
    assert_eq!(state.entities.panel, None);
}

#[test]
fn an_article_naming_no_entity_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Quiet day\n\nnothing at all happened here today.\n").unwrap();
    let input = crate::corpus::Location::Path(dir.path().to_path_buf());
    let recogniser = crate::entities::Recogniser::builtin();
    let library = Library::load(&[input], &crate::corpus::LoadOptions::default(), Some(&recogniser), &|_| {});
    let mut state = start(&library, 120, 40);
    press(&mut state, &library, &[Command::NextMention]);
    assert_eq!(state.status.message.as_deref(), Some("this article names no entities"));
    press(&mut state, &library, &[Command::Pivot]);
    assert!(state.status.message.as_deref().unwrap().starts_with("no current entity"));
}

#[test]
fn next_unread_skips_read_articles_and_never_wraps() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    // Read the second article; from the first, `.` goes to the third.
    press(&mut state, &library, &[Command::Down, Command::ToggleRead, Command::Top, Command::Open]);
    press(&mut state, &library, &[Command::NextUnread]);
    assert_eq!(state.list.selected, 2);
    assert_eq!(state.focus, Focus::Article);
    assert!(state.marks.read[state.reading.as_ref().unwrap().index], "opened, so read");
    press(&mut state, &library, &[Command::NextUnread, Command::NextUnread, Command::NextUnread]);
    assert_eq!(state.list.selected, 4, "the last");
    assert_eq!(state.status.message.as_deref(), Some("no unread article left in the list"));
    press(
        &mut state,
        &library,
        &[Command::Back, Command::Top, Command::ToggleRead, Command::Bottom, Command::NextUnread],
    );
    assert_eq!(state.status.message.as_deref(), Some("no unread article below (1 above)"), "no wrap");
    press(&mut state, &library, &[Command::PreviousUnread]);
    assert_eq!(state.list.selected, 0);
}

#[test]
fn chosen_articles_are_exported_piped_and_marked_read_together() {
    let library = seeds();
    let mut state = start(&library, 120, 40);
    press(&mut state, &library, &[Command::Choose, Command::Down, Command::Down, Command::Choose]);
    let (first, third) = (state.list.listing.article_at(0).unwrap(), state.list.listing.article_at(2).unwrap());
    assert_eq!(state.status.message.as_deref(), Some("2 chosen: x exports them, u marks them read, | pipes them"));
    assert_eq!(press(&mut state, &library, &[Command::Export]), vec![Effect::Export(vec![first, third])]);
    assert_eq!(press(&mut state, &library, &[Command::Pipe]), vec![Effect::Pipe(vec![first, third])]);
    press(&mut state, &library, &[Command::ToggleRead]);
    assert_eq!(state.status.message.as_deref(), Some("2 articles marked read · z undoes"));
    assert!(state.marks.read[first] && state.marks.read[third]);
    assert_eq!(state.marks.read.iter().filter(|r| **r).count(), 2);
    // Unchosen again, the keys act on the selected article alone.
    press(&mut state, &library, &[Command::Choose, Command::Top, Command::Choose, Command::Export]);
    assert_eq!(press(&mut state, &library, &[Command::Pipe]), vec![Effect::Pipe(vec![first])]);
    assert_eq!(
        press(&mut state, &library, &[Command::Export]),
        vec![Effect::Export((0..5).map(|n| state.list.listing.article_at(n).unwrap()).collect())]
    );
}
