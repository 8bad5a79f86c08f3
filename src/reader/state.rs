//! The reader's state: ids and cursors (which article is selected, which article is shown and
//! where it is scrolled, what is read), never copies of article text. The one exception is
//! an article's raw text, read from disk on demand.

use std::ops::{Range, RangeInclusive};
use std::sync::Arc;

use super::article_layout::{ArticleLayout, Source};
use super::bulk::Undo;
use super::correcting::{CorrectionPrompt, Made};
use super::listing::{Grouping, Listing, Row};
use super::prompt::Prompt;
use crate::entities::{ArticleEntities, EntityId};
use crate::library::Library;
use crate::query::Query;
use crate::reader::layout::{self, Areas};
use crate::search::{Hit, Marks};

/// Which pane has the focus (on a narrow screen: which pane is shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Focus {
    /// The article list.
    #[default]
    Articles,
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
    /// The entities named with an entity.
    Partners,
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
    /// The lines selected to copy, while selecting (`v`).
    pub selection: Option<Selection>,
}

/// Lines of the open article selected to copy: lines of its layout from where the selection
/// started to the cursor (either may come first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The line the selection started on.
    pub anchor: usize,
    /// The line moving extends it to.
    pub cursor: usize,
}

impl Selection {
    /// The lines selected, top to bottom.
    #[must_use]
    pub fn lines(self) -> RangeInclusive<usize> {
        self.anchor.min(self.cursor)..=self.anchor.max(self.cursor)
    }
}

/// What the hits in an article are hits of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HitsOf {
    /// The search filtering the articles (its text).
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
            selection: None,
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

/// The list of articles that name an entity (and, from the partners list, another with it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PivotList {
    /// The entity.
    pub entity: EntityId,
    /// The entity named with it in every article listed, when the list came from its partners.
    pub with: Option<EntityId>,
    /// The articles (indexes) and their mention counts, newest first.
    pub rows: Vec<(usize, u32)>,
    /// The selected row.
    pub selected: usize,
}

/// The entities named with an entity, best associated first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerList {
    /// The entity.
    pub entity: EntityId,
    /// Each partner and the articles naming both.
    pub rows: Vec<(EntityId, u32)>,
    /// The selected row.
    pub selected: usize,
}

/// A search filtering the articles: its query and the latest results.
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
    /// True once every article was scored.
    pub complete: bool,
    /// The grouping to go back to when the filter is cleared.
    pub grouping_before: Grouping,
}

/// Where the articles were when the search prompt opened, to go back to on Esc.
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
    /// How many articles it matches, once counted.
    pub count: Option<usize>,
}

/// The screen: its size, and the article list's width from the config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Screen {
    /// The terminal's size.
    pub size: (u16, u16),
    /// The article list's width from the config.
    pub list_width: u16,
}

/// The window over the panes (help, load report, pivot), when one is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overlays {
    /// The window on top, if any.
    pub open: Option<Overlay>,
    /// How far it is scrolled.
    pub scroll: usize,
    /// Lines of the help, for scrolling it.
    pub help_lines: usize,
}

/// The article list: how the articles are grouped, its rows, the selection and the first row
/// shown.
#[derive(Clone, Debug, Default)]
pub struct List {
    /// How the articles are grouped.
    pub grouping: Grouping,
    /// The panel's rows.
    pub listing: Listing,
    /// The selected article's position among the listed articles.
    pub selected: usize,
    /// The first row the panel shows.
    pub offset: usize,
}

impl List {
    /// The index of the selected article's article.
    #[must_use]
    pub fn selected_article(&self) -> Option<usize> {
        self.listing.article_at(self.selected)
    }

    /// The row of the selected article.
    #[must_use]
    pub fn selected_row(&self) -> Option<usize> {
        self.listing.selectable.get(self.selected).copied()
    }

    /// The article shown at a row of the panel, when that row is an article.
    #[must_use]
    pub fn article_at_row(&self, row: usize) -> Option<usize> {
        match self.listing.rows.get(row)? {
            Row::Article(_) | Row::Saved(_) | Row::Story { .. } => self.listing.selectable.binary_search(&row).ok(),
            Row::Why { .. } | Row::StoryInfo(_) => self.article_at_row(row.checked_sub(1)?),
            Row::Header { .. } => None,
        }
    }
}

/// A passing message and the keys of an unfinished sequence, for the status bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    /// A passing message.
    pub message: Option<String>,
    /// Keys of an unfinished sequence.
    pub pending_keys: String,
}

/// What the reader shows of the entities: which kinds are highlighted, the entity panel, the
/// pivot list, and how finding them in the background goes.
#[derive(Clone, Debug, Default)]
pub struct EntityView {
    /// Entity kinds whose highlighting is off, by [`Kind::index`](crate::entities::Kind::index).
    pub hidden_kinds: [bool; 6],
    /// The entity panel, when open: its selected entity's position.
    pub panel: Option<usize>,
    /// The list of articles naming an entity, when open.
    pub pivot: Option<PivotList>,
    /// The list of entities named with an entity, when open.
    pub partners: Option<PartnerList>,
    /// While the entities are found in the background: how many articles are done, of all.
    pub finding: Option<(usize, usize)>,
    /// Once finding the entities failed, what the status bar said: the entity keys say it again.
    pub failed: Option<String>,
    /// Until the library's entities are found: the open article's own (its index, and the
    /// entities), so that its mentions are highlighted meanwhile.
    pub early: Option<(usize, ArticleEntities)>,
}

/// Searching the articles: the prompt while open, the search filtering the list, where the list
/// was before, the searches asked for, earlier searches and the saved ones.
#[derive(Clone, Debug, Default)]
pub struct Searching {
    /// The search prompt, while open.
    pub prompt: Option<Prompt>,
    /// The search filtering the articles, if any.
    pub filter: Option<Filter>,
    /// Where the articles were when the prompt opened.
    pub before: Option<BeforeSearch>,
    /// The last search's generation.
    pub generation: u64,
    /// Earlier searches, oldest first.
    pub history: Vec<String>,
    /// Saved searches from the config.
    pub saved: Vec<SavedSearch>,
    /// Search words match exactly (no inflection, no typo, no fuzzy match): `ctrl-t`.
    pub exact: bool,
}

impl Searching {
    /// The search filtering the articles, when its query has terms.
    #[must_use]
    pub fn active_filter(&self) -> Option<&Filter> {
        self.filter.as_ref().filter(|f| !f.query.is_empty())
    }
}

/// Finding words in the open article: the words, and earlier finds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Finding {
    /// The words being found, if any.
    pub words: Option<Find>,
    /// Earlier finds, oldest first.
    pub history: Vec<String>,
}

/// Everything the reader shows, as data, grouped by concern.
#[derive(Clone, Debug)]
pub struct State {
    /// The pane with the focus.
    pub focus: Focus,
    /// The screen's size.
    pub screen: Screen,
    /// The window on top.
    pub overlay: Overlays,
    /// The article list.
    pub list: List,
    /// The article in the article pane.
    pub reading: Option<Reading>,
    /// Which articles were read (opened, or marked read) and starred, by index.
    pub marks: Marks,
    /// The status bar's message and pending keys.
    pub status: Status,
    /// Entities: highlighting, panel, pivot, progress.
    pub entities: EntityView,
    /// Where the reader has been.
    pub history: History,
    /// Searching the articles.
    pub search: Searching,
    /// Finding words in the open article.
    pub find: Finding,
    /// While the stories are found in the background: steps done, of all.
    pub finding_stories: Option<(usize, usize)>,
    /// The timeline, while open: the days chosen on it.
    pub timeline: Option<TimelineCursor>,
    /// What changed in the watched folders since the reader opened.
    pub changes: Changes,
    /// The prompt of a date to go to, while open.
    pub goto: Option<Prompt>,
    /// The articles chosen (space) for what acts on several, by index.
    pub chosen: Vec<bool>,
    /// The changes of many read marks that can be undone.
    pub undo: Undo,
    /// The entity browser, once opened (shown while its `open` is true).
    pub browser: Option<super::browser::Browser>,
    /// Corrections to the entities made here.
    pub correcting: Correcting,
}

/// Correcting the entities (see [`super::correcting`]): the prompt while open, the corrections
/// made in this session (to undo, the latest last), and why none can be made, when so.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Correcting {
    /// The prompt of a rename, merge or kind, while open.
    pub prompt: Option<CorrectionPrompt>,
    /// The corrections made in this session, the latest last.
    pub made: Vec<Made>,
    /// The entity to select in the panel once the library is corrected.
    pub focus: Option<EntityId>,
    /// Why corrections cannot be made here (`--no-corrections`), when so.
    pub off: Option<String>,
}

/// Articles that came or went with the files of a watched folder since the reader opened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// How many articles there were when the reader opened: the ones after are new.
    pub opened_with: usize,
    /// Articles whose file changed (its new version is a new article) or was removed.
    pub gone: Vec<bool>,
}

impl Changes {
    /// True for an article that came after the reader opened.
    #[must_use]
    pub fn is_new(&self, article: usize) -> bool {
        article >= self.opened_with
    }

    /// True for an article whose file changed or was removed.
    #[must_use]
    pub fn is_gone(&self, article: usize) -> bool {
        self.gone.get(article).copied().unwrap_or(false)
    }
}

/// The days chosen on the open timeline: between an anchor and a cursor, both columns of the
/// strip (each a day, or a few days when the view spans more days than the strip has columns).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimelineCursor {
    /// Where the range started.
    pub anchor: usize,
    /// Where it ends now (`h`/`l` move both, `H`/`L` this one alone).
    pub cursor: usize,
}

impl State {
    /// The state at start: articles by date, the first selected and shown.
    #[must_use]
    pub fn new(library: &Library, list_width: u16, help_lines: usize) -> Self {
        let grouping = Grouping::default();
        let listing = Listing::build(library, grouping, 0..library.articles().len());
        let reading = listing.article_at(0).map(Reading::new);
        let articles = library.articles().len();
        Self {
            focus: Focus::Articles,
            screen: Screen { size: (80, 24), list_width },
            overlay: Overlays { help_lines, ..Overlays::default() },
            list: List { grouping, listing, selected: 0, offset: 0 },
            reading,
            marks: Marks { read: vec![false; articles], starred: vec![false; articles], current: None },
            status: Status::default(),
            entities: EntityView::default(),
            history: History::default(),
            search: Searching::default(),
            find: Finding::default(),
            finding_stories: None,
            timeline: None,
            changes: Changes { opened_with: articles, gone: vec![false; articles] },
            goto: None,
            chosen: vec![false; articles],
            undo: Undo::default(),
            browser: None,
            correcting: Correcting::default(),
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
        let (article, names) = self.entities.early.as_ref()?;
        (!library.entities_found() && *article == index).then_some(names)
    }

    /// Lists saved searches (name, query) at the top of the article list.
    pub fn set_saved(&mut self, saved: impl IntoIterator<Item = (String, String)>) {
        let article = self.list.selected_article();
        self.search.saved = saved.into_iter().map(|(name, text)| SavedSearch { name, text, count: None }).collect();
        self.list.listing = std::mem::take(&mut self.list.listing).with_saved(self.search.saved.len());
        self.list.selected = article.and_then(|a| self.list.listing.position_of(a)).unwrap_or(0);
    }

    /// The article the reader acts on: the open one when the article has the focus, else the
    /// selected article.
    #[must_use]
    pub fn current_article(&self) -> Option<usize> {
        match self.focus {
            Focus::Article | Focus::Entities => self.reading.as_ref().map(|r| r.index),
            Focus::Articles => self.list.selected_article(),
        }
    }

    /// True while a prompt (search or find) is open.
    #[must_use]
    pub fn prompt_open(&self) -> bool {
        self.search.prompt.is_some()
            || self.find.words.as_ref().is_some_and(|f| f.prompt.is_some())
            || self.goto.is_some()
            || self.browser.as_ref().is_some_and(|b| b.open && b.prompt.is_some())
            || self.correcting.prompt.is_some()
    }

    /// Where everything is on screen now.
    #[must_use]
    pub fn areas(&self) -> Areas {
        self.areas_for(self.screen.size.0, self.screen.size.1)
    }

    /// Where everything would be on a `width` × `height` screen.
    #[must_use]
    pub fn areas_for(&self, width: u16, height: u16) -> Areas {
        let open = layout::Open {
            entity_panel: self.entities.panel.is_some() && self.reading.is_some(),
            prompt: self.search.prompt.is_some() || self.search.filter.is_some(),
            timeline: self.timeline.is_some(),
        };
        layout::areas(width, height, self.screen.list_width, self.focus != Focus::Articles, open)
    }

    /// Rows the article list shows at once.
    #[must_use]
    pub fn list_height(&self) -> usize {
        self.areas().list.map_or(1, |r| usize::from(r.height).max(1))
    }

    /// Lines the article pane shows at once.
    #[must_use]
    pub fn article_height(&self) -> usize {
        self.areas().article.map_or(1, |r| usize::from(layout::article_text(r).height).max(1))
    }
}
