//! A one-line text prompt: the text, a cursor, editing keys, and recalling earlier entries
//! from a history (Up in an empty prompt, as shells and fzf do).

/// The text being typed and where the cursor is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prompt {
    /// The text typed.
    pub text: String,
    /// The cursor, a byte offset on a character boundary of `text`.
    pub cursor: usize,
    /// While recalling: the history entry shown, counted back from the newest (0 is the newest).
    recalled: Option<usize>,
}

impl Prompt {
    /// A prompt holding `text`, with the cursor at its end.
    #[must_use]
    pub fn new(text: &str) -> Self {
        Self { text: text.to_owned(), cursor: text.len(), recalled: None }
    }

    /// Types a character at the cursor. Control and invisible formatting characters are
    /// refused: what is typed is what is shown.
    pub fn insert(&mut self, c: char) {
        if !crate::sanitize::drawable(c) {
            return;
        }
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
        self.recalled = None;
    }

    /// Deletes the character before the cursor; false when there was none.
    pub fn delete_back(&mut self) -> bool {
        let Some((at, _)) = self.text[..self.cursor].char_indices().next_back() else { return false };
        self.text.replace_range(at..self.cursor, "");
        self.cursor = at;
        self.recalled = None;
        true
    }

    /// Deletes the word before the cursor, and the spaces after it.
    pub fn delete_word(&mut self) {
        let before = &self.text[..self.cursor];
        let end_of_word = before.trim_end().len();
        let start = before[..end_of_word].rfind(char::is_whitespace).map_or(0, |i| i + 1);
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
        self.recalled = None;
    }

    /// Deletes everything.
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
        self.recalled = None;
    }

    /// Moves the cursor a character left.
    pub fn left(&mut self) {
        self.cursor = self.text[..self.cursor].char_indices().next_back().map_or(0, |(i, _)| i);
    }

    /// Moves the cursor a character right.
    pub fn right(&mut self) {
        self.cursor = self.text[self.cursor..].chars().next().map_or(self.cursor, |c| self.cursor + c.len_utf8());
    }

    /// Moves the cursor to the start.
    pub fn start(&mut self) {
        self.cursor = 0;
    }

    /// Moves the cursor to the end.
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    /// True while an entry recalled from the history is shown and not edited.
    #[must_use]
    pub fn is_recalling(&self) -> bool {
        self.recalled.is_some()
    }

    /// Shows the entry before the one shown (the newest from an empty prompt); false when
    /// there is none. `history` is oldest first.
    pub fn recall_older(&mut self, history: &[String]) -> bool {
        let next = self.recalled.map_or(0, |n| n + 1);
        let Some(entry) = history.len().checked_sub(next + 1).and_then(|i| history.get(i)) else { return false };
        self.text.clone_from(entry);
        self.cursor = self.text.len();
        self.recalled = Some(next);
        true
    }

    /// Shows the entry after the one shown, or an empty prompt after the newest; false when
    /// not recalling.
    pub fn recall_newer(&mut self, history: &[String]) -> bool {
        match self.recalled {
            None => false,
            Some(0) => {
                self.clear();
                true
            }
            Some(n) => {
                self.text.clone_from(&history[history.len() - n]);
                self.cursor = self.text.len();
                self.recalled = Some(n - 1);
                true
            }
        }
    }
}

/// Adds an entry to a history (oldest first), moving a repeated one to the end and keeping at
/// most `keep` entries. Blank entries are not kept.
pub fn remember(history: &mut Vec<String>, entry: &str, keep: usize) {
    let entry = entry.trim();
    if entry.is_empty() {
        return;
    }
    history.retain(|e| e != entry);
    history.push(entry.to_owned());
    let excess = history.len().saturating_sub(keep);
    history.drain(..excess);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Prompt {
        let mut prompt = Prompt::default();
        text.chars().for_each(|c| prompt.insert(c));
        prompt
    }

    #[test]
    fn typing_and_deleting_work_on_characters_not_bytes() {
        let mut prompt = typed("rare 稀土");
        assert_eq!((prompt.text.as_str(), prompt.cursor), ("rare 稀土", 11));
        assert!(prompt.delete_back());
        assert_eq!(prompt.text, "rare 稀");
        prompt.left();
        prompt.insert('x');
        assert_eq!(prompt.text, "rare x稀");
        prompt.right();
        prompt.right();
        assert_eq!(prompt.cursor, prompt.text.len(), "stops at the end");
        prompt.start();
        assert!(!prompt.delete_back(), "nothing before the start");
        prompt.insert('\u{1b}');
        prompt.insert('\u{202e}');
        assert_eq!(prompt.text, "rare x稀", "control and bidi characters are refused");
    }

    #[test]
    fn delete_word_takes_the_word_before_the_cursor() {
        let mut prompt = typed("entity:hassett  trade ");
        prompt.delete_word();
        assert_eq!(prompt.text, "entity:hassett  ");
        prompt.delete_word();
        assert_eq!(prompt.text, "");
        let mut prompt = typed("one two");
        prompt.left();
        prompt.left();
        prompt.delete_word();
        assert_eq!((prompt.text.as_str(), prompt.cursor), ("one wo", 4));
    }

    #[test]
    fn up_recalls_older_entries_and_down_comes_back_to_an_empty_prompt() {
        let history = vec!["first".to_owned(), "second".to_owned()];
        let mut prompt = Prompt::default();
        assert!(!prompt.recall_newer(&history), "nothing to come back to");
        assert!(prompt.recall_older(&history));
        assert_eq!(prompt.text, "second");
        assert!(prompt.recall_older(&history));
        assert_eq!(prompt.text, "first");
        assert!(!prompt.recall_older(&history), "no older entry");
        assert_eq!(prompt.text, "first");
        assert!(prompt.recall_newer(&history));
        assert_eq!(prompt.text, "second");
        assert!(prompt.recall_newer(&history));
        assert_eq!(prompt.text, "");
        assert!(!prompt.is_recalling());
        prompt.recall_older(&history);
        prompt.insert('!');
        assert!(!prompt.is_recalling(), "editing ends the recall");
    }

    #[test]
    fn remembering_moves_repeats_to_the_end_and_keeps_the_newest() {
        let mut history = Vec::new();
        for entry in ["a", "b", " a ", "", "c", "d"] {
            remember(&mut history, entry, 3);
        }
        assert_eq!(history, ["a", "c", "d"]);
    }
}
