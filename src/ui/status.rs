//! The status bar: mode, position, key hints or a passing message, pending keys, and a
//! warning when files could not be read.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::{View, fit};
use crate::app::command::Command;
use crate::config::keymap::Mode;
use crate::sanitize;

pub(super) fn render(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, corpus, theme, keymap } = view;
    buf.set_style(area, theme.status.0);
    let mode = crate::app::mode(state);
    let mut left = vec![Span::styled(format!(" {} ", mode.name().to_uppercase()), theme.status_mode.0)];
    let count = state.listing.stories.len();
    if count > 0 {
        left.push(Span::raw(format!(" story {}/{count} ", state.selected + 1)));
    }
    if let Some((reading, current)) = state.reading.as_ref().and_then(|r| Some((r, r.current?))) {
        let mentions = corpus.entities().mentions(reading.index);
        if let Some(mention) = mentions.get(current) {
            let (n, of) = crate::app::jumps::ordinal(mentions, current);
            let name = &corpus.entities().entity(mention.entity).name;
            let wrapped = if reading.wrapped { " · wrapped" } else { "" };
            left.push(Span::styled(format!(" {} {n}/{of}{wrapped} ", sanitize::line(name)), theme.status_message.0));
        }
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
            Mode::Entities => {
                &[(Command::Open, "first mention"), (Command::Pivot, "articles"), (Command::Back, "close")]
            }
            Mode::Pivot => &[(Command::Open, "open"), (Command::Back, "close")],
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
