//! The timeline strip at the foot of the article list: a bar per column (a day, or a few)
//! two rows high, the days chosen highlighted, and under it the first and last day and how
//! many listed articles are undated.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{View, put};
use crate::reader::listing::span_label;
use crate::reader::timeline;

/// Eighths of a cell, lowest first.
const BARS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

pub(super) fn render(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, library, theme, .. } = view;
    let Some(strip) = timeline::of_list(state, library) else {
        put(buf, area.x, area.y, "No dated article is listed.", area.width, theme.meta.0);
        return;
    };
    let rows = area.height.saturating_sub(1).max(1);
    let levels = usize::from(rows) * 8;
    let highest = strip.counts.iter().copied().max().unwrap_or(1).max(1);
    let chosen = state.timeline.map(|c| c.anchor.min(c.cursor)..=c.anchor.max(c.cursor));
    for (column, &count) in strip.counts.iter().enumerate() {
        // Any article shows at least the lowest bar.
        let height = if count == 0 { 0 } else { (count * levels).div_ceil(highest).max(1) };
        let style = if chosen.as_ref().is_some_and(|c| c.contains(&column)) {
            theme.timeline_chosen.0
        } else {
            theme.timeline.0
        };
        let x = area.x + column as u16;
        for row in 0..rows {
            // Row 0 is the top: it shows what is left above the rows below it.
            let below = usize::from(rows - 1 - row) * 8;
            let cell = height.saturating_sub(below).min(8);
            put(buf, x, area.y + row, BARS[cell], 1, style);
        }
    }
    let (first, last) = strip.days(0, strip.counts.len() - 1);
    let mut axis = vec![span_label(first, last)];
    if strip.days_per_column > 1 {
        axis.push(format!("{} days/bar", strip.days_per_column));
    }
    if strip.undated > 0 {
        axis.push(format!("{} undated", strip.undated));
    }
    let axis = axis.join(" · ");
    put(buf, area.x, area.y + rows, &axis, area.width, theme.meta.0);
}
