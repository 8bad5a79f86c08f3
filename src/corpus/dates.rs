//! Recognises dates written in free text the way news sites write them.
//!
//! Forms: `2025-06-08` (also as the start of an ISO 8601 timestamp with a zone, whose date is
//! taken as written), `2017/2/7`, `June 8, 2025`, `Sunday, Jun 8, 2025 2:41 pm ET`, `Jun. 8th
//! 2025`, `8 June 2025`, `8th of June, 2025`, RFC 2822 (`Sun, 08 Jun 2025 14:41:00 -0400`), also
//! glued to surrounding text (`ET1min read`, `UpdatedJune 8, 2025`). Ambiguous numeric forms
//! (`06/08/2025`) are not guessed. Calendar arithmetic and validation are `jiff`'s.
//!
//! Metadata fields ([`parse_date`]) may also state a bare year (`1790`), a year and month
//! (`2017-03`, `March 2017`), or a Unix timestamp in seconds or milliseconds; the date keeps
//! the precision it was written with ([`Dated`]). A value that is no date is no date: never
//! the Unix epoch.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

const MONTHS: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?xi)
          (?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})
        | (?P<sy>\d{{4}})/(?P<sm>\d{{1,2}})/(?P<sd>\d{{1,2}})
        | (?P<m1>{MONTHS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})
        | (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTHS})\.?,?\s+(?P<y2>\d{{4}})
        | (?P<d3>\d{{1,2}})-(?P<m3>{MONTHS})-(?P<y3>\d{{4}})
        "
    );
    Regex::new(&pattern).expect("the date pattern is valid")
});

/// Finds the first date written in `text`; returns it with its byte range.
#[must_use]
pub fn find_date(text: &str) -> Option<(Date, Range<usize>)> {
    DATE.captures_iter(text).find_map(|caps| {
        let whole = caps.get(0)?;
        let (year, month, day, month_word) = if let Some(y) = caps.name("iy") {
            (y, number(caps.name("im")?.as_str())?, caps.name("id")?, None)
        } else if let Some(y) = caps.name("sy") {
            (y, number(caps.name("sm")?.as_str())?, caps.name("sd")?, None)
        } else if let Some(y) = caps.name("y1") {
            let m = caps.name("m1")?;
            (y, month_number(m.as_str())?, caps.name("d1")?, Some(m))
        } else if let Some(y) = caps.name("y3") {
            let m = caps.name("m3")?;
            (y, month_number(m.as_str())?, caps.name("d3")?, Some(m))
        } else {
            let m = caps.name("m2")?;
            (caps.name("y2")?, month_number(m.as_str())?, caps.name("d2")?, Some(m))
        };
        // Boundaries by hand (the regex crate has no look-around): no digit glued on either
        // side of a number, and a month name is either free-standing or capitalised after a
        // lower-case letter ("UpdatedJune 8").
        let before = text[..whole.start()].chars().next_back();
        let after = text[whole.end()..].chars().next();
        if after.is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        match month_word {
            Some(m) if m.start() == whole.start() => {
                let first = m.as_str().chars().next()?;
                if !first.is_uppercase() {
                    return None;
                }
                if before.is_some_and(|c| c.is_alphanumeric() && !c.is_lowercase()) {
                    return None;
                }
            }
            _ => {
                if before.is_some_and(char::is_alphanumeric) {
                    return None;
                }
                if month_word.is_some_and(|m| !m.as_str().starts_with(char::is_uppercase)) {
                    return None;
                }
            }
        }
        let date = make_date(number(year.as_str())?, month, number(day.as_str())?)?;
        Some((date, whole.range()))
    })
}

/// How precisely a date was stated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Precision {
    /// A year alone (`1790`).
    Year,
    /// A year and month (`2017-03`).
    Month,
    /// A day.
    #[default]
    Day,
}

/// A date as precisely as it was stated: the first day of its period (a year-only date is the
/// first of January, so that it sorts at the start of its year), and the precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dated {
    /// The first day of the period stated.
    pub date: Date,
    /// What was stated: a year, a month or a day.
    pub precision: Precision,
}

impl Dated {
    /// A day.
    #[must_use]
    pub fn day(date: Date) -> Self {
        Self { date, precision: Precision::Day }
    }

    /// The date as stated, in ISO 8601: `1790`, `2017-03` or `2017-03-14`.
    #[must_use]
    pub fn iso(self) -> String {
        match self.precision {
            Precision::Year => format!("{:04}", self.date.year()),
            Precision::Month => format!("{:04}-{:02}", self.date.year(), self.date.month()),
            Precision::Day => self.date.to_string(),
        }
    }
}

/// The years a metadata date may state: old speeches and archives, not typos of a timestamp.
const METADATA_YEARS: std::ops::RangeInclusive<i16> = 1000..=2999;

static YEAR_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    let pattern =
        format!(r"(?xi)^(?: (?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}}) | (?P<mw>{MONTHS})\.?,?\s+(?P<yw>\d{{4}}) )$");
    Regex::new(&pattern).expect("the year-month pattern is valid")
});

/// Reads a date from a metadata field (front matter, JSON record): any form [`find_date`]
/// knows, a year (`1790`), a year and month (`2017-03`, `March 2017`), or a Unix timestamp in
/// seconds or milliseconds (taken in UTC). `None` when it is none of them.
#[must_use]
pub fn parse_date(value: &str) -> Option<Dated> {
    let value = value.trim();
    let digits = value.strip_prefix('-').unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return date_of_number(value.parse().ok()?);
    }
    if let Some(caps) = YEAR_MONTH.captures(value) {
        let (year, month) = match (caps.name("y"), caps.name("m")) {
            (Some(y), Some(m)) => (number(y.as_str())?, number(m.as_str())?),
            _ => (number(caps.name("yw")?.as_str())?, month_number(caps.name("mw")?.as_str())?),
        };
        let date = METADATA_YEARS.contains(&year).then(|| Date::new(year, month, 1).ok()).flatten()?;
        return Some(Dated { date, precision: Precision::Month });
    }
    find_date(value).map(|(date, _)| Dated::day(date)).or_else(|| old_day(value))
}

/// A day before 1900 or after 2100 written in ISO 8601 (`1863-11-19`), which free text does not
/// take for a date but a metadata field does.
fn old_day(value: &str) -> Option<Dated> {
    let head = value.get(..10)?;
    let (y, rest) = head.split_once('-')?;
    let (m, d) = rest.split_once('-')?;
    if y.len() != 4 || m.len() != 2 || d.len() != 2 || value[10..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let year: i16 = number(y)?;
    METADATA_YEARS.contains(&year).then(|| Date::new(year, number(m)?, number(d)?).ok()).flatten().map(Dated::day)
}

/// A number read as a date: a year when it has four digits, a day when it is `YYYYMMDD` (or
/// `YYYYMMDDhhmm`, `YYYYMMDDhhmmss`), else a Unix timestamp.
#[must_use]
pub(crate) fn date_of_number(value: i64) -> Option<Dated> {
    let digits = value.to_string();
    if let 8 | 12 | 14 = digits.len()
        && let (Ok(y), Ok(m), Ok(d)) = (digits[..4].parse(), digits[4..6].parse(), digits[6..8].parse())
        && (1900..=2100).contains(&y)
        && let Ok(date) = Date::new(y, m, d)
    {
        return Some(Dated::day(date));
    }
    if let Ok(year) = i16::try_from(value)
        && METADATA_YEARS.contains(&year)
    {
        return Some(Dated { date: Date::new(year, 1, 1).ok()?, precision: Precision::Year });
    }
    // The epoch and the year after it are placeholders far more often than dates.
    if value.abs() < 366 * 86_400 {
        return None;
    }
    date_of_timestamp(value).map(Dated::day)
}

/// The UTC date of a Unix timestamp in seconds, or else in milliseconds: the first of the two
/// that falls between 1900 and 2100 (dates outside are taken for mistakes).
#[must_use]
pub(crate) fn date_of_timestamp(value: i64) -> Option<Date> {
    let in_range = |timestamp: jiff::Timestamp| {
        let date = timestamp.to_zoned(jiff::tz::TimeZone::UTC).date();
        (1900..=2100).contains(&date.year()).then_some(date)
    };
    jiff::Timestamp::from_second(value)
        .ok()
        .and_then(in_range)
        .or_else(|| jiff::Timestamp::from_millisecond(value).ok().and_then(in_range))
}

fn number<T: std::str::FromStr>(digits: &str) -> Option<T> {
    digits.parse().ok()
}

fn make_date(year: i16, month: i8, day: i8) -> Option<Date> {
    if !(1900..=2100).contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

fn month_number(word: &str) -> Option<i8> {
    let prefix = word.get(..3)?.to_ascii_lowercase();
    let index = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .iter()
        .position(|m| *m == prefix)?;
    i8::try_from(index + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn found(text: &str) -> Option<Date> {
        find_date(text).map(|(d, _)| d)
    }

    #[test]
    fn news_forms_are_recognised() {
        let june8 = Some(date(2025, 6, 8));
        assert_eq!(found("Sunday, Jun 8, 2025 2:41 pm ET"), june8);
        assert_eq!(found("June 8, 2025"), june8);
        assert_eq!(found("Published June 8th, 2025 at noon"), june8);
        assert_eq!(found("Jun. 8 2025"), june8);
        assert_eq!(found("8 June 2025"), june8);
        assert_eq!(found("8th of June, 2025"), june8);
        assert_eq!(found("2025-06-08"), june8);
        assert_eq!(found("2025-06-08T23:30:00-04:00"), june8);
        assert_eq!(found("Sun, 08 Jun 2025 14:41:00 -0400"), june8);
        assert_eq!(found("SEPT. 30, 2024"), Some(date(2024, 9, 30)));
        assert_eq!(found("2017/2/7"), Some(date(2017, 2, 7)));
    }

    #[test]
    fn dates_glued_to_other_text_are_found() {
        assert_eq!(found("Sunday, Jun 8, 2025 2:41 pm ET1min read"), Some(date(2025, 6, 8)));
        assert_eq!(found("UpdatedJune 8, 2025"), Some(date(2025, 6, 8)));
        assert_eq!(found("Posted:2025-06-08"), Some(date(2025, 6, 8)));
    }

    #[test]
    fn range_covers_the_date_only() {
        let text = "Sunday, Jun 8, 2025 2:41 pm ET";
        let (_, range) = find_date(text).unwrap();
        assert_eq!(&text[range], "Jun 8, 2025");
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_rejected() {
        assert_eq!(found("February 30, 2025"), None);
        assert_eq!(found("2025-13-01"), None);
        assert_eq!(found("06/08/2025"), None);
        assert_eq!(found("12025-06-08"), None);
        assert_eq!(found("2025-06-081"), None);
        assert_eq!(found("we may 8 2025"), None);
        assert_eq!(found("in 1066 a march 12 1066"), None);
        assert_eq!(found("no date here, only 2025"), None);
    }

    #[test]
    fn a_false_start_does_not_hide_a_later_date() {
        assert_eq!(found("ref 12025-01-01, then June 8, 2025"), Some(date(2025, 6, 8)));
    }

    #[allow(clippy::unnecessary_wraps)] // compared with what parse_date returns
    fn day(y: i16, m: i8, d: i8) -> Option<Dated> {
        Some(Dated::day(date(y, m, d)))
    }

    #[allow(clippy::unnecessary_wraps)] // compared with what parse_date returns
    fn stated(y: i16, m: i8, precision: Precision) -> Option<Dated> {
        Some(Dated { date: date(y, m, 1), precision })
    }

    #[test]
    fn metadata_fields_accept_every_common_form() {
        assert_eq!(parse_date("1749393660"), day(2025, 6, 8), "Unix seconds");
        assert_eq!(parse_date("1749393660000"), day(2025, 6, 8), "Unix milliseconds");
        assert_eq!(parse_date(" 2025-06-08 "), day(2025, 6, 8));
        assert_eq!(parse_date("2025-06-08T23:30:00-04:00"), day(2025, 6, 8), "the date as written");
        assert_eq!(parse_date("2025-06-08T14:41:00Z"), day(2025, 6, 8));
        assert_eq!(parse_date("Sun, 08 Jun 2025 14:41:00 GMT"), day(2025, 6, 8), "RFC 2822");
        assert_eq!(parse_date("March 3, 2017"), day(2017, 3, 3));
        assert_eq!(parse_date("3 March 2017"), day(2017, 3, 3));
        assert_eq!(parse_date("Mar. 3, 2017"), day(2017, 3, 3));
        assert_eq!(parse_date("1863-11-19"), day(1863, 11, 19), "an old day in ISO 8601");
        assert_eq!(parse_date("26-FEB-1987 15:01:01.79"), day(1987, 2, 26), "Reuters-21578's form");
        assert_eq!(parse_date("20170314"), day(2017, 3, 14), "YYYYMMDD");
        assert_eq!(parse_date("201703141200"), day(2017, 3, 14), "YYYYMMDDhhmm, not milliseconds");
    }

    #[test]
    fn a_year_or_a_month_keeps_its_precision() {
        assert_eq!(parse_date("1790"), stated(1790, 1, Precision::Year));
        assert_eq!(parse_date("2017-03"), stated(2017, 3, Precision::Month));
        assert_eq!(parse_date("March 2017"), stated(2017, 3, Precision::Month));
        assert_eq!(date_of_number(1790), stated(1790, 1, Precision::Year));
        assert_eq!(parse_date("1790").map(Dated::iso).as_deref(), Some("1790"));
        assert_eq!(parse_date("2017-03").map(Dated::iso).as_deref(), Some("2017-03"));
    }

    #[test]
    fn what_is_no_date_is_no_date_never_1970() {
        for value in ["soon", "", "0", "86400", "2017-13", "2017-02-30", "99999", "n/a", "-"] {
            assert_eq!(parse_date(value), None, "{value:?}");
        }
        assert_eq!(date_of_number(0), None);
    }

    proptest::proptest! {
        /// Any valid day, written in any form a metadata field uses, reads back as that day.
        #[test]
        fn every_valid_day_reads_back(days in 0i64..73_000, form in 0usize..7) {
            let first = date(1900, 1, 1);
            let day = first.checked_add(jiff::Span::new().days(days)).unwrap();
            if day.year() > 2100 {
                return Ok(());
            }
            let noon = day.to_zoned(jiff::tz::TimeZone::UTC).unwrap().checked_add(jiff::Span::new().hours(12)).unwrap();
            let written = match form {
                0 => day.to_string(),
                1 => day.strftime("%B %-d, %Y").to_string(),
                2 => day.strftime("%-d %B %Y").to_string(),
                3 => day.strftime("%b. %-d, %Y").to_string(),
                4 => jiff::fmt::rfc2822::to_string(&noon).unwrap(),
                5 => noon.timestamp().as_second().to_string(),
                _ => noon.timestamp().as_millisecond().to_string(),
            };
            // Timestamps are of news: after the epoch's first year, which is taken for a
            // placeholder.
            // In 1976, a 12-digit millisecond count may read as YYYYMMDDhhmm, which wins.
            if form >= 5 && (day < date(1971, 1, 2) || (form == 6 && day.year() == 1976)) {
                return Ok(());
            }
            proptest::prop_assert_eq!(parse_date(&written), Some(Dated::day(day)), "{}", written);
        }
    }
}
