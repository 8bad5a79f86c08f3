//! The commands a key can be bound to: data, named in `snake_case` in the config, each with the
//! one-line description the help screen shows, so that keys, docs and help never drift apart.

use serde::Deserialize;

/// Everything a key can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// Leave newsdesk.
    Quit,
    /// Show or hide the help.
    Help,
    /// Next story, or scroll down a line.
    Down,
    /// Previous story, or scroll up a line.
    Up,
    /// A page down.
    PageDown,
    /// A page up.
    PageUp,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// First story, or top of the article.
    Top,
    /// Last story, or end of the article.
    Bottom,
    /// Open the selected story.
    Open,
    /// Close what is open: an overlay, the article (on a narrow screen), the article's focus.
    Back,
    /// Move the focus between the stories and the article.
    SwitchFocus,
    /// Group the stories by date, by source, or by title.
    CycleGrouping,
    /// Show the article's raw text (as on disk, with its boilerplate), or the clean text.
    ToggleRaw,
    /// Open the article's url in the browser.
    OpenUrl,
    /// Show the load report: the files that could not be read.
    ShowReport,
    /// Jump to the next mention of any entity.
    NextMention,
    /// Jump to the previous mention of any entity.
    PreviousMention,
    /// Jump to the next mention of the current entity.
    NextSameEntity,
    /// Jump to the previous mention of the current entity.
    PreviousSameEntity,
    /// Jump to the next mention of an entity of the current one's kind.
    NextSameKind,
    /// Jump to the previous mention of an entity of the current one's kind.
    PreviousSameKind,
    /// Show or hide the panel of the article's entities.
    ToggleEntities,
    /// List every article that names the current entity.
    Pivot,
    /// Go back to the article (and place) read before.
    HistoryBack,
    /// Go forward again in the history.
    HistoryForward,
    /// Search the stories: a prompt that filters and ranks them as you type.
    Search,
    /// Find words in the open article.
    Find,
    /// Jump to the next search or find hit in the article.
    NextHit,
    /// Jump to the previous search or find hit in the article.
    PreviousHit,
    /// In a prompt: delete the character before the cursor.
    DeleteBack,
    /// In a prompt: delete the word before the cursor.
    DeleteWord,
    /// In a prompt: delete everything.
    ClearPrompt,
    /// In a prompt: move the cursor a character left.
    CursorLeft,
    /// In a prompt: move the cursor a character right.
    CursorRight,
    /// In a prompt: move the cursor to the start.
    CursorStart,
    /// In a prompt: move the cursor to the end.
    CursorEnd,
    /// Mark the story read, or unread again.
    ToggleRead,
    /// Star the story, or unstar it.
    ToggleStar,
    /// List only the unread stories, or all again.
    FilterUnread,
    /// List only the starred stories, or all again.
    FilterStarred,
    /// Write the listed stories to a file.
    Export,
    /// Highlight people, or stop.
    TogglePerson,
    /// Highlight organisations, or stop.
    ToggleOrganisation,
    /// Highlight places, or stop.
    TogglePlace,
    /// Highlight commodities, or stop.
    ToggleCommodity,
    /// Highlight events, or stop.
    ToggleEvent,
    /// Highlight other names, or stop.
    ToggleOther,
    /// Nothing: bind a key to this to unbind it.
    Nothing,
}

impl Command {
    /// The entity kind a toggle command switches.
    #[must_use]
    pub fn toggled_kind(self) -> Option<crate::entities::Kind> {
        use crate::entities::Kind;
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

    /// True for the commands that work on the entities (jumps, the entity panel, the pivot):
    /// they wait until the entities are found.
    #[must_use]
    pub fn needs_names(self) -> bool {
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
        )
    }

    /// Every command, in the order the help lists them.
    pub const ALL: [Command; 50] = [
        Command::Down,
        Command::Up,
        Command::PageDown,
        Command::PageUp,
        Command::HalfPageDown,
        Command::HalfPageUp,
        Command::Top,
        Command::Bottom,
        Command::Open,
        Command::Back,
        Command::SwitchFocus,
        Command::CycleGrouping,
        Command::ToggleRaw,
        Command::OpenUrl,
        Command::ShowReport,
        Command::ToggleRead,
        Command::ToggleStar,
        Command::FilterUnread,
        Command::FilterStarred,
        Command::Export,
        Command::Search,
        Command::Find,
        Command::NextHit,
        Command::PreviousHit,
        Command::DeleteBack,
        Command::DeleteWord,
        Command::ClearPrompt,
        Command::CursorLeft,
        Command::CursorRight,
        Command::CursorStart,
        Command::CursorEnd,
        Command::NextMention,
        Command::PreviousMention,
        Command::NextSameEntity,
        Command::PreviousSameEntity,
        Command::NextSameKind,
        Command::PreviousSameKind,
        Command::ToggleEntities,
        Command::Pivot,
        Command::HistoryBack,
        Command::HistoryForward,
        Command::TogglePerson,
        Command::ToggleOrganisation,
        Command::TogglePlace,
        Command::ToggleCommodity,
        Command::ToggleEvent,
        Command::ToggleOther,
        Command::Help,
        Command::Quit,
        Command::Nothing,
    ];

    /// What the command does, as the help screen says it.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Help => "show or hide this help",
            Command::Down => "next story / scroll down a line",
            Command::Up => "previous story / scroll up a line",
            Command::PageDown => "a page down",
            Command::PageUp => "a page up",
            Command::HalfPageDown => "half a page down",
            Command::HalfPageUp => "half a page up",
            Command::Top => "first story / top of the article",
            Command::Bottom => "last story / end of the article",
            Command::Open => "open the selected story",
            Command::Back => "go back: close this, or return to the stories",
            Command::SwitchFocus => "switch focus between stories and article",
            Command::CycleGrouping => "group stories by date, source or title",
            Command::ToggleRaw => "show the raw text (with boilerplate) or the clean text",
            Command::OpenUrl => "open the article's url in the browser",
            Command::ShowReport => "show the files that could not be read",
            Command::ToggleRead => "mark the story read or unread",
            Command::ToggleStar => "star the story or unstar it",
            Command::FilterUnread => "list only unread stories (again: all)",
            Command::FilterStarred => "list only starred stories (again: all)",
            Command::Export => "export the listed stories to a file ([export] format)",
            Command::Search => "search the stories, live as you type",
            Command::Find => "find words in the open article",
            Command::NextHit => "next search or find hit in the article",
            Command::PreviousHit => "previous search or find hit in the article",
            Command::DeleteBack => "delete the character before the cursor",
            Command::DeleteWord => "delete the word before the cursor",
            Command::ClearPrompt => "clear the prompt",
            Command::CursorLeft => "cursor left",
            Command::CursorRight => "cursor right",
            Command::CursorStart => "cursor to the start",
            Command::CursorEnd => "cursor to the end",
            Command::NextMention => "next mention of any entity",
            Command::PreviousMention => "previous mention of any entity",
            Command::NextSameEntity => "next mention of the current entity",
            Command::PreviousSameEntity => "previous mention of the current entity",
            Command::NextSameKind => "next mention of the current entity's kind",
            Command::PreviousSameKind => "previous mention of the current entity's kind",
            Command::ToggleEntities => "show or hide the article's entities",
            Command::Pivot => "every article naming the current entity",
            Command::HistoryBack => "back to the article read before",
            Command::HistoryForward => "forward again in the history",
            Command::TogglePerson => "highlight people on or off",
            Command::ToggleOrganisation => "highlight organisations on or off",
            Command::TogglePlace => "highlight places on or off",
            Command::ToggleCommodity => "highlight commodities on or off",
            Command::ToggleEvent => "highlight events on or off",
            Command::ToggleOther => "highlight other names on or off",
            Command::Nothing => "nothing (unbinds a key)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_listed_once_with_a_description() {
        let mut seen = std::collections::HashSet::new();
        for command in Command::ALL {
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
