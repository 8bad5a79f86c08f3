//! The one function that changes the reader's state: an input (a command, a typed character,
//! a resize, a mouse event, the result of an effect) in, the new state out, and at most one
//! effect for the loop to carry out (quit, read a raw text, open a url, ask the search worker).
//! No terminal, no I/O: a test can replay a key sequence and check the state.

use std::ops::ControlFlow;

use ratatui::layout::{Position, Rect};

use super::article_layout::{ArticleLayout, Source};
use super::correcting::{self, Edit};
use super::entity_list::{panel_entities, panel_rows, pivot_rows};
use super::jumps::{Direction, jump};
use super::listing::{Grouping, Row};
use super::state::{Focus, History, Overlay, PartnerList, PivotList, Place, Reading, State};
use super::{browser, searching};
use super::{stories, timeline};
use crate::command::Command;
use crate::entities::{EntityId, Mention};
use crate::library::Library;
use crate::reader::layout;
use crate::search::worker::{Request, Response};

/// Something that happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A bound key was pressed.
    Command(Command),
    /// A character was typed into the open prompt.
    Type(char),
    /// The search worker answered.
    Worker(Response),
    /// The terminal was resized.
    Resize(u16, u16),
    /// The mouse wheel turned over a point: lines down (positive) or up.
    Scroll {
        /// Screen column of the pointer.
        column: u16,
        /// Screen row of the pointer.
        row: u16,
        /// Lines to scroll: positive is down.
        lines: i32,
    },
    /// A mouse click at a point.
    Click {
        /// Screen column of the pointer.
        column: u16,
        /// Screen row of the pointer.
        row: u16,
    },
    /// The raw text of an article was read (or could not be).
    RawLoaded {
        /// The article's index.
        index: usize,
        /// Its raw text, or why it could not be read.
        text: Result<String, String>,
    },
    /// A message for the status bar.
    Message(String),
    /// The keys of an unfinished sequence changed.
    Pending(String),
    /// The entities are being found in the background: articles done, of all.
    FindingEntities {
        /// Articles whose names are found.
        done: usize,
        /// All articles.
        total: usize,
    },
    /// The entities are all found: what shows or searches them is brought up to date.
    EntitiesFound {
        /// Say so in the status bar (when finding them took long enough to be noticed).
        announce: bool,
    },
    /// Finding the entities failed (a panic, caught): why, in the panic's words, which may
    /// quote article text. The reader goes on without them.
    EntitiesFailed(String),
    /// The stories are being found in the background: steps done, of all.
    FindingStories {
        /// Steps done.
        done: usize,
        /// All steps.
        total: usize,
    },
    /// The library's stories are found.
    StoriesFound,
    /// Nothing happened: work left from an earlier input goes on a step (the entity browser
    /// counting its rows or scoring its filter), while [`browser::working`] says there is some.
    Continue,
    /// The corrections file was changed as asked (or could not be): why not, if not.
    Corrected {
        /// The change asked for.
        edit: Edit,
        /// Why it could not be made, if it could not.
        outcome: Result<(), String>,
    },
    /// The library took the corrections: what shows the entities is brought up to date.
    CorrectionsApplied,
    /// Files in a watched folder changed: these articles were appended, and these earlier
    /// ones are gone (their file changed or was removed).
    ArticlesChanged {
        /// The new articles.
        added: std::ops::Range<usize>,
        /// Earlier articles whose file changed or is no longer there.
        gone: Vec<usize>,
    },
}

/// Work for the loop: things `update` does not do itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Leave the reader.
    Quit,
    /// Read the raw text of the article with this index.
    LoadRaw(usize),
    /// Open this url in the browser.
    OpenUrl(String),
    /// Ask the search worker for this.
    Work(Request),
    /// Write these articles (indexes, in order) to an export file.
    Export(Vec<usize>),
    /// Fetch the feeds of the library's folders.
    Fetch,
    /// Put this text on the clipboard.
    Copy(String),
    /// Give these articles' clean text (indexes, in order) to the pipe command, in one run.
    Pipe(Vec<usize>),
    /// Change the corrections file so, then correct the library by it.
    Correct(Edit),
}

/// What an entity key says while the names are being found.
const WAITING_FOR_ENTITIES: &str = "entity keys wait until the names are found";

/// What a story key says while the stories are being found.
const WAITING_FOR_STORIES: &str = "story keys wait until the stories are found";

/// How much of a failure's reason [`entities_failed`] keeps, in characters.
const FAILURE_SHOWN: usize = 120;

/// "finding names 42%": how far the background search for entities has come.
#[must_use]
pub fn finding_entities(done: usize, total: usize) -> String {
    format!("finding names {}%", (done * 100).checked_div(total).unwrap_or(100))
}

/// "grouping stories 42%": how far the background search for stories has come.
#[must_use]
pub fn finding_stories(done: usize, total: usize) -> String {
    format!("grouping stories {}%", (done * 100).checked_div(total).unwrap_or(100))
}

/// "finding names failed (entity keys are off): …": what the status bar and the entity keys
/// say once the background search for entities failed. The reason comes last, the part a
/// narrow status bar may cut; it is made safe to draw and cut short, as a panic's message may
/// quote untrusted article text at length.
#[must_use]
pub fn entities_failed(why: &str) -> String {
    let mut shown: String = why.chars().take(FAILURE_SHOWN).collect();
    if shown.len() < why.len() {
        shown.push('…');
    }
    format!("finding names failed (entity keys are off): {}", crate::sanitize::line(&shown))
}

/// What an entity key answers while there are no entities to work on: that they are still
/// being found, or that finding them failed; `None` when the keys work.
fn without_names(state: &State) -> Option<String> {
    if let Some(failure) = &state.entities.failed {
        return Some(failure.clone());
    }
    state.entities.finding.map(|(done, total)| format!("{WAITING_FOR_ENTITIES} ({})", finding_entities(done, total)))
}

/// Applies an input to the state.
pub fn update(state: &mut State, library: &Library, input: Input) -> Option<Effect> {
    // What may change the listed articles under an open entity browser.
    let listing_may_change = matches!(
        input,
        Input::Worker(_)
            | Input::EntitiesFound { .. }
            | Input::StoriesFound
            | Input::ArticlesChanged { .. }
            | Input::CorrectionsApplied
    );
    if !matches!(
        input,
        Input::Pending(_)
            | Input::Message(_)
            | Input::Worker(_)
            | Input::FindingEntities { .. }
            | Input::EntitiesFound { .. }
            | Input::FindingStories { .. }
            | Input::StoriesFound
            | Input::ArticlesChanged { .. }
            | Input::Continue
            | Input::CorrectionsApplied
    ) {
        state.status.message = None;
    }
    let effect = match input {
        Input::Command(command) => match without_names(state) {
            Some(answer) if command.needs_entities() => {
                state.status.message = Some(answer);
                None
            }
            _ if command.needs_stories() && library.stories().is_none() => {
                let progress =
                    state.finding_stories.map(|(done, total)| format!(" ({})", finding_stories(done, total)));
                state.status.message = Some(format!("{WAITING_FOR_STORIES}{}", progress.unwrap_or_default()));
                None
            }
            _ => run(state, library, command),
        },
        Input::Type(c) => searching::type_char(state, library, c),
        Input::Worker(response) => {
            searching::worker_response(state, library, response);
            None
        }
        Input::Resize(width, height) => {
            state.screen.size = (width, height);
            None
        }
        Input::Scroll { column, row, lines } => {
            scroll_at(state, Position::new(column, row), lines);
            None
        }
        Input::Click { column, row } => {
            click(state, Position::new(column, row));
            None
        }
        Input::RawLoaded { index, text } => {
            raw_loaded(state, index, text);
            None
        }
        Input::Message(message) => {
            state.status.message = Some(message);
            None
        }
        Input::Pending(keys) => {
            state.status.pending_keys = keys;
            None
        }
        Input::FindingEntities { done, total } => {
            state.entities.finding = Some((done, total));
            None
        }
        Input::EntitiesFound { announce } => entities_found(state, library, announce),
        Input::FindingStories { done, total } => {
            state.finding_stories = Some((done, total));
            None
        }
        Input::StoriesFound => stories_found(state, library),
        Input::Continue => {
            browser::work(state, library);
            None
        }
        Input::ArticlesChanged { added, gone } => articles_changed(state, library, added, &gone),
        Input::Corrected { edit, outcome } => {
            correcting::corrected(state, edit, outcome);
            None
        }
        Input::CorrectionsApplied => correcting::applied(state, library),
        Input::EntitiesFailed(why) => {
            state.entities.finding = None;
            let failure = entities_failed(&why);
            state.status.message = Some(failure.clone());
            state.entities.failed = Some(failure);
            None
        }
    };
    if listing_may_change {
        browser::refresh(state, library);
    }
    sync(state, library);
    effect
}

/// The raw text of an article arrived (or why it could not be read).
fn raw_loaded(state: &mut State, index: usize, text: Result<String, String>) {
    match (state.reading.as_mut(), text) {
        (Some(reading), Ok(text)) if reading.index == index => {
            reading.raw = Some(text);
            reading.scroll = 0;
            state.status.message = Some("raw text: as on disk, with its boilerplate (r for the clean text)".into());
        }
        (_, Err(why)) => state.status.message = Some(format!("no raw text: {why}")),
        _ => {}
    }
}

/// Articles came and went with the files of a watched folder: the new ones are listed (marked
/// new), the gone ones marked so where they are; the selection and the scroll stay; a search
/// under way runs again, as the new articles may match it.
fn articles_changed(
    state: &mut State,
    library: &Library,
    added: std::ops::Range<usize>,
    gone: &[usize],
) -> Option<Effect> {
    let articles = library.articles().len();
    state.marks.read.resize(articles, false);
    state.marks.starred.resize(articles, false);
    state.changes.gone.resize(articles, false);
    state.chosen.resize(articles, false);
    for &article in gone {
        state.changes.gone[article] = true;
    }
    let mut said = Vec::new();
    if !added.is_empty() {
        said.push(crate::wording::counted(added.len(), "new article", "new articles"));
    }
    if !gone.is_empty() {
        said.push(format!("{} gone", crate::wording::counted(gone.len(), "article", "articles")));
    }
    if !said.is_empty() {
        state.status.message = Some(said.join(" · "));
    }
    if state.search.active_filter().is_some() {
        return searching::search_again(state, library);
    }
    let (article, offset) = (state.list.selected_article(), state.list.offset);
    searching::rebuild_listing(state, library);
    if let Some(position) = article.and_then(|a| state.list.listing.position_of(a)) {
        state.list.selected = position;
        state.list.offset = offset;
    }
    None
}

/// The stories are found: the wait for them is over.
fn stories_found(state: &mut State, library: &Library) -> Option<Effect> {
    state.finding_stories = None;
    if state.status.message.as_deref().is_some_and(|m| m.starts_with(WAITING_FOR_STORIES)) {
        state.status.message = None;
    }
    searching::stories_found(state, library)
}

fn run(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
    if let Some(reading) = state.reading.as_mut() {
        reading.wrapped = false;
    }
    if let Some(kind) = command.toggled_kind() {
        toggle_highlight(state, kind);
        return None;
    }
    if state.overlay.open.is_none() && state.prompt_open() && command.acts_on_prompt() {
        return searching::prompt_command(state, library, command);
    }
    if let ControlFlow::Break(effect) = on_top(state, library, command) {
        return effect;
    }
    match command {
        Command::EntityBrowser => browser::toggle(state, library),
        Command::Open if state.timeline.is_some() => return timeline::narrow(state, library),
        Command::Back if state.timeline.is_some() => state.timeline = None,
        Command::Timeline
        | Command::Earlier
        | Command::Later
        | Command::ExtendEarlier
        | Command::ExtendLater
        | Command::Widen => return timeline::command(state, library, command),
        Command::ToggleStories | Command::NextInStory | Command::PreviousInStory | Command::MarkStoryRead => {
            stories::command(state, library, command);
        }
        Command::Down
        | Command::Up
        | Command::PageDown
        | Command::PageUp
        | Command::HalfPageDown
        | Command::HalfPageUp
        | Command::Top
        | Command::Bottom => move_in_focus(state, library, command),
        Command::Open => return open_selected(state, library),
        Command::Back => back(state, library),
        Command::SwitchFocus => match state.focus {
            Focus::Articles => open(state),
            Focus::Article | Focus::Entities => state.focus = Focus::Articles,
        },
        Command::CycleGrouping => cycle_grouping(state, library),
        Command::ToggleRaw | Command::OpenUrl | Command::CopyUrl | Command::CopyTitle | Command::Pipe => {
            return article_effect(state, library, command);
        }
        Command::SelectLines | Command::CopySelection => return super::selection::command(state, library, command),
        Command::NextMention
        | Command::PreviousMention
        | Command::NextSameEntity
        | Command::PreviousSameEntity
        | Command::NextSameKind
        | Command::PreviousSameKind => jump_command(state, library, command),
        Command::ToggleEntities => toggle_entity_panel(state, library),
        Command::Choose
        | Command::ToggleRead
        | Command::ToggleStar
        | Command::FilterUnread
        | Command::FilterStarred
        | Command::NextUnread
        | Command::PreviousUnread
        | Command::Export => return marks_command(state, library, command),
        Command::MarkGroupRead | Command::MarkAboveRead | Command::MarkViewRead | Command::UndoMarks => {
            super::bulk::command(state, command);
        }
        Command::GoToDate => super::goto::open(state),
        Command::Fetch => return Some(fetch(state)),
        Command::Search | Command::Find | Command::NextHit | Command::PreviousHit => searching::command(state, command),
        Command::Pivot => open_pivot(state, library),
        Command::Partners => open_partners(state, library),
        Command::RenameEntity
        | Command::MergeEntity
        | Command::ChangeKind
        | Command::IgnoreEntity
        | Command::UndoCorrection => return correcting::command(state, library, command),
        Command::TogglePerson
        | Command::ToggleOrganisation
        | Command::TogglePlace
        | Command::ToggleCommodity
        | Command::ToggleEvent
        | Command::ToggleOther
        | Command::DeleteBack
        | Command::DeleteWord
        | Command::ClearPrompt
        | Command::ToggleSearchMode
        | Command::CursorLeft
        | Command::CursorRight
        | Command::CursorStart
        | Command::CursorEnd
        | Command::FilterEntities
        | Command::SortEntities
        | Command::NextKind
        | Command::PreviousKind
        | Command::Quit
        | Command::Help
        | Command::ShowReport
        | Command::HistoryBack
        | Command::HistoryForward
        | Command::Nothing => {}
    }
    None
}

/// The library's entities are found: said (when `announce`), and the search run again.
fn entities_found(state: &mut State, library: &Library, announce: bool) -> Option<Effect> {
    state.entities.finding = None;
    // Said unless something else is being said (a problem at start, say); the wait is over
    // either way.
    let waiting = state.status.message.as_deref().is_some_and(|m| m.starts_with(WAITING_FOR_ENTITIES));
    if announce && (waiting || state.status.message.is_none()) {
        let entities = library.entities().entities().iter().filter(|e| e.mentions > 0).count();
        state.status.message =
            Some(format!("names found: {}", crate::wording::counted(entities, "entity", "entities")));
    } else if waiting {
        state.status.message = None;
    }
    // The articles a search finds may name what was just found.
    searching::search_again(state, library)
}

/// `1` … `6`: highlights a kind of entity, or not.
fn toggle_highlight(state: &mut State, kind: crate::entities::Kind) {
    let hidden = &mut state.entities.hidden_kinds[kind.index()];
    *hidden = !*hidden;
    let what = if *hidden { "not highlighted" } else { "highlighted" };
    state.status.message = Some(format!("{} names {what}", kind.name()));
}

/// `F`: fetches the folders' feeds (the loop does it).
fn fetch(state: &mut State) -> Effect {
    state.status.message = Some("fetching the folders' feeds…".into());
    Effect::Fetch
}

/// A command for what is on top of the panes: quitting, the help and the report, the
/// history, the windows over the panes (pivot, partners), the entity browser; `Continue` when
/// it is the panes' to run.
fn on_top(state: &mut State, library: &Library, command: Command) -> ControlFlow<Option<Effect>> {
    match command {
        Command::Quit => return ControlFlow::Break(Some(Effect::Quit)),
        Command::Help => toggle_overlay(state, Overlay::Help),
        Command::ShowReport if library.report().is_clean() => {
            state.status.message = Some("every file loaded cleanly: nothing to report".into());
        }
        Command::ShowReport => toggle_overlay(state, Overlay::Report),
        Command::Back if state.overlay.open.is_some() => close_overlay(state),
        // Over the entity browser, back returns to it; in it, back closes it.
        Command::HistoryBack if browser::is_open(state) && state.overlay.open.is_some() => close_overlay(state),
        Command::HistoryBack if browser::is_open(state) => {
            return ControlFlow::Break(browser::command(state, library, Command::Back));
        }
        Command::HistoryForward if browser::is_open(state) => {}
        Command::HistoryBack => step_history(state, Direction::Backward),
        Command::HistoryForward => step_history(state, Direction::Forward),
        _ if state.overlay.open == Some(Overlay::Pivot) => pivot_command(state, library, command),
        _ if state.overlay.open == Some(Overlay::Partners) => partners_command(state, library, command),
        _ if state.overlay.open.is_some() => scroll_overlay(state, library, command),
        // Corrections act on the browser's entity as on the panel's.
        Command::RenameEntity
        | Command::MergeEntity
        | Command::ChangeKind
        | Command::IgnoreEntity
        | Command::UndoCorrection => return ControlFlow::Continue(()),
        _ if browser::is_open(state) => return ControlFlow::Break(browser::command(state, library, command)),
        _ => return ControlFlow::Continue(()),
    }
    ControlFlow::Break(None)
}

/// `.` and `,`: opens the next (or previous) unread article of the list, from the selected
/// one; at the end of the list, says how many are unread the other way instead of wrapping.
fn open_unread(state: &mut State, command: Command) {
    let direction = if command == Command::NextUnread { Direction::Forward } else { Direction::Backward };
    let unread =
        |n: usize| state.list.listing.article_at(n).is_some_and(|a| !state.marks.read[a] && !state.changes.is_gone(a));
    let from = state.list.selected;
    let count = state.list.listing.selectable.len();
    let found = match direction {
        Direction::Forward => (from + 1..count).find(|&n| unread(n)),
        Direction::Backward => (0..from).rev().find(|&n| unread(n)),
    };
    let Some(position) = found else {
        let other = match direction {
            Direction::Forward => (0..from).filter(|&n| unread(n)).count(),
            Direction::Backward => (from + 1..count).filter(|&n| unread(n)).count(),
        };
        let way = if direction == Direction::Forward { ("below", "above") } else { ("above", "below") };
        state.status.message = Some(if other == 0 {
            "no unread article left in the list".to_owned()
        } else {
            format!("no unread article {} ({other} {})", way.0, way.1)
        });
        return;
    };
    select(state, position);
    open(state);
}

/// Enter: jumps to the entity selected in the panel, lists the selected story's articles,
/// applies the selected saved search, or opens the selected article.
fn open_selected(state: &mut State, library: &Library) -> Option<Effect> {
    let selected = state.list.selected;
    match state.focus {
        Focus::Entities => jump_to_selected_entity(state, library),
        Focus::Articles if state.list.listing.story_at(selected).is_some() => {
            let story = state.list.listing.story_at(selected)?;
            return stories::open(state, library, story);
        }
        Focus::Articles if state.list.listing.saved_at(selected).is_some() => {
            let slot = state.list.listing.saved_at(selected)?;
            return searching::apply_saved(state, library, slot);
        }
        _ => open(state),
    }
    None
}

/// Esc: ends a selection of lines, closes the entity panel, clears the filter of the list (back
/// to the stories, for a story's articles), or goes back to the list.
fn back(state: &mut State, library: &Library) {
    if let Some(reading) = state.reading.as_mut().filter(|r| r.selection.is_some() && state.focus == Focus::Article) {
        reading.selection = None;
        return;
    }
    match state.focus {
        Focus::Entities => {
            state.entities.panel = None;
            state.focus = Focus::Article;
        }
        Focus::Articles if state.search.filter.is_some() => {
            let article = state.list.selected_article();
            searching::clear_filter(state, library, article);
            state.status.message = Some(if state.list.grouping == Grouping::Story {
                "back to the stories".into()
            } else {
                "search cleared: every article is listed".into()
            });
        }
        _ => state.focus = Focus::Articles,
    }
}

/// The jumps between mentions.
fn jump_command(state: &mut State, library: &Library, command: Command) {
    let (direction, filter) = match command {
        Command::NextMention => (Direction::Forward, JumpFilter::Any),
        Command::PreviousMention => (Direction::Backward, JumpFilter::Any),
        Command::NextSameEntity => (Direction::Forward, JumpFilter::SameEntity),
        Command::PreviousSameEntity => (Direction::Backward, JumpFilter::SameEntity),
        Command::NextSameKind => (Direction::Forward, JumpFilter::SameKind),
        _ => (Direction::Backward, JumpFilter::SameKind),
    };
    jump_to(state, library, direction, filter);
}

/// The next grouping of the articles, keeping the selected one.
fn cycle_grouping(state: &mut State, library: &Library) {
    let article = state.list.selected_article();
    state.list.grouping = state.list.grouping.next(state.search.active_filter().is_some());
    searching::rebuild_listing(state, library);
    let position =
        article.and_then(|a| state.list.listing.position_of(a)).unwrap_or(state.list.listing.first_article());
    select(state, position);
    state.status.message = Some(format!("articles {}", state.list.grouping.label()));
}

/// The chosen articles, in the list's order.
fn chosen_in_order(state: &State) -> Vec<usize> {
    (0..state.list.listing.selectable.len())
        .filter_map(|n| state.list.listing.article_at(n))
        .filter(|&a| state.chosen.get(a).copied().unwrap_or(false))
        .collect()
}

/// Marks and what uses them: read and starred, the next unread, the filters on them, the
/// export of the list.
fn marks_command(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
    let chosen = chosen_in_order(state);
    match command {
        Command::Choose => {
            let article = state.current_article()?;
            state.chosen[article] = !state.chosen[article];
            let count = state.chosen.iter().filter(|c| **c).count();
            state.status.message = Some(format!("{count} chosen: x exports them, u marks them read, | pipes them"));
            None
        }
        Command::ToggleRead if !chosen.is_empty() => {
            let read = !chosen.iter().all(|&a| state.marks.read[a]);
            let what = if read { "marked read" } else { "marked unread" };
            let what = format!("{} {what}", crate::wording::counted(chosen.len(), "article", "articles"));
            super::bulk::set_read(state, &chosen, read, what);
            None
        }
        Command::NextUnread | Command::PreviousUnread => {
            open_unread(state, command);
            None
        }
        Command::ToggleRead | Command::ToggleStar => {
            toggle_mark(state, command);
            None
        }
        Command::FilterUnread => searching::toggle_term(state, library, "unread"),
        Command::FilterStarred => searching::toggle_term(state, library, "starred"),
        Command::Export if !chosen.is_empty() => Some(Effect::Export(chosen)),
        Command::Export => {
            let listed: Vec<usize> =
                (0..state.list.listing.selectable.len()).filter_map(|n| state.list.listing.article_at(n)).collect();
            if listed.is_empty() {
                state.status.message = Some("no articles to export".into());
                return None;
            }
            Some(Effect::Export(listed))
        }
        _ => None,
    }
}

/// `u` and `m`: marks the current article read or unread, starred or not.
fn toggle_mark(state: &mut State, command: Command) {
    let Some(article) = state.current_article() else {
        state.status.message = Some("no article is selected".into());
        return;
    };
    let (marks, on, off) = match command {
        Command::ToggleStar => (&mut state.marks.starred, "starred", "unstarred"),
        _ => (&mut state.marks.read, "marked read", "marked unread"),
    };
    marks[article] = !marks[article];
    state.status.message = Some(if marks[article] { on } else { off }.into());
}

/// Raw text, urls, copying and piping: commands on the article (piping: on the chosen ones,
/// when any) that need the loop's help.
fn article_effect(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
    match command {
        Command::ToggleRaw => match state.reading.as_mut() {
            Some(reading) if reading.raw.is_some() => {
                reading.raw = None;
                reading.scroll = 0;
            }
            Some(reading) => return Some(Effect::LoadRaw(reading.index)),
            None => state.status.message = Some("no article is open".into()),
        },
        Command::Pipe => match (chosen_in_order(state), state.current_article()) {
            (chosen, _) if !chosen.is_empty() => return Some(Effect::Pipe(chosen)),
            (_, Some(article)) => return Some(Effect::Pipe(vec![article])),
            (_, None) => state.status.message = Some("no article is selected".into()),
        },
        Command::CopyUrl | Command::CopyTitle => {
            let Some(article) = state.current_article().map(|a| &library.articles()[a]) else {
                state.status.message = Some("no article is selected".into());
                return None;
            };
            let (text, what) = match command {
                Command::CopyUrl => (article.url.clone(), "url"),
                _ => (Some(article.title.clone()), "title"),
            };
            let Some(text) = text else {
                state.status.message = Some("this article has no url".into());
                return None;
            };
            state.status.message = Some(format!("{what} copied to the clipboard"));
            return Some(Effect::Copy(text));
        }
        Command::OpenUrl => {
            let url = state.reading.as_ref().and_then(|r| library.articles()[r.index].url.clone());
            match url.as_deref().map(url::Url::parse) {
                Some(Ok(parsed)) if matches!(parsed.scheme(), "http" | "https") => {
                    return Some(Effect::OpenUrl(parsed.into()));
                }
                Some(_) => state.status.message = Some("the article's url is not a web address".into()),
                None => state.status.message = Some("this article has no url".into()),
            }
        }
        _ => {}
    }
    None
}

/// Scrolls the window on top (help, report) for a movement command.
fn scroll_overlay(state: &mut State, library: &Library, command: Command) {
    if let Some(step) = step(command, overlay_height(state)) {
        state.overlay.scroll = step.apply(state.overlay.scroll, overlay_length(state, library));
    }
}

fn toggle_overlay(state: &mut State, overlay: Overlay) {
    state.overlay.open = if state.overlay.open == Some(overlay) { None } else { Some(overlay) };
    state.overlay.scroll = 0;
}

/// A move: by lines (negative is up), or to an end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step {
    By(isize),
    First,
    Last,
}

impl Step {
    /// The new position of a cursor in `0..len`.
    pub(super) fn apply(self, at: usize, len: usize) -> usize {
        let last = len.saturating_sub(1);
        match self {
            Step::By(n) => at.saturating_add_signed(n).min(last),
            Step::First => 0,
            Step::Last => last,
        }
    }
}

/// The step a movement command makes in a view `height` lines high.
pub(super) fn step(command: Command, height: usize) -> Option<Step> {
    let page = height.max(1).cast_signed();
    Some(match command {
        Command::Down => Step::By(1),
        Command::Up => Step::By(-1),
        Command::PageDown => Step::By(page),
        Command::PageUp => Step::By(-page),
        Command::HalfPageDown => Step::By((page / 2).max(1)),
        Command::HalfPageUp => Step::By(-(page / 2).max(1)),
        Command::Top => Step::First,
        Command::Bottom => Step::Last,
        _ => return None,
    })
}

pub(super) fn move_in_focus(state: &mut State, library: &Library, command: Command) {
    match state.focus {
        Focus::Articles => {
            if let Some(step) = step(command, state.list_height()) {
                let position = step.apply(state.list.selected, state.list.listing.selectable.len());
                select(state, position);
            }
        }
        Focus::Entities => {
            let Some(reading) = &state.reading else { return };
            let count = panel_entities(&panel_rows(library, reading.index)).len();
            if let (Some(step), Some(selected)) = (step(command, state.list_height()), state.entities.panel.as_mut()) {
                *selected = step.apply(*selected, count);
            }
        }
        Focus::Article => {
            let height = state.article_height();
            if let (Some(step), Some(reading)) = (step(command, height), state.reading.as_mut()) {
                let lines = reading.layout.as_ref().map_or(0, |l| l.lines.len());
                if let Some(selection) = reading.selection.as_mut() {
                    // Selecting: the cursor moves, and the view follows it.
                    selection.cursor = step.apply(selection.cursor, lines);
                    reading.scroll =
                        reading.scroll.clamp(selection.cursor.saturating_sub(height - 1), selection.cursor);
                    return;
                }
                // Scrolling stops when the last line reaches the bottom of the pane.
                reading.scroll = step.apply(reading.scroll, lines.saturating_sub(height) + 1);
                state.marks.read[reading.index] = true;
            }
        }
    }
}

/// Selects the article at `position`, keeps it in view, and (with both panes shown) shows it.
pub(super) fn select(state: &mut State, position: usize) {
    state.list.selected = position;
    if let Some(row) = state.list.selected_row() {
        let height = state.list_height();
        // Keep the group header of the first article visible too.
        let top = if row > 0 && matches!(state.list.listing.rows[row - 1], Row::Header { .. }) { row - 1 } else { row };
        if top < state.list.offset {
            state.list.offset = top;
        } else if row >= state.list.offset + height {
            state.list.offset = row + 1 - height;
        }
    }
    if !state.areas().narrow {
        show_selected(state);
    }
}

fn show_selected(state: &mut State) {
    let Some(index) = state.list.selected_article() else { return };
    if state.reading.as_ref().is_none_or(|r| r.index != index) {
        state.reading = Some(Reading::new(index));
    }
}

pub(super) fn open(state: &mut State) {
    show_selected(state);
    if let Some(reading) = &state.reading {
        state.marks.read[reading.index] = true;
        state.focus = Focus::Article;
    }
}

fn overlay_height(state: &State) -> usize {
    usize::from(layout::overlay(Rect::new(0, 0, state.screen.size.0, state.screen.size.1)).height.saturating_sub(2))
        .max(1)
}

fn overlay_length(state: &State, library: &Library) -> usize {
    let lines = match state.overlay.open {
        Some(Overlay::Help) => state.overlay.help_lines,
        Some(Overlay::Report) => library.report().problems.len() + 2,
        Some(Overlay::Pivot) => state.entities.pivot.as_ref().map_or(0, |p| p.rows.len()),
        Some(Overlay::Partners) => state.entities.partners.as_ref().map_or(0, |p| p.rows.len()),
        None => 0,
    };
    lines.saturating_sub(overlay_height(state)) + 1
}

fn scroll_at(state: &mut State, at: Position, lines: i32) {
    let lines = lines as isize;
    if state.overlay.open.is_some() {
        let len = state.overlay.help_lines.max(1);
        state.overlay.scroll = Step::By(lines).apply(state.overlay.scroll, len);
        return;
    }
    if browser::is_open(state) {
        browser::scroll(state, lines);
        return;
    }
    let areas = state.areas();
    if areas.panel.is_some_and(|r| r.contains(at)) {
        state.list.offset = Step::By(lines).apply(state.list.offset, state.list.listing.rows.len());
    } else if let Some(reading) = state.reading.as_mut().filter(|_| areas.article.is_some_and(|r| r.contains(at))) {
        reading.scroll = reading.scroll.saturating_add_signed(lines);
    }
}

fn click(state: &mut State, at: Position) {
    if state.overlay.open.is_some() {
        return;
    }
    if browser::is_open(state) {
        browser::click(state, at);
        return;
    }
    let areas = state.areas();
    if let Some(rows) = areas.list.filter(|r| r.contains(at)) {
        let row = state.list.offset + usize::from(at.y - rows.y);
        if let Some(position) = state.list.article_at_row(row) {
            state.focus = Focus::Articles;
            select(state, position);
        }
    } else if areas.article.is_some_and(|r| r.contains(at)) && state.reading.is_some() {
        open(state);
    }
}

/// Which mentions a jump considers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JumpFilter {
    /// Any entity of a highlighted kind.
    Any,
    /// The current mention's entity.
    SameEntity,
    /// Entities of the current mention's kind.
    SameKind,
}

fn jump_to(state: &mut State, library: &Library, direction: Direction, filter: JumpFilter) {
    let height = state.article_height();
    let hidden = state.entities.hidden_kinds;
    if !clean_text_shown(state, "entities") {
        return;
    }
    let Some(reading) = state.reading.as_mut() else { return };
    let index = library.entities();
    let mentions = index.mentions(reading.index);
    let kind_of = |m: &Mention| index.entity(m.entity).kind;
    let current = reading.current.map(|c| mentions[c]);
    let wanted: Box<dyn Fn(&Mention) -> bool> = match (filter, current) {
        (JumpFilter::Any, _) => Box::new(|m: &Mention| !hidden[kind_of(m).index()]),
        (JumpFilter::SameEntity, Some(c)) => Box::new(move |m: &Mention| m.entity == c.entity),
        (JumpFilter::SameKind, Some(c)) => {
            let kind = kind_of(&c);
            Box::new(move |m: &Mention| kind_of(m) == kind)
        }
        (_, None) => {
            state.status.message = Some("no current entity: ] jumps to the next one".into());
            return;
        }
    };
    let anchor = view_anchor(reading, height, direction);
    match jump(mentions, reading.current, anchor, direction, wanted) {
        Some(landed) => {
            reading.current = Some(landed.index);
            reading.wrapped = landed.wrapped;
            reading.reveal = true;
            if let Some(hits) = reading.hits.as_mut() {
                hits.current = None;
            }
            state.marks.read[reading.index] = true;
            if state.focus == Focus::Articles {
                state.focus = Focus::Article;
            }
        }
        None if mentions.is_empty() => state.status.message = Some("this article names no entities".into()),
        None => state.status.message = Some("no mention of that here (numbers 1-6 switch kinds on and off)".into()),
    }
}

/// True when an article is open on its clean text (where `marked` things are marked);
/// otherwise the status bar says why not.
pub(super) fn clean_text_shown(state: &mut State, marked: &str) -> bool {
    match &state.reading {
        None => state.status.message = Some("no article is open".into()),
        Some(reading) if reading.raw.is_some() => {
            state.status.message = Some(format!("{marked} are marked in the clean text: r shows it"));
        }
        Some(_) => return true,
    }
    false
}

/// The byte of the clean text at the top of the view (going forward) or past its bottom
/// (going back), where a jump with no current mention starts.
pub(super) fn view_anchor(reading: &Reading, height: usize, direction: Direction) -> u32 {
    let Some(layout) = &reading.layout else { return 0 };
    let text_lines = layout.lines.iter().skip(reading.scroll).filter(|l| l.source == Source::Text);
    match direction {
        Direction::Forward => text_lines.map(|l| l.range.start).next().unwrap_or(u32::MAX),
        Direction::Backward => layout
            .lines
            .iter()
            .take(reading.scroll + height)
            .filter(|l| l.source == Source::Text)
            .map(|l| l.range.end)
            .next_back()
            .unwrap_or(0),
    }
}

fn toggle_entity_panel(state: &mut State, library: &Library) {
    if state.entities.panel.take().is_some() {
        if state.focus == Focus::Entities {
            state.focus = Focus::Article;
        }
        return;
    }
    show_selected(state);
    let Some(reading) = &state.reading else {
        state.status.message = Some("no article is open".into());
        return;
    };
    // Start on the current mention's entity when there is one.
    let entities = panel_entities(&panel_rows(library, reading.index));
    let current = reading.current.map(|c| library.entities().mentions(reading.index)[c].entity);
    let selected = current.and_then(|e| entities.iter().position(|&id| id == e)).unwrap_or(0);
    state.entities.panel = Some(selected);
    state.focus = Focus::Entities;
}

/// The entity selected in the panel.
pub(super) fn panel_selection(state: &State, library: &Library) -> Option<EntityId> {
    let reading = state.reading.as_ref()?;
    panel_entities(&panel_rows(library, reading.index)).get(state.entities.panel?).copied()
}

fn jump_to_selected_entity(state: &mut State, library: &Library) {
    let Some(entity) = panel_selection(state, library) else { return };
    let Some(reading) = state.reading.as_mut() else { return };
    let first = library.entities().mentions(reading.index).iter().position(|m| m.entity == entity);
    match first {
        Some(first) => {
            reading.current = Some(first);
            reading.reveal = true;
            state.focus = Focus::Article;
        }
        None => state.status.message = Some("named only in the title".into()),
    }
}

/// Closes the window on top; from the articles naming two entities, back to their partners.
fn close_overlay(state: &mut State) {
    if state.overlay.open == Some(Overlay::Pivot) && state.entities.partners.is_some() {
        state.overlay.open = Some(Overlay::Partners);
    } else {
        state.overlay.open = None;
        state.entities.partners = None;
    }
    state.entities.pivot = None;
}

/// The entity the entity keys act on: the one selected in the entity panel, else the one the
/// last jump landed on; says how to get one when there is none.
fn current_entity(state: &mut State, library: &Library) -> Option<EntityId> {
    let entity = if browser::is_open(state) {
        browser::selected_entity(state)
    } else if state.focus == Focus::Entities {
        panel_selection(state, library)
    } else {
        state.reading.as_ref().and_then(|r| r.current.map(|c| library.entities().mentions(r.index)[c].entity))
    };
    if entity.is_none() {
        state.status.message =
            Some("no current entity: jump to one with ], or pick one in the entity panel (e)".into());
    }
    entity
}

fn open_pivot(state: &mut State, library: &Library) {
    let Some(entity) = current_entity(state, library) else { return };
    let rows = pivot_rows(library, entity);
    let here = state.reading.as_ref().map(|r| r.index);
    let selected = rows.iter().position(|&(a, _)| Some(a) == here).unwrap_or(0);
    state.entities.pivot = Some(PivotList { entity, with: None, rows, selected });
    state.entities.partners = None;
    state.overlay.open = Some(Overlay::Pivot);
    state.overlay.scroll = 0;
}

/// Lists the entities named with the current one, best associated first.
pub(super) fn open_partners(state: &mut State, library: &Library) {
    let Some(entity) = current_entity(state, library) else { return };
    let haystacks = library.haystacks();
    let entities_of = |article: usize| haystacks.entities_of(article);
    let rows: Vec<(EntityId, u32)> =
        crate::entities::cooccurrence::partners_from(library.entities(), entity, &entities_of)
            .into_iter()
            .map(|p| (p.entity, p.articles))
            .collect();
    if rows.is_empty() {
        let name = &library.entities().entity(entity).name;
        state.status.message = Some(format!("no other entity is named with {}", crate::sanitize::line(name)));
        return;
    }
    state.entities.partners = Some(PartnerList { entity, rows, selected: 0 });
    state.entities.pivot = None;
    state.overlay.open = Some(Overlay::Partners);
    state.overlay.scroll = 0;
}

/// Moves a list's selection for a movement command; true when `command` was one.
fn move_selection(selected: &mut usize, len: usize, command: Command, height: usize) -> bool {
    step(command, height).map(|step| *selected = step.apply(*selected, len)).is_some()
}

/// Moves in the partners list; Enter lists the articles naming both entities.
fn partners_command(state: &mut State, library: &Library, command: Command) {
    let height = overlay_height(state);
    let Some(partners) = state.entities.partners.as_mut() else { return };
    if move_selection(&mut partners.selected, partners.rows.len(), command, height) {
        return;
    }
    if command == Command::Open {
        let (entity, with) = (partners.entity, partners.rows[partners.selected].0);
        // An entity's articles are in corpus order: a binary search tells whether it names one.
        let named = &library.entities().entity(with).articles;
        let rows: Vec<(usize, u32)> = pivot_rows(library, entity)
            .into_iter()
            .filter(|&(article, _)| named.binary_search_by_key(&article, |&(a, _)| a as usize).is_ok())
            .collect();
        state.entities.pivot = Some(PivotList { entity, with: Some(with), rows, selected: 0 });
        state.overlay.open = Some(Overlay::Pivot);
    }
}

fn pivot_command(state: &mut State, library: &Library, command: Command) {
    let height = overlay_height(state);
    let Some(pivot) = state.entities.pivot.as_mut() else { return };
    if move_selection(&mut pivot.selected, pivot.rows.len(), command, height) {
        return;
    }
    if command == Command::Open {
        let (entity, (article, _)) = (pivot.entity, pivot.rows[pivot.selected]);
        let current = library.entities().mentions(article).iter().position(|m| m.entity == entity);
        let place = Place { article, anchor: None, current };
        if let Some(reading) = &state.reading {
            state.history.back.push(reading.place());
            state.history.forward.clear();
        }
        go_to(state, place);
        state.overlay.open = None;
        state.entities.pivot = None;
        state.entities.partners = None;
        browser::hide(state);
    }
}

/// Shows a place: its article (selected in the articles too), scroll and current mention.
pub(super) fn go_to(state: &mut State, place: Place) {
    let mut reading = Reading::new(place.article);
    reading.anchor = place.anchor;
    reading.current = place.current;
    reading.reveal = place.current.is_some() && place.anchor.is_none();
    state.reading = Some(reading);
    state.marks.read[place.article] = true;
    state.focus = Focus::Article;
    if let Some(position) = state.list.listing.position_of(place.article) {
        state.list.selected = position;
    }
}

/// Goes back to the place read before (`Backward`) or forward again: the place left goes on
/// the other side, so the way back and forth is kept.
fn step_history(state: &mut State, direction: Direction) {
    let History { back, forward } = &mut state.history;
    let (from, to, nothing) = match direction {
        Direction::Backward => (back, forward, "nothing to go back to"),
        Direction::Forward => (forward, back, "nothing to go forward to"),
    };
    let Some(place) = from.pop() else {
        state.status.message = Some(nothing.into());
        return;
    };
    if let Some(reading) = &state.reading {
        to.push(reading.place());
    }
    state.overlay.open = None;
    state.entities.pivot = None;
    go_to(state, place);
}

/// Keeps what is derived up to date: the article's layout for the pane's width, scroll
/// positions within bounds.
fn sync(state: &mut State, library: &Library) {
    let areas = state.areas();
    let rows = state.list.listing.rows.len();
    state.list.offset = state.list.offset.min(rows.saturating_sub(state.list_height()));
    let height = state.article_height();
    let Some(reading) = state.reading.as_mut() else { return };
    if state.focus != Focus::Article {
        // Lines are selected in the article alone: leaving it ends the selection.
        reading.selection = None;
    }
    if let Some(pane) = areas.article {
        let width = layout::article_text(pane).width;
        let fresh = reading.layout.as_ref().is_some_and(|l| {
            l.width == width.max(8) && l.raw == reading.raw.is_some() && l.stories_known == library.stories().is_some()
        });
        if !fresh {
            reading.layout = Some(ArticleLayout::new(library, reading.index, width, reading.raw.as_deref()));
            // Its lines are others now.
            reading.selection = None;
        }
    }
    searching::sync_hits(state, library, height);
    let Some(reading) = state.reading.as_mut() else { return };
    if let (Some(anchor), Some(layout)) = (reading.anchor, &reading.layout) {
        reading.anchor = None;
        reading.scroll = layout.line_of_offset(anchor).unwrap_or(0);
    }
    let mut reveal = None;
    if reading.reveal {
        reading.reveal = false;
        reveal = reading.current.and_then(|c| library.entities().mentions(reading.index).get(c)).map(|m| m.start);
    }
    if let Some(hits) = reading.hits.as_mut().filter(|h| h.reveal) {
        hits.reveal = false;
        reveal = hits.current.map(|c| hits.ranges[c].start);
    }
    if let (Some(byte), Some(layout)) = (reveal, &reading.layout)
        && let Some(line) = layout.line_of_offset(byte)
        && (line < reading.scroll || line >= reading.scroll + height)
    {
        reading.scroll = line.saturating_sub(height / 3);
    }
    let lines = reading.layout.as_ref().map_or(0, |l| l.lines.len());
    reading.scroll = reading.scroll.min(lines.saturating_sub(height));
    if state.entities.panel.is_some() {
        let count = panel_entities(&panel_rows(library, reading.index)).len();
        state.entities.panel = state.entities.panel.map(|s| s.min(count.saturating_sub(1)));
    }
}

#[cfg(test)]
mod tests;
