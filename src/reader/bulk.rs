//! Read marks in bulk, and taking them back: the group of the article list under the cursor
//! (a day, a source, an initial; in the story list, a day's stories), every listed article
//! above the cursor, or every listed article, each marked read, or unread again when all of it
//! is read already. Every change of many marks (these, a story's, the chosen articles') is
//! kept with the marks its articles had before, so that undoing it puts back exactly those;
//! the history lasts between sessions with the marks themselves ([`super::lasting`]).

use super::listing::{Listing, Row};
use super::state::State;
use crate::command::Command;
use crate::wording::counted;

/// How many changes can be undone.
pub const UNDO_STEPS: usize = 50;

/// How many article marks the history keeps, over all its changes: past this, the oldest
/// changes are forgotten (never the latest), so that the state file, written after every
/// change, stays small on a large corpus.
pub const UNDO_MARKS: usize = 200_000;

/// A change of many read marks, as it is undone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What was done, as the status bar said it (`marked 3 articles under Sun 8 Jun 2025 read`).
    pub what: String,
    /// The articles whose mark changed, each with the mark it had before (true: read).
    pub before: Vec<(usize, bool)>,
}

/// The changes that can be undone, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Undo {
    changes: Vec<Change>,
    /// Counts the changes to the history, so that the saver tells it changed at a glance.
    version: u64,
}

impl Undo {
    /// The changes, oldest first.
    #[must_use]
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// A number that changes whenever the history does.
    #[must_use]
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Keeps a change (one that changed no mark is not kept); the oldest are forgotten past
    /// [`UNDO_STEPS`] changes or [`UNDO_MARKS`] marks.
    pub fn push(&mut self, change: Change) {
        if change.before.is_empty() {
            return;
        }
        self.changes.push(change);
        let mut marks = 0;
        let kept = self
            .changes
            .iter()
            .rev()
            .take(UNDO_STEPS)
            .take_while(|c| {
                marks += c.before.len();
                marks <= UNDO_MARKS
            })
            .count()
            .max(1);
        self.changes.drain(..self.changes.len() - kept);
        self.version += 1;
    }

    /// Takes the latest change back out.
    pub fn pop(&mut self) -> Option<Change> {
        let change = self.changes.pop()?;
        self.version += 1;
        Some(change)
    }
}

/// What a bulk mark covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// The group under the cursor.
    Group,
    /// Every listed article above the cursor.
    Above,
    /// Every listed article.
    View,
}

/// `A`, `a k`, `a a` and `z`: marks in bulk, or undoes the last change.
pub(super) fn command(state: &mut State, command: Command) {
    let scope = match command {
        Command::MarkGroupRead => Scope::Group,
        Command::MarkAboveRead => Scope::Above,
        Command::MarkViewRead => Scope::View,
        Command::UndoMarks => return undo(state),
        _ => return,
    };
    let (articles, under) = covered(&state.list.listing, state.list.selected, scope);
    if articles.is_empty() {
        let nothing =
            if scope == Scope::Above { "no article is listed above the cursor" } else { "no articles to mark" };
        state.status.message = Some(nothing.into());
        return;
    }
    let read = !articles.iter().all(|&a| state.marks.read[a]);
    let what = match scope {
        Scope::Group => counted(articles.len(), "article", "articles") + " under " + &under,
        Scope::Above => counted(articles.len(), "article", "articles") + " above the cursor",
        Scope::View => counted(articles.len(), "listed article", "listed articles"),
    };
    set_read(state, &articles, read, format!("marked {what} {}", if read { "read" } else { "unread" }));
}

/// Marks `articles` read (or unread), keeping the marks they had to undo the change, which the
/// status bar names as `what`.
pub(super) fn set_read(state: &mut State, articles: &[usize], read: bool, what: String) {
    let mut before = Vec::new();
    for &article in articles {
        if let Some(mark) = state.marks.read.get_mut(article).filter(|m| **m != read) {
            before.push((article, *mark));
            *mark = read;
        }
    }
    state.status.message = Some(format!("{what} · z undoes"));
    state.undo.push(Change { what, before });
}

/// `z`: puts back the marks the last change found.
fn undo(state: &mut State) {
    let Some(change) = state.undo.pop() else {
        state.status.message = Some("nothing to undo".into());
        return;
    };
    for &(article, mark) in &change.before {
        if let Some(read) = state.marks.read.get_mut(article) {
            *read = mark;
        }
    }
    let more = match state.undo.changes().len() {
        0 => "nothing more to undo".to_owned(),
        left => format!("{left} more to undo"),
    };
    state.status.message = Some(format!("undone: {} · {more}", change.what));
}

/// The articles a scope covers from the selected position, and the label of the group (for
/// [`Scope::Group`]).
fn covered(listing: &Listing, selected: usize, scope: Scope) -> (Vec<usize>, String) {
    let everything = 0..listing.selectable.len();
    let (positions, label) = match scope {
        Scope::View => (everything, String::new()),
        Scope::Above => (0..selected.min(listing.selectable.len()), String::new()),
        Scope::Group => {
            let Some(&row) = listing.selectable.get(selected) else { return (Vec::new(), String::new()) };
            let header = listing.rows[..=row].iter().rposition(|r| matches!(r, Row::Header { .. }));
            let end = listing.rows[row..]
                .iter()
                .position(|r| matches!(r, Row::Header { .. }))
                .map_or(usize::MAX, |n| row + n);
            let label = match header.map(|h| &listing.rows[h]) {
                Some(Row::Header { label, .. }) => crate::sanitize::line(label).into_owned(),
                _ => String::new(),
            };
            let first = header.map_or(0, |h| listing.selectable.partition_point(|&r| r <= h));
            (first..listing.selectable.partition_point(|&r| r < end), label)
        }
    };
    // Grouped by story, a position is a story's row: its listed articles.
    let articles = if listing.story_positions.is_empty() {
        positions.filter_map(|n| listing.article_at(n)).collect()
    } else {
        listing.story_positions.iter().filter(|(_, p)| positions.contains(p)).map(|&(a, _)| a).collect()
    };
    (articles, label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::listing::Grouping;
    use crate::search::session::Session;
    use crate::testing::{press_keys, reader_on, seeds, seeds_with_stories};

    fn press(state: &mut State, library: &crate::library::Library, commands: &[Command]) {
        press_keys(state, library, &mut Session::default(), commands);
    }

    fn read(state: &State) -> Vec<usize> {
        (0..state.marks.read.len()).filter(|&a| state.marks.read[a]).collect()
    }

    fn listed(state: &State, positions: std::ops::Range<usize>) -> Vec<usize> {
        let mut articles: Vec<usize> = positions.filter_map(|n| state.list.listing.article_at(n)).collect();
        articles.sort_unstable();
        articles
    }

    #[test]
    fn the_group_under_the_cursor_is_marked_read_then_unread_and_each_change_undone() {
        let library = seeds();
        let mut state = reader_on(&library);
        // By source: Coin World (1), then unknown (4); the cursor on the unknown's second.
        press(&mut state, &library, &[Command::CycleGrouping, Command::CycleGrouping, Command::Down, Command::Down]);
        assert_eq!(state.list.grouping, Grouping::Source);
        press(&mut state, &library, &[Command::MarkGroupRead]);
        assert_eq!(read(&state), listed(&state, 1..5));
        assert_eq!(state.status.message.as_deref(), Some("marked 4 articles under unknown read · z undoes"));
        // All of it read: again marks it unread.
        press(&mut state, &library, &[Command::MarkGroupRead]);
        assert_eq!(read(&state), Vec::<usize>::new());
        assert_eq!(state.status.message.as_deref(), Some("marked 4 articles under unknown unread · z undoes"));
        press(&mut state, &library, &[Command::UndoMarks]);
        assert_eq!(read(&state), listed(&state, 1..5));
        assert_eq!(
            state.status.message.as_deref(),
            Some("undone: marked 4 articles under unknown unread · 1 more to undo")
        );
        press(&mut state, &library, &[Command::UndoMarks]);
        assert!(read(&state).is_empty());
        press(&mut state, &library, &[Command::UndoMarks]);
        assert_eq!(state.status.message.as_deref(), Some("nothing to undo"));
    }

    #[test]
    fn undo_puts_back_exactly_the_marks_each_article_had() {
        let library = seeds();
        let mut state = reader_on(&library);
        // The second article read by hand, the third starred: marking all read, then undoing,
        // leaves the second read and the rest unread, not everything unread.
        press(&mut state, &library, &[Command::Down, Command::ToggleRead, Command::Down, Command::MarkAboveRead]);
        let above = listed(&state, 0..2);
        assert_eq!(read(&state), above);
        assert_eq!(state.status.message.as_deref(), Some("marked 2 articles above the cursor read · z undoes"));
        press(&mut state, &library, &[Command::MarkViewRead]);
        assert_eq!(read(&state).len(), 5);
        assert_eq!(state.status.message.as_deref(), Some("marked 5 listed articles read · z undoes"));
        press(&mut state, &library, &[Command::UndoMarks]);
        assert_eq!(read(&state), above);
        press(&mut state, &library, &[Command::UndoMarks]);
        assert_eq!(read(&state), listed(&state, 1..2), "the one marked by hand stays read");
        assert_eq!(
            state.status.message.as_deref(),
            Some("undone: marked 2 articles above the cursor read · nothing more to undo")
        );
        press(&mut state, &library, &[Command::Top, Command::MarkAboveRead]);
        assert_eq!(state.status.message.as_deref(), Some("no article is listed above the cursor"));
    }

    #[test]
    fn a_story_and_the_chosen_articles_are_undone_too_a_single_mark_is_not() {
        let library = seeds_with_stories();
        let mut state = reader_on(&library);
        press(&mut state, &library, &[Command::ToggleStories, Command::Down, Command::MarkStoryRead]);
        let london = read(&state);
        assert_eq!(london.len(), 3);
        assert_eq!(state.status.message.as_deref(), Some("story marked read: 3 articles · z undoes"));
        // By date, the second article (Kuala Lumpur) chosen and marked read.
        press(&mut state, &library, &[Command::ToggleStories, Command::Top, Command::Down, Command::Choose]);
        press(&mut state, &library, &[Command::ToggleRead]);
        assert_eq!(state.status.message.as_deref(), Some("1 article marked read · z undoes"));
        // A single article's mark is undone by u again, and is no step.
        press(&mut state, &library, &[Command::Choose, Command::Down, Command::ToggleRead]);
        assert_eq!(state.status.message.as_deref(), Some("marked unread"));
        assert_eq!(state.undo.changes().len(), 2);
        press(&mut state, &library, &[Command::UndoMarks]);
        assert_eq!(read(&state).len(), 2, "the London story less the one marked unread by hand");
        press(&mut state, &library, &[Command::UndoMarks]);
        assert!(read(&state).is_empty());
    }

    #[test]
    fn in_the_story_list_the_group_is_the_days_stories_with_all_their_listed_articles() {
        let library = seeds_with_stories();
        let mut state = reader_on(&library);
        press(&mut state, &library, &[Command::ToggleStories, Command::Top, Command::MarkGroupRead]);
        // The newest day holds the Kuala Lumpur story: its two articles.
        let mut story = library.stories().unwrap().stories[state.list.listing.story_at(0).unwrap()].articles.clone();
        story.sort_unstable();
        assert_eq!(read(&state), story);
        assert!(state.status.message.as_deref().unwrap().starts_with("marked 2 articles under Sat 25 Oct 2025 read"));
    }

    #[test]
    fn the_history_keeps_fifty_changes_and_forgets_the_oldest() {
        let library = seeds();
        let mut state = reader_on(&library);
        for _ in 0..60 {
            press(&mut state, &library, &[Command::MarkViewRead]);
        }
        assert_eq!(state.undo.changes().len(), UNDO_STEPS);
        let version = state.undo.version();
        press(&mut state, &library, &[Command::UndoMarks]);
        assert_ne!(state.undo.version(), version);
        let mut undo = Undo::default();
        undo.push(Change { what: "nothing".into(), before: Vec::new() });
        assert_eq!(undo, Undo::default(), "a change of no mark is no step");
        for n in 0..3 {
            undo.push(Change { what: n.to_string(), before: vec![(0, false); UNDO_MARKS / 2] });
        }
        let kept: Vec<&str> = undo.changes().iter().map(|c| c.what.as_str()).collect();
        assert_eq!(kept, ["1", "2"], "past the marks kept, the oldest go");
        undo.push(Change { what: "huge".into(), before: vec![(0, false); UNDO_MARKS + 1] });
        assert_eq!(undo.changes().len(), 1, "the latest is kept, however large");
    }
}
