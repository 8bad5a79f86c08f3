//! Key bindings: key names as the config writes them (`j`, `G`, `ctrl-d`, `pagedown`, `g g`),
//! the bindings of each mode, and the small state machine that turns key presses (several,
//! for a sequence) into commands.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::command::{Command, Mode};

/// A key without modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyName {
    /// A character; upper-case letters are shifted keys.
    Char(char),
    /// Enter.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Delete.
    Delete,
    /// Insert.
    Insert,
    /// A function key, F1 to F12.
    F(u8),
}

/// Named keys, as the config writes them.
const NAMES: &[(&str, KeyName)] = &[
    ("enter", KeyName::Enter),
    ("esc", KeyName::Esc),
    ("tab", KeyName::Tab),
    ("backtab", KeyName::BackTab),
    ("backspace", KeyName::Backspace),
    ("space", KeyName::Char(' ')),
    ("up", KeyName::Up),
    ("down", KeyName::Down),
    ("left", KeyName::Left),
    ("right", KeyName::Right),
    ("home", KeyName::Home),
    ("end", KeyName::End),
    ("pageup", KeyName::PageUp),
    ("pagedown", KeyName::PageDown),
    ("delete", KeyName::Delete),
    ("insert", KeyName::Insert),
];

/// Other spellings accepted for named keys.
const ALIASES: &[(&str, &str)] = &[
    ("return", "enter"),
    ("escape", "esc"),
    ("pgup", "pageup"),
    ("pgdn", "pagedown"),
    ("del", "delete"),
    ("bs", "backspace"),
];

/// A key press: a key and whether Ctrl or Alt was held (Shift is part of the character).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// The key.
    pub name: KeyName,
    /// Ctrl was held.
    pub ctrl: bool,
    /// Alt was held.
    pub alt: bool,
}

impl Key {
    /// A key with no modifier.
    #[must_use]
    pub fn plain(name: KeyName) -> Self {
        Self { name, ctrl: false, alt: false }
    }
}

impl std::str::FromStr for Key {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let mut rest = text;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 1 && (lower.starts_with("ctrl-") || lower.starts_with("c-")) {
                ctrl = true;
                rest = &rest[rest.find('-').unwrap_or(0) + 1..];
            } else if rest.len() > 1 && (lower.starts_with("alt-") || lower.starts_with("m-")) {
                alt = true;
                rest = &rest[rest.find('-').unwrap_or(0) + 1..];
            } else if rest.len() > 1 && lower.starts_with("shift-") {
                rest = &rest[6..];
                if rest.eq_ignore_ascii_case("tab") {
                    return Ok(Self { name: KeyName::BackTab, ctrl, alt });
                }
                if rest.chars().count() == 1 {
                    let upper: String = rest.to_uppercase();
                    return Self::from_str(&format!(
                        "{}{}{upper}",
                        if ctrl { "ctrl-" } else { "" },
                        if alt { "alt-" } else { "" }
                    ));
                }
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let name = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyName::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => {
                let lower = rest.to_ascii_lowercase();
                let lower = ALIASES.iter().find(|(alias, _)| *alias == lower).map_or(lower.as_str(), |(_, name)| name);
                if let Some(n) =
                    lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=12).contains(n))
                {
                    KeyName::F(n)
                } else {
                    NAMES.iter().find(|(name, _)| *name == lower).map(|(_, key)| *key).ok_or_else(|| {
                        let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
                        format!(
                            "unknown key `{text}`: write a character (`j`, `G`, `?`), one of {}, f1 to f12, with `ctrl-` or `alt-` before it if you like",
                            names.join(", ")
                        )
                    })?
                }
            }
        };
        Ok(Self { name, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.name {
            KeyName::Char(' ') => f.write_str("space"),
            KeyName::Char(c) => write!(f, "{c}"),
            KeyName::F(n) => write!(f, "f{n}"),
            name => f.write_str(NAMES.iter().find(|(_, key)| *key == name).map_or("?", |(n, _)| n)),
        }
    }
}

/// A sequence of keys pressed one after the other (`g g`), or a single key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySequence(pub Vec<Key>);

impl std::str::FromStr for KeySequence {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let keys = if text == " " {
            vec![Key::plain(KeyName::Char(' '))]
        } else {
            text.split_whitespace().map(str::parse).collect::<Result<Vec<_>, _>>()?
        };
        if keys.is_empty() {
            return Err("empty key: write a key such as `j`, `ctrl-d` or `g g`".into());
        }
        Ok(Self(keys))
    }
}

impl fmt::Display for KeySequence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&keys.join(" "))
    }
}

impl<'de> Deserialize<'de> for KeySequence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

/// Bindings as the config writes them: a table per mode, and `global` for every mode.
pub type Bindings = BTreeMap<KeySequence, Command>;

/// What a key press did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feed {
    /// It completed a binding.
    Command(Command),
    /// It started (or continued) a sequence: more keys are awaited.
    Pending,
    /// Nothing is bound to it.
    Unbound,
}

/// Two bindings of a mode that cannot both be typed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "in [keys.{mode}] (with [keys.global]): `{short}` is bound, so `{long}` can never be typed; unbind one (bind it to \"nothing\")"
)]
pub struct KeymapError {
    /// The mode.
    pub mode: &'static str,
    /// The binding that is a prefix of the other.
    pub short: String,
    /// The binding that cannot be typed.
    pub long: String,
}

/// The effective bindings of each mode: `global`, overridden by the mode's own table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    modes: BTreeMap<Mode, Vec<(KeySequence, Command)>>,
    /// The tables as written (`None` is global), for the help.
    tables: BTreeMap<Option<Mode>, Vec<(KeySequence, Command)>>,
}

impl Keymap {
    /// Builds the keymap; refuses a binding that another makes impossible to type.
    pub fn new(global: &Bindings, per_mode: &[(Mode, &Bindings)]) -> Result<Self, KeymapError> {
        let mut modes = BTreeMap::new();
        let listed =
            |b: &Bindings| b.iter().filter(|(_, c)| **c != Command::Nothing).map(|(k, c)| (k.clone(), *c)).collect();
        let mut tables = BTreeMap::from([(None, listed(global))]);
        for &(mode, own) in per_mode {
            tables.insert(Some(mode), listed(own));
            let mut effective: Bindings = global.clone();
            effective.extend(own.iter().map(|(k, c)| (k.clone(), *c)));
            effective.retain(|_, c| *c != Command::Nothing);
            for short in effective.keys() {
                if let Some(long) =
                    effective.keys().find(|long| long.0.len() > short.0.len() && long.0.starts_with(&short.0))
                {
                    return Err(KeymapError { mode: mode.name(), short: short.to_string(), long: long.to_string() });
                }
            }
            modes.insert(mode, effective.into_iter().collect());
        }
        Ok(Self { modes, tables })
    }

    /// Feeds one key press in `mode`; `pending` holds the keys of an unfinished sequence.
    pub fn feed(&self, mode: Mode, pending: &mut Vec<Key>, key: Key) -> Feed {
        let bindings = self.modes.get(&mode).map_or(&[][..], Vec::as_slice);
        pending.push(key);
        if let Some((_, command)) = bindings.iter().find(|(seq, _)| seq.0 == *pending) {
            pending.clear();
            return Feed::Command(*command);
        }
        if bindings.iter().any(|(seq, _)| seq.0.starts_with(pending)) {
            return Feed::Pending;
        }
        let retry = pending.len() > 1;
        pending.clear();
        if retry { self.feed(mode, pending, key) } else { Feed::Unbound }
    }

    /// The bindings of a table as written (`None`: the global one) grouped by command, in the
    /// help's order: each command with the keys that run it.
    #[must_use]
    pub fn help(&self, table: Option<Mode>) -> Vec<(Command, Vec<String>)> {
        let bindings = self.tables.get(&table).map_or(&[][..], Vec::as_slice);
        Command::ALL
            .iter()
            .filter_map(|&command| {
                let keys: Vec<String> =
                    bindings.iter().filter(|(_, c)| *c == command).map(|(k, _)| k.to_string()).collect();
                (!keys.is_empty()).then_some((command, keys))
            })
            .collect()
    }

    /// The key to show in a hint for `command` in `mode`: a single key without modifiers
    /// when there is one, Enter, Tab and Esc before characters, characters before arrows. In a
    /// prompt, plain characters are typed, so they are never shown.
    #[must_use]
    pub fn key_for(&self, mode: Mode, command: Command) -> Option<String> {
        let rank = |seq: &KeySequence| {
            let key = seq.0[0];
            let kind = match key.name {
                KeyName::Enter | KeyName::Tab | KeyName::Esc => 0,
                KeyName::Char(_) => 1,
                _ => 2,
            };
            (seq.0.len(), key.ctrl || key.alt, kind)
        };
        self.modes
            .get(&mode)?
            .iter()
            .filter(|(_, c)| *c == command)
            .map(|(k, _)| k)
            .filter(|k| {
                mode != Mode::Prompt || !matches!(k.0[0], Key { name: KeyName::Char(_), ctrl: false, alt: false })
            })
            .min_by_key(|k| rank(k))
            .map(ToString::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        text.parse().unwrap()
    }

    fn bindings(pairs: &[(&str, Command)]) -> Bindings {
        pairs.iter().map(|(k, c)| (k.parse().unwrap(), *c)).collect()
    }

    #[test]
    fn key_names_parse_and_print_back() {
        for text in ["j", "G", "?", "ctrl-d", "alt-x", "pagedown", "enter", "esc", "space", "f5", "backtab", "g g"] {
            assert_eq!(text.parse::<KeySequence>().unwrap().to_string(), text);
        }
        assert_eq!(key("Ctrl-D"), key("ctrl-d"));
        assert_eq!(key("shift-g"), key("G"));
        assert_eq!(key("shift-tab"), key("backtab"));
        assert_eq!(key("PgDn"), key("pagedown"));
        assert_eq!(key("-"), Key::plain(KeyName::Char('-')));
    }

    #[test]
    fn an_unknown_key_name_lists_the_valid_ones() {
        let err = "ctrl-pagedwn".parse::<Key>().unwrap_err();
        assert!(err.contains("unknown key `pagedwn`") || err.contains("unknown key `ctrl-pagedwn`"), "{err}");
        assert!(err.contains("pagedown"), "{err}");
    }

    #[test]
    fn a_sequence_waits_for_its_second_key() {
        let keymap = Keymap::new(
            &bindings(&[("g g", Command::Top), ("j", Command::Down)]),
            &[(Mode::Articles, &Bindings::new())],
        )
        .unwrap();
        let mut pending = Vec::new();
        assert_eq!(keymap.feed(Mode::Articles, &mut pending, key("g")), Feed::Pending);
        assert_eq!(keymap.feed(Mode::Articles, &mut pending, key("g")), Feed::Command(Command::Top));
        assert!(pending.is_empty());
        // A key that does not continue the sequence is read on its own.
        assert_eq!(keymap.feed(Mode::Articles, &mut pending, key("g")), Feed::Pending);
        assert_eq!(keymap.feed(Mode::Articles, &mut pending, key("j")), Feed::Command(Command::Down));
        assert_eq!(keymap.feed(Mode::Articles, &mut pending, key("x")), Feed::Unbound);
    }

    #[test]
    fn a_mode_overrides_global_and_nothing_unbinds() {
        let global = bindings(&[("q", Command::Quit), ("j", Command::Down)]);
        let help = bindings(&[("q", Command::Back), ("j", Command::Nothing)]);
        let keymap = Keymap::new(&global, &[(Mode::Help, &help), (Mode::Articles, &Bindings::new())]).unwrap();
        let mut pending = Vec::new();
        assert_eq!(keymap.feed(Mode::Help, &mut pending, key("q")), Feed::Command(Command::Back));
        assert_eq!(keymap.feed(Mode::Help, &mut pending, key("j")), Feed::Unbound);
        assert_eq!(keymap.feed(Mode::Articles, &mut pending, key("q")), Feed::Command(Command::Quit));
    }

    #[test]
    fn a_binding_that_hides_a_sequence_is_refused() {
        let global = bindings(&[("g", Command::Top), ("g g", Command::Top)]);
        let err = Keymap::new(&global, &[(Mode::Articles, &Bindings::new())]).unwrap_err();
        assert_eq!((err.short.as_str(), err.long.as_str()), ("g", "g g"));
    }

    #[test]
    fn help_groups_keys_by_command() {
        let keymap = Keymap::new(
            &bindings(&[("j", Command::Down), ("down", Command::Down), ("q", Command::Quit)]),
            &[(Mode::Articles, &Bindings::new())],
        )
        .unwrap();
        assert_eq!(
            keymap.help(None),
            [(Command::Down, vec!["j".to_owned(), "down".to_owned()]), (Command::Quit, vec!["q".to_owned()])]
        );
        assert!(keymap.help(Some(Mode::Articles)).is_empty());
    }
}
