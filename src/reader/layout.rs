//! Where everything goes on screen, as a pure function of the terminal's size, so that the
//! update logic (paging, wrapping, mouse clicks) and the drawing agree on it.

use ratatui::layout::Rect;

/// Below this size only a "terminal too small" line is drawn.
pub const MIN_SIZE: (u16, u16) = (40, 10);
/// Below this width one pane is shown at a time.
pub const NARROW_WIDTH: u16 = 80;

/// The areas of the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Areas {
    /// The article list, when shown.
    pub panel: Option<Rect>,
    /// The search prompt at the top of the article list, when open.
    pub prompt: Option<Rect>,
    /// The rows of articles in the article list (below the prompt, above the timeline).
    pub list: Option<Rect>,
    /// The timeline strip at the bottom of the article list, when open.
    pub timeline: Option<Rect>,
    /// The article pane, when shown.
    pub article: Option<Rect>,
    /// The entity panel, when open.
    pub entities: Option<Rect>,
    /// The status bar.
    pub status: Rect,
    /// True when the terminal is too small to draw anything useful.
    pub too_small: bool,
    /// True when one pane is shown at a time.
    pub narrow: bool,
}

/// What is open beside the panes: the entity panel, the search prompt, the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Open {
    /// The entity panel, right of the article.
    pub entity_panel: bool,
    /// The search prompt, atop the article list.
    pub prompt: bool,
    /// The timeline, at the foot of the article list.
    pub timeline: bool,
}

/// Rows of the timeline: the bars and the line under them.
pub const TIMELINE_HEIGHT: u16 = 3;

/// Width of the entity panel.
pub const ENTITY_PANEL_WIDTH: u16 = 34;

/// Lays out a `width` × `height` terminal. On a narrow one, `article_shown` picks the pane.
/// An open entity panel takes the right of the article pane (all of it when that is narrow);
/// a search prompt takes the top row of the article list, an open timeline its bottom
/// [`TIMELINE_HEIGHT`] rows.
#[must_use]
pub fn areas(width: u16, height: u16, list_width: u16, article_shown: bool, panes_open: Open) -> Areas {
    let mut areas = panes(width, height, list_width, article_shown);
    if let Some(panel) = areas.panel {
        let mut rows = inner(panel);
        if panes_open.prompt {
            areas.prompt = Some(Rect { height: 1, ..rows });
            rows = Rect { y: rows.y + 1, height: rows.height.saturating_sub(1), ..rows };
        }
        if panes_open.timeline && rows.height > TIMELINE_HEIGHT + 2 {
            let list = rows.height - TIMELINE_HEIGHT;
            areas.timeline = Some(Rect { y: rows.y + list, height: TIMELINE_HEIGHT, ..rows });
            rows.height = list;
        }
        areas.list = Some(rows);
    }
    let entity_panel = panes_open.entity_panel;
    if let (true, Some(article)) = (entity_panel, areas.article) {
        if article.width >= ENTITY_PANEL_WIDTH * 2 {
            let left = article.width - ENTITY_PANEL_WIDTH;
            areas.article = Some(Rect { width: left, ..article });
            areas.entities = Some(Rect { x: article.x + left, width: ENTITY_PANEL_WIDTH, ..article });
        } else {
            areas.article = None;
            areas.entities = Some(article);
        }
    }
    areas
}

fn panes(width: u16, height: u16, list_width: u16, article_shown: bool) -> Areas {
    let screen = Rect::new(0, 0, width, height);
    if width < MIN_SIZE.0 || height < MIN_SIZE.1 {
        return Areas { status: screen, too_small: true, ..Areas::default() };
    }
    let body = Rect::new(0, 0, width, height - 1);
    let status = Rect::new(0, height - 1, width, 1);
    if width < NARROW_WIDTH {
        let (panel, article) = if article_shown { (None, Some(body)) } else { (Some(body), None) };
        return Areas { panel, article, status, narrow: true, ..Areas::default() };
    }
    let left = list_width.clamp(24, width / 2);
    Areas {
        panel: Some(Rect::new(0, 0, left, body.height)),
        article: Some(Rect::new(left, 0, width - left, body.height)),
        status,
        ..Areas::default()
    }
}

/// The text of the article pane: inside its border, a column of margin on each side, and a
/// column for the scrollbar on the right.
#[must_use]
pub fn article_text(pane: Rect) -> Rect {
    let inside = inner(pane);
    Rect::new(inside.x + 1, inside.y, inside.width.saturating_sub(3), inside.height)
}

/// A window over the panes (help, report): centred, leaving the status bar visible.
#[must_use]
pub fn overlay(screen: Rect) -> Rect {
    let width = screen.width.saturating_sub(4).min(96);
    let height = screen.height.saturating_sub(3);
    Rect::new(screen.x + (screen.width - width) / 2, screen.y + 1, width, height)
}

/// The entity browser's areas: its window (the whole screen above the status bar), and inside
/// it the filter's row (when shown), the row of column names, and the rows of entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct BrowserAreas {
    /// The bordered window.
    pub window: Rect,
    /// The filter's row, when a filter is typed or kept.
    pub filter: Option<Rect>,
    /// The column names.
    pub header: Rect,
    /// The entities.
    pub rows: Rect,
}

/// Lays out the entity browser on a `width` × `height` terminal.
#[must_use]
pub fn browser(width: u16, height: u16, filter_shown: bool) -> BrowserAreas {
    let window = Rect::new(0, 0, width, height.saturating_sub(1));
    let mut rows = inner(window);
    let filter = filter_shown.then(|| {
        let row = Rect { height: 1, ..rows };
        rows = Rect { y: rows.y + 1, height: rows.height.saturating_sub(1), ..rows };
        row
    });
    let header = Rect { height: 1, ..rows };
    rows = Rect { y: rows.y + 1, height: rows.height.saturating_sub(1), ..rows };
    BrowserAreas { window, filter, header, rows }
}

fn inner(rect: Rect) -> Rect {
    Rect::new(rect.x + 1, rect.y + 1, rect.width.saturating_sub(2), rect.height.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_timeline_takes_the_foot_of_the_list() {
        let open = Open { entity_panel: false, prompt: true, timeline: true };
        let areas = areas(120, 40, 46, false, open);
        let (list, timeline) = (areas.list.unwrap(), areas.timeline.unwrap());
        assert_eq!(timeline, Rect::new(1, 38 - TIMELINE_HEIGHT, 44, TIMELINE_HEIGHT));
        assert_eq!(list.y + list.height, timeline.y);
        assert_eq!(areas.prompt.unwrap().y, 1);
    }

    #[test]
    fn wide_terminals_show_both_panes() {
        let areas = areas(120, 40, 46, false, Open { entity_panel: false, prompt: false, timeline: false });
        assert_eq!(areas.panel, Some(Rect::new(0, 0, 46, 39)));
        assert_eq!(areas.article, Some(Rect::new(46, 0, 74, 39)));
        assert_eq!(areas.status, Rect::new(0, 39, 120, 1));
        assert_eq!(article_text(areas.article.unwrap()).width, 69);
    }

    #[test]
    fn a_search_prompt_takes_the_first_row_of_the_articles_panel() {
        let plain = areas(120, 40, 46, false, Open { entity_panel: false, prompt: false, timeline: false });
        assert_eq!(plain.list, Some(Rect::new(1, 1, 44, 37)));
        let searching = areas(120, 40, 46, false, Open { entity_panel: false, prompt: true, timeline: false });
        assert_eq!(searching.prompt, Some(Rect::new(1, 1, 44, 1)));
        assert_eq!(searching.list, Some(Rect::new(1, 2, 44, 36)));
    }

    #[test]
    fn narrow_terminals_show_one_pane() {
        assert!(
            areas(60, 20, 46, false, Open { entity_panel: false, prompt: false, timeline: false }).article.is_none()
        );
        assert!(areas(60, 20, 46, true, Open { entity_panel: false, prompt: false, timeline: false }).panel.is_none());
    }

    #[test]
    fn the_entity_panel_takes_the_right_of_the_article_pane() {
        let wide = areas(120, 40, 46, true, Open { entity_panel: true, prompt: false, timeline: false });
        assert_eq!(wide.entities, Some(Rect::new(86, 0, 34, 39)));
        assert_eq!(wide.article, Some(Rect::new(46, 0, 40, 39)));
        let narrow = areas(60, 20, 46, true, Open { entity_panel: true, prompt: false, timeline: false });
        assert_eq!((narrow.article, narrow.entities), (None, Some(Rect::new(0, 0, 60, 19))));
    }

    #[test]
    fn the_entity_browser_takes_the_screen_above_the_status_bar() {
        let plain = browser(120, 40, false);
        assert_eq!(plain.window, Rect::new(0, 0, 120, 39));
        assert_eq!((plain.filter, plain.header), (None, Rect::new(1, 1, 118, 1)));
        assert_eq!(plain.rows, Rect::new(1, 2, 118, 36));
        let filtering = browser(120, 40, true);
        assert_eq!(filtering.filter, Some(Rect::new(1, 1, 118, 1)));
        assert_eq!((filtering.header.y, filtering.rows), (2, Rect::new(1, 3, 118, 35)));
    }

    #[test]
    fn tiny_terminals_are_too_small() {
        assert!(areas(39, 20, 46, false, Open { entity_panel: false, prompt: false, timeline: false }).too_small);
        assert!(areas(80, 9, 46, false, Open { entity_panel: false, prompt: false, timeline: false }).too_small);
        assert!(!areas(40, 10, 46, false, Open { entity_panel: false, prompt: false, timeline: false }).too_small);
    }
}
