//! The entity browser (`E`): every entity the listed articles name, with its kind, its
//! mentions and articles among them and the latest day they tell of; sorted by any of them,
//! filtered by a fuzzy match of the names as you type (best match first), narrowed to one
//! kind. Enter lists the selected entity's articles of the list (the pivot window); back from
//! there returns to the browser as it was: selection, scroll, filter, order and kind.
//!
//! Speed: the rows are counted once for a view (on opening, and again only when the listed
//! articles change), and a key typed into the filter scores names alone, only those the
//! filter matched before when the key adds to it. Both are done a step at a time
//! ([`rows`]): a key does one step, and the loop asks for the next (`Input::Continue`) while
//! [`working`] says so, so that no key waits for much more than a frame however large the
//! corpus; the screen shows the rows found so far.

pub mod rows;

use super::entity_list::pivot_rows;
use super::prompt::Prompt;
use super::searching;
use super::state::{Overlay, PivotList, State};
use super::timeline::listed_articles;
use super::update::Effect;
use crate::command::Command;
use crate::entities::{EntityId, Kind};
use crate::library::Library;
use rows::{Counter, Names, Scorer, ranked, sorted, step_kind};
pub use rows::{EntityRow, Sort, count, matched_chars};

/// The work done at most in one go (after a key, or when the loop asks): about 6 ms, so
/// that, drawn, it fits a frame. Each kind of work says what that is for it:
/// entity-article pairs a count reads,
const COUNT_STEP: usize = 1 << 20;
/// names read (once for a version of the library),
const NAMES_STEP: usize = 80_000;
/// names put in alphabetical order (all at once, in a step of its own when longer: about
/// 20 ms at 190,000 names, once for a version of the library),
const RANK_STEP: usize = 60_000;
/// rows a sort orders (a sort is done whole, in a step of its own when longer),
const SORT_STEP: usize = 200_000;
/// names the filter looks at (scoring one counts 8).
const SCORE_STEP: usize = 40_000;
/// Rows ranked and shown while the filter is still scored.
const SHOWN_WHILE_SCORING: usize = 1_000;

/// Which articles the counts are of: the library's version and the listed articles (how
/// many, and a digest of which, in any order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ViewKey {
    version: u64,
    articles: usize,
    digest: u64,
}

impl ViewKey {
    /// The key of `listed` in `library` as it is now.
    #[must_use]
    pub fn of(library: &Library, listed: &[usize]) -> Self {
        let digest = listed.iter().fold(0u64, |sum, &a| sum.wrapping_add(mix(a as u64)));
        Self { version: library.version(), articles: listed.len(), digest }
    }

    /// How many articles are listed.
    #[must_use]
    pub fn articles(&self) -> usize {
        self.articles
    }
}

/// A 64-bit mix of a number (splitmix64's finaliser): summed, the digest of a set.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What the browser has left to work out.
#[derive(Clone, Debug)]
enum Work {
    /// Counting the entities (once the names are read and ordered).
    Count(Counter),
    /// Sorting the rows.
    Sort,
    /// Scoring the names against the filter.
    Score(Scorer),
}

/// The entity browser: the counts of the view it was opened on, and where the user is in them.
#[derive(Clone, Debug, Default)]
pub struct Browser {
    /// True while it is shown. An article opened from it hides it; `E` shows it again, as it
    /// was when the listed articles are the same.
    pub open: bool,
    /// The view the counts are of.
    pub view: ViewKey,
    /// Every entity the listed articles name, with its counts, by entity number.
    pub rows: Vec<EntityRow>,
    /// What the rows' names are made of, and their alphabetical order.
    names: Names,
    /// The entity to select once the rows are counted and sorted again.
    reselect: Option<EntityId>,
    /// Positions in `rows`, in the order of `sort`.
    sorted: Vec<u32>,
    /// The order.
    pub sort: Sort,
    /// The one kind listed, when not all.
    pub kind: Option<Kind>,
    /// The filter of the names (while the prompt is open, its text).
    pub filter: String,
    /// The filter's prompt, while it is typed.
    pub prompt: Option<Prompt>,
    /// The rows shown (positions in `rows`): of the kind, matching the filter, best first.
    pub shown: Vec<u32>,
    /// The selected row's position in `shown`.
    pub selected: usize,
    /// The first row in view.
    pub offset: usize,
    /// Filters scored, each with the rows it matched and their scores (in `sorted` order),
    /// the longest last: a filter that adds to one scores only what that one matched.
    narrowing: Vec<(String, Vec<(u32, i64)>)>,
    /// What is left to work out.
    work: Option<Work>,
}

impl Browser {
    /// The row selected, when any is shown.
    #[must_use]
    pub fn selected_row(&self) -> Option<&EntityRow> {
        self.rows.get(*self.shown.get(self.selected)? as usize)
    }

    /// While rows are being counted or names scored: which, and how far (done, of all).
    #[must_use]
    pub fn progress(&self, library: &Library) -> Option<(&'static str, usize, usize)> {
        let index = library.entities();
        match self.work.as_ref()? {
            Work::Count(_) if !self.names.ready(library) => {
                let (done, all) = self.names.progress(index);
                Some(("reading names", done, all))
            }
            Work::Count(counter) => {
                let (done, all) = counter.progress(index);
                Some(("counting", done, all))
            }
            Work::Sort => Some(("sorting", 0, 1)),
            Work::Score(scorer) => {
                let (done, all) = scorer.progress();
                Some(("matching", done, all))
            }
        }
    }

    /// A browser of `listed`'s entities, counted a step at a time.
    fn new(library: &Library, listed: &[usize]) -> Self {
        let mut browser = Self { open: true, ..Self::default() };
        browser.recount(library, listed);
        browser
    }

    /// Counts the view again (the listed articles changed), keeping the order, kind, filter
    /// and the selected entity when it is still named.
    fn recount(&mut self, library: &Library, listed: &[usize]) {
        self.reselect = self.selected_row().map(|r| r.entity).or(self.reselect);
        self.view = ViewKey::of(library, listed);
        self.rows.clear();
        self.sorted.clear();
        self.shown.clear();
        self.narrowing.clear();
        if !self.names.ready(library) {
            self.names = Names::start(library);
        }
        self.work = Some(Work::Count(Counter::new(library, listed)));
    }

    /// Does what is left to work out, about a step of it (see [`COUNT_STEP`]): several short
    /// ones on a small corpus.
    fn run(&mut self, library: &Library) {
        let mut left: usize = 100;
        while left > 0 && self.work.is_some() {
            // What is done whole is done in a step of its own when it is long.
            if left < 100 && self.whole_step(library) > left {
                break;
            }
            left = left.saturating_sub(self.step(library, left).max(1));
        }
    }

    /// The percent of a step that the next step takes when it is done whole (ordering the
    /// names, sorting the rows); 0 when it can stop anywhere.
    fn whole_step(&self, library: &Library) -> usize {
        let index = library.entities();
        match self.work {
            Some(Work::Count(_)) if self.names.read(index) && !self.names.ready(library) => {
                index.entities().len() * 100 / RANK_STEP
            }
            Some(Work::Sort) => self.rows.len() * 100 / SORT_STEP,
            _ => 0,
        }
    }

    /// Does `share` percent of a step of what is left to work out; returns the percent done.
    fn step(&mut self, library: &Library, share: usize) -> usize {
        let index = library.entities();
        let budget = |step: usize| step / 100 * share;
        match self.work.take() {
            Some(Work::Count(counter)) if !self.names.ready(library) => {
                self.work = Some(Work::Count(counter));
                if self.names.read(index) {
                    self.names.step(index, 0) * 100 / RANK_STEP
                } else {
                    self.names.step(index, budget(NAMES_STEP)) * 100 / NAMES_STEP
                }
            }
            Some(Work::Count(mut counter)) => {
                let read = counter.step(index, budget(COUNT_STEP), &mut self.rows);
                self.work = Some(if counter.done(index) { Work::Sort } else { Work::Count(counter) });
                read * 100 / COUNT_STEP
            }
            Some(Work::Sort) => {
                let entity = self.selected_row().map(|r| r.entity);
                self.sorted = sorted(index, &self.names, &self.rows, self.sort);
                self.narrowing.clear();
                self.filter_again(library);
                let entity = self.reselect.take().or(entity);
                self.select_entity(entity);
                self.rows.len() * 100 / SORT_STEP
            }
            Some(Work::Score(mut scorer)) => {
                let spent = scorer.step(index, &self.names, &self.rows, budget(SCORE_STEP));
                if scorer.done() {
                    self.narrowing.push((scorer.typed, scorer.matched));
                } else {
                    self.work = Some(Work::Score(scorer));
                }
                self.show(library);
                spent * 100 / SCORE_STEP
            }
            None => 0,
        }
    }

    /// Filters the rows with the filter as it is now: at once when it was scored before, else
    /// it is scored from the next step on.
    fn filter_again(&mut self, library: &Library) {
        if matches!(self.work, Some(Work::Count(_) | Work::Sort)) {
            return;
        }
        // The matcher ignores ASCII case: so do the filters kept for narrowing.
        let filter = self.filter.trim().to_ascii_lowercase();
        while self.narrowing.last().is_some_and(|(typed, _)| !filter.starts_with(typed.as_str())) {
            self.narrowing.pop();
        }
        let scoring = match self.work.take() {
            Some(Work::Score(scorer)) => Some(scorer),
            _ => None,
        };
        if filter.is_empty() || self.narrowing.last().is_some_and(|(typed, _)| *typed == filter) {
            self.show(library);
            return;
        }
        // The rows the filter may match: what a shorter filter still being scored may match,
        // else what the longest shorter one matched, else every row.
        let candidates = match scoring {
            Some(scorer) if filter.starts_with(scorer.typed.as_str()) => scorer.narrowed(),
            _ => self
                .narrowing
                .last()
                .map_or_else(|| self.sorted.clone(), |(_, matched)| matched.iter().map(|&(row, _)| row).collect()),
        };
        self.work = Some(Work::Score(Scorer::new(&filter, candidates)));
        self.show(library);
    }

    /// Works out the rows shown: of the kind, and with a filter, its matches best first (while
    /// they are still scored, the best of those found so far).
    fn show(&mut self, library: &Library) {
        let index = library.entities();
        let filter = self.filter.trim();
        let rows = &self.rows;
        let of_kind = |row: &u32| self.kind.is_none_or(|k| index.entity(rows[*row as usize].entity).kind == k);
        self.shown = if filter.is_empty() {
            self.sorted.iter().copied().filter(of_kind).collect()
        } else if let Some(Work::Score(scorer)) = &self.work {
            ranked(&scorer.matched, SHOWN_WHILE_SCORING).into_iter().filter(of_kind).collect()
        } else {
            let matched = self.narrowing.last().map_or(&[][..], |(_, matched)| matched);
            ranked(matched, usize::MAX).into_iter().filter(of_kind).collect()
        };
    }

    /// Selects `entity` when it is shown, else the first row.
    fn select_entity(&mut self, entity: Option<EntityId>) {
        let rows = &self.rows;
        self.selected =
            entity.and_then(|e| self.shown.iter().position(|&row| rows[row as usize].entity == e)).unwrap_or(0);
    }

    /// Scrolls so that the selection is in view in `height` rows.
    fn reveal(&mut self, height: usize) {
        let height = height.max(1);
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(self.shown.len().saturating_sub(height));
    }

    /// The filter changed: filters again (a first step), the best match selected.
    fn filter_changed(&mut self, library: &Library) {
        self.filter_again(library);
        self.run(library);
        self.selected = 0;
        self.offset = 0;
    }

    /// Clears the filter; the selected entity stays selected.
    fn clear_filter(&mut self, library: &Library) {
        let entity = self.selected_row().map(|r| r.entity);
        self.filter.clear();
        self.filter_again(library);
        self.select_entity(entity);
    }
}

/// The entity the browser's cursor is on, while it is shown: what acts on one entity (its
/// articles, its partners, a correction) takes this one.
#[must_use]
pub fn selected_entity(state: &State) -> Option<EntityId> {
    state.browser.as_ref().filter(|b| b.open)?.selected_row().map(|row| row.entity)
}

/// True while the browser is shown.
#[must_use]
pub fn is_open(state: &State) -> bool {
    state.browser.as_ref().is_some_and(|b| b.open)
}

/// True while the shown browser has rows to count or names to score: the loop then asks
/// for the next step ([`Input::Continue`](super::update::Input::Continue)) as soon as no key
/// waits.
#[must_use]
pub fn working(state: &State) -> bool {
    state.browser.as_ref().is_some_and(|b| b.open && b.work.is_some())
}

/// Where the browser's parts are on the screen now.
#[must_use]
pub fn areas(state: &State) -> super::layout::BrowserAreas {
    let filter_shown = state.browser.as_ref().is_some_and(|b| b.prompt.is_some() || !b.filter.is_empty());
    super::layout::browser(state.screen.size.0, state.screen.size.1, filter_shown)
}

/// Makes the shown browser count its rows again, the work left for the steps to come, as a
/// large corpus has it after a key: for tests of the loop that asks for them.
#[cfg(test)]
pub(crate) fn recount_later(state: &mut State, library: &Library) {
    let listed = listed_articles(&state.list.listing);
    if let Some(browser) = state.browser.as_mut() {
        browser.recount(library, &listed);
    }
}

/// Rows of entities the browser shows at once.
#[must_use]
pub fn rows_height(state: &State) -> usize {
    usize::from(areas(state).rows.height).max(1)
}

/// Does the next step of the shown browser's work, the selection kept in view.
pub(super) fn work(state: &mut State, library: &Library) {
    if !working(state) {
        return;
    }
    let height = rows_height(state);
    if let Some(browser) = state.browser.as_mut() {
        browser.run(library);
        browser.reveal(height);
    }
}

/// `E`: shows the browser of the listed articles (as it was, when they are the ones it
/// counted), or hides it.
pub(super) fn toggle(state: &mut State, library: &Library) {
    if is_open(state) {
        hide(state);
        return;
    }
    let listed = listed_articles(&state.list.listing);
    match state.browser.as_mut() {
        Some(browser) => {
            if browser.view != ViewKey::of(library, &listed) {
                browser.recount(library, &listed);
            }
            browser.open = true;
        }
        None => state.browser = Some(Browser::new(library, &listed)),
    }
    work(state, library);
    if listed.is_empty() {
        state.status.message = Some("no article is listed: the browser has no entity to show".into());
    }
}

/// Counts the view again when the listed articles changed under the shown browser (a
/// search's results came, articles were added).
pub(super) fn refresh(state: &mut State, library: &Library) {
    if !is_open(state) {
        return;
    }
    let listed = listed_articles(&state.list.listing);
    if let Some(browser) = state.browser.as_mut()
        && browser.view != ViewKey::of(library, &listed)
    {
        browser.recount(library, &listed);
        work(state, library);
    }
}

/// Hides the browser (an article opened from it is shown); `E` shows it again.
pub(super) fn hide(state: &mut State) {
    if let Some(browser) = state.browser.as_mut() {
        browser.open = false;
        browser.prompt = None;
    }
}

/// A command while the browser is shown (and no prompt or window over it).
pub(super) fn command(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
    let height = rows_height(state);
    let browser = state.browser.as_mut()?;
    if let Some(step) = super::update::step(command, height) {
        browser.selected = step.apply(browser.selected, browser.shown.len());
        browser.reveal(height);
        return None;
    }
    match command {
        Command::Open | Command::Pivot => pivot(state, library),
        Command::Partners => super::update::open_partners(state, library),
        Command::Back if !browser.filter.is_empty() => {
            browser.clear_filter(library);
            state.status.message = Some("filter cleared: every entity is listed".into());
        }
        Command::Back | Command::EntityBrowser => hide(state),
        Command::FilterEntities => browser.prompt = Some(Prompt::new(&browser.filter)),
        Command::SortEntities => {
            browser.sort = browser.sort.next();
            if !matches!(browser.work, Some(Work::Count(_) | Work::Sort)) {
                browser.work = Some(Work::Sort);
                browser.run(library);
            }
            state.status.message = Some(format!("entities {}", browser.sort.label()));
        }
        Command::NextKind | Command::PreviousKind => {
            let entity = browser.selected_row().map(|r| r.entity);
            browser.kind = step_kind(browser.kind, command == Command::NextKind);
            browser.show(library);
            browser.select_entity(entity);
            let kind = browser.kind.map_or("every kind", Kind::name);
            state.status.message = Some(format!("entities: {kind}"));
        }
        _ => state.status.message = Some("that key does nothing in the entity browser (esc closes it)".into()),
    }
    let height = rows_height(state);
    if let Some(browser) = state.browser.as_mut() {
        browser.reveal(height);
    }
    None
}

/// The mouse wheel: the rows scroll by `lines` (positive is down), the selection kept in view.
pub(super) fn scroll(state: &mut State, lines: isize) {
    let height = rows_height(state);
    let Some(browser) = state.browser.as_mut() else { return };
    let last_offset = browser.shown.len().saturating_sub(height);
    browser.offset = browser.offset.saturating_add_signed(lines).min(last_offset);
    browser.selected = browser.selected.clamp(browser.offset, (browser.offset + height).saturating_sub(1));
    browser.reveal(height);
}

/// A click on a row selects it.
pub(super) fn click(state: &mut State, at: ratatui::layout::Position) {
    let rows = areas(state).rows;
    let Some(browser) = state.browser.as_mut().filter(|_| rows.contains(at)) else { return };
    let row = browser.offset + usize::from(at.y - rows.y);
    if row < browser.shown.len() {
        browser.selected = row;
    }
}

/// Enter: the listed articles that name the selected entity, in the pivot window; back
/// from it returns here.
fn pivot(state: &mut State, library: &Library) {
    let Some(entity) = selected_entity(state) else {
        state.status.message = Some("no entity is selected".into());
        return;
    };
    let mut listed = vec![false; library.articles().len()];
    for a in listed_articles(&state.list.listing) {
        listed[a] = true;
    }
    let rows: Vec<(usize, u32)> = pivot_rows(library, entity).into_iter().filter(|&(a, _)| listed[a]).collect();
    state.entities.pivot = Some(PivotList { entity, with: None, rows, selected: 0 });
    state.entities.partners = None;
    state.overlay.open = Some(Overlay::Pivot);
    state.overlay.scroll = 0;
}

/// A character typed into the filter: the rows are filtered again, the best match selected.
pub(super) fn type_char(state: &mut State, library: &Library, c: char) {
    let height = rows_height(state);
    let Some(browser) = state.browser.as_mut() else { return };
    let Some(prompt) = browser.prompt.as_mut() else { return };
    prompt.insert(c);
    browser.filter.clone_from(&prompt.text);
    browser.filter_changed(library);
    browser.reveal(height);
}

/// A command while the filter's prompt is open: editing keys filter again, moves move the
/// selection, enter keeps the filter and lists the selected entity's articles, esc clears it.
pub(super) fn prompt_command(state: &mut State, library: &Library, command: Command) {
    let height = rows_height(state);
    let Some(browser) = state.browser.as_mut() else { return };
    let Some(prompt) = browser.prompt.as_mut() else { return };
    match command {
        Command::Open => {
            browser.prompt = None;
            if browser.shown.is_empty() {
                state.status.message = Some("no entity matches the filter".into());
            } else {
                pivot(state, library);
            }
        }
        Command::Back => {
            browser.prompt = None;
            browser.clear_filter(library);
        }
        _ if command.edits_prompt() => {
            if searching::edit(prompt, command) {
                browser.filter.clone_from(&prompt.text);
                browser.filter_changed(library);
            }
        }
        _ => {
            if let Some(step) = super::update::step(command, height) {
                browser.selected = step.apply(browser.selected, browser.shown.len());
            }
        }
    }
    let height = rows_height(state);
    if let Some(browser) = state.browser.as_mut() {
        browser.reveal(height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::seeds;

    fn names(library: &Library, browser: &Browser) -> Vec<String> {
        let index = library.entities();
        browser.shown.iter().map(|&r| index.entity(browser.rows[r as usize].entity).name.clone()).collect()
    }

    fn finished(library: &Library, listed: &[usize]) -> Browser {
        let mut browser = Browser::new(library, listed);
        while browser.work.is_some() {
            browser.run(library);
        }
        browser
    }

    fn filtered(library: &Library, browser: &mut Browser, filter: &str) {
        browser.filter = filter.into();
        browser.filter_changed(library);
        while browser.work.is_some() {
            browser.run(library);
        }
    }

    #[test]
    fn the_filter_ranks_names_by_match_and_narrows_as_it_grows() {
        let library = seeds();
        let all: Vec<usize> = (0..library.articles().len()).collect();
        let mut browser = finished(&library, &all);
        let every = browser.shown.len();
        filtered(&library, &mut browser, "has");
        let shown = names(&library, &browser);
        assert_eq!(shown.first().map(String::as_str), Some("Kevin Hassett"), "{shown:?}");
        assert!(shown.len() < every);
        // Adding to the filter scores only what it matched.
        filtered(&library, &mut browser, "hass");
        assert_eq!(browser.narrowing.len(), 2);
        assert_eq!(names(&library, &browser), ["Kevin Hassett"]);
        // Taking away goes back to the shorter filter's matches.
        filtered(&library, &mut browser, "ha");
        assert_eq!(browser.narrowing.len(), 1);
        let mut fresh = finished(&library, &all);
        filtered(&library, &mut fresh, "ha");
        assert_eq!(browser.shown, fresh.shown, "the same as filtering afresh");
        // Case does not matter, and a capital narrows as its small letter does.
        filtered(&library, &mut browser, "HAs");
        assert_eq!((browser.narrowing.len(), names(&library, &browser)[0].as_str()), (2, "Kevin Hassett"));
        filtered(&library, &mut browser, "zzzq");
        assert!(browser.shown.is_empty());
        filtered(&library, &mut browser, "");
        assert_eq!(browser.shown.len(), every);
    }

    #[test]
    fn a_kind_alone_is_listed_and_the_selection_stays_on_its_entity() {
        let library = seeds();
        let all: Vec<usize> = (0..library.articles().len()).collect();
        let mut browser = finished(&library, &all);
        browser.kind = Some(Kind::Person);
        browser.show(&library);
        let people = names(&library, &browser);
        assert_eq!(people.first().map(String::as_str), Some("Kevin Hassett"), "3 articles: {people:?}");
        assert!(
            browser
                .shown
                .iter()
                .all(|&r| library.entities().entity(browser.rows[r as usize].entity).kind == Kind::Person)
        );
        browser.selected = 1;
        let second = browser.selected_row().map(|r| r.entity);
        browser.kind = None;
        browser.show(&library);
        browser.select_entity(second);
        assert_eq!(browser.selected_row().map(|r| r.entity), second);
    }
}

#[cfg(test)]
mod keys {
    use super::*;
    use crate::command::Mode;
    use crate::reader::mode;
    use crate::reader::update::{Input, update};
    use crate::search::session::Session;
    use crate::testing::{press_keys as press, reader_on, run_effect, seeds};

    fn name(library: &Library, entity: Option<EntityId>) -> String {
        entity.map_or_else(String::new, |e| library.entities().entity(e).name.clone())
    }

    #[test]
    fn enter_lists_the_entitys_articles_and_back_returns_to_the_browser_as_it_was() {
        let library = seeds();
        let mut state = reader_on(&library);
        let session = &mut Session::new();
        press(&mut state, &library, session, &[Command::EntityBrowser, Command::SortEntities, Command::Down]);
        assert_eq!(mode(&state), Mode::Browser);
        let entity = selected_entity(&state);
        assert_eq!(name(&library, entity), "United States", "second by mentions");
        press(&mut state, &library, session, &[Command::Open]);
        assert_eq!(mode(&state), Mode::Pivot);
        let pivot = state.entities.pivot.clone().expect("the pivot is open");
        assert_eq!((Some(pivot.entity), pivot.rows.len()), (entity, 5));
        // Back (esc, or backspace as the pivot's history key) returns to the browser as it was.
        for back in [Command::Back, Command::HistoryBack] {
            press(&mut state, &library, session, &[back]);
            assert_eq!(mode(&state), Mode::Browser);
            assert_eq!(selected_entity(&state), entity);
            assert_eq!(state.browser.as_ref().map(|b| (b.sort, b.selected)), Some((Sort::Mentions, 1)));
            press(&mut state, &library, session, &[Command::Open]);
        }
        // An article opened from the pivot hides the browser; E shows it again as it was.
        press(&mut state, &library, session, &[Command::Down, Command::Open]);
        assert_eq!(mode(&state), Mode::Article);
        assert_eq!(state.reading.as_ref().map(|r| r.index), Some(pivot.rows[1].0));
        press(&mut state, &library, session, &[Command::EntityBrowser]);
        assert_eq!((mode(&state), selected_entity(&state)), (Mode::Browser, entity));
        press(&mut state, &library, session, &[Command::Back]);
        assert_eq!(mode(&state), Mode::Article, "esc closes the browser");
    }

    #[test]
    fn the_filter_is_typed_ranks_as_it_goes_and_esc_clears_it() {
        let library = seeds();
        let mut state = reader_on(&library);
        let session = &mut Session::new();
        press(&mut state, &library, session, &[Command::EntityBrowser, Command::FilterEntities]);
        assert_eq!(mode(&state), Mode::Prompt);
        for c in "lon".chars() {
            update(&mut state, &library, Input::Type(c));
        }
        assert_eq!(name(&library, selected_entity(&state)), "London");
        // Enter keeps the filter and lists the best match's articles; back keeps the filter.
        press(&mut state, &library, session, &[Command::Open]);
        assert_eq!(state.entities.pivot.as_ref().map(|p| p.rows.len()), Some(3));
        press(&mut state, &library, session, &[Command::Back]);
        assert_eq!(state.browser.as_ref().map(|b| b.filter.as_str()), Some("lon"));
        assert_eq!(mode(&state), Mode::Browser);
        // Esc clears a kept filter first, the entity still selected, then closes.
        press(&mut state, &library, session, &[Command::Back]);
        let browser = state.browser.as_ref().expect("still open");
        assert_eq!((browser.filter.as_str(), browser.shown.len()), ("", browser.rows.len()));
        assert_eq!(name(&library, selected_entity(&state)), "London");
        // In the prompt, esc clears the filter at once.
        press(&mut state, &library, session, &[Command::FilterEntities]);
        update(&mut state, &library, Input::Type('z'));
        press(&mut state, &library, session, &[Command::Back]);
        assert_eq!(state.browser.as_ref().map(|b| (b.filter.is_empty(), b.prompt.is_none())), Some((true, true)));
        press(&mut state, &library, session, &[Command::Back]);
        assert!(!is_open(&state));
    }

    #[test]
    fn the_browser_counts_the_listed_articles_and_again_when_they_change() {
        let library = seeds();
        let mut state = reader_on(&library);
        let session = &mut Session::new();
        press(&mut state, &library, session, &[Command::EntityBrowser, Command::NextKind]);
        let hassett = selected_entity(&state);
        assert_eq!(name(&library, hassett), "Kevin Hassett", "people alone, first by articles");
        press(&mut state, &library, session, &[Command::EntityBrowser, Command::Search]);
        for c in "london".chars() {
            let effect = update(&mut state, &library, Input::Type(c));
            run_effect(&mut state, &library, session, effect);
        }
        press(&mut state, &library, session, &[Command::Open, Command::Back, Command::EntityBrowser]);
        let browser = state.browser.as_ref().expect("open");
        assert_eq!(browser.view.articles(), 3, "the search lists London's 3 articles");
        assert!(browser.rows.iter().all(|r| r.articles <= 3));
        assert_eq!((browser.kind, selected_entity(&state)), (Some(Kind::Person), hassett), "kind and entity kept");
        // The pivot lists the listed articles alone: the first is named in all 5, 3 listed.
        press(&mut state, &library, session, &[Command::PreviousKind, Command::Top, Command::Open]);
        let pivot = state.entities.pivot.as_ref().expect("the pivot");
        assert_eq!((library.entities().entity(pivot.entity).articles.len(), pivot.rows.len()), (5, 3));
    }

    #[test]
    fn the_wheel_scrolls_the_rows_and_a_click_selects_one() {
        let library = seeds();
        let mut state = reader_on(&library);
        update(&mut state, &library, Input::Resize(100, 12));
        press(&mut state, &library, &mut Session::new(), &[Command::EntityBrowser]);
        let rows = areas(&state).rows;
        assert_eq!(rows.height, 8);
        update(&mut state, &library, Input::Scroll { column: 5, row: 5, lines: 3 });
        let browser = state.browser.as_ref().unwrap();
        assert_eq!((browser.offset, browser.selected), (3, 3), "the selection stays in view");
        update(&mut state, &library, Input::Click { column: 5, row: rows.y + 2 });
        assert_eq!(state.browser.as_ref().map(|b| b.selected), Some(5));
        assert_eq!(mode(&state), Mode::Browser);
    }

    #[test]
    fn keys_of_other_panes_say_they_do_nothing_here() {
        let library = seeds();
        let mut state = reader_on(&library);
        let session = &mut Session::new();
        press(&mut state, &library, session, &[Command::EntityBrowser, Command::Timeline]);
        assert!(state.timeline.is_none());
        assert!(state.status.message.as_deref().is_some_and(|m| m.contains("nothing in the entity browser")));
        let entity = selected_entity(&state);
        press(&mut state, &library, session, &[Command::Partners]);
        assert_eq!(mode(&state), Mode::Pivot, "w: the entities named with the selected one");
        assert_eq!(state.entities.partners.as_ref().map(|p| p.entity), entity);
        press(&mut state, &library, session, &[Command::Back]);
        assert_eq!((mode(&state), selected_entity(&state)), (Mode::Browser, entity));
    }
}
