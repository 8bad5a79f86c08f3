//! Makes untrusted text safe to draw in a terminal.
//!
//! Article text, titles, sources, urls and file names come from the web and from disk: they may
//! hold escape sequences (colours, cursor moves, window-title OSC, screen clears), control
//! characters (BEL, backspace, carriage return) and invisible formatting characters
//! (bidirectional overrides, zero-width joiners) that would corrupt the screen or mislead the
//! reader. Everything drawn or printed passes through here first; nothing else strips them.

use std::borrow::Cow;

/// Cleans a multi-line text: escape sequences and control characters are removed, line
/// endings become `\n`, tabs become spaces. Returns the input unchanged (borrowed) when it was
/// already clean, which is the common case.
#[must_use]
pub fn text(input: &str) -> Cow<'_, str> {
    if is_clean(input, true) { Cow::Borrowed(input) } else { Cow::Owned(rebuild(input, true)) }
}

/// Cleans a single-line field (a title, a source, a url, a file name): as [`text`], and
/// line breaks and tabs become single spaces, so the field never spans two terminal rows.
#[must_use]
pub fn line(input: &str) -> Cow<'_, str> {
    if is_clean(input, false) { Cow::Borrowed(input) } else { Cow::Owned(rebuild(input, false)) }
}

/// True when `input` holds nothing that [`text`] (or [`line`], with `multiline` false) would change.
#[allow(clippy::needless_bitwise_bool)] // bitwise on purpose: branch-free, so it vectorises
fn is_clean(input: &str, multiline: bool) -> bool {
    // One branch-free pass over the bytes: any ASCII control, and any non-ASCII at all?
    let (controls, non_ascii) = input.bytes().fold((false, false), |(controls, non_ascii), b| {
        let control = (b < 0x20 && (b != b'\n' || !multiline)) | (b == 0x7f);
        (controls | control, non_ascii | (b >= 0x80))
    });
    !controls && (!non_ascii || input.chars().all(|c| c.is_ascii() || !is_invisible_or_control(c)))
}

/// True when a character may be drawn: not a control or an invisible formatting character.
#[must_use]
pub fn drawable(c: char) -> bool {
    !is_invisible_or_control(c)
}

/// Characters that never reach the terminal: C0 and C1 controls, DEL, and formatting
/// characters that are invisible or reorder text (bidi overrides, zero-width characters,
/// variation selectors, soft hyphens, tag characters, line and paragraph separators).
fn is_invisible_or_control(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}')
}

fn rebuild(input: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\u{2028}' | '\u{2029}' => out.push(if multiline { '\n' } else { ' ' }),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(if multiline { '\n' } else { ' ' });
            }
            '\t' => out.push(' '),
            '\u{1b}' => skip_escape(&mut chars),
            // 8-bit forms of CSI, OSC and the string introducers.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_invisible_or_control(c) => {}
            c => out.push(c),
        }
    }
    if !multiline {
        // Collapse the runs of spaces left where breaks and tabs were.
        let collapsed: String = out.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
        return collapsed;
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC: a CSI or string sequence whole, or a two- or three-character escape.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some(c) if (' '..='/').contains(&c) => {
            // Intermediate bytes, then one final byte (e.g. `ESC ( B`).
            while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
            chars.next_if(|c| ('0'..='~').contains(c));
        }
        Some(c) if ('0'..='~').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// Skips a control sequence's parameters, intermediates and final byte.
fn skip_csi(chars: &mut Chars<'_>) {
    while chars.next_if(|c| ('0'..='?').contains(c)).is_some() {}
    while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
    chars.next_if(|c| ('@'..='~').contains(c));
}

/// Skips an OSC, DCS, SOS, PM or APC string up to its terminator (BEL, ST or ESC \).
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        let input = "Beijing’s grip — on rare earths.\nSecond line: 北京 🚀";
        assert!(matches!(text(input), Cow::Borrowed(_)));
        assert_eq!(text(input), input);
    }

    #[test]
    fn colour_cursor_and_clear_screen_sequences_are_removed() {
        let input = "\u{1b}[31mred\u{1b}[0m \u{1b}[2J\u{1b}[H\u{1b}[10;20Hmoved \u{1b}[?25lhidden";
        assert_eq!(text(input), "red moved hidden");
    }

    #[test]
    fn window_title_osc_is_removed_with_either_terminator() {
        assert_eq!(text("a\u{1b}]0;pwned\u{7}b"), "ab");
        assert_eq!(text("a\u{1b}]2;pwned\u{1b}\\b"), "ab");
        assert_eq!(text("a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b"), "alinkb");
    }

    #[test]
    fn eight_bit_csi_and_charset_escapes_are_removed() {
        assert_eq!(text("a\u{9b}31mb"), "ab");
        assert_eq!(text("a\u{1b}(Bb\u{1b}cc"), "abc");
    }

    #[test]
    fn bell_backspace_and_nul_are_removed() {
        assert_eq!(text("ding\u{7}\u{8}\u{8}x\u{0}y\u{7f}"), "dingxy");
    }

    #[test]
    fn carriage_returns_become_line_breaks() {
        assert_eq!(text("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn bidi_overrides_and_zero_width_characters_are_removed() {
        assert_eq!(text("abc\u{202e}fed\u{202c} x\u{200b}y\u{200d}z\u{feff}"), "abcfed xyz");
    }

    #[test]
    fn a_line_never_breaks_and_collapses_spaces() {
        assert_eq!(line("Title\non\ttwo \r\n lines"), "Title on two lines");
        assert_eq!(line("fine title"), "fine title");
    }

    #[test]
    fn an_unterminated_escape_at_the_end_is_dropped() {
        assert_eq!(text("abc\u{1b}"), "abc");
        assert_eq!(text("abc\u{1b}[12"), "abc");
        assert_eq!(text("abc\u{1b}]0;title never ends"), "abc");
    }
}
