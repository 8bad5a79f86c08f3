//! Selecting lines of the open article to copy them (`v`, then moving, then `y`): the lines
//! chosen are those of the article's layout between where the selection started and the
//! cursor; their text is copied as written, lines wrapped on screen joined back into their
//! paragraphs.

use super::article_layout::{ArticleLayout, Line, Source};
use super::state::{Focus, Selection, State};
use super::update::Effect;
use crate::command::Command;
use crate::corpus::Article;
use crate::library::Library;

/// `v` and `y` while selecting: starts a selection at the line at the top of the view, or
/// copies the lines selected (and ends the selection).
pub(super) fn command(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
    let Some(reading) = state.reading.as_mut().filter(|r| r.layout.is_some()) else {
        state.status.message = Some("no article is open".into());
        return None;
    };
    match command {
        Command::SelectLines => {
            reading.selection = Some(Selection { anchor: reading.scroll, cursor: reading.scroll });
            state.focus = Focus::Article;
            state.status.message = Some("selecting lines: move to extend, y copies, esc cancels".into());
            None
        }
        Command::CopySelection => {
            let Some(selection) = reading.selection.take() else {
                state.status.message = Some("no lines are selected: v selects from the top of the view".into());
                return None;
            };
            let layout = reading.layout.as_ref()?;
            let text = text(layout, &library.articles()[reading.index], reading.raw.as_deref(), selection);
            let lines = selection.lines().count();
            state.status.message =
                Some(format!("{} copied to the clipboard", crate::wording::counted(lines, "line", "lines")));
            Some(Effect::Copy(text))
        }
        _ => None,
    }
}

/// The text of the lines selected, as written: the lines of one paragraph (of one title,
/// metadata line, raw text) as one stretch of their text, whatever the wrapping; paragraphs
/// apart by a blank line, the title and its metadata line by a line break. Made safe to paste.
#[must_use]
pub fn text(layout: &ArticleLayout, article: &Article, raw: Option<&str>, selection: Selection) -> String {
    let lines = selection.lines();
    let chosen = layout.lines.get(lines.clone()).unwrap_or_default();
    let mut out = String::new();
    // The stretch being gathered: its first line, the end of its last, and whether a blank
    // line came before it.
    let mut run: Option<(&Line, u32, bool)> = None;
    let mut blank = false;
    let flush = |run: Option<(&Line, u32, bool)>, out: &mut String| {
        if let Some((first, end, after_blank)) = run {
            if !out.is_empty() {
                out.push_str(if after_blank { "\n\n" } else { "\n" });
            }
            let whole = Line { range: first.range.start..end, ..first.clone() };
            out.push_str(layout.text(&whole, article, raw));
        }
    };
    for line in chosen {
        if line.source == Source::Blank {
            blank = true;
            continue;
        }
        match &mut run {
            // The same text goes on (a paragraph's display parts are one paragraph).
            Some((first, end, _)) if first.source == line.source && first.block == line.block => *end = line.range.end,
            _ => {
                flush(run.take(), &mut out);
                run = Some((line, line.range.end, blank));
            }
        }
        blank = false;
    }
    flush(run, &mut out);
    crate::sanitize::text(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::update::{Input, update};
    use super::*;
    use crate::testing::library_of;

    const ARTICLE: &str = "---\ntitle: Talks open in London\nsource: Wire\ndate: 2025-06-09\n---\n\
        The delegates met in the capital on Monday and talked for hours about rare earths and magnets.\n\n\
        A second paragraph, short.\n\n## A heading\n\nThe last paragraph.\n";

    fn reader(width: u16) -> (Library, State) {
        let library = library_of(&[("a.md", ARTICLE)]);
        let mut state = State::new(&library, 46, 40);
        update(&mut state, &library, Input::Resize(width, 30));
        update(&mut state, &library, Input::Command(Command::Open));
        (library, state)
    }

    fn selected(state: &State, library: &Library, anchor: usize, cursor: usize) -> String {
        let reading = state.reading.as_ref().unwrap();
        let article = &library.articles()[reading.index];
        text(reading.layout.as_ref().unwrap(), article, None, Selection { anchor, cursor })
    }

    #[test]
    fn wrapped_lines_are_joined_back_into_their_paragraphs() {
        // Narrow: the first paragraph wraps over several lines.
        let (library, state) = reader(60);
        let layout = state.reading.as_ref().unwrap().layout.as_ref().unwrap();
        let first = layout.lines.iter().position(|l| l.source == Source::Text).unwrap();
        assert!(layout.lines[first + 1].source == Source::Text, "the paragraph wraps");
        let last = layout.lines.len() - 1;
        assert_eq!(
            selected(&state, &library, last, first),
            "The delegates met in the capital on Monday and talked for hours about rare earths and magnets.\n\n\
             A second paragraph, short.\n\nA heading\n\nThe last paragraph.",
            "from the cursor to the anchor as well"
        );
        // From the top: the title, the metadata line, the paragraph's first line alone.
        let text = selected(&state, &library, 0, first);
        assert!(text.starts_with("Talks open in London\nWire · Mon 9 Jun 2025 · "), "{text}");
        assert!(text.contains("\n\nThe delegates met in the capital") && !text.contains("magnets"), "{text}");
    }

    #[test]
    fn v_selects_moving_extends_y_copies_and_esc_cancels() {
        let (library, mut state) = reader(60);
        let press = |state: &mut State, command| update(state, &library, Input::Command(command));
        press(&mut state, Command::SelectLines);
        assert_eq!(crate::reader::mode(&state), crate::command::Mode::Selection);
        press(&mut state, Command::Down);
        assert_eq!(state.reading.as_ref().unwrap().selection, Some(Selection { anchor: 0, cursor: 1 }));
        assert_eq!(press(&mut state, Command::CopySelection), Some(Effect::Copy(selected(&state, &library, 0, 1))));
        assert_eq!(state.status.message.as_deref(), Some("2 lines copied to the clipboard"));
        assert_eq!(crate::reader::mode(&state), crate::command::Mode::Article, "the selection ends");
        // The cursor stays in view as it goes down a page and more.
        press(&mut state, Command::SelectLines);
        for _ in 0..3 {
            press(&mut state, Command::PageDown);
        }
        let reading = state.reading.as_ref().unwrap();
        let cursor = reading.selection.unwrap().cursor;
        assert!(cursor >= reading.scroll && cursor < reading.scroll + state.article_height());
        press(&mut state, Command::Back);
        assert_eq!(state.reading.as_ref().unwrap().selection, None);
        assert_eq!(crate::reader::mode(&state), crate::command::Mode::Article, "esc cancels, the article stays open");
        // Laid out again (a resize), the lines are others: the selection goes; as it does when
        // the article is left.
        press(&mut state, Command::SelectLines);
        update(&mut state, &library, Input::Resize(100, 30));
        assert_eq!(state.reading.as_ref().unwrap().selection, None);
        press(&mut state, Command::SelectLines);
        press(&mut state, Command::SwitchFocus);
        assert_eq!(state.reading.as_ref().unwrap().selection, None);
    }
}
