//! The article list's rows: the articles grouped and ordered (by date, by source, by title,
//! or by relevance to a search), with a header for each group, saved searches on top, and
//! under an article that matched outside its title, a row that says why. Built once per grouping
//! or result; the panel draws only the rows that are visible.

use jiff::civil::Date;

use crate::library::Library;
use crate::search::{Hit, Why};
use crate::stories::Stories;

/// How the articles are grouped and ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Grouping {
    /// A group per day, newest first; undated articles last.
    #[default]
    Date,
    /// A group per day, oldest first; undated articles last.
    Oldest,
    /// A group per source, by name; newest first inside.
    Source,
    /// A group per initial letter of the title, alphabetical.
    Title,
    /// Search results, best first, in one group (only while a search filters the articles).
    Rank,
    /// A row per story (the event the articles report), under the day of its latest article,
    /// newest first; undated stories last.
    Story,
}

impl Grouping {
    /// The next grouping in the cycle; `Rank` is in it while a search filters the articles.
    #[must_use]
    pub fn next(self, searching: bool) -> Self {
        match self {
            Grouping::Date => Grouping::Oldest,
            Grouping::Oldest => Grouping::Source,
            Grouping::Source => Grouping::Title,
            Grouping::Title if searching => Grouping::Rank,
            Grouping::Title | Grouping::Rank | Grouping::Story => Grouping::Date,
        }
    }

    /// Its name in the lasting state.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Grouping::Date => "date",
            Grouping::Oldest => "oldest",
            Grouping::Source => "source",
            Grouping::Title => "title",
            Grouping::Rank => "rank",
            Grouping::Story => "story",
        }
    }

    /// The grouping a name in the lasting state names; `None` for one unknown (or a search's
    /// ranking, which does not last).
    #[must_use]
    pub fn named(name: &str) -> Option<Self> {
        [Grouping::Date, Grouping::Oldest, Grouping::Source, Grouping::Title, Grouping::Story]
            .into_iter()
            .find(|g| g.name() == name)
    }

    /// How the panel's title names it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Grouping::Date => "by date",
            Grouping::Oldest => "oldest first",
            Grouping::Source => "by source",
            Grouping::Title => "by title",
            Grouping::Rank => "best first",
            Grouping::Story => "by story",
        }
    }
}

/// One row of the article list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    /// A group's header: its label and how many articles it holds.
    Header {
        /// The group's name: a day, a source, an initial.
        label: String,
        /// Articles in the group.
        count: usize,
    },
    /// An article: an index into the library's articles.
    Article(usize),
    /// Why the article above matched a search, when not by its title.
    Why {
        /// The article's article.
        article: usize,
        /// What matched.
        why: Why,
    },
    /// A saved search, by its position among the saved searches.
    Saved(usize),
    /// A story: an index into the library's stories, and how many of its articles are listed.
    Story {
        /// The story.
        story: usize,
        /// Its articles in the listed ones.
        listed: usize,
    },
    /// The line under a story of several articles: its span, articles, outlets and unread
    /// articles.
    StoryInfo(usize),
}

/// The rows of the article list, and where the articles are among them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// Headers and articles, in display order.
    pub rows: Vec<Row>,
    /// The rows that can be selected (articles, stories and saved searches), in display order:
    /// the `n`th is at row `selectable[n]`.
    pub selectable: Vec<usize>,
    /// Grouped by story: each listed article and the position of its story's row, by article.
    pub story_positions: Vec<(usize, usize)>,
    /// Grouped by story: the representative of each selectable row (by position; `None` for a
    /// saved search), the article shown while the story's row is selected.
    pub representatives: Vec<Option<usize>>,
}

impl Listing {
    /// Groups and orders the given articles (indexes into the library). Grouped by story before
    /// the stories are found, they are listed by date.
    #[must_use]
    pub fn build(library: &Library, grouping: Grouping, articles: impl IntoIterator<Item = usize>) -> Self {
        let all = library.articles();
        if grouping == Grouping::Story {
            return match library.stories() {
                Some(stories) => Self::by_story(library, stories, articles),
                None => Self::build(library, Grouping::Date, articles),
            };
        }
        let mut order: Vec<usize> = articles.into_iter().collect();
        let newest_first = |a: usize, b: usize| {
            let (a, b) = (&all[a], &all[b]);
            b.date.is_some().cmp(&a.date.is_some()).then(b.date.cmp(&a.date)).then(b.event_date.cmp(&a.event_date))
        };
        let by_title = |i: usize| all[i].title.to_lowercase();
        match grouping {
            Grouping::Date => order.sort_by(|&a, &b| newest_first(a, b).then_with(|| all[a].title.cmp(&all[b].title))),
            // Oldest first, the undated still last.
            Grouping::Oldest => order.sort_by(|&a, &b| {
                let (x, y) = (&all[a], &all[b]);
                let dated =
                    |a: &crate::corpus::Article| (a.date.is_none(), a.date, a.event_date.is_none(), a.event_date);
                dated(x).cmp(&dated(y))
            }),
            Grouping::Source => {
                let names: Vec<String> = library.corpus().sources().iter().map(|s| s.to_lowercase()).collect();
                order.sort_by(|&a, &b| {
                    names[all[a].source.0 as usize]
                        .cmp(&names[all[b].source.0 as usize])
                        .then_with(|| newest_first(a, b))
                });
            }
            Grouping::Title => order.sort_by_cached_key(|&i| by_title(i)),
            Grouping::Rank | Grouping::Story => {}
        }
        let group_of = |i: usize| -> String {
            let article = &all[i];
            match grouping {
                Grouping::Date | Grouping::Oldest => match (article.date, article.event_date) {
                    (Some(_), _) => article.dated(day_label),
                    (None, Some(event)) => format!("Events of {}", day_label(event)),
                    (None, None) => "Undated".to_owned(),
                },
                Grouping::Source => library.source_name(article.source).to_owned(),
                Grouping::Title => article.title.chars().find(|c| c.is_alphanumeric()).map_or_else(
                    || "#".to_owned(),
                    |c| if c.is_alphabetic() { c.to_uppercase().collect() } else { "#".to_owned() },
                ),
                Grouping::Rank | Grouping::Story => "Matches".to_owned(),
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
            listing.selectable.push(listing.rows.len());
            listing.rows.push(Row::Article(index));
        }
        listing
    }

    /// A row per story of the given articles, with a line under each of several articles, grouped by the day of the
    /// story's latest article (newest first, undated last); within a day, larger stories first.
    fn by_story(library: &Library, stories: &Stories, articles: impl IntoIterator<Item = usize>) -> Self {
        let mut listed: Vec<(usize, usize)> =
            articles.into_iter().filter_map(|a| stories.of_article.get(a).map(|&s| (s as usize, a))).collect();
        listed.sort_unstable();
        let mut groups: Vec<(usize, usize)> = Vec::new(); // story, articles listed
        for &(story, _) in &listed {
            match groups.last_mut() {
                Some((last, count)) if *last == story => *count += 1,
                _ => groups.push((story, 1)),
            }
        }
        let last_day = |story: usize| stories.stories[story].span.map(|(_, last)| last);
        groups.sort_by(|&(a, n), &(b, m)| {
            let (da, db) = (last_day(a), last_day(b));
            db.is_some().cmp(&da.is_some()).then(db.cmp(&da)).then(m.cmp(&n)).then(a.cmp(&b))
        });
        let mut listing = Listing::default();
        let mut position_of_story = vec![usize::MAX; stories.stories.len()];
        let mut current: Option<(Option<Date>, usize)> = None; // day, row of its header
        for (story, count) in groups {
            let day = last_day(story);
            if current.is_none_or(|(open, _)| open != day) {
                let label = day.map_or_else(|| "Undated".to_owned(), day_label);
                listing.rows.push(Row::Header { label, count: 0 });
                current = Some((day, listing.rows.len() - 1));
            }
            if let Some(Row::Header { count, .. }) = current.map(|(_, header)| &mut listing.rows[header]) {
                *count += 1;
            }
            position_of_story[story] = listing.selectable.len();
            listing.selectable.push(listing.rows.len());
            listing.representatives.push(Some(stories.stories[story].representative));
            listing.rows.push(Row::Story { story, listed: count });
            // A story of one article needs no line of span and outlets: its row says it all.
            if stories.stories[story].articles.len() > 1 {
                listing.rows.push(Row::StoryInfo(story));
            }
        }
        listing.story_positions = listed.iter().map(|&(story, a)| (a, position_of_story[story])).collect();
        listing.story_positions.sort_unstable();
        let _ = library;
        listing
    }

    /// The story at position `n`, when it is a story's row.
    #[must_use]
    pub fn story_at(&self, n: usize) -> Option<usize> {
        match self.rows.get(*self.selectable.get(n)?) {
            Some(Row::Story { story, .. }) => Some(*story),
            _ => None,
        }
    }

    /// Search results in their order, best first, each article that matched outside its title
    /// followed by a row saying why.
    #[must_use]
    pub fn ranked(hits: &[Hit]) -> Self {
        let mut listing = Listing::default();
        listing.rows.push(Row::Header { label: "Matches".to_owned(), count: hits.len() });
        for hit in hits {
            let article = hit.article as usize;
            listing.selectable.push(listing.rows.len());
            listing.rows.push(Row::Article(article));
            if hit.why != Why::Title {
                listing.rows.push(Row::Why { article, why: hit.why.clone() });
            }
        }
        listing
    }

    /// The same rows below a group of `count` saved searches.
    #[must_use]
    pub fn with_saved(mut self, count: usize) -> Self {
        if count == 0 {
            return self;
        }
        let mut rows = vec![Row::Header { label: "Saved searches".to_owned(), count }];
        rows.extend((0..count).map(Row::Saved));
        let shift = rows.len();
        self.selectable = (1..shift).chain(self.selectable.iter().map(|r| r + shift)).collect();
        if !self.representatives.is_empty() {
            self.representatives = std::iter::repeat_n(None, count).chain(self.representatives).collect();
        }
        for (_, position) in &mut self.story_positions {
            *position += count;
        }
        rows.append(&mut self.rows);
        self.rows = rows;
        self
    }

    /// The article shown at position `n`: the article's, or the story's representative; `None`
    /// for a saved search.
    #[must_use]
    pub fn article_at(&self, n: usize) -> Option<usize> {
        match self.rows.get(*self.selectable.get(n)?) {
            Some(Row::Article(index)) => Some(*index),
            Some(Row::Story { .. }) => self.representatives.get(n).copied().flatten(),
            _ => None,
        }
    }

    /// The saved search at position `n`, when there is one.
    #[must_use]
    pub fn saved_at(&self, n: usize) -> Option<usize> {
        match self.rows.get(*self.selectable.get(n)?) {
            Some(Row::Saved(slot)) => Some(*slot),
            _ => None,
        }
    }

    /// The position of an article, when it is listed: its row, or its story's.
    #[must_use]
    pub fn position_of(&self, article: usize) -> Option<usize> {
        if !self.story_positions.is_empty() {
            let at = self.story_positions.binary_search_by_key(&article, |&(a, _)| a).ok()?;
            return Some(self.story_positions[at].1);
        }
        self.selectable.iter().position(|&row| self.rows[row] == Row::Article(article))
    }

    /// The position of the first article (after any saved searches); 0 when there is none.
    #[must_use]
    pub fn first_article(&self) -> usize {
        self.selectable
            .iter()
            .position(|&row| matches!(self.rows[row], Row::Article(_) | Row::Story { .. }))
            .unwrap_or(0)
    }

    /// How many articles are listed (saved searches not counted).
    #[must_use]
    pub fn article_count(&self) -> usize {
        self.selectable.len() - self.selectable.iter().filter(|&&row| matches!(self.rows[row], Row::Saved(_))).count()
    }
}

/// A span of days, short: `8 Jun 2025`, `8–10 Jun 2025`, `30 May–2 Jun 2025`,
/// `30 Dec 2024–2 Jan 2025`.
#[must_use]
pub fn span_label(first: Date, last: Date) -> String {
    if first == last {
        first.strftime("%-d %b %Y").to_string()
    } else if (first.year(), first.month()) == (last.year(), last.month()) {
        format!("{}–{}", first.day(), last.strftime("%-d %b %Y"))
    } else if first.year() == last.year() {
        format!("{}–{}", first.strftime("%-d %b"), last.strftime("%-d %b %Y"))
    } else {
        format!("{}–{}", first.strftime("%-d %b %Y"), last.strftime("%-d %b %Y"))
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

    use crate::testing::seeds;

    fn labels(listing: &Listing) -> Vec<String> {
        listing
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Header { label, count } => Some(format!("{label} · {count}")),
                _ => None,
            })
            .collect()
    }

    fn hit(article: u32, why: Why) -> Hit {
        Hit { article, score: 0, why }
    }

    #[test]
    fn ranked_results_keep_their_order_and_say_why_below_the_article() {
        let listing = Listing::ranked(&[hit(3, Why::Title), hit(1, Why::Source), hit(0, Why::Body(4..8))]);
        assert_eq!(labels(&listing), ["Matches · 3"]);
        assert_eq!((0..3).map(|n| listing.article_at(n).unwrap()).collect::<Vec<_>>(), [3, 1, 0]);
        assert_eq!(listing.rows[3], Row::Why { article: 1, why: Why::Source });
        assert_eq!(listing.selectable, [1, 2, 4]);
    }

    #[test]
    fn saved_searches_come_first_and_are_selectable() {
        let library = seeds();
        let listing = Listing::build(&library, Grouping::Date, 0..library.articles().len()).with_saved(2);
        assert_eq!(labels(&listing)[0], "Saved searches · 2");
        assert_eq!((listing.saved_at(0), listing.saved_at(1), listing.saved_at(2)), (Some(0), Some(1), None));
        assert_eq!(listing.first_article(), 2);
        assert_eq!(listing.article_count(), 5);
        assert_eq!(listing.position_of(listing.article_at(4).unwrap()), Some(4));
        assert_eq!(listing.rows[listing.selectable[2]], Row::Article(listing.article_at(2).unwrap()));
    }

    #[test]
    fn by_date_newest_first_and_undated_last() {
        let library = seeds();
        let listing = Listing::build(&library, Grouping::Date, 0..library.articles().len());
        // Undated articles that report an event are grouped by its day, as the timeline counts them.
        assert_eq!(
            labels(&listing),
            [
                "Sun 8 Jun 2025 · 1",
                "Events of Sat 25 Oct 2025 · 1",
                "Events of Tue 10 Jun 2025 · 1",
                "Events of Mon 9 Jun 2025 · 1",
                "Undated · 1"
            ]
        );
        assert_eq!(listing.selectable.len(), 5);
        assert_eq!(
            library.articles()[listing.article_at(0).unwrap()].title,
            "U.S. China Trade Talks Focus on Rare Earth Minerals Supply"
        );
        // Undated articles come by the date of the event they report, newest first.
        let second = &library.articles()[listing.article_at(1).unwrap()];
        assert_eq!(second.event_date, Some(jiff::civil::date(2025, 10, 25)));
    }

    #[test]
    fn oldest_first_keeps_the_undated_last() {
        let library = seeds();
        let listing = Listing::build(&library, Grouping::Oldest, 0..library.articles().len());
        assert_eq!(
            labels(&listing),
            [
                "Sun 8 Jun 2025 · 1",
                "Events of Mon 9 Jun 2025 · 1",
                "Events of Tue 10 Jun 2025 · 1",
                "Events of Sat 25 Oct 2025 · 1",
                "Undated · 1"
            ]
        );
        assert_eq!(Grouping::named(Grouping::Oldest.name()), Some(Grouping::Oldest));
        assert_eq!(Grouping::named("rank"), None, "a search's ranking does not last");
    }

    #[test]
    fn by_source_and_by_title() {
        let library = seeds();
        let listing = Listing::build(&library, Grouping::Source, 0..library.articles().len());
        assert_eq!(labels(&listing), ["Coin World · 1", "unknown · 4"]);
        let listing = Listing::build(&library, Grouping::Title, 0..library.articles().len());
        assert_eq!(labels(&listing), ["C · 1", "D · 1", "N · 1", "U · 2"]);
    }

    #[test]
    fn positions_and_articles_agree() {
        let library = seeds();
        let listing = Listing::build(&library, Grouping::Date, 0..library.articles().len());
        for n in 0..listing.selectable.len() {
            assert_eq!(listing.position_of(listing.article_at(n).unwrap()), Some(n));
        }
        assert_eq!(listing.article_at(99), None);
    }
}
