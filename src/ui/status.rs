//! The status bar: mode, position, the search filter and the current hit, key hints or a
//! passing message, pending keys, and a warning when files could not be read. While finding in
//! the article, it is the find prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::{View, fit};
use crate::command::Command;
use crate::command::Mode;
use crate::reader::prompt::Prompt;
use crate::reader::state::HitsOf;
use crate::sanitize;

pub(super) fn render(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, library, theme, keymap } = view;
    buf.set_style(area, theme.status.0);
    let mode = crate::reader::mode(state);
    let mut left = vec![Span::styled(format!(" {} ", mode.name().to_uppercase()), theme.status_mode.0)];
    if let Some(correcting) = state.correcting.prompt.as_ref() {
        let (label, chosen) = crate::reader::correcting::prompt_label(correcting, library);
        render_prompt_line(view, (&label, "correct"), &correcting.prompt, chosen, left, area, buf);
        return;
    }
    if let Some(goto) = state.goto.as_ref() {
        render_prompt_line(view, (" go to date: ", "go"), goto, String::new(), left, area, buf);
        return;
    }
    if let Some(find) = state.find.words.as_ref().and_then(|f| f.prompt.as_ref()) {
        render_find_prompt(view, find, left, area, buf);
        return;
    }
    let count = state.list.listing.selectable.len();
    if let Some(browser) = state.browser.as_ref().filter(|b| b.open) {
        if !browser.shown.is_empty() {
            left.push(Span::raw(format!(" entity {}/{} ", browser.selected + 1, browser.shown.len())));
        }
    } else if count > 0 {
        let what = if state.list.listing.story_at(state.list.selected).is_some() { "story" } else { "article" };
        left.push(Span::raw(format!(" {what} {}/{count} ", state.list.selected + 1)));
    }
    if let Some(filter) = state.search.active_filter().filter(|_| state.search.prompt.is_none()) {
        let text = fit(&sanitize::line(&filter.text), 24).into_owned();
        left.push(Span::styled(format!(" /{text} · {} ", filter.hits.len()), theme.status_message.0));
    }
    if let Some(reading) = &state.reading
        && let Some(hits) = &reading.hits
        && let Some(current) = hits.current
    {
        let what = match &hits.of {
            HitsOf::Find(words) => format!("“{}”", fit(&sanitize::line(words), 20)),
            HitsOf::Search(_) => "search hit".to_owned(),
        };
        let wrapped = if hits.wrapped { " · wrapped" } else { "" };
        let position = format!(" {what} {}/{}{wrapped} ", current + 1, hits.ranges.len());
        left.push(Span::styled(position, theme.status_message.0));
    }
    if let Some((reading, current)) = state.reading.as_ref().and_then(|r| Some((r, r.current?))) {
        let mentions = library.entities().mentions(reading.index);
        if let Some(mention) = mentions.get(current) {
            let (n, of) = crate::reader::jumps::ordinal(mentions, current);
            let name = &library.entities().entity(mention.entity).name;
            let wrapped = if reading.wrapped { " · wrapped" } else { "" };
            left.push(Span::styled(format!(" {} {n}/{of}{wrapped} ", sanitize::line(name)), theme.status_message.0));
        }
    }
    if let Some(selection) = state.reading.as_ref().and_then(|r| r.selection) {
        let lines = crate::wording::counted(selection.lines().count(), "line", "lines");
        left.push(Span::styled(format!(" {lines} selected "), theme.status_message.0));
    }
    if !state.status.pending_keys.is_empty() {
        left.push(Span::styled(format!(" {}… ", state.status.pending_keys), theme.status_message.0));
    }
    let hint = |command: Command, what: &str| keymap.key_for(mode, command).map(|key| format!("{key} {what}"));
    let right = {
        let report = library.report();
        if report.is_clean() {
            String::new()
        } else {
            let key = keymap.key_for(mode, Command::ShowReport).unwrap_or_default();
            format!(
                " {} skipped or partly read · {key} report ",
                crate::wording::counted(report.files_with_problems(), "file", "files")
            )
        }
    };
    let naming = match (state.entities.finding, state.finding_stories) {
        (Some((done, total)), _) => format!(" {} ", crate::reader::update::finding_entities(done, total)),
        (None, Some((done, total))) => format!(" {} ", crate::reader::update::finding_stories(done, total)),
        (None, None) => String::new(),
    };
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let room = usize::from(area.width).saturating_sub(used + naming.width() + right.width() + 1);
    let query_error = state.search.prompt.as_ref().and_then(|_| state.search.filter.as_ref()?.query.errors.first());
    if let Some(message) = &state.status.message {
        left.push(Span::styled(format!(" {}", fit(&sanitize::line(message), room)), theme.status_message.0));
    } else if let Some(error) = query_error {
        left.push(Span::styled(format!(" {}", fit(&sanitize::line(&error.message), room)), theme.status_warning.0));
    } else {
        let wanted = if crate::reader::browser::is_open(state) && mode == Mode::Prompt {
            BROWSER_PROMPT_HINTS
        } else {
            hints(mode)
        };
        let hints: Vec<String> = wanted.iter().filter_map(|(command, what)| hint(*command, what)).collect();
        left.push(Span::raw(format!(" {}", fit(&hints.join(" · "), room))));
    }
    Line::from(left).render(area, buf);
    render_right(area, buf, &[(&right, theme.status_warning.0), (&naming, theme.status_message.0)]);
}

/// The keys the status bar suggests while the entity browser's filter is typed.
const BROWSER_PROMPT_HINTS: &[(Command, &str)] =
    &[(Command::Open, "its articles"), (Command::Back, "clear"), (Command::Down, "next"), (Command::Up, "previous")];

/// The keys the status bar suggests in a mode, and what each does.
fn hints(mode: Mode) -> &'static [(Command, &'static str)] {
    match mode {
        Mode::Articles => &[
            (Command::Help, "help"),
            (Command::Open, "open"),
            (Command::CycleGrouping, "group"),
            (Command::ToggleStories, "stories"),
            (Command::Quit, "quit"),
        ],
        Mode::Article => &[
            (Command::Help, "help"),
            (Command::Back, "articles"),
            (Command::ToggleRaw, "raw"),
            (Command::OpenUrl, "url"),
            (Command::Quit, "quit"),
        ],
        Mode::Help | Mode::Report => &[(Command::Down, "scroll"), (Command::Back, "close")],
        Mode::Entities => &[
            (Command::Open, "first mention"),
            (Command::Pivot, "articles"),
            (Command::Back, "close"),
            (Command::RenameEntity, "rename"),
            (Command::MergeEntity, "merge"),
            (Command::ChangeKind, "kind"),
            (Command::IgnoreEntity, "ignore"),
        ],
        Mode::Pivot => &[(Command::Open, "open"), (Command::Back, "close")],
        Mode::Browser => &[
            (Command::Open, "its articles"),
            (Command::FilterEntities, "filter"),
            (Command::SortEntities, "sort"),
            (Command::NextKind, "kind"),
            (Command::Partners, "named with it"),
            (Command::Back, "close"),
        ],
        Mode::Timeline => &[
            (Command::Earlier, "earlier"),
            (Command::Later, "later"),
            (Command::ExtendLater, "more days"),
            (Command::Open, "narrow"),
            (Command::Widen, "widen"),
            (Command::Back, "close"),
        ],
        Mode::Selection => &[(Command::Down, "extend"), (Command::CopySelection, "copy"), (Command::Back, "cancel")],
        Mode::Prompt => &[
            (Command::Open, "open"),
            (Command::Back, "clear"),
            (Command::Down, "next"),
            (Command::Up, "previous (in an empty prompt: earlier searches)"),
        ],
    }
}

/// Texts at the right end of the status bar, the first rightmost.
fn render_right(area: Rect, buf: &mut Buffer, texts: &[(&str, Style)]) {
    let mut end = area.x + area.width;
    for &(text, style) in texts {
        let width = (text.width() as u16).min(end - area.x);
        end -= width;
        buf.set_stringn(end, area.y, text, usize::from(width), style);
    }
}

/// The find prompt in place of the hints: `find: words` with the cursor, and the hit count.
fn render_find_prompt(view: View<'_>, prompt: &Prompt, left: Vec<Span<'_>>, area: Rect, buf: &mut Buffer) {
    let hits = view.state.reading.as_ref().and_then(|r| r.hits.as_ref());
    let count = match hits {
        Some(h) if h.ranges.is_empty() => " no hits ".to_owned(),
        Some(h) => format!(" {}/{} ", h.current.map_or(0, |c| c + 1), h.ranges.len()),
        None => String::new(),
    };
    render_prompt_line(view, (" find: ", "keep"), prompt, count, left, area, buf);
}

/// A prompt in the status bar: its label, its text with the cursor, a count, the keys.
fn render_prompt_line(
    view: View<'_>,
    (label, open): (&str, &str),
    prompt: &Prompt,
    count: String,
    mut left: Vec<Span<'_>>,
    area: Rect,
    buf: &mut Buffer,
) {
    let View { theme, keymap, .. } = view;
    let keys = |command| keymap.key_for(Mode::Prompt, command).unwrap_or_default();
    let hint = format!(" {} {open} · {} clear ", keys(Command::Open), keys(Command::Back));
    left.push(Span::styled(label.to_owned(), theme.help_key.0));
    let (before, after) = prompt.text.split_at(prompt.cursor);
    let mut chars = after.chars();
    let at_cursor = chars.next().map_or_else(|| " ".to_owned(), String::from);
    left.push(Span::styled(sanitize::line(before).into_owned(), theme.prompt.0));
    left.push(Span::styled(at_cursor, theme.prompt.0.add_modifier(ratatui::style::Modifier::REVERSED)));
    left.push(Span::styled(sanitize::line(chars.as_str()).into_owned(), theme.prompt.0));
    left.push(Span::styled(count, theme.status_message.0));
    left.push(Span::raw(hint));
    Line::from(left).render(area, buf);
}
