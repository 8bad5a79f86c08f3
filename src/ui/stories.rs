//! The stories panel: group headers and story rows (unread marker, source, title), the
//! selected row highlighted; only the visible rows are laid out.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget};

use super::{View, layout, put};
use crate::app::listing::Row;
use crate::app::state::Focus;

/// The marker of a story not opened yet.
pub const UNREAD: &str = "●";

pub(super) fn render(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, corpus, theme, .. } = view;
    let focused = state.focus == Focus::Stories && state.overlay.is_none();
    let count = state.listing.stories.len();
    let title = format!(" Stories · {count} · {} ", state.grouping.label());
    Block::bordered()
        .border_style(if focused { theme.border_focused.0 } else { theme.border.0 })
        .title(title)
        .render(area, buf);
    let rows = layout::stories_rows(area);
    if count == 0 {
        put(buf, rows.x + 1, rows.y, "No articles.", rows.width.saturating_sub(1), theme.meta.0);
        return;
    }
    let height = usize::from(rows.height);
    let selected_row = state.selected_row();
    let source_width = (rows.width / 4).clamp(6, 16);
    for (i, row) in state.listing.rows.iter().enumerate().skip(state.list_offset).take(height) {
        let y = rows.y + (i - state.list_offset) as u16;
        match row {
            Row::Header { label, count } => {
                put(buf, rows.x, y, &format!("{label} · {count}"), rows.width, theme.group_header.0);
            }
            Row::Story(index) => {
                let article = &corpus.articles()[*index];
                let read = state.read.get(*index).copied().unwrap_or(false);
                let style = if Some(i) == selected_row {
                    if focused { theme.selected.0 } else { theme.selected_unfocused.0 }
                } else if read {
                    theme.story_read.0
                } else {
                    theme.story.0
                };
                buf.set_style(Rect::new(rows.x, y, rows.width, 1), style);
                if !read {
                    let marker = if Some(i) == selected_row { style } else { style.patch(theme.unread_marker.0) };
                    put(buf, rows.x, y, UNREAD, 1, marker);
                }
                let x = rows.x + 2;
                let source = corpus.source_name(article.source);
                put(buf, x, y, source, source_width, style.patch(Style::default()));
                let title_x = x + source_width + 1;
                put(buf, title_x, y, &article.title, (rows.x + rows.width).saturating_sub(title_x), style);
            }
        }
    }
    if state.listing.rows.len() > height {
        let mut scroll =
            ScrollbarState::new(state.listing.rows.len().saturating_sub(height)).position(state.list_offset);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .style(theme.scrollbar.0)
            .render(area.inner(Margin { vertical: 1, horizontal: 0 }), buf, &mut scroll);
    }
}
