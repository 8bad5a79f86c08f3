//! The reader's state: ids and cursors (which story is selected, which article is shown and
//! where it is scrolled, what is read), never copies of article text. The one exception is
//! an article's raw text, read from disk on demand.

use super::article_layout::{ArticleLayout, Source};
use super::listing::{Grouping, Listing, Row};
use crate::corpus::Corpus;
use crate::entities::EntityId;
use crate::ui::layout::{self, Areas};

/// Which pane has the focus (on a narrow screen: which pane is shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Focus {
    /// The stories panel.
    #[default]
    Stories,
    /// The article pane.
    Article,
    /// The entity panel beside the article.
    Entities,
}

/// A window over the panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// The keys, generated from the keymap.
    Help,
    /// The load report.
    Report,
    /// The articles that name an entity.
    Pivot,
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
    /// The current mention (an index among the article's mentions), where the last jump landed.
    pub current: Option<usize>,
    /// The last jump went round the end of the article.
    pub wrapped: bool,
    /// Scroll the current mention into view at the next update.
    pub reveal: bool,
    /// Scroll to the line holding this byte of the clean text at the next update.
    pub anchor: Option<u32>,
}

impl Reading {
    /// Starts reading an article at its top.
    #[must_use]
    pub fn new(index: usize) -> Self {
        Self { index, scroll: 0, raw: None, layout: None, current: None, wrapped: false, reveal: false, anchor: None }
    }

    /// Where the reader is in this article. The scroll position is kept as the first byte of
    /// text in view, so that it survives a change of width.
    #[must_use]
    pub fn place(&self) -> Place {
        let anchor = self
            .layout
            .as_ref()
            .filter(|_| self.scroll > 0 && self.raw.is_none())
            .and_then(|l| l.lines.iter().skip(self.scroll).find(|line| line.source == Source::Text))
            .map(|line| line.range.start);
        Place { article: self.index, anchor, current: self.current }
    }
}

/// A place to come back to: an article, its scroll position and current mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Index of the article.
    pub article: usize,
    /// The first byte of its text in view; `None` at its top.
    pub anchor: Option<u32>,
    /// Its current mention.
    pub current: Option<usize>,
}

/// The places read before (to go back to) and after (to go forward to again).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Earlier places, the latest last.
    pub back: Vec<Place>,
    /// Places gone back from, the latest last.
    pub forward: Vec<Place>,
}

/// The list of articles that name an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PivotList {
    /// The entity.
    pub entity: EntityId,
    /// The articles (indexes) and their mention counts, newest first.
    pub rows: Vec<(usize, u32)>,
    /// The selected row.
    pub selected: usize,
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
    /// Entity kinds whose highlighting is off, by [`Kind::index`](crate::entities::Kind::index).
    pub hidden_kinds: [bool; 6],
    /// The entity panel, when open: its selected entity's position.
    pub entity_panel: Option<usize>,
    /// The list of articles naming an entity, when open.
    pub pivot: Option<PivotList>,
    /// Where the reader has been.
    pub history: History,
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
            hidden_kinds: [false; 6],
            entity_panel: None,
            pivot: None,
            history: History::default(),
        }
    }

    /// Where everything is on screen now.
    #[must_use]
    pub fn areas(&self) -> Areas {
        self.areas_for(self.size.0, self.size.1)
    }

    /// Where everything would be on a `width` × `height` screen.
    #[must_use]
    pub fn areas_for(&self, width: u16, height: u16) -> Areas {
        let panel = self.entity_panel.is_some() && self.reading.is_some();
        layout::areas(width, height, self.stories_width, self.focus != Focus::Stories, panel)
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
