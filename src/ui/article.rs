//! The article pane: title, metadata line and text wrapped to the pane, headings styled, lines
//! selected to copy highlighted, a scrollbar and the position in %. Only the visible lines are drawn.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget, Wrap,
};

use super::{View, put};
use crate::corpus::BlockKind;
use crate::entities::{Kind, Mention};
use crate::reader::article_layout::{ArticleLayout, Source};
use crate::reader::layout;
use crate::reader::state::{Focus, Selection};

/// The marker drawn before quoted lines.
const QUOTE_MARK: &str = "▎";

pub(super) fn render(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, library, theme, .. } = view;
    let focused = state.focus == Focus::Article && state.overlay.open.is_none();
    let raw = state.reading.as_ref().is_some_and(|r| r.raw.is_some());
    let block = Block::bordered()
        .border_style(if focused { theme.border_focused.0 } else { theme.border.0 })
        .title(if raw { " Article · raw text " } else { " Article " });
    let text_area = layout::article_text(area);
    let Some(reading) = &state.reading else {
        block.render(area, buf);
        let message = if library.articles().is_empty() {
            vec![
                Line::from("No articles were loaded."),
                Line::from(""),
                Line::from("Open a folder or files of articles:  newsdesk PATH..."),
                Line::from("Formats: .txt, .md, .markdown, .jsonl, .ndjson, .json, .html"),
                Line::from(if library.report().is_clean() { "" } else { "Press ! to see what could not be read." }),
            ]
        } else {
            vec![Line::from("Select an article.")]
        };
        Paragraph::new(message).style(theme.meta.0).wrap(Wrap { trim: true }).render(text_area, buf);
        return;
    };
    let article = &library.articles()[reading.index];
    // The layout is kept up to date by `update`; a fresh one covers a draw before that.
    let fresh;
    let laid_out = match &reading.layout {
        Some(l) if l.width == text_area.width.max(8) => l,
        _ => {
            fresh = ArticleLayout::new(library, reading.index, text_area.width, reading.raw.as_deref());
            &fresh
        }
    };
    let height = usize::from(text_area.height);
    let total = laid_out.lines.len();
    let percent = ((reading.scroll + height).min(total) * 100).checked_div(total).unwrap_or(100);
    block
        .title_bottom(legend(view))
        .title_bottom(Line::from(format!(" {percent}% ")).right_aligned())
        .render(area, buf);
    // Until the library's names are found, the article's own (asked first: should the names
    // come in between, the index has them).
    let early = view.state.open_articles_entities(library);
    let index = library.entities();
    let kind_of = |m: &Mention| match early {
        Some(names) => names.kinds[m.entity.0 as usize],
        None => index.entity(m.entity).kind,
    };
    let highlights = Highlights { view, kinds: kind_of, current: reading.current };
    let (text_mentions, title_mentions) = match early {
        Some(names) => (&names.text[..], &names.title[..]),
        None => (index.mentions(reading.index), index.title_mentions(reading.index)),
    };
    let selected = reading.selection.map(Selection::lines);
    for (i, line) in laid_out.lines.iter().enumerate().skip(reading.scroll).take(height) {
        let y = text_area.y + (i - reading.scroll) as u16;
        let text = laid_out.text(line, article, reading.raw.as_deref());
        let style = match (line.source, line.kind) {
            (Source::Title, _) => theme.title.0,
            (Source::Meta | Source::Story, _) => theme.meta.0,
            (Source::Text, BlockKind::Heading) => theme.heading.0,
            (Source::Text, BlockKind::Quote | BlockKind::Preformatted) => theme.quote.0,
            _ => theme.text.0,
        };
        if line.kind == BlockKind::Quote && line.source == Source::Text {
            put(buf, text_area.x, y, QUOTE_MARK, 1, theme.meta.0);
        }
        let x = text_area.x + line.indent;
        let width = text_area.width.saturating_sub(line.indent);
        let mentions = match (line.source, laid_out.raw) {
            (Source::Text, false) => text_mentions,
            (Source::Title, _) => title_mentions,
            _ => &[],
        };
        let mut marks = highlights.marks(mentions, line.range.clone(), line.source == Source::Text);
        if let (Source::Text, false, Some(hits)) = (line.source, laid_out.raw, &reading.hits) {
            let on_line = hit_marks(&hits.ranges, hits.current, line.range.clone(), view);
            marks = overlay(&marks, &on_line);
        }
        put_marked(buf, x, y, text, width, style, &marks);
        // Lines selected to copy: the whole row, blank ones too, so the selection reads as one.
        if selected.as_ref().is_some_and(|lines| lines.contains(&i)) {
            buf.set_style(Rect::new(text_area.x, y, text_area.width, 1), theme.selection.0);
        }
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

/// Short names of the kinds for the legend.
const KIND_LABELS: [&str; 6] = ["person", "org", "place", "commodity", "event", "other"];

/// The legend on the pane's border: each kind in its style, with the key that toggles it;
/// kinds switched off are struck through.
fn legend(view: View<'_>) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for kind in Kind::ALL {
        let hidden = view.state.entities.hidden_kinds[kind.index()];
        let style = if hidden { view.theme.meta.0.add_modifier(Modifier::CROSSED_OUT) } else { view.theme.kind(kind) };
        spans.push(Span::styled(format!("{} {}", kind.index() + 1, KIND_LABELS[kind.index()]), style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// Turns mentions into styled stretches of a line.
struct Highlights<'a, F> {
    view: View<'a>,
    kinds: F,
    current: Option<usize>,
}

impl<F: Fn(&Mention) -> Kind> Highlights<'_, F> {
    /// The styled stretches of a line showing bytes `range` of its source: byte ranges relative
    /// to the line, with their style. `text` says the mentions are of the clean text (the
    /// current mention is one of them).
    fn marks(&self, mentions: &[Mention], range: Range<u32>, text: bool) -> Vec<(Range<usize>, Style)> {
        let first = mentions.partition_point(|m| m.end <= range.start);
        let theme = self.view.theme;
        mentions[first..]
            .iter()
            .enumerate()
            .take_while(|(_, m)| m.start < range.end)
            .filter_map(|(i, m)| {
                let kind = (self.kinds)(m);
                let current = text && self.current == Some(first + i);
                let mut style = if self.view.state.entities.hidden_kinds[kind.index()] {
                    Style::default()
                } else {
                    theme.kind(kind)
                };
                if current {
                    style = style.patch(theme.current_mention.0);
                } else if style == Style::default() {
                    return None;
                }
                let start = m.start.max(range.start) - range.start;
                let end = m.end.min(range.end) - range.start;
                Some((start as usize..end as usize, style))
            })
            .collect()
    }
}

/// The search or find hits on a line showing bytes `range` of the text, relative to the line,
/// the current one distinct.
fn hit_marks(
    hits: &[Range<u32>],
    current: Option<usize>,
    range: Range<u32>,
    view: View<'_>,
) -> Vec<(Range<usize>, Style)> {
    let first = hits.partition_point(|h| h.end <= range.start);
    hits[first..]
        .iter()
        .enumerate()
        .take_while(|(_, h)| h.start < range.end)
        .map(|(i, h)| {
            let style = if current == Some(first + i) { view.theme.current_hit.0 } else { view.theme.search_hit.0 };
            let start = h.start.max(range.start) - range.start;
            let end = h.end.min(range.end) - range.start;
            (start as usize..end as usize, style)
        })
        .collect()
}

/// Two sets of marked stretches (each sorted and apart) as one: where they overlap, the style
/// of `top` is patched over that of `under`.
fn overlay(under: &[(Range<usize>, Style)], top: &[(Range<usize>, Style)]) -> Vec<(Range<usize>, Style)> {
    if top.is_empty() {
        return under.to_vec();
    }
    let mut cuts: Vec<usize> = under.iter().chain(top).flat_map(|(r, _)| [r.start, r.end]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let style_at =
        |marks: &[(Range<usize>, Style)], at: usize| marks.iter().find(|(r, _)| r.contains(&at)).map(|(_, s)| *s);
    cuts.windows(2)
        .filter_map(|w| {
            let (a, b) = (style_at(under, w[0]), style_at(top, w[0]));
            let style = match (a, b) {
                (None, None) => return None,
                (Some(a), None) => a,
                (None, Some(b)) => b,
                (Some(a), Some(b)) => a.patch(b),
            };
            Some((w[0]..w[1], style))
        })
        .collect()
}

/// Writes a line with its marked stretches patched over the base style.
fn put_marked(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, base: Style, marks: &[(Range<usize>, Style)]) {
    if marks.is_empty() {
        put(buf, x, y, text, width, base);
        return;
    }
    let end = x + width;
    let mut at = 0;
    let mut column = x;
    for (range, style) in marks {
        let (start, stop) = (range.start.min(text.len()), range.end.min(text.len()));
        if start > at {
            column = put(buf, column, y, &text[at..start], end.saturating_sub(column), base);
        }
        column = put(buf, column, y, &text[start..stop], end.saturating_sub(column), base.patch(*style));
        at = stop;
    }
    if at < text.len() {
        put(buf, column, y, &text[at..], end.saturating_sub(column), base);
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Color;

    use super::*;

    #[test]
    fn hits_are_patched_over_mentions_where_they_overlap() {
        let red = Style::new().fg(Color::Red);
        let on_yellow = Style::new().bg(Color::Yellow);
        let merged = overlay(&[(0..5, red)], &[(3..8, on_yellow)]);
        assert_eq!(merged, [(0..3, red), (3..5, red.patch(on_yellow)), (5..8, on_yellow)]);
        assert_eq!(overlay(&[(0..5, red)], &[]), [(0..5, red)]);
    }
}
