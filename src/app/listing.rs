//! The stories panel's rows: the articles grouped and ordered (by date, by source, by title),
//! with a header for each group. Built once per grouping; the panel draws only the rows that
//! are visible.

use jiff::civil::Date;

use crate::corpus::Corpus;

/// How the stories are grouped and ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Grouping {
    /// A group per day, newest first; undated stories last.
    #[default]
    Date,
    /// A group per source, by name; newest first inside.
    Source,
    /// A group per initial letter of the title, alphabetical.
    Title,
}

impl Grouping {
    /// The next grouping in the cycle.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Grouping::Date => Grouping::Source,
            Grouping::Source => Grouping::Title,
            Grouping::Title => Grouping::Date,
        }
    }

    /// How the panel's title names it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Grouping::Date => "by date",
            Grouping::Source => "by source",
            Grouping::Title => "by title",
        }
    }
}

/// One row of the stories panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// A group's header: its label and how many stories it holds.
    Header {
        /// The group's name: a day, a source, an initial.
        label: String,
        /// Stories in the group.
        count: usize,
    },
    /// A story: an index into the corpus's articles.
    Story(usize),
}

/// The rows of the stories panel, and where the stories are among them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// Headers and stories, in display order.
    pub rows: Vec<Row>,
    /// The row of each story, in display order: story `n` is at row `stories[n]`.
    pub stories: Vec<usize>,
}

impl Listing {
    /// Groups and orders the given articles (indexes into the corpus).
    #[must_use]
    pub fn build(corpus: &Corpus, grouping: Grouping, articles: impl IntoIterator<Item = usize>) -> Self {
        let all = corpus.articles();
        let mut order: Vec<usize> = articles.into_iter().collect();
        let newest_first = |a: usize, b: usize| {
            let (a, b) = (&all[a], &all[b]);
            b.date.is_some().cmp(&a.date.is_some()).then(b.date.cmp(&a.date)).then(b.event_date.cmp(&a.event_date))
        };
        let by_title = |i: usize| all[i].title.to_lowercase();
        match grouping {
            Grouping::Date => order.sort_by(|&a, &b| newest_first(a, b).then_with(|| all[a].title.cmp(&all[b].title))),
            Grouping::Source => {
                let names: Vec<String> = corpus.sources().iter().map(|s| s.to_lowercase()).collect();
                order.sort_by(|&a, &b| {
                    names[all[a].source.0 as usize]
                        .cmp(&names[all[b].source.0 as usize])
                        .then_with(|| newest_first(a, b))
                });
            }
            Grouping::Title => order.sort_by_cached_key(|&i| by_title(i)),
        }
        let group_of = |i: usize| -> String {
            let article = &all[i];
            match grouping {
                Grouping::Date => article.date.map_or_else(|| "Undated".to_owned(), day_label),
                Grouping::Source => corpus.source_name(article.source).to_owned(),
                Grouping::Title => article.title.chars().find(|c| c.is_alphanumeric()).map_or_else(
                    || "#".to_owned(),
                    |c| if c.is_alphabetic() { c.to_uppercase().collect() } else { "#".to_owned() },
                ),
            }
        };
        let mut listing = Listing::default();
        let mut current: Option<(String, usize)> = None; // label, row of its header
        for index in order {
            let label = group_of(index);
            if current.as_ref().is_none_or(|(open, _)| *open != label) {
                listing.rows.push(Row::Header { label: label.clone(), count: 0 });
                current = Some((label, listing.rows.len() - 1));
            }
            if let Some(Row::Header { count, .. }) = current.as_ref().map(|(_, header)| &mut listing.rows[*header]) {
                *count += 1;
            }
            listing.stories.push(listing.rows.len());
            listing.rows.push(Row::Story(index));
        }
        listing
    }

    /// The article shown at story position `n`.
    #[must_use]
    pub fn article_at(&self, n: usize) -> Option<usize> {
        match self.rows.get(*self.stories.get(n)?) {
            Some(Row::Story(index)) => Some(*index),
            _ => None,
        }
    }

    /// The story position of an article, when it is listed.
    #[must_use]
    pub fn position_of(&self, article: usize) -> Option<usize> {
        self.stories.iter().position(|&row| self.rows[row] == Row::Story(article))
    }
}

/// A day as group headers write it: `Sun 8 Jun 2025`.
#[must_use]
pub fn day_label(date: Date) -> String {
    date.strftime("%a %-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Input, LoadOptions, load};

    fn seeds() -> Corpus {
        load(&[Input::Builtin], &LoadOptions::default(), &|_| {})
    }

    fn labels(listing: &Listing) -> Vec<String> {
        listing
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Header { label, count } => Some(format!("{label} · {count}")),
                Row::Story(_) => None,
            })
            .collect()
    }

    #[test]
    fn by_date_newest_first_and_undated_last() {
        let corpus = seeds();
        let listing = Listing::build(&corpus, Grouping::Date, 0..corpus.articles().len());
        assert_eq!(labels(&listing), ["Sun 8 Jun 2025 · 1", "Undated · 4"]);
        assert_eq!(listing.stories.len(), 5);
        assert_eq!(
            corpus.articles()[listing.article_at(0).unwrap()].title,
            "U.S. China Trade Talks Focus on Rare Earth Minerals Supply"
        );
        // Undated stories come by the date of the event they report, newest first.
        let second = &corpus.articles()[listing.article_at(1).unwrap()];
        assert_eq!(second.event_date, Some(jiff::civil::date(2025, 10, 25)));
    }

    #[test]
    fn by_source_and_by_title() {
        let corpus = seeds();
        let listing = Listing::build(&corpus, Grouping::Source, 0..corpus.articles().len());
        assert_eq!(labels(&listing), ["Coin World · 1", "unknown · 4"]);
        let listing = Listing::build(&corpus, Grouping::Title, 0..corpus.articles().len());
        assert_eq!(labels(&listing), ["C · 1", "D · 1", "N · 1", "U · 2"]);
    }

    #[test]
    fn positions_and_articles_agree() {
        let corpus = seeds();
        let listing = Listing::build(&corpus, Grouping::Date, 0..corpus.articles().len());
        for n in 0..listing.stories.len() {
            assert_eq!(listing.position_of(listing.article_at(n).unwrap()), Some(n));
        }
        assert_eq!(listing.article_at(99), None);
    }
}
