//! The article pane: title, metadata line and text wrapped to the pane, headings styled, a
//! scrollbar and the position in %. Only the visible lines are drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget, Wrap,
};

use super::{View, layout, put};
use crate::app::article_layout::{ArticleLayout, Source};
use crate::app::state::Focus;
use crate::corpus::BlockKind;

/// The marker drawn before quoted lines.
const QUOTE_MARK: &str = "▎";

pub(super) fn render(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, corpus, theme, .. } = view;
    let focused = state.focus == Focus::Article && state.overlay.is_none();
    let raw = state.reading.as_ref().is_some_and(|r| r.raw.is_some());
    let block = Block::bordered()
        .border_style(if focused { theme.border_focused.0 } else { theme.border.0 })
        .title(if raw { " Article · raw text " } else { " Article " });
    let text_area = layout::article_text(area);
    let Some(reading) = &state.reading else {
        block.render(area, buf);
        let message = if corpus.articles().is_empty() {
            vec![
                Line::from("No articles were loaded."),
                Line::from(""),
                Line::from("Open a folder or files of articles:  newsdesk PATH..."),
                Line::from("Formats: .txt, .md, .markdown, .jsonl, .ndjson, .json"),
                Line::from(if corpus.report().is_clean() { "" } else { "Press ! to see what could not be read." }),
            ]
        } else {
            vec![Line::from("Select a story.")]
        };
        Paragraph::new(message).style(theme.meta.0).wrap(Wrap { trim: true }).render(text_area, buf);
        return;
    };
    let article = &corpus.articles()[reading.index];
    // The layout is kept up to date by `update`; a fresh one covers a draw before that.
    let fresh;
    let laid_out = match &reading.layout {
        Some(l) if l.width == text_area.width.max(8) => l,
        _ => {
            fresh = ArticleLayout::new(corpus, article, text_area.width, reading.raw.as_deref());
            &fresh
        }
    };
    let height = usize::from(text_area.height);
    let total = laid_out.lines.len();
    let percent = ((reading.scroll + height).min(total) * 100).checked_div(total).unwrap_or(100);
    block.title_bottom(Line::from(format!(" {percent}% ")).right_aligned()).render(area, buf);
    for (i, line) in laid_out.lines.iter().enumerate().skip(reading.scroll).take(height) {
        let y = text_area.y + (i - reading.scroll) as u16;
        let text = laid_out.text(line, article, reading.raw.as_deref());
        let style = match (line.source, line.kind) {
            (Source::Title, _) => theme.title.0,
            (Source::Meta, _) => theme.meta.0,
            (Source::Text, BlockKind::Heading) => theme.heading.0,
            (Source::Text, BlockKind::Quote | BlockKind::Preformatted) => theme.quote.0,
            _ => theme.text.0,
        };
        if line.kind == BlockKind::Quote && line.source == Source::Text {
            put(buf, text_area.x, y, QUOTE_MARK, 1, theme.meta.0);
        }
        let x = text_area.x + line.indent;
        put(buf, x, y, text, text_area.width.saturating_sub(line.indent), style);
    }
    if total > height {
        let mut scroll = ScrollbarState::new(total.saturating_sub(height)).position(reading.scroll);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .style(theme.scrollbar.0)
            .render(area.inner(Margin { vertical: 1, horizontal: 1 }), buf, &mut scroll);
    }
}
