//! Configuration: one source of defaults, `config.example.toml`, embedded and parsed at start;
//! the user's file layered on top. Every mistake in the user's file — an unknown key, a value
//! of the wrong type, a bad pattern — is an error that names the file, line and column, the
//! key, the valid choices, and the closest one when it looks like a typo.

mod layer;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::corpus::{Rules, RulesError};
pub use layer::Layered;
use layer::section;

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

layer::leaf!(Pattern);

section! {
    /// Where the corpus is.
    pub struct CorpusConfig layer CorpusLayer {
        /// Folders or files opened when the command line names none.
        pub paths: Vec<PathBuf>,
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
    /// The whole configuration.
    pub struct Config layer ConfigLayer {
        /// `[corpus]`
        pub corpus: CorpusConfig,
        /// `[boilerplate]`
        pub boilerplate: BoilerplateConfig,
        /// `[inference]`
        pub inference: InferenceConfig,
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

/// A configuration file that cannot be used: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line and column, when the problem is at a place in the file.
    pub position: Option<(usize, usize)>,
    /// What is wrong, with the valid choices.
    pub message: String,
    /// The line of the file, for context.
    pub source_line: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::sanitize::line(&self.file.to_string_lossy()).into_owned();
        match self.position {
            Some((line, column)) => write!(f, "{file}:{line}:{column}: {}", self.message)?,
            None => write!(f, "{file}: {}", self.message)?,
        }
        if let (Some(text), Some((line, column))) = (&self.source_line, self.position) {
            let gutter = line.to_string().len();
            write!(
                f,
                "\n{:gutter$} |\n{line} | {}\n{:gutter$} | {}^",
                "",
                crate::sanitize::line(text),
                "",
                " ".repeat(column.saturating_sub(1))
            )?;
        }
        Ok(())
    }
}

impl Config {
    /// The default configuration with a user's file (its text, and its path for messages)
    /// layered on top.
    pub fn layered(text: &str, file: &Path) -> Result<Self, ConfigError> {
        let layer: ConfigLayer = toml::from_str(text).map_err(|e| error_at(text, file, e.span(), e.message()))?;
        let mut config = Self::default();
        config.apply(layer);
        if let Some(dir) = file.parent() {
            config.corpus.paths = config.corpus.paths.iter().map(|p| resolve(dir, p)).collect();
        }
        Ok(config)
    }

    /// Reads the user's configuration: `explicit` (which must exist), else the file in the
    /// platform's config folder when there is one, else the defaults. Returns the file used.
    pub fn load(explicit: Option<&Path>) -> Result<(Self, Option<PathBuf>), ConfigError> {
        let file = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => Self::user_file().filter(|p| p.is_file()),
        };
        let Some(file) = file else {
            return Ok((Self::default(), None));
        };
        let text = std::fs::read_to_string(&file).map_err(|e| ConfigError {
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

/// A path from the config: `~/` is the home folder, relative paths start at the config's folder.
fn resolve(config_dir: &Path, path: &Path) -> PathBuf {
    if let (Ok(rest), Some(home)) = (path.strip_prefix("~"), dirs::home_dir()) {
        return home.join(rest);
    }
    if path.is_relative() { config_dir.join(path) } else { path.to_path_buf() }
}

/// A config error at a byte span of `text`, with a "did you mean" for near-miss names.
pub(crate) fn error_at(text: &str, file: &Path, span: Option<std::ops::Range<usize>>, message: &str) -> ConfigError {
    let position = span.map(|span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    });
    let source_line = position.and_then(|(line, _)| text.lines().nth(line - 1)).map(str::to_owned);
    let mut message = message.trim().replace('\n', " ");
    if let Some(key) = position.and_then(|(line, _)| key_at(text, line)) {
        message = format!("{key}: {message}");
    }
    if let Some(hint) = did_you_mean(&message) {
        message = format!("{message}; did you mean `{hint}`?");
    }
    ConfigError { file: file.to_path_buf(), position, message, source_line }
}

/// The dotted key set on a line (`[theme] accent = …` → `theme.accent`), for messages.
fn key_at(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let (key, _) = lines.get(line - 1)?.split_once('=')?;
    let key = key.trim().trim_matches('"');
    let table = lines[..line - 1].iter().rev().find_map(|l| {
        let l = l.trim();
        l.strip_prefix('[').and_then(|l| l.strip_suffix(']')).map(|t| t.trim_matches(['[', ']']).trim().to_owned())
    });
    Some(match table {
        Some(table) => format!("{table}.{key}"),
        None => key.to_owned(),
    })
}

/// For serde's "unknown field/variant `x`, expected one of `a`, `b`": the closest choice.
fn did_you_mean(message: &str) -> Option<String> {
    let start = message.find("unknown field `").or_else(|| message.find("unknown variant `"))?;
    let rest = message[start..].split_once('`')?.1;
    let (wrong, choices) = rest.split_once('`')?;
    choices
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|choice| (strsim::damerau_levenshtein(wrong, choice), choice))
        .filter(|(distance, choice)| *distance <= (choice.len() / 3).max(2))
        .min()
        .map(|(_, choice)| choice.to_owned())
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
