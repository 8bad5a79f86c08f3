//! The entity views: the panel of the open article's entities, grouped by kind with their
//! mention counts, and the list of every article that names an entity.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

use super::{View, fit, put};
use crate::reader::entity_list::{PanelRow, panel_rows};
use crate::reader::listing::day_label;
use crate::reader::state::Focus;

pub(super) fn render_panel(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, library, theme, .. } = view;
    let focused = state.focus == Focus::Entities && state.overlay.open.is_none();
    let Some(reading) = &state.reading else { return };
    let rows = panel_rows(library, reading.index);
    let entities = rows.iter().filter(|r| matches!(r, PanelRow::Entity { .. })).count();
    Block::bordered()
        .border_style(if focused { theme.border_focused.0 } else { theme.border.0 })
        .title(format!(" Entities · {entities} "))
        .render(area, buf);
    let inner = Rect::new(area.x + 1, area.y + 1, area.width.saturating_sub(2), area.height.saturating_sub(2));
    if rows.is_empty() {
        put(buf, inner.x + 1, inner.y, "This article names no entities.", inner.width.saturating_sub(1), theme.meta.0);
        return;
    }
    let selected = state.entities.panel.unwrap_or(0);
    // The row of the selected entity, kept in view.
    let mut entity_rows = rows.iter().enumerate().filter(|(_, r)| matches!(r, PanelRow::Entity { .. })).map(|(i, _)| i);
    let selected_row = entity_rows.nth(selected).unwrap_or(0);
    let height = usize::from(inner.height);
    let offset = (selected_row + 1).saturating_sub(height);
    let index = library.entities();
    for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
        let y = inner.y + (i - offset) as u16;
        match row {
            PanelRow::Kind { kind, count } => {
                let hidden = if state.entities.hidden_kinds[kind.index()] { " (not highlighted)" } else { "" };
                let label = format!("{} {} · {count}{hidden}", kind.index() + 1, kind.name());
                put(buf, inner.x, y, &label, inner.width, theme.help_section.0);
            }
            PanelRow::Entity { id, mentions } => {
                let entity = index.entity(*id);
                let style = if i == selected_row && focused {
                    theme.selected.0
                } else if i == selected_row {
                    theme.selected_unfocused.0
                } else {
                    theme.text.0
                };
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
                let count = if *mentions == 0 { "title".to_owned() } else { format!("{mentions:>3}") };
                let name_width = inner.width.saturating_sub(count.len() as u16 + 3);
                put(buf, inner.x + 2, y, &entity.name, name_width, style.patch(theme.kind(entity.kind)));
                put(buf, inner.x + inner.width - count.len() as u16, y, &count, count.len() as u16, style);
            }
        }
    }
}

/// Draws a bordered list window (cleared, titled, a hint at the bottom) and yields the rows
/// to fill (of `len`), scrolled so that `selected` is in view: each row's number, screen row and style
/// (the selected one highlighted, its background set).
fn list_window(
    view: View<'_>,
    area: Rect,
    title: String,
    bottom: &'static str,
    (selected, len): (usize, usize),
    buf: &mut Buffer,
) -> Vec<(usize, u16, ratatui::style::Style)> {
    let theme = view.theme;
    Clear.render(area, buf);
    Block::bordered()
        .border_style(theme.border_focused.0)
        .title(title)
        .title_bottom(Line::from(bottom).right_aligned())
        .render(area, buf);
    let inner = Rect::new(area.x + 1, area.y + 1, area.width.saturating_sub(2), area.height.saturating_sub(2));
    let height = usize::from(inner.height);
    let offset = (selected + 1).saturating_sub(height);
    (offset..(offset + height).min(len))
        .map(|i| {
            let y = inner.y + (i - offset) as u16;
            let style = if i == selected { theme.selected.0 } else { theme.text.0 };
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
            (i, y, style)
        })
        .collect()
}

pub(super) fn render_partners(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, library, theme, .. } = view;
    let Some(partners) = &state.entities.partners else { return };
    let index = library.entities();
    let entity = index.entity(partners.entity);
    let title =
        format!(" Named with {} · {} entities, best associated first ", fit(&entity.name, 40), partners.rows.len());
    let bottom = " enter lists the articles naming both · backspace closes ";
    for (i, y, style) in list_window(view, area, title, bottom, (partners.selected, partners.rows.len()), buf) {
        let Some(&(partner, articles)) = partners.rows.get(i) else { break };
        let inner = Rect::new(area.x + 1, area.y + 1, area.width.saturating_sub(2), area.height.saturating_sub(2));
        let partner = index.entity(partner);
        let count = format!("{articles:>3} {}", if articles == 1 { "article" } else { "articles" });
        let count_x = (inner.x + inner.width).saturating_sub(count.len() as u16 + 1);
        put(buf, inner.x + 1, y, partner.kind.name(), 12, style.patch(theme.meta.0));
        let name_style = style.patch(theme.kind(partner.kind));
        put(buf, inner.x + 14, y, &partner.name, count_x.saturating_sub(inner.x + 15), name_style);
        put(buf, count_x, y, &count, count.len() as u16, style);
    }
}

pub(super) fn render_pivot(view: View<'_>, area: Rect, buf: &mut Buffer) {
    let View { state, library, theme, .. } = view;
    let Some(pivot) = &state.entities.pivot else { return };
    let entity = library.entities().entity(pivot.entity);
    let title = match pivot.with {
        Some(with) => format!(
            " {} with {} · named together in {} articles ",
            fit(&entity.name, 30),
            fit(&library.entities().entity(with).name, 30),
            pivot.rows.len()
        ),
        // From the entity browser, the articles of the list alone.
        None if pivot.rows.len() < entity.articles.len() => format!(
            " {} · {} · named in {} listed articles ({} in all) ",
            fit(&entity.name, 40),
            entity.kind.name(),
            pivot.rows.len(),
            entity.articles.len()
        ),
        None => {
            format!(" {} · {} · named in {} articles ", fit(&entity.name, 40), entity.kind.name(), pivot.rows.len())
        }
    };
    let bottom = " enter opens at its first mention · backspace comes back ";
    for (i, y, style) in list_window(view, area, title, bottom, (pivot.selected, pivot.rows.len()), buf) {
        let Some(&(article, count)) = pivot.rows.get(i) else { break };
        let inner = Rect::new(area.x + 1, area.y + 1, area.width.saturating_sub(2), area.height.saturating_sub(2));
        let a = &library.articles()[article];
        let date = a.date.map_or_else(|| "undated".to_owned(), |_| a.dated(day_label));
        put(buf, inner.x + 1, y, &date, 15, style.patch(theme.meta.0));
        put(buf, inner.x + 17, y, library.source_name(a.source), 14, style);
        let count = format!("{count:>3}×");
        let count_x = (inner.x + inner.width).saturating_sub(count.len() as u16 + 1);
        put(buf, inner.x + 32, y, &a.title, count_x.saturating_sub(inner.x + 33), style);
        put(buf, count_x, y, &count, count.len() as u16, style);
    }
}
