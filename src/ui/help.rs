//! The overlays: the help, generated from the active keymap (each command with its keys and
//! description), and the load report.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::View;
use crate::command::Mode;
use crate::config::ThemeConfig;
use crate::config::keymap::Keymap;
use crate::wording::counted;

/// One line of the help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// A section title.
    Section(&'static str),
    /// Keys and what they do.
    Binding {
        /// The keys, parted by commas (`g g, home`).
        keys: String,
        /// What the command does.
        description: &'static str,
    },
    /// A line of explanation.
    Note(&'static str),
    /// A blank line.
    Blank,
}

/// The help's lines: the bindings of every table of the keymap, each command with its keys.
#[must_use]
pub fn help_lines(keymap: &Keymap) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    let tables: [(Option<Mode>, &'static str); 11] = [
        (None, "Everywhere"),
        (Some(Mode::Articles), "In the article list"),
        (Some(Mode::Article), "In the article"),
        (Some(Mode::Selection), "While selecting lines of the article (v): moving extends the selection"),
        (Some(Mode::Entities), "In the entity panel"),
        (Some(Mode::Browser), "In the entity browser (E)"),
        (Some(Mode::Pivot), "In the list of articles naming an entity or of its partners (who appears with whom)"),
        (Some(Mode::Timeline), "In the timeline (t)"),
        (Some(Mode::Prompt), "In a prompt (/ search, f find, / in the entity browser): characters are typed"),
        (Some(Mode::Help), "In this help"),
        (Some(Mode::Report), "In the load report"),
    ];
    for (table, title) in tables {
        let bindings = keymap.help(table);
        if bindings.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(HelpLine::Blank);
        }
        lines.push(HelpLine::Section(title));
        for (command, keys) in bindings {
            lines.push(HelpLine::Binding { keys: keys.join(", "), description: command.description() });
        }
    }
    lines.extend([
        HelpLine::Blank,
        HelpLine::Section("Articles"),
        HelpLine::Note("● marks an article not read yet, ★ one you starred; both last between sessions, with where you left off. Undated articles come last, with the date of the event they report when it is known."),
        HelpLine::Note("An article is one file or record; a story is the articles that report one event, from every outlet, over a few days. S lists stories; enter on one lists its articles; J and K step through them from the article."),
        HelpLine::Note("The entity browser (E) lists every entity the listed articles name, with its kind and its mentions and articles among them; / filters the names, s sorts, tab picks a kind, enter lists its articles, and back from them returns to it."),
        HelpLine::Note("The timeline (t) counts the listed articles per day (undated ones apart); enter narrows the list to the days chosen, T widens it again."),
        HelpLine::Note("Search (/): terms AND together, each fuzzy over title, source and entity names. 'word exact, !word excludes, \"a phrase\", ^start and end$ of the title."),
        HelpLine::Note("Fields: source:NAME  date:2025-06  date:2025-06-01..2025-06-30  after:DATE  before:DATE  entity:NAME  kind:person  body:WORDS  story:ID (story: alone, the selected article's)  undated."),
        HelpLine::Note("Enter keeps the search as a filter while you browse; esc clears it. n/N jump between its hits in the article; f finds words in the article alone."),
        HelpLine::Note("Entities are coloured by kind (legend under the article); the current mention is reversed. Jumps wrap round the article's end."),
        HelpLine::Note("Keys are set in the config file ([keys.global], [keys.articles], …); `newsdesk --print-default-config` shows them all."),
    ]);
    lines
}

fn styled(line: &HelpLine, key_width: usize, theme: &ThemeConfig) -> Line<'static> {
    match line {
        HelpLine::Section(title) => Line::styled(*title, theme.help_section.0),
        HelpLine::Binding { keys, description } => Line::from(vec![
            Span::styled(format!("  {keys:<key_width$}  "), theme.help_key.0),
            Span::styled(*description, theme.text.0),
        ]),
        HelpLine::Note(text) => Line::styled(format!("  {text}"), theme.meta.0),
        HelpLine::Blank => Line::from(""),
    }
}

pub(super) fn render_help(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let lines = help_lines(view.keymap);
    let key_width = lines
        .iter()
        .filter_map(|l| match l {
            HelpLine::Binding { keys, .. } => Some(keys.width()),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let text: Vec<Line<'static>> = lines.iter().map(|l| styled(l, key_width, view.theme)).collect();
    overlay(view, " Help · keys ", text, area, buf);
}

pub(super) fn render_report(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let report = view.library.report();
    let mut text = vec![
        Line::styled(
            format!(
                "{} from {} of {}; {} in {}",
                counted(view.library.articles().len(), "article", "articles"),
                report.files_loaded,
                counted(report.files_seen, "file", "files"),
                counted(report.problems.len(), "problem", "problems"),
                counted(report.files_with_problems(), "file", "files"),
            ),
            view.theme.help_section.0,
        ),
        Line::from(""),
    ];
    if let Some(cut) = report.cut_summary() {
        text.extend([Line::styled(crate::sanitize::line(&cut).into_owned(), view.theme.text.0), Line::from("")]);
    }
    text.extend(report.problems.iter().map(|p| Line::styled(p.to_string(), view.theme.text.0)));
    overlay(view, " Load report ", text, area, buf);
}

fn overlay(view: View<'_>, title: &str, text: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let total = text.len();
    let height = usize::from(area.height.saturating_sub(2));
    let scroll = view.state.overlay.scroll.min(total.saturating_sub(height));
    let position = if total > height {
        format!(" {}–{} of {total} ", scroll + 1, (scroll + height).min(total))
    } else {
        String::new()
    };
    let block = Block::bordered()
        .border_style(view.theme.border_focused.0)
        .title(title.to_owned())
        .title_bottom(Line::from(position).right_aligned())
        .style(Style::default());
    Paragraph::new(text)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .render(area, buf);
}
