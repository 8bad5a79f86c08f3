//! Configuration: one source of defaults, `config.example.toml`, embedded and parsed at start;
//! the user's file layered on top. Every mistake in the user's file — an unknown key, a value
//! of the wrong type, a bad pattern — is an error that names the file, line and column, the
//! key, the valid choices, and the closest one when it looks like a typo.

pub mod corrections;
pub mod keymap;
mod layer;
pub mod theme;

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use serde::Deserialize;

use crate::command::Mode;
use crate::corpus::{Rules, RulesError};
use crate::diagnostic::{FileError, error_at};
use crate::entities::{DeferredRecogniser, Gazetteer, Recogniser, WordLists};
use keymap::{Bindings, Keymap, KeymapError};
pub use layer::Layered;
use layer::section;
use theme::StyleSpec;

/// The documented default configuration, embedded.
pub const EXAMPLE: &str = include_str!("../config.example.toml");

/// A regular expression from the config, checked when the config is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern(String);

impl Pattern {
    /// The pattern as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let pattern = String::deserialize(deserializer)?;
        match regex::Regex::new(&pattern) {
            Ok(_) => Ok(Self(pattern)),
            Err(e) => Err(serde::de::Error::custom(format!("{pattern:?} is not a valid regular expression: {e}"))),
        }
    }
}

layer::leaf!(Pattern, theme::StyleSpec, crate::export::Format);

section! {
    /// Where the corpus is.
    pub struct CorpusConfig layer CorpusLayer {
        /// Folders or files opened when the command line names none.
        pub paths: Vec<PathBuf>,
        /// While the reader is open, watch its folders: files added, changed or removed show
        /// at once.
        pub watch: bool,
    }
}

section! {
    /// Web furniture removed from the clean text.
    pub struct BoilerplateConfig layer BoilerplateLayer {
        /// Lines that start the trailing furniture.
        pub tail_markers: Vec<Pattern>,
        /// Lines removed wherever they stand.
        pub line_rules: Vec<Pattern>,
        /// Fragments removed inside paragraphs.
        pub inline: Vec<Pattern>,
        /// More tail markers, added to the defaults.
        pub extra_tail_markers: Vec<Pattern>,
        /// More line rules, added to the defaults.
        pub extra_line_rules: Vec<Pattern>,
        /// More inline fragments, added to the defaults.
        pub extra_inline: Vec<Pattern>,
    }
}

section! {
    /// Rules for inferring titles, sources and authors from plain text.
    pub struct InferenceConfig layer InferenceLayer {
        /// Headings too generic to be a title.
        pub generic_headings: Vec<Pattern>,
        /// Byline patterns with optional `source` and `author` groups.
        pub bylines: Vec<Pattern>,
    }
}

section! {
    /// Entity recognition.
    pub struct EntitiesConfig layer EntitiesLayer {
        /// Gazetteer files of your own, merged over the built-in one.
        pub gazetteers: Vec<PathBuf>,
        /// Find names that no gazetteer lists.
        pub detect_unknown: bool,
        /// More words that never start or end a detected name.
        pub extra_stopwords: Vec<String>,
        /// More titles that mark a person.
        pub extra_person_titles: Vec<String>,
        /// More words that mark an organisation.
        pub extra_organisation_words: Vec<String>,
        /// More words that mark a place.
        pub extra_place_words: Vec<String>,
    }
}

section! {
    /// Searching.
    pub struct SearchConfig layer SearchLayer {
        /// Saved searches: a name and its query, listed at the top of the article list.
        pub saved: std::collections::BTreeMap<String, String>,
    }
}

section! {
    /// Where the reader's export key writes.
    pub struct ExportConfig layer ExportLayer {
        /// The folder (relative paths start at the folder newsdesk runs in).
        pub folder: PathBuf,
        /// The format: markdown, jsonl or csv.
        pub format: crate::export::Format,
    }
}

section! {
    /// The screen's layout.
    pub struct LayoutConfig layer LayoutLayer {
        /// Width of the article list, in columns.
        #[serde(alias = "stories_width")]
        pub list_width: u16,
    }
}

section! {
    /// How urls are opened.
    pub struct OpenConfig layer OpenLayer {
        /// The program and its arguments; `{url}` is replaced by the url.
        pub url_command: Vec<String>,
        /// Copy to the clipboard with the OSC 52 escape sequence.
        pub osc52: bool,
        /// The program the pipe key gives the clean article to; empty: `$PAGER`, else `less`.
        pub pipe_command: Vec<String>,
    }
}

section! {
    /// The style of every element on screen.
    pub struct ThemeConfig layer ThemeLayer {
        /// Article text.
        pub text: StyleSpec,
        /// The article's title.
        pub title: StyleSpec,
        /// The metadata line under the title, and other secondary text.
        pub meta: StyleSpec,
        /// Section headings in articles.
        pub heading: StyleSpec,
        /// Quoted passages and preformatted text.
        pub quote: StyleSpec,
        /// Group headers in the article list.
        pub group_header: StyleSpec,
        /// An article not yet opened.
        #[serde(alias = "story")]
        pub article: StyleSpec,
        /// An article already opened this session.
        #[serde(alias = "story_read")]
        pub article_read: StyleSpec,
        /// The marker of unread articles.
        pub unread_marker: StyleSpec,
        /// The marker of starred articles.
        pub star: StyleSpec,
        /// The selected article, when the article list has the focus.
        pub selected: StyleSpec,
        /// The selected article, when the article has the focus.
        pub selected_unfocused: StyleSpec,
        /// Borders of panes without the focus.
        pub border: StyleSpec,
        /// The border of the pane with the focus.
        pub border_focused: StyleSpec,
        /// The status bar.
        pub status: StyleSpec,
        /// The mode at the left of the status bar.
        pub status_mode: StyleSpec,
        /// Passing messages in the status bar.
        pub status_message: StyleSpec,
        /// Warnings in the status bar (files that could not be read).
        pub status_warning: StyleSpec,
        /// Scrollbars.
        pub scrollbar: StyleSpec,
        /// Keys in the help.
        pub help_key: StyleSpec,
        /// Section titles in the help and the report.
        pub help_section: StyleSpec,
        /// Mentions of people.
        pub person: StyleSpec,
        /// Mentions of organisations.
        pub organisation: StyleSpec,
        /// Mentions of places.
        pub place: StyleSpec,
        /// Mentions of commodities.
        pub commodity: StyleSpec,
        /// Mentions of events.
        pub event: StyleSpec,
        /// Mentions of other names.
        pub other: StyleSpec,
        /// The current mention.
        pub current_mention: StyleSpec,
        /// Characters of an article's row that the search matched.
        pub search_match: StyleSpec,
        /// Search and find hits in the article.
        pub search_hit: StyleSpec,
        /// The current hit, where `n` or `N` landed.
        pub current_hit: StyleSpec,
        /// The prompt's text.
        pub prompt: StyleSpec,
        /// The part of a query that does not parse.
        pub prompt_error: StyleSpec,
        /// Saved searches at the top of the article list.
        pub saved_search: StyleSpec,
        /// The timeline's bars.
        pub timeline: StyleSpec,
        /// The timeline's bars of the days chosen.
        pub timeline_chosen: StyleSpec,
        /// Lines of the article selected to copy.
        pub selection: StyleSpec,
    }
}

impl ThemeConfig {
    /// The style of an entity kind's mentions.
    #[must_use]
    pub fn kind(&self, kind: crate::entities::Kind) -> ratatui::style::Style {
        use crate::entities::Kind;
        match kind {
            Kind::Person => self.person.0,
            Kind::Organisation => self.organisation.0,
            Kind::Place => self.place.0,
            Kind::Commodity => self.commodity.0,
            Kind::Event => self.event.0,
            Kind::Other => self.other.0,
        }
    }
}

section! {
    /// Key bindings: `global` applies in every mode unless the mode's own table binds the key.
    pub struct KeysConfig layer KeysLayer {
        /// Every mode.
        pub global: Bindings,
        /// The article list has the focus.
        #[serde(alias = "stories")]
        pub articles: Bindings,
        /// The article pane has the focus.
        pub article: Bindings,
        /// The help is open.
        pub help: Bindings,
        /// The load report is open.
        pub report: Bindings,
        /// The entity panel has the focus.
        pub entities: Bindings,
        /// The list of articles naming an entity is open.
        pub pivot: Bindings,
        /// A prompt is open (characters are always typed into it).
        pub prompt: Bindings,
        /// The timeline is open.
        pub timeline: Bindings,
        /// Lines of the article are being selected.
        pub selection: Bindings,
        /// The entity browser is open.
        pub browser: Bindings,
    }
}

section! {
    /// The whole configuration.
    pub struct Config layer ConfigLayer {
        /// `[corpus]`
        pub corpus: CorpusConfig,
        /// `[boilerplate]`
        pub boilerplate: BoilerplateConfig,
        /// `[inference]`
        pub inference: InferenceConfig,
        /// `[entities]`
        pub entities: EntitiesConfig,
        /// `[search]`
        pub search: SearchConfig,
        /// `[export]`
        pub export: ExportConfig,
        /// `[layout]`
        pub layout: LayoutConfig,
        /// `[open]`
        pub open: OpenConfig,
        /// `[theme]`
        pub theme: ThemeConfig,
        /// `[keys.MODE]`
        pub keys: KeysConfig,
    }
}

static DEFAULT: LazyLock<Config> = LazyLock::new(|| {
    toml::from_str(EXAMPLE).unwrap_or_else(|e| panic!("config.example.toml is invalid (a test guards this): {e}"))
});

impl Default for Config {
    /// The configuration `config.example.toml` documents.
    fn default() -> Self {
        DEFAULT.clone()
    }
}

impl Config {
    /// The default configuration with a user's file (its text, and its path for messages)
    /// layered on top.
    pub fn layered(text: &str, file: &Path) -> Result<Self, FileError> {
        let layer: ConfigLayer = toml::from_str(text).map_err(|e| error_at(text, file, e.span(), e.message()))?;
        let mut config = Self::default();
        config.apply(layer);
        if let Some(dir) = file.parent() {
            config.corpus.paths = config.corpus.paths.iter().map(|p| resolve(dir, p)).collect();
            config.entities.gazetteers = config.entities.gazetteers.iter().map(|p| resolve(dir, p)).collect();
        }
        // The export folder is relative to where newsdesk runs, not to the config.
        config.export.folder = in_home(&config.export.folder);
        Ok(config)
    }

    /// Reads the user's configuration: `explicit` (which must exist), else the file in the
    /// platform's config folder when there is one, else the defaults. Returns the file used.
    pub fn load(explicit: Option<&Path>) -> Result<(Self, Option<PathBuf>), FileError> {
        let file = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => Self::user_file().filter(|p| p.is_file()),
        };
        let Some(file) = file else {
            return Ok((Self::default(), None));
        };
        let text = std::fs::read_to_string(&file).map_err(|e| FileError {
            file: file.clone(),
            position: None,
            message: format!("cannot read the config file: {e}"),
            source_line: None,
        })?;
        Self::layered(&text, &file).map(|config| (config, Some(file)))
    }

    /// Where the user's config file is looked for: `$XDG_CONFIG_HOME/newsdesk/config.toml` on
    /// Linux, the platform's config folder elsewhere.
    #[must_use]
    pub fn user_file() -> Option<PathBuf> {
        dirs::config_dir().map(|dir| dir.join("newsdesk").join("config.toml"))
    }

    /// The key bindings of every mode.
    pub fn keymap(&self) -> Result<Keymap, KeymapError> {
        let k = &self.keys;
        Keymap::new(
            &k.global,
            &[
                (Mode::Articles, &k.articles),
                (Mode::Article, &k.article),
                (Mode::Entities, &k.entities),
                (Mode::Pivot, &k.pivot),
                (Mode::Prompt, &k.prompt),
                (Mode::Timeline, &k.timeline),
                (Mode::Selection, &k.selection),
                (Mode::Browser, &k.browser),
                (Mode::Help, &k.help),
                (Mode::Report, &k.report),
            ],
        )
    }

    /// The theme without colours (for `NO_COLOR`): modifiers kept; what stood out by colour
    /// alone stands out by reversed or bold text instead.
    #[must_use]
    pub fn monochrome_theme(&self) -> ThemeConfig {
        use ratatui::style::Modifier;
        let t = &self.theme;
        let plain = |s: &StyleSpec, fallback| StyleSpec(theme::without_colour(s.0, fallback));
        ThemeConfig {
            text: plain(&t.text, Modifier::empty()),
            title: plain(&t.title, Modifier::BOLD),
            meta: plain(&t.meta, Modifier::empty()),
            heading: plain(&t.heading, Modifier::BOLD),
            quote: plain(&t.quote, Modifier::ITALIC),
            group_header: plain(&t.group_header, Modifier::BOLD),
            article: plain(&t.article, Modifier::empty()),
            article_read: plain(&t.article_read, Modifier::DIM),
            unread_marker: plain(&t.unread_marker, Modifier::BOLD),
            star: plain(&t.star, Modifier::BOLD),
            selected: plain(&t.selected, Modifier::REVERSED),
            selected_unfocused: plain(&t.selected_unfocused, Modifier::REVERSED),
            border: plain(&t.border, Modifier::empty()),
            border_focused: plain(&t.border_focused, Modifier::BOLD),
            status: plain(&t.status, Modifier::REVERSED),
            status_mode: plain(&t.status_mode, Modifier::BOLD),
            status_message: plain(&t.status_message, Modifier::BOLD),
            status_warning: plain(&t.status_warning, Modifier::BOLD),
            scrollbar: plain(&t.scrollbar, Modifier::empty()),
            help_key: plain(&t.help_key, Modifier::BOLD),
            help_section: plain(&t.help_section, Modifier::BOLD),
            person: plain(&t.person, Modifier::BOLD),
            organisation: plain(&t.organisation, Modifier::BOLD),
            place: plain(&t.place, Modifier::BOLD),
            commodity: plain(&t.commodity, Modifier::BOLD),
            event: plain(&t.event, Modifier::BOLD),
            other: plain(&t.other, Modifier::UNDERLINED),
            current_mention: plain(&t.current_mention, Modifier::REVERSED),
            search_match: plain(&t.search_match, Modifier::BOLD | Modifier::UNDERLINED),
            search_hit: plain(&t.search_hit, Modifier::REVERSED),
            current_hit: plain(&t.current_hit, Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            prompt: plain(&t.prompt, Modifier::empty()),
            prompt_error: plain(&t.prompt_error, Modifier::UNDERLINED),
            saved_search: plain(&t.saved_search, Modifier::BOLD),
            timeline: plain(&t.timeline, Modifier::empty()),
            timeline_chosen: plain(&t.timeline_chosen, Modifier::REVERSED),
            selection: plain(&t.selection, Modifier::REVERSED),
        }
    }

    /// The entity recogniser: the built-in gazetteer and word lists, with the user's files
    /// and words added (the built-in one, shared, when nothing is added).
    pub fn recogniser(&self) -> Result<Arc<Recogniser>, FileError> {
        Ok(self.deferred_recogniser()?.get())
    }

    /// The same, built when first asked for; the user's gazetteer files are read now, so that
    /// a bad one is reported at once.
    pub fn deferred_recogniser(&self) -> Result<DeferredRecogniser, FileError> {
        let e = &self.entities;
        let extra = !e.gazetteers.is_empty()
            || !e.extra_stopwords.is_empty()
            || !e.extra_person_titles.is_empty()
            || !e.extra_organisation_words.is_empty()
            || !e.extra_place_words.is_empty();
        if !extra && e.detect_unknown {
            return Ok(DeferredRecogniser::builtin());
        }
        let gazetteers = Gazetteer::read_files(&e.gazetteers)?;
        let mut lists = WordLists::builtin();
        lists.stopwords.extend(e.extra_stopwords.iter().cloned());
        lists.person_titles.extend(e.extra_person_titles.iter().cloned());
        lists.organisation_words.extend(e.extra_organisation_words.iter().cloned());
        lists.place_words.extend(e.extra_place_words.iter().cloned());
        Ok(DeferredRecogniser::custom(gazetteers, lists, e.detect_unknown))
    }

    /// The boilerplate and inference rules, compiled.
    pub fn rules(&self) -> Result<Rules, RulesError> {
        fn strs<'a>(lists: &[&'a Vec<Pattern>]) -> Vec<&'a str> {
            lists.iter().flat_map(|l| l.iter().map(Pattern::as_str)).collect()
        }
        let b = &self.boilerplate;
        let i = &self.inference;
        Rules::new(crate::corpus::RuleLists {
            tail_markers: &strs(&[&b.tail_markers, &b.extra_tail_markers]),
            line_rules: &strs(&[&b.line_rules, &b.extra_line_rules]),
            inline: &strs(&[&b.inline, &b.extra_inline]),
            generic_headings: &strs(&[&i.generic_headings]),
            bylines: &strs(&[&i.bylines]),
        })
    }
}

impl Default for crate::corpus::LoadOptions {
    /// The rules of the default configuration (the corpus knows no configuration: the
    /// defaults have one source, here).
    fn default() -> Self {
        Self { rules: Config::default().rules().expect("the default config's rules compile (tested)") }
    }
}

/// A path from the config: `~/` is the home folder, relative paths start at the config's folder.
fn resolve(config_dir: &Path, path: &Path) -> PathBuf {
    let path = in_home(path);
    if path.is_relative() { config_dir.join(path) } else { path }
}

/// The path with a leading `~/` read as the home folder.
fn in_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), dirs::home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_parses_and_its_rules_compile() {
        let config: Config = toml::from_str(EXAMPLE).expect("config.example.toml parses");
        assert_eq!(config, Config::default());
        config.rules().expect("the default rules compile");
    }

    #[test]
    fn the_export_folder_reads_home_but_stays_relative_to_where_newsdesk_runs() {
        let file = Path::new("/etc/newsdesk/c.toml");
        let config = Config::layered("[export]\nfolder = \"exports\"\n", file).unwrap();
        assert_eq!(config.export.folder, Path::new("exports"));
        if let Some(home) = dirs::home_dir() {
            let config = Config::layered("[export]\nfolder = \"~/exports\"\n", file).unwrap();
            assert_eq!(config.export.folder, home.join("exports"));
        }
    }

    #[test]
    fn the_default_keymap_is_consistent() {
        Config::default().keymap().expect("no default binding hides another");
    }

    #[test]
    fn key_bindings_merge_key_by_key() {
        let config = Config::layered("[keys.global]\n\"x\" = \"quit\"\n", Path::new("c.toml")).unwrap();
        let keymap = config.keymap().unwrap();
        let mut pending = Vec::new();
        let feed = |key: &str, pending: &mut Vec<_>| keymap.feed(Mode::Articles, pending, key.parse().unwrap());
        assert_eq!(feed("x", &mut pending), keymap::Feed::Command(crate::command::Command::Quit));
        assert_eq!(feed("q", &mut pending), keymap::Feed::Command(crate::command::Command::Quit));
    }

    #[test]
    fn bad_keys_commands_and_colours_name_their_line() {
        let err = Config::layered("[keys.articles]\n\"ctrl-pgdwn\" = \"down\"\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(2));
        assert!(err.message.contains("unknown key"), "{}", err.message);
        let err = Config::layered("[keys.articles]\n\"j\" = \"donw\"\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(2));
        assert!(err.message.contains("unknown variant `donw`"), "{}", err.message);
        assert!(err.message.ends_with("did you mean `down`?"), "{}", err.message);
        let err = Config::layered("[theme]\nheading = \"bold cyna\"\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(err.position, Some((2, 11)));
        assert!(err.message.starts_with("theme.heading: `cyna` is not a colour"), "{}", err.message);
        let err = Config::layered("[keys.articels]\n", Path::new("c.toml")).unwrap_err();
        assert!(err.message.ends_with("did you mean `articles`?"), "{}", err.message);
    }

    #[test]
    fn names_from_before_articles_and_stories_were_told_apart_still_load() {
        let old = "[layout]\nstories_width = 50\n[theme]\nstory_read = \"red\"\n[keys.stories]\n\"J\" = \"down\"\n";
        let config = Config::layered(old, Path::new("c.toml")).unwrap();
        assert_eq!(config.layout.list_width, 50);
        assert_eq!(config.theme.article_read, "red".parse::<StyleSpec>().unwrap());
        assert_eq!(config.keys.articles.get(&"J".parse().unwrap()), Some(&crate::command::Command::Down));
    }

    #[test]
    fn an_empty_user_file_changes_nothing() {
        assert_eq!(Config::layered("", Path::new("c.toml")).unwrap(), Config::default());
    }

    #[test]
    fn a_user_value_replaces_the_default_and_the_rest_stays() {
        let config =
            Config::layered("[boilerplate]\nextra_line_rules = ['subscribe now']\n", Path::new("c.toml")).unwrap();
        assert_eq!(config.boilerplate.extra_line_rules, [Pattern("subscribe now".into())]);
        assert_eq!(config.boilerplate.tail_markers, Config::default().boilerplate.tail_markers);
    }

    #[test]
    fn an_unknown_key_names_file_line_column_and_the_closest_key() {
        let err = Config::layered("[boilerplate]\n\ntail_marker = []\n", Path::new("/home/u/c.toml")).unwrap_err();
        assert_eq!(err.position, Some((3, 1)));
        assert!(err.message.starts_with("boilerplate.tail_marker: unknown field `tail_marker`"), "{}", err.message);
        assert!(err.message.ends_with("did you mean `tail_markers`?"), "{}", err.message);
        let shown = err.to_string();
        assert!(shown.starts_with("/home/u/c.toml:3:1: boilerplate.tail_marker: unknown field"), "{shown}");
        assert!(shown.contains("3 | tail_marker = []"), "{shown}");
    }

    #[test]
    fn a_bad_pattern_names_its_line() {
        let err =
            Config::layered("[inference]\nbylines = [\n  'ok',\n  '(unclosed',\n]\n", Path::new("c.toml")).unwrap_err();
        // toml places errors inside an array at the array's key.
        assert_eq!(err.position.map(|p| p.0), Some(2));
        assert!(err.message.contains("\"(unclosed\" is not a valid regular expression"), "{}", err.message);
    }

    #[test]
    fn a_wrong_type_is_an_error() {
        let err = Config::layered("[corpus]\npaths = \"news\"\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(2));
        assert!(err.message.starts_with("corpus.paths: invalid type"), "{}", err.message);
    }

    #[test]
    fn relative_corpus_paths_start_at_the_config_folder() {
        let config = Config::layered("[corpus]\npaths = ['news', '/abs']\n", Path::new("/etc/nd/c.toml")).unwrap();
        assert_eq!(config.corpus.paths, [PathBuf::from("/etc/nd/news"), PathBuf::from("/abs")]);
    }
}
