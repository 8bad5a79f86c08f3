//! The status bar: mode, position, key hints or a passing message, pending keys, and a
//! warning when files could not be read.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::{View, fit};
use crate::app::command::Command;
use crate::app::state::{Focus, Overlay};
use crate::config::keymap::Mode;
use crate::sanitize;

pub(super) fn render(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, corpus, theme, keymap } = view;
    buf.set_style(area, theme.status.0);
    let mode = match (state.overlay, state.focus) {
        (Some(Overlay::Help), _) => Mode::Help,
        (Some(Overlay::Report), _) => Mode::Report,
        (None, Focus::Stories) => Mode::Stories,
        (None, Focus::Article) => Mode::Article,
    };
    let mut left = vec![Span::styled(format!(" {} ", mode.name().to_uppercase()), theme.status_mode.0)];
    let count = state.listing.stories.len();
    if count > 0 {
        left.push(Span::raw(format!(" story {}/{count} ", state.selected + 1)));
    }
    if !state.pending_keys.is_empty() {
        left.push(Span::styled(format!(" {}… ", state.pending_keys), theme.status_message.0));
    }
    let hint = |command: Command, what: &str| keymap.key_for(mode, command).map(|key| format!("{key} {what}"));
    let right = {
        let report = corpus.report();
        if report.is_clean() {
            String::new()
        } else {
            let key = keymap.key_for(mode, Command::ShowReport).unwrap_or_default();
            format!(" {} files skipped or partly read · {key} report ", report.files_with_problems())
        }
    };
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let room = usize::from(area.width).saturating_sub(used + right.width() + 1);
    if let Some(message) = &state.message {
        left.push(Span::styled(format!(" {}", fit(&sanitize::line(message), room)), theme.status_message.0));
    } else {
        let wanted: &[(Command, &str)] = match mode {
            Mode::Stories => &[
                (Command::Help, "help"),
                (Command::Open, "open"),
                (Command::CycleGrouping, "group"),
                (Command::Quit, "quit"),
            ],
            Mode::Article => &[
                (Command::Help, "help"),
                (Command::Back, "stories"),
                (Command::ToggleRaw, "raw"),
                (Command::OpenUrl, "url"),
                (Command::Quit, "quit"),
            ],
            Mode::Help | Mode::Report => &[(Command::Down, "scroll"), (Command::Back, "close")],
        };
        let hints: Vec<String> = wanted.iter().filter_map(|(command, what)| hint(*command, what)).collect();
        left.push(Span::raw(format!(" {}", fit(&hints.join(" · "), room))));
    }
    Line::from(left).render(area, buf);
    if !right.is_empty() {
        let width = (right.width() as u16).min(area.width);
        let x = area.x + area.width - width;
        buf.set_stringn(x, area.y, &right, usize::from(width), theme.status_warning.0);
    }
}
