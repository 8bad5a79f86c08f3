//! The timeline: how many of the listed articles tell of each day (their date, else the date
//! of the event they report, as `date:` queries go), as columns of a strip, and the keys that
//! narrow the list to the days chosen on it (a `date:` term in the filter) and widen it again.
//! Undated articles are counted apart, never placed on a day.

use jiff::civil::Date;
use jiff::{ToSpan, Unit};

use super::listing::{Listing, Row, span_label};
use super::searching;
use super::state::{State, TimelineCursor};
use super::update::Effect;
use crate::command::Command;
use crate::library::Library;

/// Articles per column of the strip, over the days the listed articles tell of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The first day of the first column.
    pub first: Date,
    /// Days each column covers: one, unless the days do not fit the strip's width.
    pub days_per_column: i64,
    /// Articles per column, oldest first.
    pub counts: Vec<usize>,
    /// Listed articles with no day at all.
    pub undated: usize,
}

impl Timeline {
    /// The timeline of `articles` in at most `columns` columns; `None` when none has a day
    /// (the undated are counted by [`undated_count`]).
    #[must_use]
    pub fn of(library: &Library, articles: &[usize], columns: usize) -> Option<Self> {
        let all = library.articles();
        let days: Vec<Date> = articles.iter().filter_map(|&a| all[a].day()).collect();
        let (first, last) = (*days.iter().min()?, *days.iter().max()?);
        let span = days_between(first, last) + 1;
        let columns = i64::try_from(columns.max(1)).unwrap_or(i64::MAX);
        let days_per_column = (span + columns - 1) / columns;
        let mut counts = vec![0; usize::try_from((span + days_per_column - 1) / days_per_column).unwrap_or(1)];
        for day in days {
            counts[usize::try_from(days_between(first, day) / days_per_column).unwrap_or(0)] += 1;
        }
        Some(Self { first, days_per_column, counts, undated: articles.len() - days_len(all, articles) })
    }

    /// The first and last day of columns `a` to `b` (in either order).
    #[must_use]
    pub fn days(&self, a: usize, b: usize) -> (Date, Date) {
        let column = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let (a, b) = (column(a.min(b)), column(a.max(b)));
        let start = self.first.saturating_add((a * self.days_per_column).days());
        let end = self.first.saturating_add(((b + 1) * self.days_per_column - 1).days());
        (start, end)
    }

    /// The column a day falls in, when it is in the strip.
    #[must_use]
    pub fn column_of(&self, day: Date) -> Option<usize> {
        let column = usize::try_from(days_between(self.first, day) / self.days_per_column).ok()?;
        (column < self.counts.len()).then_some(column)
    }

    /// How many articles columns `a` to `b` hold.
    #[must_use]
    pub fn count(&self, a: usize, b: usize) -> usize {
        let last = self.counts.len() - 1;
        self.counts[a.min(b).min(last)..=a.max(b).min(last)].iter().sum()
    }

    /// The cursor's columns within the strip (it may have narrowed since they were chosen).
    fn clamp(&self, cursor: TimelineCursor) -> TimelineCursor {
        let last = self.counts.len() - 1;
        TimelineCursor { anchor: cursor.anchor.min(last), cursor: cursor.cursor.min(last) }
    }
}

fn days_len(all: &[crate::corpus::Article], articles: &[usize]) -> usize {
    articles.iter().filter(|&&a| all[a].day().is_some()).count()
}

/// Whole days from `a` to `b`.
fn days_between(a: Date, b: Date) -> i64 {
    a.until((Unit::Day, b)).map_or(0, |span| i64::from(span.get_days()))
}

/// The articles the list shows: its article rows, and the articles of its stories.
#[must_use]
pub fn listed_articles(listing: &Listing) -> Vec<usize> {
    let mut articles: Vec<usize> = listing
        .rows
        .iter()
        .filter_map(|row| match row {
            Row::Article(a) => Some(*a),
            _ => None,
        })
        .collect();
    articles.extend(listing.story_positions.iter().map(|&(a, _)| a));
    articles
}

/// The timeline of what the list shows now, as wide as its strip.
#[must_use]
pub fn of_list(state: &State, library: &Library) -> Option<Timeline> {
    let width = state.areas().timeline.map_or(1, |r| usize::from(r.width));
    Timeline::of(library, &listed_articles(&state.list.listing), width)
}

/// The timeline's commands.
pub(super) fn command(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
    match command {
        Command::Timeline => toggle(state, library),
        Command::Earlier => step(state, library, -1, false),
        Command::Later => step(state, library, 1, false),
        Command::ExtendEarlier => step(state, library, -1, true),
        Command::ExtendLater => step(state, library, 1, true),
        Command::Widen => return widen(state, library),
        _ => {}
    }
    None
}

/// `t`: opens the timeline, its cursor on the selected article's day (else the latest), or
/// closes it.
fn toggle(state: &mut State, library: &Library) {
    if state.timeline.take().is_some() {
        return;
    }
    state.timeline = Some(TimelineCursor::default());
    let Some(timeline) = of_list(state, library) else {
        state.timeline = None;
        state.status.message = Some("no dated article is listed: the timeline has nothing to show".into());
        return;
    };
    let selected = state.list.selected_article().and_then(|a| library.articles()[a].day());
    let column = selected.and_then(|d| timeline.column_of(d)).unwrap_or(timeline.counts.len() - 1);
    state.timeline = Some(TimelineCursor { anchor: column, cursor: column });
    say_chosen(state, &timeline);
}

/// Moves the cursor `by` columns; `extend` keeps the anchor where it is (a range).
fn step(state: &mut State, library: &Library, by: isize, extend: bool) {
    let Some(timeline) = of_list(state, library) else { return };
    let Some(cursor) = state.timeline.as_mut() else { return };
    cursor.cursor = cursor.cursor.saturating_add_signed(by).min(timeline.counts.len() - 1);
    if !extend {
        cursor.anchor = cursor.cursor;
    }
    say_chosen(state, &timeline);
}

/// The status bar says which days are chosen and how many articles tell of them.
fn say_chosen(state: &mut State, timeline: &Timeline) {
    let Some(cursor) = state.timeline.map(|c| timeline.clamp(c)) else { return };
    let (first, last) = timeline.days(cursor.anchor, cursor.cursor);
    let count = crate::wording::counted(timeline.count(cursor.anchor, cursor.cursor), "article", "articles");
    state.status.message = Some(format!("{} · {count} · enter narrows the list to it", span_label(first, last)));
}

/// Enter on the timeline: the list narrows to the days chosen (a `date:` term in the filter,
/// in place of any the filter had); the timeline then spans them alone.
pub(super) fn narrow(state: &mut State, library: &Library) -> Option<Effect> {
    let timeline = of_list(state, library)?;
    let cursor = timeline.clamp(state.timeline?);
    let (first, last) = timeline.days(cursor.anchor, cursor.cursor);
    let term = if first == last { format!("date:{first}") } else { format!("date:{first}..{last}") };
    let mut words = words_without_dates(state);
    words.push(term);
    state.timeline = Some(TimelineCursor::default());
    state.status.message = Some(format!("narrowed to {} · T widens", span_label(first, last)));
    searching::filter_keeping_grouping(state, library, &words.join(" "))
}

/// `T`: takes the days out of the filter again (the rest of it stays).
fn widen(state: &mut State, library: &Library) -> Option<Effect> {
    let words = words_without_dates(state);
    let had = state.search.filter.as_ref().is_some_and(|f| f.text.split_whitespace().count() != words.len());
    if !had {
        state.status.message = Some("the list is not narrowed to days".into());
        return None;
    }
    state.status.message = Some("every day is listed again".into());
    if let Some(cursor) = state.timeline.as_mut() {
        *cursor = TimelineCursor::default();
    }
    searching::filter_keeping_grouping(state, library, &words.join(" "))
}

/// The filter's words but its date terms.
fn words_without_dates(state: &State) -> Vec<String> {
    let text = state.search.filter.as_ref().map_or("", |f| f.text.as_str());
    let is_date = |w: &str| {
        let lower = w.to_ascii_lowercase();
        ["date:", "after:", "before:"].iter().any(|p| lower.starts_with(p))
    };
    text.split_whitespace().filter(|w| !is_date(w)).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::seeds;

    #[test]
    fn the_seeds_tell_of_three_days_in_june_and_one_in_october() {
        let library = seeds();
        let all: Vec<usize> = (0..library.articles().len()).collect();
        let wide = Timeline::of(&library, &all, 200).unwrap();
        assert_eq!(wide.first, jiff::civil::date(2025, 6, 8));
        assert_eq!(wide.days_per_column, 1);
        assert_eq!(wide.counts.iter().sum::<usize>() + wide.undated, 5);
        assert_eq!(wide.counts.len(), 140, "8 Jun to 25 Oct");
        assert_eq!(wide.days(0, 2), (jiff::civil::date(2025, 6, 8), jiff::civil::date(2025, 6, 10)));
        // Narrow strips put several days in a column.
        let narrow = Timeline::of(&library, &all, 40).unwrap();
        assert_eq!(narrow.days_per_column, 4);
        assert_eq!(narrow.counts.len(), 35);
        assert_eq!(narrow.counts.iter().sum::<usize>(), wide.counts.iter().sum::<usize>());
        assert_eq!(narrow.column_of(jiff::civil::date(2025, 10, 25)), Some(34));
    }

    #[test]
    fn undated_articles_are_counted_apart() {
        let library = crate::testing::library_of(&[
            ("a.txt", "Dated\n\nDate: 2024-01-02\n\nText."),
            ("b.txt", "Undated\n\nText."),
        ]);
        let all: Vec<usize> = (0..library.articles().len()).collect();
        let timeline = Timeline::of(&library, &all, 10).unwrap();
        assert_eq!((timeline.counts.clone(), timeline.undated), (vec![1], 1));
        assert!(Timeline::of(&library, &[1], 10).is_none());
    }
}

#[cfg(test)]
mod narrowing {
    use super::*;
    use crate::search::session::Session;
    use crate::testing::{press_keys as press, reader_on, seeds};

    #[test]
    fn the_timeline_narrows_the_list_to_the_days_chosen_and_widens_it_again() {
        let library = seeds();
        let mut state = reader_on(&library);
        let mut session = Session::default();
        press(&mut state, &library, &mut session, &[Command::Timeline]);
        assert_eq!(crate::reader::mode(&state), crate::command::Mode::Timeline);
        // The selected article's day, 8 Jun: the strip puts four days in a column (140 days, 44
        // columns), and the first holds the three reports of the London talks.
        assert_eq!(state.status.message.as_deref(), Some("8–11 Jun 2025 · 3 articles · enter narrows the list to it"));
        assert_eq!(of_list(&state, &library).unwrap().days_per_column, 4);
        press(&mut state, &library, &mut session, &[Command::Later; 50]);
        assert_eq!(state.status.message.as_deref(), Some("22–25 Oct 2025 · 1 article · enter narrows the list to it"));
        press(&mut state, &library, &mut session, &[Command::Earlier; 50]);
        press(&mut state, &library, &mut session, &[Command::Open]);
        let filter = state.search.filter.as_ref().unwrap();
        assert_eq!(filter.text, "date:2025-06-08..2025-06-11");
        assert_eq!(filter.hits.len(), 3);
        assert_eq!(state.list.grouping, crate::reader::listing::Grouping::Date, "the list keeps its grouping");
        // Now the strip spans those days alone, a day a column; H/L take in a range.
        let strip = of_list(&state, &library).unwrap();
        assert_eq!((strip.days_per_column, strip.counts.clone()), (1, vec![1, 1, 1]));
        press(&mut state, &library, &mut session, &[Command::Later, Command::ExtendLater, Command::Open]);
        assert_eq!(state.search.filter.as_ref().unwrap().text, "date:2025-06-09..2025-06-10");
        assert_eq!(state.list.listing.article_count(), 2);
        // T widens: the rest of a filter stays.
        press(&mut state, &library, &mut session, &[Command::Widen]);
        assert!(state.search.active_filter().is_none());
        assert_eq!(state.list.listing.article_count(), 5);
        press(&mut state, &library, &mut session, &[Command::Widen]);
        assert_eq!(state.status.message.as_deref(), Some("the list is not narrowed to days"));
        press(&mut state, &library, &mut session, &[Command::Back]);
        assert!(state.timeline.is_none());
    }
}
