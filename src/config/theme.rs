//! Styles as the config writes them: `"bold cyan"`, `"black on light_cyan"`, `"#ff8800"`,
//! `"underlined 214"`; and the monochrome variant used when `NO_COLOR` is set.

use std::fmt;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// A style from the config: modifiers, a foreground colour, and `on` a background colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct StyleSpec(pub Style);

const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("crossed_out", Modifier::CROSSED_OUT),
];

const COLOUR_HELP: &str = "colours are black, red, green, yellow, blue, magenta, cyan, gray, dark_gray, light_red, light_green, light_yellow, light_blue, light_magenta, light_cyan, white, reset, a number 0-255, or #rrggbb";

impl std::str::FromStr for StyleSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let mut style = Style::default();
        let mut words = text.split_whitespace();
        while let Some(word) = words.next() {
            let lower = word.to_ascii_lowercase();
            if let Some((_, modifier)) = MODIFIERS.iter().find(|(name, _)| *name == lower) {
                style = style.add_modifier(*modifier);
            } else if lower == "on" {
                let colour = words.next().ok_or_else(|| format!("`on` must be followed by a colour in {text:?}"))?;
                style = style.bg(colour_of(colour)?);
            } else {
                style = style.fg(colour_of(word)?);
            }
        }
        Ok(Self(style))
    }
}

fn colour_of(word: &str) -> Result<Color, String> {
    word.parse::<Color>().map_err(|_| {
        let modifiers: Vec<&str> = MODIFIERS.iter().map(|(n, _)| *n).collect();
        format!("`{word}` is not a colour or a modifier: {COLOUR_HELP}; modifiers are {}", modifiers.join(", "))
    })
}

impl<'de> Deserialize<'de> for StyleSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for StyleSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

/// The style without colours, keeping its modifiers: what `NO_COLOR` asks for. A style that
/// only had colours to stand out gets `fallback` instead.
#[must_use]
pub fn without_colour(style: Style, fallback: Modifier) -> Style {
    let had_colour = style.fg.is_some_and(|c| c != Color::Reset) || style.bg.is_some_and(|c| c != Color::Reset);
    let mut plain = Style::default().add_modifier(style.add_modifier);
    if had_colour && style.add_modifier.is_empty() {
        plain = plain.add_modifier(fallback);
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Style {
        text.parse::<StyleSpec>().unwrap().0
    }

    #[test]
    fn styles_read_like_words() {
        assert_eq!(spec("bold cyan"), Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD));
        assert_eq!(spec("black on light_cyan"), Style::default().fg(Color::Black).bg(Color::LightCyan));
        assert_eq!(
            spec("#ff8800 underlined"),
            Style::default().fg(Color::Rgb(255, 136, 0)).add_modifier(Modifier::UNDERLINED)
        );
        assert_eq!(spec("214"), Style::default().fg(Color::Indexed(214)));
        assert_eq!(spec(""), Style::default());
    }

    #[test]
    fn a_bad_colour_says_what_colours_are() {
        let err = "bold cyna".parse::<StyleSpec>().unwrap_err();
        assert!(err.starts_with("`cyna` is not a colour or a modifier"), "{err}");
        assert!(err.contains("light_cyan"), "{err}");
        assert!("on".parse::<StyleSpec>().is_err());
    }

    #[test]
    fn no_colour_keeps_modifiers_and_marks_colour_only_styles() {
        assert_eq!(
            without_colour(spec("bold cyan"), Modifier::REVERSED),
            Style::default().add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            without_colour(spec("black on cyan"), Modifier::REVERSED),
            Style::default().add_modifier(Modifier::REVERSED)
        );
        assert_eq!(without_colour(spec(""), Modifier::REVERSED), Style::default());
    }
}
