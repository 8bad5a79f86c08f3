//! The reader's widgets drawn on a test buffer: what a user sees, text and styles (colours are
//! part of what the user sees, and a text snapshot would lose them).

mod support;

use newsdesk::command::Command;
use newsdesk::config::Config;
use newsdesk::reader::state::State;
use newsdesk::reader::update::{Effect, Input, update};
use newsdesk::search::worker::{Request, Response};
use std::sync::atomic::AtomicBool;

use newsdesk::corpus::Location as Source;
use newsdesk::entities::{ArticleEntities, Recogniser};
use newsdesk::library::Library;
use newsdesk::query::Query;
use newsdesk::search::session::Session;
use newsdesk::ui::{self, View};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

struct Screen {
    library: Library,
    config: Config,
    state: State,
}

impl Screen {
    fn new(library: Library, width: u16, height: u16) -> Self {
        Self::with_config(library, Config::default(), width, height)
    }

    fn with_config(library: Library, config: Config, width: u16, height: u16) -> Self {
        let keymap = config.keymap().unwrap();
        let mut state = State::new(&library, config.layout.list_width, ui::help_lines(&keymap).len());
        update(&mut state, &library, Input::Resize(width, height));
        Self { library, config, state }
    }

    fn seeds(width: u16, height: u16) -> Self {
        Self::new(support::load(&[Source::Builtin]), width, height)
    }

    /// The seeds with their stories found, as the reader has them once the background work is
    /// done.
    fn seeds_with_stories(width: u16, height: u16) -> Self {
        let mut library = support::load(&[Source::Builtin]);
        let stories = library.find_stories(&|_| {}, &AtomicBool::new(false)).unwrap();
        library.set_stories(stories);
        let mut screen = Self::new(library, width, height);
        update(&mut screen.state, &screen.library, Input::StoriesFound);
        screen
    }

    fn press(&mut self, commands: &[Command]) {
        for command in commands {
            update(&mut self.state, &self.library, Input::Command(*command));
        }
    }

    /// Types into the open prompt, answering each search as the reader's worker would.
    fn type_text(&mut self, text: &str) {
        let mut session = Session::new();
        for c in text.chars() {
            let effect = update(&mut self.state, &self.library, Input::Type(c));
            answer(&mut self.state, &self.library, &mut session, effect);
        }
    }

    /// Presses keys, answering searches as the reader's worker would.
    fn press_searching(&mut self, commands: &[Command]) {
        let mut session = Session::new();
        for command in commands {
            let effect = update(&mut self.state, &self.library, Input::Command(*command));
            answer(&mut self.state, &self.library, &mut session, effect);
        }
    }

    fn draw_with(&self, theme: &newsdesk::config::ThemeConfig) -> Buffer {
        let keymap = self.config.keymap().unwrap();
        let area = Rect::new(0, 0, self.state.screen.size.0, self.state.screen.size.1);
        let mut buf = Buffer::empty(area);
        ui::render(View { state: &self.state, library: &self.library, theme, keymap: &keymap }, area, &mut buf);
        buf
    }

    fn draw(&self) -> Buffer {
        self.draw_with(&self.config.theme)
    }
}

/// Carries out a search the update asked for, as the reader's worker would.
fn answer(state: &mut State, library: &Library, session: &mut Session, effect: Option<Effect>) {
    if let Some(Effect::Work(Request::Search { generation, text, marks })) = effect {
        let hits = session.search_marked(library, &Query::parse(&text), &marks, &|| false, &mut |_| {}).unwrap();
        update(state, library, Input::Worker(Response::Found { generation, hits, complete: true }));
    }
}

fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height).map(|y| row(buf, y)).collect()
}

/// The first cell of the row `y` whose text at `x..` starts with `text`.
fn find(buf: &Buffer, text: &str) -> (u16, u16) {
    for y in 0..buf.area.height {
        let line = row(buf, y);
        if let Some(byte) = line.find(text) {
            return (line[..byte].chars().count() as u16, y);
        }
    }
    panic!("{text:?} is not on screen:\n{}", rows(buf).join("\n"));
}

/// The style of a cell, with the terminal's default colours as no colour.
fn style_at(buf: &Buffer, at: (u16, u16)) -> Style {
    let cell = &buf[at];
    let colour = |c: Color| (c != Color::Reset).then_some(c);
    Style { fg: colour(cell.fg), bg: colour(cell.bg), add_modifier: cell.modifier, ..Style::default() }
}

#[test]
fn the_first_screen_shows_groups_articles_and_the_newest_article() {
    let screen = Screen::seeds(120, 30);
    let buf = screen.draw();
    let text = rows(&buf).join("\n");
    assert!(text.contains("┌ Articles · 5 · by date "), "{text}");
    assert!(text.contains("Sun 8 Jun 2025 · 1"));
    // Undated articles come last, under the day of the event they report when it is known.
    assert!(text.contains("Events of Tue 10 Jun 2025 · 1"), "{text}");
    assert!(text.contains("Undated · 1"), "{text}");
    assert!(text.contains("● Coin World  U.S. China Trade Talks Focus"));
    assert!(text.contains(" U.S. China Trade Talks Focus on Rare Earth Minerals Supply"));
    assert!(text.contains("Coin World · Sun 8 Jun 2025 · 253 words · 2 min read"));
    assert!(row(&buf, 29).starts_with(" ARTICLES  article 1/5 "), "{}", row(&buf, 29));
}

#[test]
fn the_selected_row_and_group_headers_are_styled() {
    let mut screen = Screen::seeds(120, 30);
    let buf = screen.draw();
    let selected = find(&buf, "Coin World  U.S. China");
    assert_eq!(style_at(&buf, selected), Style::default().fg(Color::Black).bg(Color::Cyan));
    let header = find(&buf, "Undated · 1");
    assert_eq!(style_at(&buf, header), Style::default().fg(Color::Yellow).add_modifier(Modifier::BOLD));
    // With the focus on the article, the selection is drawn reversed instead.
    screen.press(&[Command::Open]);
    let buf = screen.draw();
    let selected = find(&buf, "Coin World  U.S. China");
    assert_eq!(style_at(&buf, selected).add_modifier, Modifier::REVERSED);
}

#[test]
fn opened_articles_lose_their_unread_marker_and_are_dimmed() {
    let mut screen = Screen::seeds(120, 30);
    screen.press(&[Command::Open, Command::Back, Command::Down]);
    let buf = screen.draw();
    let (x, y) = find(&buf, "Coin World  U.S. China");
    assert_eq!(buf[(x - 2, y)].symbol(), " ", "no marker once read");
    assert_eq!(style_at(&buf, (x, y)).fg, Some(Color::DarkGray));
    let (x, y) = find(&buf, "unknown     Discourse");
    assert_eq!(buf[(x - 2, y)].symbol(), "●");
    assert_eq!(buf[(x - 2, y)].fg, Color::Cyan);
}

#[test]
fn headings_are_styled_and_the_text_wraps_to_the_pane() {
    let mut screen = Screen::seeds(100, 40);
    // 000 is the fourth article by date; it has bare section lines as headings.
    screen.press(&[Command::Down, Command::Down, Command::Down]);
    let buf = screen.draw();
    let heading = find(&buf, "Historical Context and Economic Significance");
    assert_eq!(style_at(&buf, heading), Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD));
    let title = find(&buf, "US-China Trade Talks: A Critical Junction");
    assert!(style_at(&buf, title).add_modifier.contains(Modifier::BOLD));
    // No line of text runs past the pane's text area (border and scrollbar columns stay).
    for line in rows(&buf).iter().take(39) {
        let right_border = line.chars().last().unwrap();
        assert!(matches!(right_border, '│' | '┐' | '┘'), "{line}");
    }
}

#[test]
fn lines_selected_to_copy_are_highlighted_whole_and_counted_in_the_status_bar() {
    let mut screen = Screen::seeds(120, 30);
    // From the top of the view: the title, then down over the metadata line and a blank line.
    screen.press(&[Command::Open, Command::SelectLines, Command::Down, Command::Down]);
    let buf = screen.draw();
    let selection = Style::default().fg(Color::Black).bg(Color::LightBlue);
    let (x, title) = find(&buf, "U.S. China Trade Talks Focus on Rare Earth");
    assert_eq!(style_at(&buf, (x, title)).bg, selection.bg, "the title");
    assert_eq!(style_at(&buf, (x + 62, title)), selection, "past its end, to the pane's edge");
    assert_eq!(style_at(&buf, (x, title + 2)), selection, "the blank line");
    assert_ne!(style_at(&buf, (x, title + 3)).bg, selection.bg, "not the text below");
    assert!(row(&buf, 29).starts_with(" SELECTION  article 1/5  3 lines selected "), "{}", row(&buf, 29));
    assert!(row(&buf, 29).contains("y copy"), "{}", row(&buf, 29));
}

#[test]
fn a_long_article_has_a_scrollbar_and_its_position_in_percent() {
    let mut screen = Screen::seeds(100, 20);
    let buf = screen.draw();
    assert!(row(&buf, 18).ends_with(" 39% ┘"), "{}", row(&buf, 18));
    let bar_x = 98;
    assert_eq!(buf[(bar_x, 1)].symbol(), "█");
    assert_eq!(buf[(bar_x, 1)].fg, Color::DarkGray);
    screen.press(&[Command::Open, Command::Bottom]);
    let buf = screen.draw();
    assert!(row(&buf, 18).ends_with(" 100% ┘"), "{}", row(&buf, 18));
    assert_eq!(buf[(bar_x, 17)].symbol(), "█");
}

#[test]
fn long_titles_are_cut_with_an_ellipsis_and_never_wrap() {
    let screen = Screen::seeds(100, 20);
    let buf = screen.draw();
    let line = row(&buf, find(&buf, "China's imposition").1);
    assert!(line.contains("China's imposition of strict …│"), "{line}");
    let next = row(&buf, find(&buf, "China's imposition").1 + 2);
    assert!(next.starts_with("│● unknown     Discourse"), "{next}");
}

#[test]
fn no_color_drops_every_colour_and_keeps_the_selection_visible() {
    let screen = Screen::seeds(120, 30);
    let monochrome = screen.config.monochrome_theme();
    let buf = screen.draw_with(&monochrome);
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "a coloured cell: {cell:?}");
    }
    let selected = find(&buf, "Coin World  U.S. China");
    assert!(style_at(&buf, selected).add_modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_help_lists_the_active_keys_with_their_descriptions() {
    let config = Config::layered(
        "[keys.global]\n\"x\" = \"cycle_grouping\"\n\"s\" = \"nothing\"\n",
        std::path::Path::new("c.toml"),
    )
    .unwrap();
    let mut screen = Screen::with_config(support::load(&[Source::Builtin]), config, 120, 40);
    screen.press(&[Command::Help]);
    let buf = screen.draw();
    let text = rows(&buf).join("\n");
    assert!(text.contains("┌ Help · keys"), "{text}");
    assert!(text.contains("g g, home"), "{text}");
    assert!(text.contains("first article / top of the article"));
    let (x, y) = find(&buf, "x       ");
    assert!(row(&buf, y).contains("group articles by date (newest, oldest first), source or title"));
    assert_eq!(style_at(&buf, (x, y)), Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD));
    assert!(!text.contains("  s  "), "an unbound key is not listed");
}

#[test]
fn the_help_scrolls_when_it_does_not_fit() {
    let mut screen = Screen::seeds(80, 12);
    let total = ui::help_lines(&screen.config.keymap().unwrap()).len();
    screen.press(&[Command::Help]);
    let top = rows(&screen.draw()).join("\n");
    assert!(top.contains("Everywhere"));
    // The overlay leaves 12 - 3 rows, 7 of them inside its border.
    assert!(top.contains(&format!(" 1–7 of {total} ")), "the position shows: {top}");
    screen.press(&[Command::PageDown]);
    let lower = rows(&screen.draw()).join("\n");
    assert!(!lower.contains("Everywhere"), "{lower}");
    let first = screen.state.overlay.scroll + 1;
    assert!(first > 1 && lower.contains(&format!(" {first}–{} of {total} ", first + 6)), "the position moves: {lower}");
}

#[test]
fn a_narrow_screen_shows_one_pane_at_a_time() {
    let mut screen = Screen::seeds(60, 20);
    let text = rows(&screen.draw()).join("\n");
    assert!(text.contains("Articles · 5") && !text.contains("┌ Article "));
    screen.press(&[Command::Open]);
    let text = rows(&screen.draw()).join("\n");
    assert!(text.contains("┌ Article ") && !text.contains("Articles · 5"), "{text}");
}

#[test]
fn a_tiny_terminal_says_so() {
    let screen = Screen::seeds(30, 8);
    let text = rows(&screen.draw()).join("");
    assert!(text.contains("Terminal too small: 30×8."), "{text}");
}

#[test]
fn an_empty_corpus_says_what_to_do() {
    let empty = tempfile::tempdir().unwrap();
    let screen = Screen::new(support::load_path(empty.path()), 120, 30);
    let text = rows(&screen.draw()).join("\n");
    assert!(text.contains("No articles were loaded."), "{text}");
    assert!(text.contains("newsdesk PATH..."));
}

#[test]
fn skipped_files_show_in_the_status_bar_and_the_report_lists_them() {
    let mut screen = Screen::new(support::load_path(&support::fixture("mixed")), 140, 40);
    let buf = screen.draw();
    let status = row(&buf, 39);
    assert!(status.contains("10 files skipped or partly read · ! report"), "{status}");
    assert_eq!(style_at(&buf, find(&buf, "10 files skipped")).fg, Some(Color::LightRed));
    screen.press(&[Command::ShowReport]);
    let text = rows(&screen.draw()).join("\n");
    assert!(text.contains("Load report"), "{text}");
    assert!(text.contains("records.jsonl:2: skipped: bad JSON record"), "{text}");
}

#[test]
fn mentions_are_highlighted_by_kind_and_the_current_one_stands_out() {
    let mut screen = Screen::seeds(140, 40);
    let buf = screen.draw();
    let fg = |text: &str| style_at(&buf, find(&buf, text)).fg;
    assert_eq!(fg("Kevin Hassett, director"), Some(Color::LightMagenta), "people");
    assert_eq!(fg("National Economic Council, is"), Some(Color::LightBlue), "organisations");
    assert_eq!(fg("London, with"), Some(Color::LightGreen), "places");
    assert_eq!(fg("rare earth elements. The"), Some(Color::Yellow), "commodities");
    // Plain words keep the text style.
    assert_eq!(style_at(&buf, find(&buf, "officials are preparing")), Style::default());
    // The legend names the keys that toggle each kind, in the kind's style.
    let legend = find(&buf, "1 person 2 org 3 place");
    assert_eq!(style_at(&buf, legend).fg, Some(Color::LightMagenta));

    screen.press(&[Command::NextMention]);
    let buf = screen.draw();
    let current = style_at(&buf, find(&buf, "U.S. officials"));
    assert_eq!(current.fg, Some(Color::LightGreen));
    assert!(current.add_modifier.contains(Modifier::REVERSED), "the current mention is drawn reversed");
    assert!(row(&buf, 39).contains("United States 1/8"), "{}", row(&buf, 39));

    screen.press(&[Command::TogglePlace]);
    let buf = screen.draw();
    assert_eq!(style_at(&buf, find(&buf, "London, with")).fg, None, "places switched off");
    let legend = find(&buf, "3 place");
    assert!(style_at(&buf, legend).add_modifier.contains(Modifier::CROSSED_OUT));
}

#[test]
fn while_names_are_found_the_status_bar_says_how_far_and_the_open_article_is_highlighted() {
    let mut screen = seeds_while_names_are_found(3);
    let buf = screen.draw();
    let status = row(&buf, 39);
    assert!(status.trim_end().ends_with("finding names 60%"), "{status}");
    let progress = style_at(&buf, find(&buf, "finding names 60%"));
    let message = screen.config.theme.status_message.0;
    assert_eq!(progress.fg, message.fg.filter(|&c| c != Color::Reset), "in the status bar's message style");
    assert!(progress.add_modifier.contains(Modifier::BOLD));
    assert_eq!(style_at(&buf, find(&buf, "Kevin Hassett, director")).fg, None, "no highlight yet");

    // The reader finds the open article's own names meanwhile: its mentions are highlighted.
    let open = screen.state.article_to_name(&screen.library).expect("the open article is to be named");
    let own = ArticleEntities::of(&screen.library.articles()[open], &Recogniser::builtin());
    screen.state.entities.early = Some((open, own));
    assert_eq!(screen.state.article_to_name(&screen.library), None, "named once");
    let buf = screen.draw();
    assert_eq!(style_at(&buf, find(&buf, "Kevin Hassett, director")).fg, Some(Color::LightMagenta));
    assert_eq!(style_at(&buf, find(&buf, "London, with")).fg, Some(Color::LightGreen));
    assert!(row(&buf, 39).trim_end().ends_with("finding names 60%"), "still finding the others");
    screen.press(&[Command::Down]);
    assert!(screen.state.article_to_name(&screen.library).is_some_and(|next| next != open), "the next article's turn");

    let index = screen.library.find_entities(&Recogniser::builtin(), &|_| {}, &AtomicBool::new(false));
    screen.library.set_entities(index.expect("not stopped"));
    update(&mut screen.state, &screen.library, Input::EntitiesFound { announce: true });
    let buf = screen.draw();
    let status = row(&buf, 39);
    assert!(!status.contains("finding names") && status.contains("names found: "), "{status}");
    screen.press(&[Command::Up]);
    assert_eq!(screen.state.article_to_name(&screen.library), None, "the library's names stand now");
    assert!(screen.state.open_articles_entities(&screen.library).is_none(), "its own are no longer drawn");
    let buf = screen.draw();
    assert_eq!(style_at(&buf, find(&buf, "Kevin Hassett, director")).fg, Some(Color::LightMagenta));
}

/// The seeds on a 140×40 screen, loaded without their names, `done` of 5 articles' names found.
fn seeds_while_names_are_found(done: usize) -> Screen {
    let mut screen = Screen::new(support::load_without_entities(&[Source::Builtin]), 140, 40);
    update(&mut screen.state, &screen.library, Input::FindingEntities { done, total: 5 });
    screen
}

/// The screen's text once `query` is typed into the search prompt while names are found.
fn searched_while_names_are_found(query: &str) -> String {
    let mut screen = seeds_while_names_are_found(0);
    screen.press(&[Command::Search]);
    screen.type_text(query);
    rows(&screen.draw()).join("\n")
}

#[test]
fn a_search_for_an_entity_before_names_are_found_says_why_nothing_matches() {
    let text = searched_while_names_are_found("entity:hassett");
    assert!(text.contains("No match yet: names are still being found."), "{text}");
}

#[test]
fn a_search_that_names_cannot_change_says_plainly_that_nothing_matches() {
    // No outlet is called so, and a negated name can only rule articles out.
    let text = searched_while_names_are_found("source:nowhere !entity:hassett");
    assert!(text.contains("No article matches."), "{text}");
    assert!(!text.contains("No match yet"), "{text}");
}

#[test]
fn the_entity_panel_groups_by_kind_with_counts() {
    let mut screen = Screen::seeds(140, 40);
    screen.press(&[Command::ToggleEntities]);
    let buf = screen.draw();
    let text = rows(&buf).join("\n");
    assert!(text.contains("┌ Entities · 7"), "{text}");
    let united = row(&buf, find(&buf, "United States").1);
    assert!(united.trim_end().ends_with(" 8│"), "8 mentions in the text: {united}");
    assert_eq!(style_at(&buf, find(&buf, "3 place · 3")).fg, Some(Color::Yellow), "kind headers");
    let first = find(&buf, "Kevin Hassett  ");
    assert_eq!(style_at(&buf, first).bg, Some(Color::Cyan), "the selected entity");
}

#[test]
fn the_partners_list_the_entities_named_with_one_and_enter_lists_the_articles_naming_both() {
    let mut screen = Screen::seeds(140, 40);
    screen.press(&[Command::NextMention, Command::NextMention, Command::Partners]);
    let text = rows(&screen.draw()).join("\n");
    assert!(text.contains("Named with London · "), "{text}");
    assert!(text.contains("best associated first"), "{text}");
    let partners = screen.state.entities.partners.clone().expect("the partners list is open");
    let (first, articles) = partners.rows[0];
    screen.press(&[Command::Open]);
    let buf = screen.draw();
    let text = rows(&buf).join("\n");
    assert!(text.contains(&format!("named together in {articles} articles")), "{text}");
    let pivot = screen.state.entities.pivot.clone().expect("the articles naming both");
    assert_eq!((pivot.with, pivot.rows.len()), (Some(first), articles as usize));
    // Back returns to the partners, then closes them.
    screen.press(&[Command::Back]);
    assert!(rows(&screen.draw()).join("\n").contains("Named with London"));
    screen.press(&[Command::Back]);
    assert!(screen.state.overlay.open.is_none());
}

#[test]
fn the_pivot_lists_every_article_naming_the_entity() {
    let mut screen = Screen::seeds(140, 40);
    screen.press(&[Command::NextMention, Command::NextMention, Command::Pivot]);
    let buf = screen.draw();
    let text = rows(&buf).join("\n");
    assert!(text.contains("London · place · named in 3 articles"), "{text}");
    assert!(text.contains("Sun 8 Jun 2025  Coin World"), "{text}");
    assert!(text.contains("3×"), "{text}");
}

#[test]
fn a_search_narrows_the_list_and_highlights_what_matched() {
    let mut screen = Screen::seeds(120, 30);
    screen.press(&[Command::Search]);
    screen.type_text("hassett");
    let buf = screen.draw();
    let text = rows(&buf).join("\n");
    assert!(text.contains("┌ Articles · 3 of 5 · best first "), "the three that name him: {text}");
    let prompt = find(&buf, "/ hassett");
    assert_eq!(prompt.1, 1, "the prompt is the first row of the panel");
    assert!(row(&buf, 1).contains("3/5"), "{}", row(&buf, 1));
    // The cursor sits after the query.
    assert!(style_at(&buf, (prompt.0 + 9, 1)).add_modifier.contains(Modifier::REVERSED));
    // Articles that matched by an entity say so under their row, the match highlighted.
    let why = find(&buf, "↳ entity: Kevin Hassett");
    let name = (why.0 + "↳ entity: ".chars().count() as u16, why.1);
    assert_eq!(style_at(&buf, name), Style::default().fg(Color::LightRed).add_modifier(Modifier::BOLD));
    assert_eq!(style_at(&buf, why).fg, Some(Color::DarkGray));

    // Matched characters of titles are highlighted, in the selected row and the others.
    screen.press(&[Command::ClearPrompt]);
    screen.type_text("'talks");
    let buf = screen.draw();
    // The first "Talks" in the article list (the article pane's title has one too).
    let (x, y) = (2..29)
        .find_map(|y| {
            let panel: String = row(&buf, y).chars().take(46).collect();
            panel.find("Talks").map(|b| (panel[..b].chars().count() as u16, y))
        })
        .expect("a title with Talks in the article list");
    assert_eq!(style_at(&buf, (x, y)).fg, Some(Color::LightRed));
    assert!(style_at(&buf, (x, y)).add_modifier.contains(Modifier::BOLD));
    assert_ne!(style_at(&buf, (x - 1, y)).fg, Some(Color::LightRed), "only the matched characters");
}

#[test]
fn a_query_that_does_not_parse_is_marked_and_explained_and_the_list_stays() {
    let mut screen = Screen::seeds(120, 30);
    screen.press(&[Command::Search]);
    screen.type_text("date:junk");
    let buf = screen.draw();
    let (x, y) = find(&buf, "date:junk");
    let marked = style_at(&buf, (x + 5, y));
    assert_eq!(marked.fg, Some(Color::LightRed));
    assert!(marked.add_modifier.contains(Modifier::UNDERLINED | Modifier::BOLD));
    assert!(rows(&buf).join("\n").contains("Articles · 5 · by date"), "every article is still listed");
    let status = row(&buf, 29);
    assert!(status.starts_with(" PROMPT "), "{status}");
    assert!(status.contains("junk"), "the status bar says what is wrong: {status}");
}

#[test]
fn search_hits_and_the_current_hit_are_highlighted_in_the_article() {
    let mut screen = Screen::seeds(120, 40);
    screen.press(&[Command::Search]);
    screen.type_text("'london");
    screen.press_searching(&[Command::Open, Command::NextHit]);
    let buf = screen.draw();
    let status = row(&buf, 39);
    assert!(status.contains("/'london · "), "the pinned filter shows: {status}");
    assert!(status.contains("search hit 1/"), "{status}");
    let article = screen.state.areas().article.unwrap();
    let cells: Vec<(u16, u16)> = (article.y..article.y + article.height)
        .flat_map(|y| {
            let line = row(&buf, y);
            let start = line.char_indices().map(|(i, _)| i).collect::<Vec<_>>();
            line.match_indices("London")
                .map(|(b, _)| (start.iter().position(|&s| s == b).unwrap() as u16, y))
                .collect::<Vec<_>>()
        })
        .filter(|&(x, _)| x >= article.x)
        .collect();
    assert!(cells.len() >= 2, "{cells:?}");
    let styles: Vec<Style> = cells.iter().map(|&at| style_at(&buf, at)).collect();
    assert!(styles.contains(&Style::default().fg(Color::Black).bg(Color::LightRed)), "the current hit: {styles:?}");
    assert!(styles.contains(&Style::default().fg(Color::Black).bg(Color::Yellow)), "the other hits: {styles:?}");
}

#[test]
fn the_find_prompt_counts_hits_in_the_status_bar() {
    let mut screen = Screen::seeds(120, 30);
    screen.press(&[Command::Find]);
    screen.type_text("rare");
    let buf = screen.draw();
    let status = row(&buf, 29);
    assert!(status.starts_with(" PROMPT  find: rare"), "{status}");
    assert!(status.contains(" 1/"), "{status}");
    assert!(!status.contains(" j "), "characters are typed, so hints never offer them: {status}");
}

#[test]
fn saved_searches_are_listed_first_with_their_counts() {
    let library = support::load(&[Source::Builtin]);
    let mut screen = Screen::new(library, 120, 30);
    screen
        .state
        .set_saved([("Coins".to_owned(), "'coin".to_owned()), ("Hassett".to_owned(), "entity:hassett".to_owned())]);
    update(&mut screen.state, &screen.library, Input::Worker(Response::Counted { slot: 1, count: 4 }));
    let buf = screen.draw();
    assert!(row(&buf, 1).contains("Saved searches · 2"), "{}", row(&buf, 1));
    let panel = |y| row(&buf, y).chars().take(45).collect::<String>();
    assert!(panel(2).starts_with("│/ Coins") && panel(2).trim_end().ends_with('…'), "not counted yet: {}", panel(2));
    assert!(panel(3).trim_end().ends_with('4'), "{}", panel(3));
    let at = find(&buf, "/ Hassett");
    assert_eq!(style_at(&buf, at), Style::default().fg(Color::Magenta).add_modifier(Modifier::BOLD));
}

#[test]
fn a_title_derived_from_the_text_is_dimmed_in_the_panel() {
    let dir = tempfile::tempdir().unwrap();
    let records = "{\"title\": null, \"text\": \"Crowds gathered outside parliament tonight\"}\n\
                   {\"title\": \"A stated title\", \"text\": \"Its text.\"}\n";
    std::fs::write(dir.path().join("posts.jsonl"), records).unwrap();
    let screen = Screen::new(support::load_path(dir.path()), 120, 20);
    let buf = screen.draw();
    let derived = style_at(&buf, find(&buf, "Crowds gathered"));
    assert!(derived.add_modifier.contains(Modifier::DIM), "{derived:?}");
    let stated = style_at(&buf, find(&buf, "A stated title"));
    assert!(!stated.add_modifier.contains(Modifier::DIM), "{stated:?}");
}

#[test]
fn stories_are_rows_with_a_line_of_span_outlets_and_unread() {
    let mut screen = Screen::seeds_with_stories(120, 30);
    screen.press(&[Command::ToggleStories]);
    let buf = screen.draw();
    let text = rows(&buf).join("\n");
    assert!(text.contains("┌ Stories · 2 · by story · 2 unread "), "{text}");
    assert!(text.contains("Tue 10 Jun 2025 · 1 · 1 unread"), "the day of the story's latest report: {text}");
    let london = find(&buf, "● U.S. China Trade Talks Focus on Rare E…");
    let line: String = row(&buf, london.1).chars().take(46).collect();
    assert!(line.ends_with(" 3 │"), "its articles counted at the right: {line}");
    // The open article's story is selected; the other has its unread marker.
    assert_eq!(style_at(&buf, london), Style::default().fg(Color::Black).bg(Color::Cyan));
    let kuala_lumpur = find(&buf, "● Navigating the Tech Terrain");
    assert_eq!(buf[kuala_lumpur].fg, Color::Cyan, "the unread marker");
    let info = find(&buf, "  8–10 Jun 2025 · 3 in 2 outlets · 3 unread");
    assert_eq!(info.1, london.1 + 1, "under its story");
    assert_eq!(style_at(&buf, (info.0 + 2, info.1)).fg, Some(Color::DarkGray));
    assert!(row(&buf, 29).starts_with(" ARTICLES  story 2/2 "), "{}", row(&buf, 29));
    // A story read is dimmed and loses its marker.
    screen.press(&[Command::MarkStoryRead, Command::Up]);
    let buf = screen.draw();
    let london = find(&buf, "  U.S. China Trade Talks Focus on Rare E…");
    assert_eq!(buf[london].symbol(), " ", "no marker once read");
    assert_eq!(style_at(&buf, (london.0 + 2, london.1)).fg, Some(Color::DarkGray));
}

#[test]
fn the_article_says_which_other_outlets_reported_its_story() {
    let screen = Screen::seeds_with_stories(120, 30);
    let buf = screen.draw();
    // 004 (Coin World) opens first; 000 and 002 name no outlet.
    let (x, y) = find(&buf, "also reported by: outlets not named");
    assert_eq!(y, find(&buf, "Coin World · Sun 8 Jun 2025").1 + 1, "under the metadata line");
    assert_eq!(style_at(&buf, (x, y)).fg, Some(Color::DarkGray));
    // Before the stories are found, no such line.
    let before = Screen::seeds(120, 30).draw();
    assert!(!rows(&before).join("\n").contains("also reported"));
}

#[test]
fn the_timeline_draws_a_bar_per_day_and_the_days_chosen() {
    let mut screen = Screen::seeds(120, 30);
    screen.press(&[Command::Timeline]);
    let buf = screen.draw();
    let axis = find(&buf, "8 Jun–25 Oct 2025 · 4 days/bar · 1 undated");
    // Two rows of bars above the axis; the first column (8-11 Jun, 3 articles) is full and
    // chosen, the last (22-25 Oct, one article) a third as high.
    let (x, top) = (axis.0, axis.1 - 2);
    assert_eq!((buf[(x, top)].symbol(), buf[(x, top + 1)].symbol()), ("█", "█"));
    assert_eq!(style_at(&buf, (x, top)), Style::default().fg(Color::Black).bg(Color::Yellow));
    assert_eq!(buf[(x + 34, top + 1)].symbol(), "▆");
    assert_eq!(buf[(x + 34, top)].symbol(), " ");
    assert_eq!(style_at(&buf, (x + 34, top + 1)).fg, Some(Color::Cyan));
    assert!(row(&buf, 29).starts_with(" TIMELINE "), "{}", row(&buf, 29));
}

#[test]
fn the_entity_browser_lists_every_entity_with_aligned_counts_and_marks_the_filters_matches() {
    let mut screen = Screen::seeds(120, 30);
    screen.press(&[Command::EntityBrowser]);
    let buf = screen.draw();
    let text = rows(&buf).join("\n");
    assert!(row(&buf, 0).contains(" Entities of 5 articles · "), "{text}");
    assert!(row(&buf, 0).contains(" · by articles · every kind "), "{text}");
    // The column names, the order marked; the most named entity first, selected.
    let header = row(&buf, 1);
    assert!(header.contains("name") && header.contains("kind") && header.contains("articles ▼"), "{header}");
    assert_eq!(style_at(&buf, find(&buf, "articles ▼")).fg, Some(Color::Yellow));
    let first = find(&buf, "China ");
    assert_eq!(first.1, 2, "5 articles, 35 mentions: {text}");
    assert_eq!(style_at(&buf, (1, 2)).bg, Some(Color::Cyan), "the selection");
    assert_eq!(style_at(&buf, first).fg, Some(Color::LightGreen), "a place's colour");
    // Counts are right-aligned under their column names.
    let header_end = |label: &str| header[..header.find(label).unwrap()].chars().count() + label.chars().count();
    let china: Vec<char> = row(&buf, 2).chars().collect();
    let before = |end: usize| china[..end].iter().collect::<String>();
    assert!(before(header_end("articles ▼")).ends_with(" 5"), "{}", row(&buf, 2));
    assert!(before(header_end("mentions")).ends_with(" 35"), "{}", row(&buf, 2));
    assert!(before(header_end("kind") + 8).contains("place"), "{}", row(&buf, 2));
    assert!(row(&buf, 29).starts_with(" BROWSER "), "{}", row(&buf, 29));
    assert!(row(&buf, 29).contains("entity 1/"), "{}", row(&buf, 29));

    // The filter: its prompt above the columns, the best match first, its characters marked.
    screen.press(&[Command::FilterEntities]);
    for c in "hasett".chars() {
        update(&mut screen.state, &screen.library, Input::Type(c));
    }
    let buf = screen.draw();
    let text = rows(&buf).join("\n");
    assert!(row(&buf, 1).contains("/ hasett"), "{text}");
    assert!(row(&buf, 0).contains("best match, then by articles"), "{text}");
    let hassett = find(&buf, "Kevin Hassett");
    assert_eq!(hassett.1, 3, "the first row: {text}");
    let h = (hassett.0 + 6, hassett.1);
    assert_eq!(buf[h].symbol(), "H");
    assert_eq!(style_at(&buf, h).fg, Some(Color::LightRed), "a matched character");
    assert!(style_at(&buf, h).add_modifier.contains(Modifier::BOLD));
    assert_eq!(style_at(&buf, (hassett.0, hassett.1)).fg, Some(Color::LightMagenta), "a person's colour");
    assert!(row(&buf, 29).starts_with(" PROMPT "), "{}", row(&buf, 29));
}

#[test]
fn the_entity_browser_cleans_names_before_drawing_them() {
    // A gazetteer's name may hold what a terminal would act on; the text is cleaned on load, a
    // name from a user's gazetteer only when drawn.
    let gazetteer = newsdesk::entities::Gazetteer::parse(
        "[[entity]]\nname = \"Acme\\u001b]2;PWNED\\u0007 Corp\"\nkind = \"organisation\"\naliases = [\"Acme\"]\n",
        std::path::Path::new("mine.toml"),
    )
    .unwrap();
    let recogniser = Recogniser::new(gazetteer, &newsdesk::entities::WordLists::builtin(), false);
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("a.txt"), "Acme results\n\nShares of Acme rose on Monday.\n").unwrap();
    let library = Library::load(
        &[Source::Path(folder.path().to_path_buf())],
        &newsdesk::corpus::LoadOptions::default(),
        Some(&recogniser),
        &|_| {},
    );
    assert!(library.entities().entities()[0].name.contains('\u{1b}'), "the name as the gazetteer has it");
    let mut screen = Screen::new(library, 100, 20);
    screen.press(&[Command::EntityBrowser]);
    let text = rows(&screen.draw()).join("\n");
    assert!(text.contains("Acme Corp"), "{text}");
    assert!(!text.contains("PWNED"), "{text}");
}

#[test]
fn the_help_lists_the_entity_browsers_keys_from_the_keymap() {
    let config =
        Config::layered("[keys.browser]\n\"o\" = \"sort_entities\"\n", std::path::Path::new("c.toml")).unwrap();
    let lines: Vec<String> = ui::help_lines(&config.keymap().unwrap()).iter().map(|l| format!("{l:?}")).collect();
    let at = |text: &str| lines.iter().position(|l| l.contains(text)).unwrap_or_else(|| panic!("{text}: {lines:#?}"));
    let section = at("In the entity browser (E)");
    let sort = at("sort by articles, mentions, latest date, name or kind");
    assert!(sort > section && lines[sort].contains("keys: \"o, s\""), "the key added: {}", lines[sort]);
    assert!(lines[section..].iter().any(|l| l.contains("\"/\"") && l.contains("filter the names")), "{lines:#?}");
    assert!(lines[section..].iter().any(|l| l.contains("\"tab\"") && l.contains("one kind of entity alone")));
    let global = at("\"E\"");
    assert!(global < section && lines[global].contains("every entity the listed articles name"));
}

#[test]
fn the_pivot_from_the_browser_of_a_search_says_its_articles_are_the_listed_ones() {
    let mut screen = Screen::seeds(140, 40);
    screen.press(&[Command::Search]);
    screen.type_text("london");
    screen.press(&[Command::Open, Command::Back, Command::EntityBrowser, Command::Open]);
    let text = rows(&screen.draw()).join("\n");
    assert!(text.contains(" · place · named in 3 listed articles (5 in all) "), "{text}");
}

#[test]
fn the_entity_browser_keeps_its_counts_on_a_small_terminal() {
    let mut screen = Screen::seeds(40, 10);
    screen.press(&[Command::EntityBrowser]);
    let buf = screen.draw();
    let text = rows(&buf).join("\n");
    let china = row(&buf, find(&buf, "China").1);
    assert!(china.contains(" 35 ") && china.trim_end().ends_with(" 5 │"), "kind and latest left out: {text}");
    assert!(text.contains("United Stat… "), "names cut: {text}");
    assert!(!text.contains("latest"), "{text}");
}

#[test]
fn the_help_lists_the_correction_keys_of_the_entity_panel_from_the_keymap() {
    let lines = ui::help_lines(&Config::default().keymap().unwrap());
    let panel = lines.iter().position(|l| *l == ui::HelpLine::Section("In the entity panel")).unwrap();
    let bindings: Vec<(String, &str)> = lines[panel..]
        .iter()
        .skip(1)
        .map_while(|l| match l {
            ui::HelpLine::Binding { keys, description } => Some((keys.clone(), *description)),
            _ => None,
        })
        .collect();
    for (keys, command) in [
        ("c r", Command::RenameEntity),
        ("c m", Command::MergeEntity),
        ("c k", Command::ChangeKind),
        ("c i", Command::IgnoreEntity),
        ("c u", Command::UndoCorrection),
    ] {
        assert!(bindings.contains(&(keys.to_owned(), command.description())), "{keys}: {bindings:?}");
    }
}
