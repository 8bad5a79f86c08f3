//! The article list: the search prompt when open, saved searches, group headers and article
//! rows (unread marker, source, title with the characters a search matched highlighted, and
//! under an article that matched elsewhere, why), the selected row highlighted; only the visible
//! rows are laid out.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{View, put};
use crate::query::Query;
use crate::reader::layout::Areas;
use crate::reader::listing::{Row, span_label};
use crate::reader::state::Focus;
use crate::sanitize;
use crate::search::{Hit, Why, title_highlights};

/// The marker of an article not opened yet.
pub const UNREAD: &str = "●";
/// The marker of a starred article.
pub const STAR: &str = "★";
/// The marker of an article chosen for what acts on several.
pub const CHOSEN: &str = "✓";
/// The marker of an article that came while the reader was open.
pub const NEW: &str = "+";
/// The marker of an article whose file changed or was removed while the reader was open.
pub const GONE: &str = "✕";
/// The marker of a saved search.
pub const SAVED: &str = "/";
/// What starts the row under an article that says why it matched.
pub const WHY: &str = "↳";

pub(super) fn render(view: View<'_>, areas: &Areas, buf: &mut Buffer) {
    let View { state, library, theme, .. } = view;
    let (Some(area), Some(rows)) = (areas.panel, areas.list) else { return };
    let focused = state.focus == Focus::Articles && state.overlay.open.is_none();
    let count = state.list.listing.article_count();
    let unread = state.list.listing.rows.iter().filter(|r| is_unread(view, r)).count();
    let stories = state.list.listing.rows.iter().any(|r| matches!(r, Row::Story { .. }));
    let what = if stories { "Stories" } else { "Articles" };
    let title = match state.search.active_filter() {
        Some(_) if !stories => {
            format!(
                " {what} · {count} of {} · {} · {unread} unread ",
                library.articles().len(),
                state.list.grouping.label()
            )
        }
        _ => format!(" {what} · {count} · {} · {unread} unread ", state.list.grouping.label()),
    };
    // The articles chosen, counted after the listed ones (where a narrow panel still shows it).
    let chosen = state.chosen.iter().filter(|c| **c).count();
    let title = if chosen > 0 {
        title.replacen(&format!("· {count} "), &format!("· {count} · {chosen} chosen "), 1)
    } else {
        title
    };
    Block::bordered()
        .border_style(if focused { theme.border_focused.0 } else { theme.border.0 })
        .title(title)
        .render(area, buf);
    if let Some(prompt) = areas.prompt {
        render_prompt(view, prompt, buf);
    }
    if state.list.listing.selectable.is_empty() {
        let empty = match (state.search.active_filter(), state.entities.finding) {
            (Some(filter), Some(_)) if filter.query.may_match_more_with_names() => {
                "No match yet: names are still being found."
            }
            (Some(_), _) => "No article matches.",
            (None, _) => "No articles.",
        };
        put(buf, rows.x + 1, rows.y, empty, rows.width.saturating_sub(1), theme.meta.0);
        return;
    }
    let height = usize::from(rows.height);
    let selected_row = state.list.selected_row();
    let source_width = (rows.width / 4).clamp(6, 16);
    let query = state.search.active_filter().map(|f| &f.query);
    for (i, row) in state.list.listing.rows.iter().enumerate().skip(state.list.offset).take(height) {
        let y = rows.y + (i - state.list.offset) as u16;
        let selected = Some(i) == selected_row;
        let selected_style = if focused { theme.selected.0 } else { theme.selected_unfocused.0 };
        match row {
            Row::Header { label, count } => {
                put(buf, rows.x, y, &header(view, i, label, *count), rows.width, theme.group_header.0);
            }
            Row::Saved(slot) => {
                let saved = &state.search.saved[*slot];
                let style = if selected { selected_style } else { theme.saved_search.0 };
                buf.set_style(Rect::new(rows.x, y, rows.width, 1), style);
                let count = saved.count.map_or_else(|| "…".to_owned(), |n| n.to_string());
                let count_width = count.width() as u16;
                put(buf, rows.x, y, SAVED, 1, style);
                put(
                    buf,
                    rows.x + 2,
                    y,
                    &sanitize::line(&saved.name),
                    rows.width.saturating_sub(count_width + 4),
                    style,
                );
                put(buf, rows.x + rows.width.saturating_sub(count_width + 1), y, &count, count_width, style);
            }
            Row::Article(index) => {
                let line = Rect { y, height: 1, ..rows };
                render_article(view, line, *index, (selected, selected_style), source_width, query, buf);
            }
            Row::Why { article, why } => render_why(view, Rect { y, height: 1, ..rows }, *article, why, buf),
            Row::Story { story, listed } => {
                let line = Rect { y, height: 1, ..rows };
                render_story(view, line, *story, *listed, (selected, selected_style), query, buf);
            }
            Row::StoryInfo(story) => {
                let x = rows.x + 2;
                let text = story_info(view, *story);
                put(buf, x, y, &text, (rows.x + rows.width).saturating_sub(x), theme.meta.0);
            }
        }
    }
    if state.list.listing.rows.len() > height {
        let mut scroll =
            ScrollbarState::new(state.list.listing.rows.len().saturating_sub(height)).position(state.list.offset);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .style(theme.scrollbar.0)
            .render(area.inner(Margin { vertical: 1, horizontal: 0 }), buf, &mut scroll);
    }
}

/// True for an unread article's row, or the row of a story with an unread article.
fn is_unread(view: View<'_>, row: &Row) -> bool {
    let read = &view.state.marks.read;
    match row {
        Row::Article(a) => !read[*a],
        Row::Story { story, .. } => view
            .library
            .stories()
            .and_then(|s| s.stories.get(*story))
            .is_some_and(|s| s.articles.iter().any(|&a| !read[a])),
        _ => false,
    }
}

/// A group's header: its label, how many articles (or stories), how many of them unread.
fn header(view: View<'_>, row: usize, label: &str, count: usize) -> String {
    let state = view.state;
    let unread = state.list.listing.rows[row + 1..]
        .iter()
        .take_while(|r| !matches!(r, Row::Header { .. }))
        .filter(|r| is_unread(view, r))
        .count();
    if unread > 0 { format!("{label} · {count} · {unread} unread") } else { format!("{label} · {count}") }
}

/// One article's row: unread and star markers, source, title (dimmed when derived from the
/// text), with the characters a search matched highlighted.
fn render_article(
    view: View<'_>,
    line: Rect,
    index: usize,
    (selected, selected_style): (bool, Style),
    source_width: u16,
    query: Option<&Query>,
    buf: &mut Buffer,
) {
    let View { state, library, theme, .. } = view;
    let y = line.y;
    let article = &library.articles()[index];
    let read = state.marks.read.get(index).copied().unwrap_or(false);
    let style = row_base(view, line, (selected, selected_style), read, buf);
    // The second column: chosen, else starred, else gone (its file changed or was removed),
    // else new.
    let flag = if state.chosen.get(index).copied().unwrap_or(false) {
        Some((CHOSEN, theme.help_key.0))
    } else if state.marks.starred[index] {
        Some((STAR, theme.star.0))
    } else if state.changes.is_gone(index) {
        Some((GONE, theme.meta.0))
    } else if state.changes.is_new(index) {
        Some((NEW, theme.unread_marker.0))
    } else {
        None
    };
    if let Some((flag, flag_style)) = flag {
        let marker = if selected { style } else { style.patch(flag_style) };
        put(buf, line.x + 1, y, flag, 1, marker);
    }
    let style = if state.changes.is_gone(index) { style.add_modifier(Modifier::CROSSED_OUT) } else { style };
    let x = line.x + 2;
    put(buf, x, y, library.source_name(article.source), source_width, style);
    let title_x = x + source_width + 1;
    let width = (line.x + line.width).saturating_sub(title_x);
    let marked = query.map(|q| title_highlights(&article.title, q)).unwrap_or_default();
    // A title derived from the text, none being stated, is dimmed.
    let title_style = if article.title_derived { style.add_modifier(Modifier::DIM) } else { style };
    let matched = title_style.patch(theme.search_match.0);
    put_chars(buf, (title_x, y), &article.title, width, title_style, &marked, matched);
}

/// Styles a row of the list (selected, read or not) and draws the unread marker; returns the
/// row's style.
fn row_base(
    view: View<'_>,
    line: Rect,
    (selected, selected_style): (bool, Style),
    read: bool,
    buf: &mut Buffer,
) -> Style {
    let theme = view.theme;
    let style = if selected {
        selected_style
    } else if read {
        theme.article_read.0
    } else {
        theme.article.0
    };
    buf.set_style(Rect::new(line.x, line.y, line.width, 1), style);
    if !read {
        let marker = if selected { style } else { style.patch(theme.unread_marker.0) };
        put(buf, line.x, line.y, UNREAD, 1, marker);
    }
    style
}

/// A story's row: the unread marker when any of its articles is unread, its label (the
/// representative's title, with the characters a search matched highlighted) and, at the
/// right, how many of its articles are listed.
fn render_story(
    view: View<'_>,
    line: Rect,
    story: usize,
    listed: usize,
    (selected, selected_style): (bool, Style),
    query: Option<&Query>,
    buf: &mut Buffer,
) {
    let View { library, theme, .. } = view;
    let Some(found) = library.stories().and_then(|s| s.stories.get(story)) else { return };
    let read = !is_unread(view, &Row::Story { story, listed });
    let style = row_base(view, line, (selected, selected_style), read, buf);
    let count = listed.to_string();
    let count_width = count.width() as u16;
    put(buf, (line.x + line.width).saturating_sub(count_width + 1), line.y, &count, count_width, style);
    let label = found.label(library.articles());
    let marked = query.map(|q| title_highlights(label, q)).unwrap_or_default();
    let width = line.width.saturating_sub(count_width + 4);
    put_chars(buf, (line.x + 2, line.y), label, width, style, &marked, style.patch(theme.search_match.0));
}

/// The line under a story's row: "8–10 Jun 2025 · 3 in 2 outlets · 1 unread".
fn story_info(view: View<'_>, story: usize) -> String {
    let View { state, library, .. } = view;
    let Some(found) = library.stories().and_then(|s| s.stories.get(story)) else { return String::new() };
    let span = found.span.map_or_else(|| "undated".to_owned(), |(first, last)| span_label(first, last));
    let unread = found.articles.iter().filter(|&&a| !state.marks.read[a]).count();
    let outlets = crate::wording::counted(found.sources.len(), "outlet", "outlets");
    let mut parts = vec![span, format!("{} in {outlets}", found.articles.len())];
    if unread > 0 {
        parts.push(format!("{unread} unread"));
    }
    parts.join(" · ")
}

/// The row under an article that matched outside its title: the field, and the name, source or
/// snippet with the hit highlighted.
fn render_why(view: View<'_>, row: Rect, article: usize, why: &Why, buf: &mut Buffer) {
    let View { library, theme, .. } = view;
    let hit = Hit { article: article as u32, score: 0, why: why.clone() };
    let x = row.x + 4;
    let width = (row.x + row.width).saturating_sub(x);
    let explanation = hit.explain(library, usize::from(width));
    let after = put(buf, x, row.y, &format!("{WHY} {}: ", explanation.field), width, theme.meta.0);
    let text = &explanation.text;
    let marked: Vec<usize> = text
        .char_indices()
        .enumerate()
        .filter(|(_, (byte, _))| explanation.hit.contains(byte))
        .map(|(n, _)| n)
        .collect();
    let rest = (row.x + row.width).saturating_sub(after);
    put_chars(buf, (after, row.y), text, rest, theme.meta.0, &marked, theme.meta.0.patch(theme.search_match.0));
}

/// The search prompt: `/`, the query with the parts that do not parse marked and the cursor
/// when it is open, and how many articles match on the right (`…` while the search runs).
fn render_prompt(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, library, .. } = view;
    let Some(filter_text) =
        state.search.prompt.as_ref().map(|p| p.text.as_str()).or(state.search.filter.as_ref().map(|f| f.text.as_str()))
    else {
        return;
    };
    let total = library.articles().len();
    let count = match state.search.active_filter() {
        Some(f) if f.answered && f.complete => format!(" {}/{total}", f.hits.len()),
        Some(f) if f.answered => format!(" {}+/{total} …", f.hits.len()),
        Some(_) => " …".to_owned(),
        None => format!(" {total}/{total}"),
    };
    // The mode: `/` fuzzy, `=` exact words.
    let mark = if state.search.exact { "= " } else { "/ " };
    let errors = Query::parse(filter_text).errors;
    let bad = |byte: usize| errors.iter().any(|e| e.span.contains(&byte));
    let cursor = state.search.prompt.as_ref().map(|p| p.cursor);
    put_prompt(view, area, buf, (mark, filter_text, cursor), &count, &bad);
}

/// A prompt's row: its mark, its text (the bytes `bad` says in the error style) with the
/// cursor while it is open (`cursor` is a byte offset), and a count on the right; kept but not
/// open (no cursor), it is dimmed. Text too long shows its end, where the cursor usually is.
pub(super) fn put_prompt(
    view: View<'_>,
    area: Rect,
    buf: &mut Buffer,
    (mark, text, cursor): (&str, &str, Option<usize>),
    count: &str,
    bad: &dyn Fn(usize) -> bool,
) {
    let theme = view.theme;
    let base = if cursor.is_some() { theme.prompt.0 } else { theme.meta.0 };
    buf.set_style(area, base);
    let count_width = count.width() as u16;
    put(buf, area.x + area.width.saturating_sub(count_width), area.y, count, count_width, theme.meta.0);
    let x = put(buf, area.x, area.y, mark, mark.width() as u16, theme.help_key.0);
    let room = area.width.saturating_sub(count_width + 3);
    // Characters, each with its style; the cursor is drawn reversed.
    let mut cells: Vec<(char, Style)> = text
        .char_indices()
        .map(|(byte, c)| {
            let mut style = if bad(byte) { base.patch(theme.prompt_error.0) } else { base };
            if cursor == Some(byte) {
                style = style.add_modifier(ratatui::style::Modifier::REVERSED);
            }
            (if sanitize::drawable(c) { c } else { ' ' }, style)
        })
        .collect();
    if cursor == Some(text.len()) {
        cells.push((' ', base.add_modifier(ratatui::style::Modifier::REVERSED)));
    }
    let mut used: usize = cells.iter().map(|(c, _)| c.width().unwrap_or(0)).sum();
    let mut first = 0;
    while used > usize::from(room) && first < cells.len() {
        used -= cells[first].0.width().unwrap_or(0);
        first += 1;
    }
    let mut column = x;
    for (c, style) in &cells[first..] {
        column = buf.set_stringn(column, area.y, c.encode_utf8(&mut [0; 4]), usize::from(room), *style).0;
    }
}

/// Writes `text` from `at`, cut to `width` columns with an ellipsis, the characters whose
/// indexes are in `marked` (sorted) in `mark`, the others in `base`.
pub(super) fn put_chars(
    buf: &mut Buffer,
    at: (u16, u16),
    text: &str,
    width: u16,
    base: Style,
    marked: &[usize],
    mark: Style,
) {
    if marked.is_empty() {
        put(buf, at.0, at.1, text, width, base);
        return;
    }
    let fits = text.width() <= usize::from(width);
    let limit = if fits { usize::from(width) } else { usize::from(width).saturating_sub(1) };
    let (mut column, mut used) = (at.0, 0);
    for (n, c) in text.chars().enumerate() {
        let w = c.width().unwrap_or(0);
        if used + w > limit {
            break;
        }
        let style = if marked.binary_search(&n).is_ok() { mark } else { base };
        column = buf.set_stringn(column, at.1, c.encode_utf8(&mut [0; 4]), w.max(1), style).0;
        used += w;
    }
    if !fits && width > 0 {
        buf.set_stringn(column, at.1, "…", 1, base);
    }
}
