//! The entity browser, over the whole screen but the status bar: a row per entity of the
//! listed articles (name in its kind's colour, kind, mentions, articles, latest date), the
//! counts right-aligned under column names that mark the order; the filter's prompt above
//! them, and the characters it matched highlighted in the names.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

use super::article_list::{put_chars, put_prompt};
use super::{View, put};
use crate::reader::browser::{Browser, EntityRow, Sort, matched_chars};
use crate::reader::layout;
use crate::sanitize;

/// Widths of the columns right of the name (0: not shown, when the screen is narrow).
struct Columns {
    kind: u16,
    count: u16,
    latest: u16,
}

/// The widest the name column gets: the counts stay near the names on a wide screen.
const NAME_WIDTH: u16 = 44;
/// The narrowest it gets before columns are left out.
const NAME_MIN: u16 = 16;
/// Columns between two columns.
const GAP: u16 = 2;

impl Columns {
    /// The columns that fit beside a name of at least [`NAME_MIN`] columns in a row `width` wide.
    fn fitting(width: u16) -> Self {
        let (kind, count, latest) = (12, 10, 11);
        // A margin each side, the name, and each column after a gap.
        let room = |columns: &[u16]| 2 + NAME_MIN + columns.iter().map(|c| c + GAP).sum::<u16>();
        if width >= room(&[kind, count, count, latest]) {
            Self { kind, count, latest }
        } else if width >= room(&[kind, count, count]) {
            Self { kind, count, latest: 0 }
        } else {
            Self { kind: 0, count, latest: 0 }
        }
    }

    /// The columns' x positions in `row`: name, kind, mentions, articles, latest; and the
    /// name's width.
    fn positions(&self, row: Rect) -> ([u16; 5], u16) {
        let shown = |width: u16| if width > 0 { width + GAP } else { 0 };
        let others = shown(self.kind) + 2 * shown(self.count) + shown(self.latest);
        let name_width = row.width.saturating_sub(2 + others).min(NAME_WIDTH);
        let name = row.x + 1;
        let kind = name + name_width + GAP;
        let mentions = kind + shown(self.kind);
        let articles = mentions + shown(self.count);
        let latest = articles + shown(self.count);
        ([name, kind, mentions, articles, latest], name_width)
    }
}

pub(super) fn render(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let Some(browser) = view.state.browser.as_ref().filter(|b| b.open) else { return };
    let theme = view.theme;
    let filter_shown = browser.prompt.is_some() || !browser.filter.is_empty();
    let areas = layout::browser(area.width, area.height, filter_shown);
    Clear.render(areas.window, buf);
    let height = usize::from(areas.rows.height);
    let end = (browser.offset + height).min(browser.shown.len());
    let position = if browser.shown.len() > height {
        format!(" {}–{end} of {} ", browser.offset + 1, browser.shown.len())
    } else {
        String::new()
    };
    let progress = browser.progress(view.library);
    Block::bordered()
        .border_style(theme.border_focused.0)
        .title(title(browser, progress))
        .title_bottom(Line::from(position).right_aligned())
        .render(areas.window, buf);
    if let Some(row) = areas.filter.map(|r| Rect { x: r.x + 1, width: r.width.saturating_sub(2), ..r }) {
        let (text, cursor) =
            browser.prompt.as_ref().map_or((browser.filter.as_str(), None), |p| (p.text.as_str(), Some(p.cursor)));
        let count = match progress {
            Some(("matching", ..)) => format!(" {}+ of {} …", browser.shown.len(), browser.rows.len()),
            _ => format!(" {} of {}", browser.shown.len(), browser.rows.len()),
        };
        put_prompt(view, row, buf, ("/ ", text, cursor), &count, &|_| false);
    }
    let columns = Columns::fitting(areas.header.width);
    render_header(view, browser.sort, &columns, areas.header, buf);
    if browser.shown.is_empty() {
        let empty = match progress {
            Some((doing, ..)) => format!("{doing}…"),
            None if browser.rows.is_empty() => "The listed articles name no entity.".to_owned(),
            None => "No entity matches: esc clears the filter, tab the kind.".to_owned(),
        };
        put(buf, areas.rows.x + 1, areas.rows.y, &empty, areas.rows.width.saturating_sub(1), theme.meta.0);
        return;
    }
    for (n, &row) in browser.shown.iter().enumerate().take(end).skip(browser.offset) {
        let line = Rect { y: areas.rows.y + (n - browser.offset) as u16, height: 1, ..areas.rows };
        let style = if n == browser.selected { theme.selected.0 } else { theme.text.0 };
        buf.set_style(line, style);
        render_row(view, &browser.rows[row as usize], (&columns, &browser.filter), line, style, buf);
    }
}

/// `Entities of 5 articles · 4 of 27 · best match, then by articles · person`, and while the
/// rows are counted or the names scored, how far that has come.
fn title(browser: &Browser, progress: Option<(&str, usize, usize)>) -> String {
    let listed = crate::wording::counted(browser.view.articles(), "article", "articles");
    let count = if browser.shown.len() == browser.rows.len() {
        browser.rows.len().to_string()
    } else {
        format!("{} of {}", browser.shown.len(), browser.rows.len())
    };
    let order = if browser.filter.trim().is_empty() {
        browser.sort.label().to_owned()
    } else {
        format!("best match, then {}", browser.sort.label())
    };
    let kind = browser.kind.map_or("every kind", |k| k.name());
    let working = progress.map_or_else(String::new, |(doing, done, all)| {
        format!(" · {doing} {}%", (done * 100).checked_div(all).unwrap_or(100))
    });
    format!(" Entities of {listed} · {count} · {order} · {kind}{working} ")
}

/// The column names; the one the rows are ordered by is marked with an arrow.
fn render_header(view: View<'_>, sort: Sort, columns: &Columns, row: Rect, buf: &mut Buffer) {
    let style = view.theme.group_header.0;
    let ([name, kind, mentions, articles, latest], name_width) = columns.positions(row);
    // Names and kinds go up (A to Z, people first), counts and dates down.
    let marked =
        |label: &str, by: Sort, arrow: &str| if sort == by { format!("{label} {arrow}") } else { label.to_owned() };
    put(buf, name, row.y, &marked("name", Sort::Name, "▲"), name_width, style);
    if columns.kind > 0 {
        put(buf, kind, row.y, &marked("kind", Sort::Kind, "▲"), columns.kind, style);
    }
    for (x, label, by) in [(mentions, "mentions", Sort::Mentions), (articles, "articles", Sort::Articles)] {
        put_right(buf, x, row.y, &marked(label, by, "▼"), columns.count, style);
    }
    if columns.latest > 0 {
        put_right(buf, latest, row.y, &marked("latest", Sort::Latest, "▼"), columns.latest, style);
    }
}

/// One entity's row, in `style` (the selected row's, or the text's).
fn render_row(
    view: View<'_>,
    row: &EntityRow,
    (columns, filter): (&Columns, &str),
    line: Rect,
    style: Style,
    buf: &mut Buffer,
) {
    let theme = view.theme;
    let entity = view.library.entities().entity(row.entity);
    let ([name_x, kind_x, mentions_x, articles_x, latest_x], name_width) = columns.positions(line);
    // Names come from articles: made safe to draw; the matched characters are those of the
    // name as written, so they are marked only when it needed no cleaning.
    let name = sanitize::line(&entity.name);
    let marked = if name == entity.name.as_str() { matched_chars(&name, filter) } else { Vec::new() };
    let name_style = style.patch(theme.kind(entity.kind));
    put_chars(buf, (name_x, line.y), &name, name_width, name_style, &marked, name_style.patch(theme.search_match.0));
    if columns.kind > 0 {
        put(buf, kind_x, line.y, entity.kind.name(), columns.kind, style.patch(theme.meta.0));
    }
    put_right(buf, mentions_x, line.y, &row.mentions.to_string(), columns.count, style);
    put_right(buf, articles_x, line.y, &row.articles.to_string(), columns.count, style);
    if columns.latest > 0 {
        let latest = row.latest.map_or_else(|| "–".to_owned(), |d| d.strftime("%-d %b %Y").to_string());
        put_right(buf, latest_x, line.y, &latest, columns.latest, style.patch(theme.meta.0));
    }
}

/// Writes `text` right-aligned in the `width` columns from `x`.
fn put_right(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, style: Style) {
    let text_width = (unicode_width::UnicodeWidthStr::width(text) as u16).min(width);
    put(buf, x + width - text_width, y, text, text_width, style);
}
