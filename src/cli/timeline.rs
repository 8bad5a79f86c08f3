//! `newsdesk timeline`: how many articles tell of each day, week or month (their date, else
//! the date of the event they report), every period from the first to the last listed, empty
//! ones too; undated articles counted apart.

use std::io::{self, Write};

use jiff::ToSpan;
use jiff::civil::Date;

use crate::library::Library;

/// The length of a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// A row per day.
    Day,
    /// A row per week, Monday to Sunday (ISO 8601: `2025-W23`).
    Week,
    /// A row per month.
    Month,
}

/// How the timeline is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns with a bar per period.
    Table,
    /// One JSON object: the periods and the undated count.
    Json,
    /// Comma-separated values with a header row; the undated count is the last row.
    Csv,
}

/// One period and its articles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// Its name: `2025-06-08`, `2025-W23`, `2025-06`.
    pub name: String,
    /// Its first day.
    pub first: Date,
    /// Its last day.
    pub last: Date,
    /// Articles that tell of a day in it.
    pub articles: usize,
}

/// The periods from the first listed article's to the last's, and how many are undated.
#[must_use]
pub fn periods(library: &Library, articles: &[usize], by: By) -> (Vec<Period>, usize) {
    let days: Vec<Date> = articles.iter().filter_map(|&a| library.articles()[a].day()).collect();
    let undated = articles.len() - days.len();
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else { return (Vec::new(), undated) };
    let mut out = Vec::new();
    let mut start = start_of(first, by);
    while start <= last {
        let next = match by {
            By::Day => start.tomorrow(),
            By::Week => start.checked_add(1.week()),
            By::Month => start.checked_add(1.month()),
        };
        let end = next.as_ref().ok().and_then(|n| n.yesterday().ok()).unwrap_or(Date::MAX);
        out.push(Period { name: name(start, by), first: start, last: end, articles: 0 });
        match next {
            Ok(next) => start = next,
            Err(_) => break,
        }
    }
    for day in days {
        let at = out.partition_point(|p| p.last < day);
        out[at].articles += 1;
    }
    (out, undated)
}

/// The first day of the period holding `day`.
fn start_of(day: Date, by: By) -> Date {
    match by {
        By::Day => day,
        By::Week => day.checked_sub(i64::from(day.weekday().to_monday_zero_offset()).days()).unwrap_or(day),
        By::Month => day.first_of_month(),
    }
}

fn name(start: Date, by: By) -> String {
    match by {
        By::Day => start.to_string(),
        By::Week => {
            let week = start.iso_week_date();
            format!("{}-W{:02}", week.year(), week.week())
        }
        By::Month => start.strftime("%Y-%m").to_string(),
    }
}

/// Width of the table's longest bar.
const BAR_WIDTH: usize = 40;

/// Prints the periods.
pub fn print(periods: &[Period], undated: usize, by: By, format: Format) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = periods
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "period": p.name,
                        "first": p.first.to_string(),
                        "last": p.last.to_string(),
                        "articles": p.articles,
                    })
                })
                .collect();
            let by = format!("{by:?}").to_lowercase();
            let json = serde_json::json!({ "by": by, "periods": rows, "undated": undated });
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        Format::Csv => {
            writeln!(out, "period,first,last,articles")?;
            for p in periods {
                writeln!(out, "{},{},{},{}", p.name, p.first, p.last, p.articles)?;
            }
            writeln!(out, "undated,,,{undated}")?;
        }
        Format::Table => {
            let highest = periods.iter().map(|p| p.articles).max().unwrap_or(0).max(1);
            let width = periods.iter().map(|p| p.name.len()).max().unwrap_or(6).max(6);
            writeln!(out, "{:<width$}  {:>8}", "PERIOD", "ARTICLES")?;
            for p in periods {
                let bar = "█".repeat((p.articles * BAR_WIDTH).div_ceil(highest));
                writeln!(out, "{:<width$}  {:>8}  {bar}", p.name, p.articles)?;
            }
            writeln!(out, "{:<width$}  {:>8}", "undated", undated)?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_period_from_first_to_last_is_listed_with_its_articles() {
        let library = crate::testing::seeds();
        let all: Vec<usize> = (0..library.articles().len()).collect();
        let (days, undated) = periods(&library, &all, By::Day);
        assert_eq!(undated, 1);
        assert_eq!(days.len(), 140, "8 Jun to 25 Oct 2025, empty days too");
        assert_eq!((days[0].name.as_str(), days[0].articles), ("2025-06-08", 1));
        assert_eq!(days.iter().map(|d| d.articles).sum::<usize>(), 4);
        let (weeks, _) = periods(&library, &all, By::Week);
        assert_eq!((weeks[0].name.as_str(), weeks[0].first.to_string().as_str()), ("2025-W23", "2025-06-02"));
        assert_eq!(weeks[0].articles, 1, "Sunday 8 Jun closes week 23");
        assert_eq!(weeks[1].articles, 2, "9 and 10 Jun");
        let (months, _) = periods(&library, &all, By::Month);
        let counts: Vec<(&str, usize)> = months.iter().map(|m| (m.name.as_str(), m.articles)).collect();
        assert_eq!(counts, [("2025-06", 3), ("2025-07", 0), ("2025-08", 0), ("2025-09", 0), ("2025-10", 1)]);
    }
}
