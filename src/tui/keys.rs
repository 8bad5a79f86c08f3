//! Keys from the terminal: crossterm's key events, normalised into the [`Key`]s the keymap
//! binds.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::keymap::{Key, KeyName};

/// The key a terminal reported, normalised as the config writes keys; `None` for keys
/// newsdesk does not bind (media keys, lone modifiers).
#[must_use]
pub fn key_of(event: KeyEvent) -> Option<Key> {
    let name = match event.code {
        KeyCode::Char(c) => {
            KeyName::Char(if event.modifiers.contains(KeyModifiers::CONTROL) { c.to_ascii_lowercase() } else { c })
        }
        KeyCode::Enter => KeyName::Enter,
        KeyCode::Esc => KeyName::Esc,
        KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyName::BackTab,
        KeyCode::Tab => KeyName::Tab,
        KeyCode::BackTab => KeyName::BackTab,
        KeyCode::Backspace => KeyName::Backspace,
        KeyCode::Up => KeyName::Up,
        KeyCode::Down => KeyName::Down,
        KeyCode::Left => KeyName::Left,
        KeyCode::Right => KeyName::Right,
        KeyCode::Home => KeyName::Home,
        KeyCode::End => KeyName::End,
        KeyCode::PageUp => KeyName::PageUp,
        KeyCode::PageDown => KeyName::PageDown,
        KeyCode::Delete => KeyName::Delete,
        KeyCode::Insert => KeyName::Insert,
        KeyCode::F(n) if (1..=12).contains(&n) => KeyName::F(n),
        _ => return None,
    };
    Some(Key {
        name,
        ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        alt: event.modifiers.contains(KeyModifiers::ALT),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        text.parse().unwrap()
    }

    #[test]
    fn terminal_events_are_normalised() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(key_of(shifted), Some(key("G")));
        let ctrl = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(key_of(ctrl), Some(key("ctrl-d")));
    }
}
