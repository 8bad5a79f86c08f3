//! The reader's state: ids and cursors (which story is selected, which article is shown and
//! where it is scrolled, what is read), never copies of article text. The one exception is
//! an article's raw text, read from disk on demand.

use super::article_layout::ArticleLayout;
use super::listing::{Grouping, Listing, Row};
use crate::corpus::Corpus;
use crate::ui::layout::{self, Areas};

/// Which pane has the focus (on a narrow screen: which pane is shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Focus {
    /// The stories panel.
    #[default]
    Stories,
    /// The article pane.
    Article,
}

/// A window over the panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// The keys, generated from the keymap.
    Help,
    /// The load report.
    Report,
}

/// The article shown in the article pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    /// Index of the article in the corpus.
    pub index: usize,
    /// The first line shown.
    pub scroll: usize,
    /// The raw text, when the raw view is on.
    pub raw: Option<String>,
    /// The article laid out at the pane's width (kept up to date by `update`).
    pub layout: Option<ArticleLayout>,
}

impl Reading {
    /// Starts reading an article at its top.
    #[must_use]
    pub fn new(index: usize) -> Self {
        Self { index, scroll: 0, raw: None, layout: None }
    }
}

/// Everything the reader shows, as data.
#[derive(Clone, Debug)]
pub struct State {
    /// The pane with the focus.
    pub focus: Focus,
    /// The window on top, if any.
    pub overlay: Option<Overlay>,
    /// How far the overlay is scrolled.
    pub overlay_scroll: usize,
    /// Lines of the help, for scrolling it.
    pub help_lines: usize,
    /// How the stories are grouped.
    pub grouping: Grouping,
    /// The stories panel's rows.
    pub listing: Listing,
    /// The selected story's position among the listed stories.
    pub selected: usize,
    /// The first row the stories panel shows.
    pub list_offset: usize,
    /// The article in the article pane.
    pub reading: Option<Reading>,
    /// Which articles were opened this session, by index.
    pub read: Vec<bool>,
    /// The terminal's size.
    pub size: (u16, u16),
    /// The stories panel's width from the config.
    pub stories_width: u16,
    /// A passing message for the status bar.
    pub message: Option<String>,
    /// Keys of an unfinished sequence, for the status bar.
    pub pending_keys: String,
}

impl State {
    /// The state at start: stories by date, the first selected and shown.
    #[must_use]
    pub fn new(corpus: &Corpus, stories_width: u16, help_lines: usize) -> Self {
        let grouping = Grouping::default();
        let listing = Listing::build(corpus, grouping, 0..corpus.articles().len());
        let reading = listing.article_at(0).map(Reading::new);
        Self {
            focus: Focus::Stories,
            overlay: None,
            overlay_scroll: 0,
            help_lines,
            grouping,
            listing,
            selected: 0,
            list_offset: 0,
            reading,
            read: vec![false; corpus.articles().len()],
            size: (80, 24),
            stories_width,
            message: None,
            pending_keys: String::new(),
        }
    }

    /// Where everything is on screen now.
    #[must_use]
    pub fn areas(&self) -> Areas {
        layout::areas(self.size.0, self.size.1, self.stories_width, self.focus == Focus::Article)
    }

    /// Rows the stories panel shows at once.
    #[must_use]
    pub fn list_height(&self) -> usize {
        self.areas().stories.map_or(1, |r| usize::from(layout::stories_rows(r).height).max(1))
    }

    /// Lines the article pane shows at once.
    #[must_use]
    pub fn article_height(&self) -> usize {
        self.areas().article.map_or(1, |r| usize::from(layout::article_text(r).height).max(1))
    }

    /// The index of the selected story's article.
    #[must_use]
    pub fn selected_article(&self) -> Option<usize> {
        self.listing.article_at(self.selected)
    }

    /// The row of the selected story.
    #[must_use]
    pub fn selected_row(&self) -> Option<usize> {
        self.listing.stories.get(self.selected).copied()
    }

    /// The story shown at a row of the panel, when that row is a story.
    #[must_use]
    pub fn story_at_row(&self, row: usize) -> Option<usize> {
        match self.listing.rows.get(row)? {
            Row::Story(_) => self.listing.stories.binary_search(&row).ok(),
            Row::Header { .. } => None,
        }
    }
}
