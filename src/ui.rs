//! Drawing: the reader's state and the library it borrows from, onto a frame. Nothing here
//! changes state; every widget borrows what it shows.

mod article;
mod article_list;
mod entities;
mod entity_browser;
mod help;
mod status;
mod timeline;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::config::ThemeConfig;
use crate::config::keymap::Keymap;
use crate::library::Library;
use crate::reader::layout;
use crate::reader::state::{Overlay, State};

pub use help::{HelpLine, help_lines};

/// What a frame shows, borrowed.
#[derive(Clone, Copy)]
pub struct View<'a> {
    /// The reader's state.
    pub state: &'a State,
    /// The articles.
    pub library: &'a Library,
    /// The styles.
    pub theme: &'a ThemeConfig,
    /// The key bindings, for the help and the hints.
    pub keymap: &'a Keymap,
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, view: View<'_>) {
    let area = frame.area();
    render(view, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer (what [`draw`] does, without a terminal).
pub fn render(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let areas = view.state.areas_for(area.width, area.height);
    if areas.too_small {
        let message = format!(
            "Terminal too small: {}×{}. newsdesk needs at least {}×{}.",
            area.width,
            area.height,
            layout::MIN_SIZE.0,
            layout::MIN_SIZE.1
        );
        Paragraph::new(message).wrap(Wrap { trim: true }).render(area, buf);
        return;
    }
    article_list::render(view, &areas, buf);
    if let Some(area) = areas.timeline {
        timeline::render(view, area, buf);
    }
    if let Some(rect) = areas.article {
        article::render(view, rect, buf);
    }
    if let Some(rect) = areas.entities {
        entities::render_panel(view, rect, buf);
    }
    status::render(view, areas.status, buf);
    entity_browser::render(view, area, buf);
    match view.state.overlay.open {
        Some(Overlay::Help) => help::render_help(view, layout::overlay(area), buf),
        Some(Overlay::Report) => help::render_report(view, layout::overlay(area), buf),
        Some(Overlay::Pivot) => entities::render_pivot(view, layout::overlay(area), buf),
        Some(Overlay::Partners) => entities::render_partners(view, layout::overlay(area), buf),
        None => {}
    }
}

/// `text` cut to `width` columns, with an ellipsis when it was cut.
#[must_use]
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// Writes `text` at a row, cut to `width` columns; returns the column after it.
fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, style: Style) -> u16 {
    if width == 0 {
        return x;
    }
    buf.set_stringn(x, y, fit(text, usize::from(width)), usize::from(width), style).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_cuts_with_an_ellipsis_by_columns() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("a longer title", 8), "a longe…");
        assert_eq!(fit("北京上海", 5), "北京…");
        assert_eq!(fit("abc", 0), "");
    }
}
