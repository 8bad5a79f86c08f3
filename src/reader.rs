//! The reader: everything the terminal reader knows and does, with no terminal and no I/O.
//! Its [`state`] holds ids and cursors; [`update::update`] is the one function that changes
//! it, dispatching to one module per concern ([`listing`] of the articles, [`searching`] and
//! [`prompt`], [`jumps`] between mentions, [`entity_list`], the entity [`browser`], read marks
//! in [`bulk`], lines to copy in [`selection`]); [`layout`] is the screen's geometry as pure
//! arithmetic, shared with the drawing. The shell ([`crate::tui`]) feeds it inputs and carries
//! out the effects it asks for.

pub mod article_layout;
pub mod browser;
pub mod bulk;
pub mod correcting;
pub mod entity_list;
pub mod goto;
pub mod jumps;
pub mod lasting;
pub mod layout;
pub mod listing;
pub mod piped;
pub mod prompt;
pub mod searching;
pub mod selection;
pub mod state;
pub mod stories;
pub mod timeline;
pub mod update;

use crate::command::Mode;
use state::{Focus, Overlay, State};

/// Which key bindings apply now.
#[must_use]
pub fn mode(state: &State) -> Mode {
    match (state.overlay.open, state.focus) {
        (None, _) if state.prompt_open() => Mode::Prompt,
        (None, _) if browser::is_open(state) => Mode::Browser,
        (None, _) if state.timeline.is_some() => Mode::Timeline,
        (Some(Overlay::Help), _) => Mode::Help,
        (Some(Overlay::Report), _) => Mode::Report,
        (Some(Overlay::Pivot | Overlay::Partners), _) => Mode::Pivot,
        (None, Focus::Articles) => Mode::Articles,
        (None, Focus::Article) if state.reading.as_ref().is_some_and(|r| r.selection.is_some()) => Mode::Selection,
        (None, Focus::Article) => Mode::Article,
        (None, Focus::Entities) => Mode::Entities,
    }
}
