//! The reader's state: ids and cursors (which story is selected, which article is shown and
//! where it is scrolled, what is read), never copies of article text. The one exception is
//! an article's raw text, read from disk on demand.

use std::ops::Range;
use std::sync::Arc;

use super::article_layout::{ArticleLayout, Source};
use super::listing::{Grouping, Listing, Row};
use super::prompt::Prompt;
use crate::entities::{ArticleEntities, EntityId};
use crate::library::Library;
use crate::query::Query;
use crate::reader::layout::{self, Areas};
use crate::search::Hit;

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
    /// Index of the article in the library.
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
    /// The search or find hits in the clean text, once worked out.
    pub hits: Option<TextHits>,
}

/// What the hits in an article are hits of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HitsOf {
    /// The search filtering the stories (its text).
    Search(String),
    /// The words found in the article (`f`).
    Find(String),
}

/// Where a search or a find hits the article's clean text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextHits {
    /// What they are hits of.
    pub of: HitsOf,
    /// The byte ranges hit, in order, apart.
    pub ranges: Vec<Range<u32>>,
    /// The current hit, where the last `n` or `N` landed.
    pub current: Option<usize>,
    /// The last jump went round the end of the article.
    pub wrapped: bool,
    /// Scroll the current hit into view at the next update.
    pub reveal: bool,
}

impl Reading {
    /// Starts reading an article at its top.
    #[must_use]
    pub fn new(index: usize) -> Self {
        Self {
            index,
            scroll: 0,
            raw: None,
            layout: None,
            current: None,
            wrapped: false,
            reveal: false,
            anchor: None,
            hits: None,
        }
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

/// A search filtering the stories: its query and the latest results.
#[derive(Clone, Debug)]
pub struct Filter {
    /// The query as typed.
    pub text: String,
    /// The query, parsed.
    pub query: Query,
    /// The generation of the search asked for `text`.
    pub generation: u64,
    /// The latest results (of this query once `answered`, of the one before until then).
    pub hits: Arc<[Hit]>,
    /// True once results of this query arrived.
    pub answered: bool,
    /// True once every story was scored.
    pub complete: bool,
    /// The grouping to go back to when the filter is cleared.
    pub grouping_before: Grouping,
}

/// Where the stories were when the search prompt opened, to go back to on Esc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BeforeSearch {
    /// The selected article.
    pub article: Option<usize>,
    /// The first row shown.
    pub list_offset: usize,
}

/// Finding words in the open article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Find {
    /// The words.
    pub text: String,
    /// The prompt, while they are being typed.
    pub prompt: Option<Prompt>,
}

/// A saved search from the config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedSearch {
    /// Its name.
    pub name: String,
    /// Its query.
    pub text: String,
    /// How many stories it matches, once counted.
    pub count: Option<usize>,
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
    /// Which articles were read (opened, or marked read), by index.
    pub read: Vec<bool>,
    /// Which articles are starred, by index.
    pub starred: Vec<bool>,
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
    /// The search prompt, while open.
    pub search: Option<Prompt>,
    /// The search filtering the stories, if any.
    pub filter: Option<Filter>,
    /// Where the stories were when the search prompt opened.
    pub before_search: Option<BeforeSearch>,
    /// The last search's generation.
    pub generation: u64,
    /// Finding words in the open article, if any.
    pub find: Option<Find>,
    /// Earlier searches, oldest first.
    pub search_history: Vec<String>,
    /// Earlier finds, oldest first.
    pub find_history: Vec<String>,
    /// Saved searches from the config.
    pub saved: Vec<SavedSearch>,
    /// While the entities are found in the background: how many articles are done, of all.
    pub finding_entities: Option<(usize, usize)>,
    /// Once finding the entities failed, what the status bar said: the entity keys say it again.
    pub entities_failed: Option<String>,
    /// Until the library's entities are found: the open article's own names (its index, and
    /// the names), so that its mentions are highlighted meanwhile.
    pub early_entities: Option<(usize, ArticleEntities)>,
}

impl State {
    /// The state at start: stories by date, the first selected and shown.
    #[must_use]
    pub fn new(library: &Library, stories_width: u16, help_lines: usize) -> Self {
        let grouping = Grouping::default();
        let listing = Listing::build(library, grouping, 0..library.articles().len());
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
            read: vec![false; library.articles().len()],
            starred: vec![false; library.articles().len()],
            size: (80, 24),
            stories_width,
            message: None,
            pending_keys: String::new(),
            hidden_kinds: [false; 6],
            entity_panel: None,
            pivot: None,
            history: History::default(),
            search: None,
            filter: None,
            before_search: None,
            generation: 0,
            find: None,
            search_history: Vec::new(),
            find_history: Vec::new(),
            saved: Vec::new(),
            finding_entities: None,
            entities_failed: None,
            early_entities: None,
        }
    }

    /// The open article, when its own names are wanted: the library's are not found yet, and
    /// its own are not either.
    #[must_use]
    pub fn article_to_name(&self, library: &Library) -> Option<usize> {
        let index = self.reading.as_ref()?.index;
        (!library.entities_found() && self.open_articles_entities(library).is_none()).then_some(index)
    }

    /// The open article's own names, while the library's are not found yet (see
    /// [`State::early_entities`]).
    #[must_use]
    pub fn open_articles_entities(&self, library: &Library) -> Option<&ArticleEntities> {
        let index = self.reading.as_ref()?.index;
        let (article, names) = self.early_entities.as_ref()?;
        (!library.entities_found() && *article == index).then_some(names)
    }

    /// Lists saved searches (name, query) at the top of the stories panel.
    pub fn set_saved(&mut self, saved: impl IntoIterator<Item = (String, String)>) {
        let article = self.selected_article();
        self.saved = saved.into_iter().map(|(name, text)| SavedSearch { name, text, count: None }).collect();
        self.listing = std::mem::take(&mut self.listing).with_saved(self.saved.len());
        self.selected = article.and_then(|a| self.listing.position_of(a)).unwrap_or(0);
    }

    /// The article the reader acts on: the open one when the article has the focus, else the
    /// selected story.
    #[must_use]
    pub fn current_article(&self) -> Option<usize> {
        match self.focus {
            Focus::Article | Focus::Entities => self.reading.as_ref().map(|r| r.index),
            Focus::Stories => self.selected_article(),
        }
    }

    /// What the reader marked, for searches that ask (`unread`, `starred`).
    #[must_use]
    pub fn marks(&self) -> crate::search::Marks {
        crate::search::Marks { read: self.read.clone(), starred: self.starred.clone() }
    }

    /// The search filtering the stories, when its query has terms.
    #[must_use]
    pub fn active_filter(&self) -> Option<&Filter> {
        self.filter.as_ref().filter(|f| !f.query.is_empty())
    }

    /// True while a prompt (search or find) is open.
    #[must_use]
    pub fn prompt_open(&self) -> bool {
        self.search.is_some() || self.find.as_ref().is_some_and(|f| f.prompt.is_some())
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
        let prompt = self.search.is_some() || self.filter.is_some();
        layout::areas(width, height, self.stories_width, self.focus != Focus::Stories, panel, prompt)
    }

    /// Rows the stories panel shows at once.
    #[must_use]
    pub fn list_height(&self) -> usize {
        self.areas().list.map_or(1, |r| usize::from(r.height).max(1))
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
            Row::Story(_) | Row::Saved(_) => self.listing.stories.binary_search(&row).ok(),
            Row::Why { .. } => self.story_at_row(row.checked_sub(1)?),
            Row::Header { .. } => None,
        }
    }
}
