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
    /// Nothing: bind a key to this to unbind it.
    Nothing,
}

impl Command {
    /// Every command, in the order the help lists them.
    pub const ALL: [Command; 18] = [
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
