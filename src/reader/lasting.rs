//! The reader's state as it lasts between sessions ([`Memory`]): what is read and starred, the
//! last article and place, the histories, the changes of read marks to undo; and the way back
//! from it at the next start. Ids that no longer name an article (the library changed) are
//! dropped without fuss.

use std::collections::HashMap;

use super::bulk::{Change, Undo};
use super::listing::Grouping;
use super::state::{Reading, State};
use crate::library::Library;
use crate::persist::{LastPlace, Memory, UndoStep};

/// What of `state` lasts.
#[must_use]
pub fn memory_of(state: &State, library: &Library) -> Memory {
    let ids = |marks: &[bool]| -> Vec<String> {
        marks.iter().enumerate().filter(|(_, m)| **m).map(|(i, _)| library.articles()[i].id.to_string()).collect()
    };
    let last = last_place(state)
        .map(|(index, anchor)| LastPlace { article: library.articles()[index].id.to_string(), anchor });
    Memory {
        read: ids(&state.marks.read),
        starred: ids(&state.marks.starred),
        last,
        search_history: state.search.history.clone(),
        find_history: state.find.history.clone(),
        order: lasting_order(state).map(|g| g.name().to_owned()),
        exact_words: state.search.exact,
        undo: state.undo.changes().iter().map(|change| undo_step(change, library)).collect(),
        ..Memory::default()
    }
}

/// A change to undo, by article id.
fn undo_step(change: &Change, library: &Library) -> UndoStep {
    let ids = |was: bool| -> Vec<String> {
        change
            .before
            .iter()
            .filter(|(_, read)| *read == was)
            .map(|&(a, _)| library.articles()[a].id.to_string())
            .collect()
    };
    UndoStep { what: change.what.clone(), read: ids(true), unread: ids(false) }
}

/// The order of the article list that lasts: not a search's ranking, which goes with it.
fn lasting_order(state: &State) -> Option<Grouping> {
    let grouping = match state.search.filter.as_ref() {
        Some(filter) if state.list.grouping == Grouping::Rank => filter.grouping_before,
        _ => state.list.grouping,
    };
    (grouping != Grouping::Date).then_some(grouping)
}

/// What lasts of a state as it stands, by article number: compared with the state on every
/// turn of the reader's loop to tell whether there is anything to save, without building a
/// [`Memory`] (an id string per marked article) each time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    read: Vec<bool>,
    starred: Vec<bool>,
    /// The article open and the first byte in view.
    last: Option<(usize, Option<u32>)>,
    search_history: Vec<String>,
    find_history: Vec<String>,
    order: Option<Grouping>,
    exact_words: bool,
    undo: u64,
}

impl Snapshot {
    /// What lasts of `state` now.
    #[must_use]
    pub fn of(state: &State) -> Self {
        Self {
            read: state.marks.read.clone(),
            starred: state.marks.starred.clone(),
            last: last_place(state),
            search_history: state.search.history.clone(),
            find_history: state.find.history.clone(),
            order: lasting_order(state),
            exact_words: state.search.exact,
            undo: state.undo.version(),
        }
    }

    /// True when nothing that lasts has changed in `state` since the snapshot.
    #[must_use]
    pub fn is_of(&self, state: &State) -> bool {
        self.last == last_place(state)
            && self.read == state.marks.read
            && self.starred == state.marks.starred
            && self.search_history == state.search.history
            && self.find_history == state.find.history
            && self.order == lasting_order(state)
            && self.exact_words == state.search.exact
            && self.undo == state.undo.version()
    }
}

/// The article open in `state` and the first byte in view.
fn last_place(state: &State) -> Option<(usize, Option<u32>)> {
    state.reading.as_ref().map(|reading| (reading.index, reading.place().anchor))
}

/// Puts back what lasted: marks, histories, and the last article, selected and scrolled to
/// where it was left.
pub fn restore(state: &mut State, library: &Library, memory: Memory) {
    let by_id: HashMap<String, usize> =
        library.articles().iter().enumerate().map(|(i, a)| (a.id.to_string(), i)).collect();
    for (ids, marks) in [(&memory.read, &mut state.marks.read), (&memory.starred, &mut state.marks.starred)] {
        for index in ids.iter().filter_map(|id| by_id.get(id)) {
            marks[*index] = true;
        }
    }
    state.search.history = memory.search_history;
    state.find.history = memory.find_history;
    state.search.exact = memory.exact_words;
    let mut undo = Undo::default();
    for step in memory.undo {
        let known = |ids: &[String], was: bool| -> Vec<(usize, bool)> {
            ids.iter().filter_map(|id| Some((*by_id.get(id)?, was))).collect()
        };
        let mut before = known(&step.read, true);
        before.extend(known(&step.unread, false));
        undo.push(Change { what: step.what, before });
    }
    state.undo = undo;
    if let Some(order) = memory.order.as_deref().and_then(Grouping::named) {
        state.list.grouping = order;
        super::searching::rebuild_listing(state, library);
    }
    let last = memory.last.and_then(|last| Some((*by_id.get(&last.article)?, last.anchor)));
    if let Some((index, anchor)) = last
        && let Some(position) = state.list.listing.position_of(index)
    {
        state.list.selected = position;
        // Show it with a little of what is above it.
        state.list.offset = state.list.listing.selectable[position].saturating_sub(2);
        let mut reading = Reading::new(index);
        reading.anchor = anchor;
        state.reading = Some(reading);
    }
}

#[cfg(test)]
mod tests {
    use super::super::update::{Input, update};
    use super::*;
    use crate::command::Command;

    #[test]
    fn marks_historys_and_the_last_place_come_back() {
        let library = crate::testing::seeds();
        let mut state = State::new(&library, 46, 40);
        update(&mut state, &library, Input::Resize(120, 30));
        for command in [Command::Down, Command::ToggleStar, Command::Down, Command::Open, Command::PageDown] {
            update(&mut state, &library, Input::Command(command));
        }
        state.search.history.push("hassett".into());
        let memory = memory_of(&state, &library);
        assert_eq!(memory.starred.len(), 1);
        assert_eq!(memory.read.len(), 1);
        assert!(memory.last.as_ref().unwrap().anchor.is_some(), "scrolled down a page");
        let text = serde_json::to_string(&memory).unwrap();

        let mut again = State::new(&library, 46, 40);
        restore(&mut again, &library, serde_json::from_str(&text).unwrap());
        update(&mut again, &library, Input::Resize(120, 30));
        assert_eq!(again.marks.starred, state.marks.starred);
        assert_eq!(again.marks.read, state.marks.read);
        assert_eq!(again.list.selected, 2);
        let (before, after) = (state.reading.as_ref().unwrap(), again.reading.as_ref().unwrap());
        assert_eq!((after.index, after.scroll), (before.index, before.scroll), "the same place");
        assert_eq!(again.search.history, ["hassett"]);
    }

    #[test]
    fn changes_of_many_marks_are_undone_in_the_next_session() {
        let library = crate::testing::seeds();
        let mut state = State::new(&library, 46, 40);
        update(&mut state, &library, Input::Resize(120, 30));
        for command in
            [Command::Down, Command::ToggleRead, Command::MarkViewRead, Command::Down, Command::MarkGroupRead]
        {
            update(&mut state, &library, Input::Command(command));
        }
        let text = serde_json::to_string(&memory_of(&state, &library)).unwrap();
        let memory: Memory = serde_json::from_str(&text).unwrap();
        assert_eq!(memory.undo.len(), 2);
        assert_eq!((memory.undo[0].read.len(), memory.undo[0].unread.len()), (0, 4), "one was read already");
        let mut again = State::new(&library, 46, 40);
        restore(&mut again, &library, memory);
        assert_eq!(again.undo.changes().len(), 2);
        // The group (one article, unread again) undone, then marking all read.
        for _ in 0..2 {
            update(&mut again, &library, Input::Command(Command::UndoMarks));
        }
        let second = again.list.listing.article_at(1).unwrap();
        assert_eq!(again.marks.read.iter().filter(|r| **r).count(), 1, "{:?}", again.status.message);
        assert!(again.marks.read[second], "the article marked read by hand stays read");
    }

    #[test]
    fn the_order_of_the_list_comes_back() {
        let library = crate::testing::seeds();
        let mut state = State::new(&library, 46, 40);
        update(&mut state, &library, Input::Command(Command::CycleGrouping));
        let memory = memory_of(&state, &library);
        assert_eq!(memory.order.as_deref(), Some("oldest"));
        let mut again = State::new(&library, 46, 40);
        restore(&mut again, &library, memory);
        assert_eq!(again.list.grouping, Grouping::Oldest);
        assert_eq!(again.list.listing, state.list.listing);
        // Newest first, the default, is not written.
        assert_eq!(memory_of(&State::new(&library, 46, 40), &library).order, None);
    }

    #[test]
    fn a_snapshot_tells_whether_anything_that_lasts_changed() {
        let library = crate::testing::seeds();
        let mut state = State::new(&library, 46, 40);
        update(&mut state, &library, Input::Resize(120, 30));
        // After each change, the snapshot from before tells a change exactly when what is
        // saved would differ.
        let library = &library;
        let check = |state: &mut State, change: &dyn Fn(&mut State), changes: bool, what: &str| {
            let (snapshot, memory) = (Snapshot::of(state), memory_of(state, library));
            change(state);
            assert_eq!(memory_of(state, library) != memory, changes, "{what}: saved");
            assert_eq!(!snapshot.is_of(state), changes, "{what}: snapshot");
        };
        let command = |command| move |state: &mut State| _ = update(state, library, Input::Command(command));
        check(&mut state, &|s| _ = update(s, library, Input::Resize(100, 30)), false, "a resize");
        check(&mut state, &command(Command::Down), true, "another article shown");
        check(&mut state, &command(Command::Open), true, "an article opened and read");
        check(&mut state, &command(Command::PageDown), true, "scrolled");
        check(&mut state, &command(Command::ToggleStar), true, "starred");
        check(&mut state, &|s| s.marks.read[0] = !s.marks.read[0], true, "a read mark");
        check(&mut state, &|s| s.search.history.push("tariff".into()), true, "a search remembered");
        check(&mut state, &|s| s.find.history.push("hassett".into()), true, "a find remembered");
        check(&mut state, &command(Command::MarkViewRead), true, "marked in bulk");
        check(&mut state, &|s| _ = s.undo.pop(), true, "the history of changes");
    }

    #[test]
    fn ids_of_articles_gone_are_dropped() {
        let library = crate::testing::seeds();
        let mut state = State::new(&library, 46, 40);
        let memory = Memory {
            read: vec!["ffffffffff".into()],
            last: Some(LastPlace { article: "ffffffffff".into(), anchor: Some(3) }),
            ..Memory::default()
        };
        restore(&mut state, &library, memory);
        assert!(state.marks.read.iter().all(|r| !r));
        assert_eq!(state.list.selected, 0);
    }
}
