//! Stories in the reader: the list of stories (a row per story) and back, opening a story
//! (its articles, by date), stepping through the same story's articles from the article
//! pane, and marking a whole story read (a change [`super::bulk`] can undo).

use super::jumps::Direction;
use super::listing::Grouping;
use super::searching;
use super::state::{BeforeSearch, Focus, Place, State};
use super::update::{Effect, go_to, select};
use crate::command::Command;
use crate::library::Library;

/// The story commands (opening a story is Enter on its row: see [`open`]).
pub(super) fn command(state: &mut State, library: &Library, command: Command) {
    match command {
        Command::ToggleStories => toggle(state, library),
        Command::NextInStory => step(state, library, Direction::Forward),
        Command::PreviousInStory => step(state, library, Direction::Backward),
        Command::MarkStoryRead => toggle_read(state, library),
        _ => {}
    }
}

/// `S`: lists stories instead of articles, or articles (by date) again; the selected
/// article's story (or the article) stays selected.
fn toggle(state: &mut State, library: &Library) {
    let article = state.current_article();
    state.list.grouping = if state.list.grouping == Grouping::Story { Grouping::Date } else { Grouping::Story };
    if state.search.active_filter().is_some()
        && let Some(filter) = state.search.filter.as_mut()
    {
        filter.grouping_before = state.list.grouping;
    }
    searching::rebuild_listing(state, library);
    let position =
        article.and_then(|a| state.list.listing.position_of(a)).unwrap_or(state.list.listing.first_article());
    select(state, position);
    state.focus = Focus::Articles;
    state.status.message = Some(match (state.list.grouping, state.finding_stories) {
        (Grouping::Story, Some((done, total))) => {
            format!("{}: the stories are listed when found", super::update::finding_stories(done, total))
        }
        (Grouping::Story, None) => "stories: enter lists a story's articles".into(),
        _ => "articles by date".into(),
    });
}

/// Enter on a story's row: lists its articles, oldest first, as the filter `story:ID` (esc
/// goes back to the stories).
pub(super) fn open(state: &mut State, library: &Library, story: usize) -> Option<Effect> {
    let found = library.stories()?.stories.get(story)?;
    let id = found.id(library.articles());
    state.search.before = Some(BeforeSearch { article: state.list.selected_article(), list_offset: state.list.offset });
    state.list.grouping = Grouping::Date;
    let effect = searching::filter_keeping_grouping(state, library, &format!("story:{id}"));
    if let Some(filter) = state.search.filter.as_mut() {
        filter.grouping_before = Grouping::Story;
    }
    state.status.message = Some(format!(
        "{} from {} · esc goes back to the stories",
        crate::wording::counted(found.articles.len(), "article", "articles"),
        crate::wording::counted(found.sources.len(), "outlet", "outlets"),
    ));
    effect
}

/// `J` and `K`: opens the next (or previous) article of the open article's story, by date.
fn step(state: &mut State, library: &Library, direction: Direction) {
    let Some(article) = state.current_article() else {
        state.status.message = Some("no article is selected".into());
        return;
    };
    let Some(story) = library.stories().and_then(|s| s.of(article)) else { return };
    if story.articles.len() < 2 {
        state.status.message = Some("no other article reports this story".into());
        return;
    }
    let at = story.articles.iter().position(|&a| a == article).unwrap_or(0);
    let next = match direction {
        Direction::Forward => at + 1,
        Direction::Backward => at.wrapping_sub(1),
    };
    let Some(&next) = story.articles.get(next) else {
        let end = if direction == Direction::Forward { "last" } else { "first" };
        state.status.message = Some(format!("the {end} article of this story"));
        return;
    };
    if let Some(reading) = &state.reading {
        state.history.back.push(reading.place());
        state.history.forward.clear();
    }
    go_to(state, Place { article: next, anchor: None, current: None });
    let source = library.source_name(library.articles()[next].source);
    state.status.message = Some(format!(
        "story article {}/{} · {}",
        story.articles.iter().position(|&a| a == next).unwrap_or(0) + 1,
        story.articles.len(),
        crate::sanitize::line(source)
    ));
}

/// `R`: marks every article of the current article's story read, or unread again when all were.
fn toggle_read(state: &mut State, library: &Library) {
    let story = match state.list.listing.story_at(state.list.selected).filter(|_| state.focus == Focus::Articles) {
        Some(story) => library.stories().and_then(|s| s.stories.get(story)),
        None => state.current_article().and_then(|a| library.stories()?.of(a)),
    };
    let Some(story) = story else {
        state.status.message = Some("no article is selected".into());
        return;
    };
    let all_read = story.articles.iter().all(|&a| state.marks.read[a]);
    let count = crate::wording::counted(story.articles.len(), "article", "articles");
    let what = if all_read { format!("story marked unread: {count}") } else { format!("story marked read: {count}") };
    super::bulk::set_read(state, &story.articles, !all_read, what);
}

#[cfg(test)]
mod tests {
    use super::super::update::{Input, update};
    use super::*;
    use crate::search::session::Session;
    use crate::testing::{press_keys as press, reader_on as start, run_effect, seeds_with_stories};

    fn file(library: &Library, article: usize) -> String {
        library.articles()[article].origin.to_string().trim_start_matches("builtin:")[..3].to_owned()
    }

    fn open_file(state: &State, library: &Library) -> String {
        file(library, state.reading.as_ref().unwrap().index)
    }

    #[test]
    fn stories_are_listed_opened_stepped_through_and_left() {
        let library = seeds_with_stories();
        let (mut state, mut session) = (start(&library), Session::default());
        press(&mut state, &library, &mut session, &[Command::ToggleStories]);
        assert_eq!(state.list.grouping, Grouping::Story);
        assert_eq!(state.list.listing.article_count(), 2, "two stories in the seeds");
        // The newest story first: Kuala Lumpur (October), then the London talks (June).
        let london = (0..2).find(|&n| {
            state.list.listing.story_at(n).is_some_and(|s| library.stories().unwrap().stories[s].articles.len() == 3)
        });
        assert_eq!(london, Some(1));
        press(&mut state, &library, &mut session, &[Command::Down, Command::Open]);
        let listed: Vec<String> = (0..state.list.listing.selectable.len())
            .map(|n| file(&library, state.list.listing.article_at(n).unwrap()))
            .collect();
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(sorted, ["000", "002", "004"], "the London story's articles");
        assert_eq!(state.list.grouping, Grouping::Date);
        // From the article, J and K step through the story by date, and stop at its ends.
        // 004 is dated 8 Jun; 000 and 002 report events of 9 and 10 Jun.
        press(&mut state, &library, &mut session, &[Command::Top, Command::Open]);
        assert_eq!(open_file(&state, &library), "004");
        let mut seen = vec![open_file(&state, &library)];
        for _ in 0..2 {
            press(&mut state, &library, &mut session, &[Command::NextInStory]);
            seen.push(open_file(&state, &library));
        }
        assert_eq!(seen, ["004", "000", "002"], "each article once, by date");
        assert_eq!(state.list.listing.article_at(state.list.selected), Some(state.reading.as_ref().unwrap().index));
        press(&mut state, &library, &mut session, &[Command::NextInStory]);
        assert_eq!(state.status.message.as_deref(), Some("the last article of this story"));
        press(&mut state, &library, &mut session, &[Command::PreviousInStory, Command::HistoryBack]);
        assert_eq!(state.status.message, None, "the step is in the history");
        // Esc goes back to the stories, the story still selected.
        press(&mut state, &library, &mut session, &[Command::Back, Command::Back]);
        assert_eq!(state.list.grouping, Grouping::Story);
        assert_eq!(state.status.message.as_deref(), Some("back to the stories"));
        assert_eq!(state.list.selected, 1);
        press(&mut state, &library, &mut session, &[Command::ToggleStories]);
        assert_eq!(state.list.grouping, Grouping::Date);
        assert_eq!(state.list.listing.article_count(), 5);
    }

    #[test]
    fn a_whole_story_is_marked_read_and_unread_again() {
        let library = seeds_with_stories();
        let (mut state, mut session) = (start(&library), Session::default());
        press(&mut state, &library, &mut session, &[Command::ToggleStories, Command::Down, Command::MarkStoryRead]);
        let story = &library.stories().unwrap().stories[state.list.listing.story_at(1).unwrap()];
        assert!(story.articles.iter().all(|&a| state.marks.read[a]));
        assert_eq!(state.status.message.as_deref(), Some("story marked read: 3 articles · z undoes"));
        assert_eq!(state.marks.read.iter().filter(|r| **r).count(), 3, "the other story is left unread");
        press(&mut state, &library, &mut session, &[Command::MarkStoryRead]);
        assert!(state.marks.read.iter().all(|r| !r));
    }

    #[test]
    fn story_keys_wait_for_the_stories_and_the_list_falls_back_to_dates() {
        let library = crate::testing::seeds();
        let (mut state, mut session) = (start(&library), Session::default());
        update(&mut state, &library, Input::FindingStories { done: 3, total: 10 });
        press(&mut state, &library, &mut session, &[Command::Open, Command::NextInStory]);
        assert_eq!(
            state.status.message.as_deref(),
            Some("story keys wait until the stories are found (grouping stories 30%)")
        );
        press(&mut state, &library, &mut session, &[Command::ToggleStories]);
        assert_eq!(state.list.listing.article_count(), 5, "articles by date meanwhile");
        assert!(state.status.message.as_deref().unwrap().starts_with("grouping stories 30%"));
    }

    #[test]
    fn story_alone_in_a_query_is_the_selected_articles_story() {
        let library = seeds_with_stories();
        let (mut state, mut session) = (start(&library), Session::default());
        let london = (0..5).position(|n| file(&library, state.list.listing.article_at(n).unwrap()) == "002").unwrap();
        crate::reader::update::select(&mut state, london);
        press(&mut state, &library, &mut session, &[Command::Search]);
        for c in "story:".chars() {
            let effect = update(&mut state, &library, Input::Type(c));
            run_effect(&mut state, &library, &mut session, effect);
        }
        let mut found: Vec<String> =
            state.search.filter.as_ref().unwrap().hits.iter().map(|h| file(&library, h.article as usize)).collect();
        found.sort();
        assert_eq!(found, ["000", "002", "004"]);
    }
}
