//! Searching in the reader, as state changes: the `/` prompt that filters and ranks the
//! articles as you type (the ranking itself runs on the worker; its results come back as an
//! input), the filter kept while browsing, saved searches, the `f` prompt that finds words in
//! the open article, and `n`/`N` between hits. Pure, like the rest of `update`.

use std::sync::Arc;

use super::jumps::{Direction, jump_among};
use super::listing::{Grouping, Listing};
use super::prompt::{Prompt, remember};
use super::state::{BeforeSearch, Filter, Find, Focus, HitsOf, State, TextHits};
use super::update::{Effect, clean_text_shown, move_in_focus, open, select, view_anchor};
use crate::command::Command;
use crate::library::Library;
use crate::query::Query;
use crate::search::worker::{Request, Response};
use crate::search::{Marks, find_in_text, text_hits};

/// How many earlier searches and finds are remembered.
pub const HISTORY: usize = 200;

/// Opens the search prompt, holding the current filter's query when there is one.
pub(super) fn open_search(state: &mut State) {
    close_find_prompt(state);
    let text = state.search.filter.as_ref().map_or_else(String::new, |f| f.text.clone());
    state.search.before = Some(BeforeSearch { article: state.list.selected_article(), list_offset: state.list.offset });
    state.search.prompt = Some(Prompt::new(&text));
    state.focus = Focus::Articles;
}

/// Opens the find prompt over the open article.
/// `/`, `f`, `n` and `N`: opens the search or the find prompt, or jumps between hits.
pub(super) fn command(state: &mut State, command: Command) {
    match command {
        Command::Search => open_search(state),
        Command::Find => open_find(state),
        Command::NextHit => jump_to_hit(state, Direction::Forward),
        Command::PreviousHit => jump_to_hit(state, Direction::Backward),
        _ => {}
    }
}

pub(super) fn open_find(state: &mut State) {
    if state.reading.is_none() {
        state.status.message = Some("no article is open".into());
        return;
    }
    let text = state.find.words.as_ref().map_or_else(String::new, |f| f.text.clone());
    state.find.words = Some(Find { prompt: Some(Prompt::new(&text)), text });
    state.focus = Focus::Article;
}

/// A character typed into the open prompt.
pub(super) fn type_char(state: &mut State, library: &Library, c: char) -> Option<Effect> {
    if state.correcting.prompt.is_some() {
        super::correcting::type_char(state, library, c);
        return None;
    }
    if super::browser::is_open(state) {
        super::browser::type_char(state, library, c);
        return None;
    }
    if let Some(prompt) = state.goto.as_mut() {
        prompt.insert(c);
        return None;
    }
    if let Some(prompt) = state.search.prompt.as_mut() {
        prompt.insert(c);
        return search_changed(state, library);
    }
    if let Some(find) = state.find.words.as_mut()
        && let Some(prompt) = find.prompt.as_mut()
    {
        prompt.insert(c);
        find.text.clone_from(&prompt.text);
    }
    None
}

/// Runs a prompt command on the open prompt.
pub(super) fn prompt_command(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
    if state.correcting.prompt.is_some() {
        super::correcting::prompt_command(state, library, command)
    } else if super::browser::is_open(state) {
        super::browser::prompt_command(state, library, command);
        None
    } else if state.goto.is_some() {
        super::goto::command(state, library, command);
        None
    } else if state.search.prompt.is_some() {
        search_command(state, library, command)
    } else {
        find_command(state, command);
        None
    }
}

/// Edits a prompt; true when its text changed.
pub(super) fn edit(prompt: &mut Prompt, command: Command) -> bool {
    let before = prompt.text.len();
    match command {
        Command::DeleteBack => return prompt.delete_back(),
        Command::DeleteWord => prompt.delete_word(),
        Command::ClearPrompt => prompt.clear(),
        Command::CursorLeft => prompt.left(),
        Command::CursorRight => prompt.right(),
        Command::CursorStart => prompt.start(),
        Command::CursorEnd => prompt.end(),
        _ => {}
    }
    prompt.text.len() != before
}

fn search_command(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
    let (Some(prompt), history) = (state.search.prompt.as_mut(), &state.search.history) else { return None };
    let changed = match command {
        Command::Open => return accept_search(state),
        Command::Back => {
            cancel_search(state, library);
            return None;
        }
        Command::ToggleSearchMode => {
            state.search.exact = !state.search.exact;
            let mode = if state.search.exact {
                "exact words: no inflections, typos or fuzzy matches"
            } else {
                "fuzzy: words with their inflections and typos"
            };
            state.status.message = Some(format!("search {mode} (ctrl-t)"));
            true
        }
        Command::Up if prompt.text.is_empty() || prompt.is_recalling() => prompt.recall_older(history),
        Command::Down if prompt.is_recalling() => prompt.recall_newer(history),
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::HalfPageUp
        | Command::HalfPageDown
        | Command::Top
        | Command::Bottom => {
            move_in_focus(state, library, command);
            return None;
        }
        _ => edit(prompt, command),
    };
    if changed { search_changed(state, library) } else { None }
}

fn find_command(state: &mut State, command: Command) {
    let Some(find) = state.find.words.as_mut() else { return };
    let Some(prompt) = find.prompt.as_mut() else { return };
    match command {
        Command::Open => {
            remember(&mut state.find.history, &prompt.text, HISTORY);
            find.prompt = None;
            if find.text.is_empty() {
                state.find.words = None;
            }
        }
        Command::Back => {
            remember(&mut state.find.history, &prompt.text, HISTORY);
            state.find.words = None;
        }
        Command::Up => {
            prompt.recall_older(&state.find.history);
        }
        Command::Down => {
            prompt.recall_newer(&state.find.history);
        }
        _ => {
            edit(prompt, command);
        }
    }
    if let Some(find) = state.find.words.as_mut()
        && let Some(prompt) = &find.prompt
    {
        find.text.clone_from(&prompt.text);
    }
}

fn close_find_prompt(state: &mut State) {
    if let Some(find) = state.find.words.as_mut() {
        find.prompt = None;
    }
    if state.find.words.as_ref().is_some_and(|f| f.text.is_empty()) {
        state.find.words = None;
    }
}

fn search_changed(state: &mut State, library: &Library) -> Option<Effect> {
    let text = state.search.prompt.as_ref()?.text.clone();
    set_filter(state, library, text)
}

/// Filters the articles with a query: asks the worker to rank them when it has terms; lists
/// every article again when it has none (a query that does not parse never empties the list).
fn set_filter(state: &mut State, library: &Library, text: String) -> Option<Effect> {
    // In exact mode the words typed are searched for as they are (`=word`).
    let sent = if state.search.exact { crate::query::exact_words(&text) } else { text.clone() };
    let query = Query::parse(&sent);
    let was_active = state.search.active_filter().is_some();
    let active = !query.is_empty();
    let filter = state.search.filter.get_or_insert_with(|| Filter {
        text: String::new(),
        query: Query::default(),
        generation: 0,
        hits: Arc::from([]),
        answered: false,
        complete: false,
        grouping_before: state.list.grouping,
    });
    filter.text = text;
    filter.query = query;
    if !active {
        if was_active {
            if state.list.grouping == Grouping::Rank {
                state.list.grouping = filter.grouping_before;
            }
            let article = state.search.before.and_then(|b| b.article).or_else(|| state.list.selected_article());
            rebuild_listing(state, library);
            reselect(state, article);
        }
        return None;
    }
    if !was_active {
        filter.grouping_before =
            if state.list.grouping == Grouping::Rank { Grouping::Date } else { state.list.grouping };
        state.list.grouping = Grouping::Rank;
    }
    state.search.generation += 1;
    filter.generation = state.search.generation;
    filter.answered = false;
    filter.complete = false;
    let marks = if filter.query.uses_marks() {
        let current = state.search.before.and_then(|b| b.article).or_else(|| state.current_article());
        Arc::new(Marks { current, ..state.marks.clone() })
    } else {
        Arc::default()
    };
    Some(Effect::Work(Request::Search { generation: state.search.generation, text: sent, marks }))
}

/// Runs the active search again (the entities it may name were just found), as the same
/// query: the article selected stays selected, and the open article's hits are found again.
/// Nothing when no search is active.
pub(super) fn search_again(state: &mut State, library: &Library) -> Option<Effect> {
    let text = state.search.active_filter()?.text.clone();
    if let Some(reading) = state.reading.as_mut()
        && reading.hits.as_ref().is_some_and(|h| matches!(h.of, HitsOf::Search(_)))
    {
        reading.hits = None;
    }
    let effect = set_filter(state, library, text);
    if let Some(filter) = state.search.filter.as_mut() {
        filter.answered = true;
    }
    effect
}

/// Filters the list with `text` (or lists everything again when it has no terms), keeping
/// the grouping it has (a search typed at the prompt ranks its results instead): what the
/// timeline's narrowing and opening a story use.
pub(super) fn filter_keeping_grouping(state: &mut State, library: &Library, text: &str) -> Option<Effect> {
    let grouping = state.list.grouping;
    if Query::parse(text).is_empty() {
        let article = state.list.selected_article();
        clear_filter(state, library, article);
        return None;
    }
    let effect = set_filter(state, library, text.to_owned());
    if grouping != Grouping::Rank {
        state.list.grouping = grouping;
    }
    effect
}

/// The stories are found: the list grouped by story shows them, and a search naming a story
/// runs again.
pub(super) fn stories_found(state: &mut State, library: &Library) -> Option<Effect> {
    if state.search.active_filter().is_some_and(|f| f.query.uses_stories()) {
        return search_again(state, library);
    }
    if state.list.grouping == Grouping::Story {
        let article = state.list.selected_article();
        rebuild_listing(state, library);
        reselect(state, article);
    }
    None
}

/// `U` and `M`: adds a term (`unread`, `starred`) to the filter, or takes it out again.
pub(super) fn toggle_term(state: &mut State, library: &Library, term: &str) -> Option<Effect> {
    let text = state.search.filter.as_ref().map_or("", |f| f.text.as_str());
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let had = words.iter().any(|w| w.eq_ignore_ascii_case(term));
    words.retain(|w| !w.eq_ignore_ascii_case(term));
    if !had {
        words.push(term);
    }
    let text = words.join(" ");
    if text.is_empty() {
        let article = state.list.selected_article();
        clear_filter(state, library, article);
        state.status.message = Some("every article is listed".into());
        return None;
    }
    state.status.message = Some(format!("listing {text}"));
    set_filter(state, library, text)
}

/// Enter in the search prompt: the filter stays, the selected article opens.
fn accept_search(state: &mut State) -> Option<Effect> {
    let prompt = state.search.prompt.take()?;
    remember(&mut state.search.history, &prompt.text, HISTORY);
    state.search.before = None;
    if state.search.active_filter().is_none() {
        state.search.filter = None;
        return None;
    }
    if state.list.selected_article().is_some() {
        open(state);
    } else {
        state.status.message = Some("no article matches: / changes the search, esc clears it".into());
    }
    None
}

/// Esc in the search prompt: the filter goes, the articles come back as they were before `/`.
fn cancel_search(state: &mut State, library: &Library) {
    if let Some(prompt) = state.search.prompt.take() {
        remember(&mut state.search.history, &prompt.text, HISTORY);
    }
    let before = state.search.before.take();
    clear_filter(state, library, before.and_then(|b| b.article));
    if let Some(before) = before {
        state.list.offset = before.list_offset;
        let position = state.list.selected;
        select(state, position);
    }
}

/// Removes the filter; every article is listed again, with `article` selected (or the first).
pub(super) fn clear_filter(state: &mut State, library: &Library, article: Option<usize>) {
    let Some(filter) = state.search.filter.take() else { return };
    // A story's articles go back to the list of stories they were opened from.
    if state.list.grouping == Grouping::Rank || filter.grouping_before == Grouping::Story {
        state.list.grouping = filter.grouping_before;
    }
    if !filter.query.is_empty() {
        rebuild_listing(state, library);
    }
    reselect(state, article);
}

/// Applies a saved search as the filter.
pub(super) fn apply_saved(state: &mut State, library: &Library, slot: usize) -> Option<Effect> {
    let saved = state.search.saved.get(slot)?.clone();
    state.status.message = Some(format!("saved search “{}”: esc clears it", saved.name));
    let effect = set_filter(state, library, saved.text);
    if effect.is_none() {
        state.status.message = Some(format!("the saved search “{}” has no terms", saved.name));
        state.search.filter = None;
    }
    effect
}

/// Results from the worker.
pub(super) fn worker_response(state: &mut State, library: &Library, response: Response) {
    match response {
        Response::Counted { slot, count } => {
            if let Some(saved) = state.search.saved.get_mut(slot) {
                saved.count = Some(count);
            }
        }
        Response::Found { generation, hits, complete } => {
            let Some(filter) =
                state.search.filter.as_mut().filter(|f| f.generation == generation && !f.query.is_empty())
            else {
                return;
            };
            let first = !filter.answered;
            filter.hits = hits;
            filter.answered = true;
            filter.complete = complete;
            let article = state.list.selected_article();
            rebuild_listing(state, library);
            if first && state.search.prompt.is_some() {
                // A new query: its best match is selected, as fzf does.
                state.list.offset = 0;
                let position = state.list.listing.first_article();
                select(state, position);
            } else {
                reselect(state, article);
            }
        }
    }
}

/// Builds the article list's rows for the grouping and the filter.
pub(super) fn rebuild_listing(state: &mut State, library: &Library) {
    state.list.listing = match state.search.active_filter() {
        Some(filter) if state.list.grouping == Grouping::Rank => Listing::ranked(&filter.hits),
        Some(filter) => Listing::build(library, state.list.grouping, filter.hits.iter().map(|h| h.article as usize)),
        None => Listing::build(library, state.list.grouping, 0..library.articles().len())
            .with_saved(state.search.saved.len()),
    };
}

/// Selects `article` when it is listed, else the first article.
fn reselect(state: &mut State, article: Option<usize>) {
    let position =
        article.and_then(|a| state.list.listing.position_of(a)).unwrap_or_else(|| state.list.listing.first_article());
    select(state, position);
}

/// `n` and `N`: the next or previous hit of the search or the find in the open article.
pub(super) fn jump_to_hit(state: &mut State, direction: Direction) {
    let height = state.article_height();
    let searched = state.find.words.is_some() || state.search.active_filter().is_some();
    if !clean_text_shown(state, "hits") {
        return;
    }
    let Some(reading) = state.reading.as_mut() else { return };
    let anchor = view_anchor(reading, height, direction);
    let Some(hits) = reading.hits.as_mut().filter(|h| !h.ranges.is_empty()) else {
        state.status.message = Some(if searched {
            "no hits in this article".into()
        } else {
            "nothing to jump to: / searches the articles, f finds in the article".into()
        });
        return;
    };
    let starts: Vec<u32> = hits.ranges.iter().map(|r| r.start).collect();
    if let Some(landed) = jump_among(&starts, hits.current, anchor, direction, |_| true) {
        hits.current = Some(landed.index);
        hits.wrapped = landed.wrapped;
        hits.reveal = true;
        reading.current = None;
        state.marks.read[reading.index] = true;
        if state.focus == Focus::Articles {
            state.focus = Focus::Article;
        }
    }
}

/// Keeps the open article's hits up to date with the search and the find; while the find
/// prompt is open, the first hit from the top of the view is the current one.
pub(super) fn sync_hits(state: &mut State, library: &Library, height: usize) {
    let wanted = match (&state.find.words, state.search.active_filter()) {
        (Some(find), _) if !find.text.is_empty() => Some(HitsOf::Find(find.text.clone())),
        (_, Some(filter)) => Some(HitsOf::Search(filter.text.clone())),
        _ => None,
    };
    let live = state.find.words.as_ref().is_some_and(|f| f.prompt.is_some());
    let query = state.search.filter.as_ref().map(|f| &f.query).filter(|q| !q.is_empty());
    let Some(reading) = state.reading.as_mut() else { return };
    if reading.hits.as_ref().map(|h| &h.of) == wanted.as_ref() {
        return;
    }
    let text = &library.articles()[reading.index].text;
    let anchor = view_anchor(reading, height, Direction::Forward);
    reading.hits = wanted.map(|of| {
        let ranges = match (&of, query) {
            (HitsOf::Find(words), _) => find_in_text(text, words),
            (HitsOf::Search(_), Some(query)) => text_hits(library, reading.index, query),
            (HitsOf::Search(_), None) => Vec::new(),
        };
        let ranges: Vec<_> = ranges.into_iter().map(|r| r.start as u32..r.end as u32).collect();
        let starts: Vec<u32> = ranges.iter().map(|r| r.start).collect();
        let current =
            live.then(|| jump_among(&starts, None, anchor, Direction::Forward, |_| true)).flatten().map(|j| j.index);
        TextHits { of, ranges, current, wrapped: false, reveal: current.is_some() }
    });
}

#[cfg(test)]
mod tests {
    use super::super::update::{Input, update};
    use super::*;
    use crate::search::session::Session;
    use crate::testing::{find_entities_now, seeds_without_entities};

    use crate::testing::seeds;

    use crate::testing::{press_keys as press, reader_on as start, run_effect as run};

    fn typing(state: &mut State, library: &Library, session: &mut Session, text: &str) {
        for c in text.chars() {
            let effect = update(state, library, Input::Type(c));
            run(state, library, session, effect);
        }
    }

    fn listed(state: &State, library: &Library) -> Vec<String> {
        (0..state.list.listing.selectable.len())
            .filter_map(|n| state.list.listing.article_at(n))
            .map(|a| library.articles()[a].title.clone())
            .collect()
    }

    /// The search prompt open on a library whose names are still being found.
    fn searching_while_names_are_found(library: &Library, session: &mut Session) -> State {
        let mut state = start(library);
        update(&mut state, library, Input::FindingEntities { done: 0, total: library.articles().len() });
        press(&mut state, library, session, &[Command::Search]);
        state
    }

    /// Finds the library's names, and starts the worker's session over with them.
    fn names_found(library: &mut Library) {
        find_entities_now(library);
    }

    #[test]
    fn an_entity_search_typed_before_the_names_are_found_finds_them_once_they_are() {
        let mut library = seeds_without_entities();
        let mut session = Session::new();
        let mut state = searching_while_names_are_found(&library, &mut session);
        typing(&mut state, &library, &mut session, "entity:hassett");
        assert!(listed(&state, &library).is_empty(), "no entity is known yet");
        names_found(&mut library);
        let generation = state.search.generation;
        let effect = update(&mut state, &library, Input::EntitiesFound { announce: false });
        assert!(
            matches!(&effect, Some(Effect::Work(Request::Search { generation: g, text, .. }))
                if *g > generation && text == "entity:hassett"),
            "the search runs again: {effect:?}"
        );
        assert_eq!(state.status.message, None, "names found quickly are not announced");
        run(&mut state, &library, &mut session, effect);
        let titles = listed(&state, &library);
        assert!(!titles.is_empty() && titles.len() < 5, "the articles naming Kevin Hassett: {titles:?}");
        assert!(state.prompt_open(), "the prompt stays open as it was");
        let reading = state.reading.as_ref().unwrap();
        assert_eq!(Some(reading.index), state.list.selected_article());
        let hits = reading.hits.as_ref().expect("the search's hits in the open article");
        assert!(!hits.ranges.is_empty(), "Kevin Hassett is found in the article shown");
    }

    #[test]
    fn names_found_during_a_search_keep_the_article_selected() {
        let mut library = seeds_without_entities();
        let mut session = Session::new();
        let mut state = searching_while_names_are_found(&library, &mut session);
        typing(&mut state, &library, &mut session, "china");
        press(&mut state, &library, &mut session, &[Command::Down]);
        let selected = state.list.selected_article();
        assert!(selected.is_some() && state.list.selected > 0, "an article below the best one");
        names_found(&mut library);
        let effect = update(&mut state, &library, Input::EntitiesFound { announce: false });
        run(&mut state, &library, &mut session, effect);
        assert_eq!(state.list.selected_article(), selected, "still selected after the search ran again");
    }

    #[test]
    fn typing_narrows_the_list_best_first_and_esc_restores_it() {
        let library = seeds();
        let mut session = Session::new();
        let mut state = start(&library);
        press(&mut state, &library, &mut session, &[Command::Down, Command::Down]);
        let before = (state.list.selected_article(), state.list.listing.clone());
        press(&mut state, &library, &mut session, &[Command::Search]);
        assert!(state.prompt_open());
        typing(&mut state, &library, &mut session, "coin");
        let titles = listed(&state, &library);
        assert!(!titles.is_empty() && titles.len() < 5, "{titles:?}");
        assert_eq!(state.list.grouping, Grouping::Rank);
        assert_eq!(state.list.selected, 0, "the best match is selected");
        assert_eq!(state.reading.as_ref().map(|r| r.index), state.list.selected_article(), "and shown");
        press(&mut state, &library, &mut session, &[Command::Back]);
        assert!(!state.prompt_open() && state.search.filter.is_none());
        assert_eq!((state.list.selected_article(), state.list.listing.clone()), before);
        assert_eq!(state.search.history, ["coin"]);
    }

    #[test]
    fn enter_opens_the_selection_and_keeps_the_filter_until_esc() {
        let library = seeds();
        let mut session = Session::new();
        let mut state = start(&library);
        press(&mut state, &library, &mut session, &[Command::Search]);
        typing(&mut state, &library, &mut session, "\"rare earth\"");
        let matches = listed(&state, &library);
        press(&mut state, &library, &mut session, &[Command::Down, Command::Open]);
        assert_eq!(state.focus, Focus::Article);
        assert_eq!(library.articles()[state.reading.as_ref().unwrap().index].title, matches[1]);
        assert_eq!(listed(&state, &library), matches, "the filter stays");
        let hits = state.reading.as_ref().unwrap().hits.as_ref().unwrap();
        assert!(!hits.ranges.is_empty(), "the search's words are hits in the article");
        press(&mut state, &library, &mut session, &[Command::NextHit]);
        let reading = state.reading.as_ref().unwrap();
        let hit = reading.hits.as_ref().unwrap().ranges[reading.hits.as_ref().unwrap().current.unwrap()].clone();
        let text = &library.articles()[reading.index].text[hit.start as usize..hit.end as usize];
        assert!(text.eq_ignore_ascii_case("rare earth"), "{text}");
        press(&mut state, &library, &mut session, &[Command::Back, Command::Back]);
        assert_eq!(state.focus, Focus::Articles);
        assert!(state.search.filter.is_none(), "esc in the articles clears the filter");
        assert_eq!(listed(&state, &library).len(), 5);
    }

    #[test]
    fn a_query_that_does_not_parse_keeps_the_list() {
        let library = seeds();
        let mut session = Session::new();
        let mut state = start(&library);
        press(&mut state, &library, &mut session, &[Command::Search]);
        typing(&mut state, &library, &mut session, "date:junk");
        assert_eq!(listed(&state, &library).len(), 5);
        assert_eq!(state.search.filter.as_ref().unwrap().query.errors.len(), 1);
    }

    #[test]
    fn up_in_an_empty_prompt_recalls_and_down_moves_the_selection() {
        let library = seeds();
        let mut session = Session::new();
        let mut state = start(&library);
        state.search.history = vec!["hassett".into()];
        press(&mut state, &library, &mut session, &[Command::Search, Command::Up]);
        assert_eq!(state.search.prompt.as_ref().unwrap().text, "hassett");
        let count = listed(&state, &library).len();
        assert!(count < 5 && count > 1, "{count}");
        press(&mut state, &library, &mut session, &[Command::DeleteBack]);
        press(&mut state, &library, &mut session, &[Command::Down]);
        assert_eq!(state.list.selected, 1, "after an edit, down moves through the results");
        press(&mut state, &library, &mut session, &[Command::ClearPrompt]);
        assert_eq!(listed(&state, &library).len(), 5, "an empty prompt lists everything");
    }

    #[test]
    fn saved_searches_filter_and_show_their_counts() {
        let library = seeds();
        let mut session = Session::new();
        let mut state = start(&library);
        state.set_saved([("Coins".to_owned(), "'coin".to_owned())]);
        assert_eq!(state.list.listing.saved_at(0), Some(0));
        assert!(state.list.selected_article().is_some(), "an article is selected, not the saved search");
        update(&mut state, &library, Input::Worker(Response::Counted { slot: 0, count: 2 }));
        assert_eq!(state.search.saved[0].count, Some(2));
        press(&mut state, &library, &mut session, &[Command::Top, Command::Open]);
        let expected = session.count(&library, &Query::parse("'coin"));
        assert!(expected > 0 && expected < 5);
        assert_eq!(listed(&state, &library).len(), expected);
        assert!(state.status.message.as_deref().unwrap().contains("Coins"));
        press(&mut state, &library, &mut session, &[Command::Back]);
        assert!(state.search.filter.is_none());
        assert_eq!(state.list.listing.saved_at(0), Some(0), "the saved searches are back");
    }

    #[test]
    fn find_counts_hits_live_and_n_wraps() {
        let library = seeds();
        let mut session = Session::new();
        let mut state = start(&library);
        press(&mut state, &library, &mut session, &[Command::Find]);
        assert!(state.prompt_open());
        typing(&mut state, &library, &mut session, "rare");
        let reading = state.reading.as_ref().unwrap();
        let hits = reading.hits.as_ref().unwrap();
        let total = hits.ranges.len();
        assert!(total > 1, "{total}");
        assert_eq!(hits.current, Some(0), "live: the first hit from the top");
        press(&mut state, &library, &mut session, &[Command::Open]);
        assert_eq!(state.find.words.as_ref().unwrap().text, "rare");
        for _ in 1..total {
            press(&mut state, &library, &mut session, &[Command::NextHit]);
        }
        let hits = state.reading.as_ref().unwrap().hits.as_ref().unwrap();
        assert_eq!((hits.current, hits.wrapped), (Some(total - 1), false));
        press(&mut state, &library, &mut session, &[Command::NextHit]);
        let hits = state.reading.as_ref().unwrap().hits.as_ref().unwrap();
        assert_eq!((hits.current, hits.wrapped), (Some(0), true));
        press(&mut state, &library, &mut session, &[Command::Find, Command::Back]);
        assert!(state.find.words.is_none() && state.reading.as_ref().unwrap().hits.is_none());
    }

    #[test]
    fn n_with_nothing_searched_says_how_to_search() {
        let library = seeds();
        let mut session = Session::new();
        let mut state = start(&library);
        press(&mut state, &library, &mut session, &[Command::NextHit]);
        assert!(state.status.message.as_deref().unwrap().contains("/ searches"));
    }
}

#[cfg(test)]
mod mark_tests {
    use super::super::update::{Input, update};
    use super::*;
    use crate::search::session::Session;

    #[test]
    fn unread_and_starred_filters_toggle_and_use_the_marks() {
        let library = crate::testing::seeds();
        let mut session = Session::new();
        let mut state = State::new(&library, 46, 40);
        update(&mut state, &library, Input::Resize(120, 40));
        let mut press = |state: &mut State, command| {
            if let Some(Effect::Work(Request::Search { generation, text, marks })) =
                update(state, &library, Input::Command(command))
            {
                let hits =
                    session.search_marked(&library, &Query::parse(&text), &marks, &|| false, &mut |_| {}).unwrap();
                update(state, &library, Input::Worker(Response::Found { generation, hits, complete: true }));
            }
        };
        press(&mut state, Command::ToggleRead);
        press(&mut state, Command::Down);
        press(&mut state, Command::ToggleStar);
        assert_eq!(state.status.message.as_deref(), Some("starred"));
        press(&mut state, Command::FilterUnread);
        assert_eq!(state.list.listing.article_count(), 4, "one article is read");
        press(&mut state, Command::FilterStarred);
        assert_eq!(state.search.filter.as_ref().unwrap().text, "unread starred");
        assert_eq!(state.list.listing.article_count(), 1);
        press(&mut state, Command::FilterUnread);
        press(&mut state, Command::FilterStarred);
        assert!(state.search.filter.is_none());
        assert_eq!(state.list.listing.article_count(), 5);
    }
}
