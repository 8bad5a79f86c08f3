//! The reader's vocabulary: the commands a key can be bound to and the modes whose bindings
//! apply. Commands are data, named in `snake_case` in the config; each is described once, here,
//! and that one line is its doc, the help screen's text and the docs' text, so that keys, docs
//! and help never drift apart. The list of all commands is derived from the same declaration.

use serde::Deserialize;

use crate::entities::Kind;

/// Declares [`Command`] from one list of variants, each with its one-line description: the
/// enum (each variant documented by its description), [`Command::ALL`] in the list's order
/// (the help's), and [`Command::description`].
macro_rules! commands {
    ($($variant:ident => $description:literal,)*) => {
        /// Everything a key can do.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Command {
            $(#[doc = $description] $variant,)*
        }

        impl Command {
            /// Every command, in the order the help lists them.
            pub const ALL: &[Command] = &[$(Command::$variant,)*];

            /// What the command does, as the help screen says it.
            #[must_use]
            pub fn description(self) -> &'static str {
                match self {
                    $(Command::$variant => $description,)*
                }
            }
        }
    };
}

commands! {
    Down => "next article / scroll down a line",
    Up => "previous article / scroll up a line",
    PageDown => "a page down",
    PageUp => "a page up",
    HalfPageDown => "half a page down",
    HalfPageUp => "half a page up",
    Top => "first article / top of the article",
    Bottom => "last article / end of the article",
    Open => "open the selected article",
    Back => "go back: close this, or return to the articles",
    SwitchFocus => "switch focus between articles and article",
    CycleGrouping => "group articles by date (newest, oldest first), source or title",
    ToggleStories => "list stories (articles grouped by the event they report), or articles again",
    NextInStory => "next article of the same story (another outlet, a later day)",
    PreviousInStory => "previous article of the same story",
    MarkStoryRead => "mark every article of the story read (again: unread)",
    GoToDate => "go to a date: 2017-03-14, 14 mar, -3d (the nearest listed article)",
    Timeline => "open the timeline of the listed articles (again: close it)",
    Earlier => "timeline: the day before (a column: a few days on a long timeline)",
    Later => "timeline: the day after",
    ExtendEarlier => "timeline: take in the day before too",
    ExtendLater => "timeline: take in the day after too",
    Widen => "list every day again, after the timeline narrowed the list",
    ToggleRaw => "show the raw text (with boilerplate) or the clean text",
    OpenUrl => "open the article's url in the browser",
    CopyUrl => "copy the article's url to the clipboard (OSC 52: over SSH and in tmux too)",
    CopyTitle => "copy the article's title to the clipboard",
    SelectLines => "select lines of the article to copy, from the top of the view; moving extends it",
    CopySelection => "copy the selected lines to the clipboard, their paragraphs as written",
    Pipe => "pipe the clean article (the chosen ones, when any) to $PAGER, or the pipe command of [open]",
    ShowReport => "show the files that could not be read",
    NextUnread => "open the next unread article of the list (never wraps)",
    PreviousUnread => "open the previous unread article of the list",
    Choose => "choose the article (again: not) for what acts on several: export, mark read, pipe",
    ToggleRead => "mark the article read or unread (the chosen ones, when any)",
    MarkGroupRead => "mark the group under the cursor read: its day, source or initial (again: unread)",
    MarkAboveRead => "mark every listed article above the cursor read (again: unread)",
    MarkViewRead => "mark every listed article read (again: unread)",
    UndoMarks => "undo the last change of many read marks (a group, above, all, chosen, story)",
    ToggleStar => "star the article or unstar it",
    FilterUnread => "list only unread articles (again: all)",
    FilterStarred => "list only starred articles (again: all)",
    Export => "export the listed articles to a file ([export] format)",
    Fetch => "fetch the open folders' feeds (newsdesk fetch); new items appear as they arrive",
    Search => "search the articles, live as you type",
    Find => "find words in the open article",
    NextHit => "next search or find hit in the article",
    PreviousHit => "previous search or find hit in the article",
    DeleteBack => "delete the character before the cursor",
    DeleteWord => "delete the word before the cursor",
    ClearPrompt => "clear the prompt",
    ToggleSearchMode => "search: fuzzy words, or the exact words alone (the mode is remembered)",
    CursorLeft => "cursor left",
    CursorRight => "cursor right",
    CursorStart => "cursor to the start",
    CursorEnd => "cursor to the end",
    NextMention => "next mention of any entity",
    PreviousMention => "previous mention of any entity",
    NextSameEntity => "next mention of the current entity",
    PreviousSameEntity => "previous mention of the current entity",
    NextSameKind => "next mention of the current entity's kind",
    PreviousSameKind => "previous mention of the current entity's kind",
    ToggleEntities => "show or hide the article's entities",
    Pivot => "every article naming the current entity",
    Partners => "entities named with the current one, best associated first",
    EntityBrowser => "every entity the listed articles name, with its counts (again: close)",
    FilterEntities => "entity browser: filter the names, fuzzy, best match first, as you type",
    SortEntities => "entity browser: sort by articles, mentions, latest date, name or kind",
    NextKind => "entity browser: list one kind of entity alone, the next (then all again)",
    PreviousKind => "entity browser: list one kind of entity alone, the previous",
    RenameEntity => "rename the entity (kept in corrections.toml; the old name still finds it)",
    MergeEntity => "merge the entity into another: type its name, up/down choose, enter merges",
    ChangeKind => "change the entity's kind: person, organisation, place, commodity, event, other",
    IgnoreEntity => "ignore the entity: no highlight, no row here, no search or command-line output",
    UndoCorrection => "undo the last correction made in this session (again: the one before)",
    HistoryBack => "back to the article read before",
    HistoryForward => "forward again in the history",
    TogglePerson => "highlight people on or off",
    ToggleOrganisation => "highlight organisations on or off",
    TogglePlace => "highlight places on or off",
    ToggleCommodity => "highlight commodities on or off",
    ToggleEvent => "highlight events on or off",
    ToggleOther => "highlight other names on or off",
    Help => "show or hide this help",
    Quit => "quit",
    Nothing => "nothing (unbinds a key)",
}

impl Command {
    /// The entity kind a toggle command switches.
    #[must_use]
    pub fn toggled_kind(self) -> Option<Kind> {
        Some(match self {
            Command::TogglePerson => Kind::Person,
            Command::ToggleOrganisation => Kind::Organisation,
            Command::TogglePlace => Kind::Place,
            Command::ToggleCommodity => Kind::Commodity,
            Command::ToggleEvent => Kind::Event,
            Command::ToggleOther => Kind::Other,
            _ => return None,
        })
    }

    /// True for the commands that edit the text of an open prompt (and do nothing elsewhere).
    #[must_use]
    pub fn edits_prompt(self) -> bool {
        matches!(
            self,
            Command::DeleteBack
                | Command::DeleteWord
                | Command::ClearPrompt
                | Command::ToggleSearchMode
                | Command::CursorLeft
                | Command::CursorRight
                | Command::CursorStart
                | Command::CursorEnd
        )
    }

    /// True for the commands that act on an open prompt rather than on the panes: those that
    /// edit it, and those that move through its results, open one, or close it.
    #[must_use]
    pub fn acts_on_prompt(self) -> bool {
        self.edits_prompt()
            || matches!(
                self,
                Command::Up
                    | Command::Down
                    | Command::PageUp
                    | Command::PageDown
                    | Command::HalfPageUp
                    | Command::HalfPageDown
                    | Command::Top
                    | Command::Bottom
                    | Command::Open
                    | Command::Back
            )
    }

    /// True for the commands that work on the stories: they wait until the stories are found.
    #[must_use]
    pub fn needs_stories(self) -> bool {
        matches!(self, Command::NextInStory | Command::PreviousInStory | Command::MarkStoryRead)
    }

    /// True for the commands that work on the entities (jumps, the entity panel, the pivot):
    /// they wait until the entities are found.
    #[must_use]
    pub fn needs_entities(self) -> bool {
        matches!(
            self,
            Command::NextMention
                | Command::PreviousMention
                | Command::NextSameEntity
                | Command::PreviousSameEntity
                | Command::NextSameKind
                | Command::PreviousSameKind
                | Command::ToggleEntities
                | Command::Pivot
                | Command::Partners
                | Command::EntityBrowser
                | Command::RenameEntity
                | Command::MergeEntity
                | Command::ChangeKind
                | Command::IgnoreEntity
                | Command::UndoCorrection
        )
    }
}

/// Which bindings apply: the pane with the focus, or the overlay on top.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// The article list has the focus.
    Articles,
    /// The article pane has the focus.
    Article,
    /// The help is open.
    Help,
    /// The load report is open.
    Report,
    /// The entity panel has the focus.
    Entities,
    /// The list of articles naming an entity is open.
    Pivot,
    /// A prompt (search or find) is open: characters are typed into it.
    Prompt,
    /// The timeline is open.
    Timeline,
    /// Lines of the article are being selected (`v`).
    Selection,
    /// The entity browser is open.
    Browser,
}

impl Mode {
    /// Every mode, in the order the help lists them.
    pub const ALL: [Mode; 10] = [
        Mode::Articles,
        Mode::Article,
        Mode::Selection,
        Mode::Entities,
        Mode::Browser,
        Mode::Pivot,
        Mode::Timeline,
        Mode::Prompt,
        Mode::Help,
        Mode::Report,
    ];

    /// The mode's name, as the config's `[keys.NAME]` and the status bar write it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Mode::Articles => "articles",
            Mode::Article => "article",
            Mode::Help => "help",
            Mode::Report => "report",
            Mode::Entities => "entities",
            Mode::Pivot => "pivot",
            Mode::Prompt => "prompt",
            Mode::Timeline => "timeline",
            Mode::Selection => "selection",
            Mode::Browser => "browser",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_listed_once_with_a_description() {
        let mut seen = std::collections::HashSet::new();
        for &command in Command::ALL {
            assert!(seen.insert(command), "{command:?} listed twice");
            assert!(!command.description().is_empty());
        }
    }

    #[test]
    fn commands_are_named_in_snake_case() {
        let command: Command = toml::Value::String("half_page_down".into()).try_into().unwrap();
        assert_eq!(command, Command::HalfPageDown);
    }
}
