//! Calendar dates with day or month precision, as written in packs and decks.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar date written `YYYY-MM-DD`, or `YYYY-MM` when the day is not known.
///
/// Dates order chronologically; a month-only date sorts before any day of that month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// Month 1–12.
    pub month: u8,
    /// Day of month, when known.
    pub day: Option<u8>,
}

/// Why a date string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad date `{text}`: {reason}; expected YYYY-MM-DD, or YYYY-MM when the day is not known")]
pub struct DateError {
    /// The text that was given.
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}

impl Date {
    /// Today's date (UTC) from the system clock, e.g. for a new pack's `as_of`.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let z = (secs / 86_400) as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year.clamp(0, 9999) as u16,
            month: month as u8,
            day: Some(day as u8),
        }
    }

    /// Days since 1970-01-01 (a month-only date counts from the month's first day).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day.unwrap_or(1)));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Whole days from `earlier` to this date (negative when `earlier` is later).
    pub fn days_since(&self, earlier: Date) -> i64 {
        self.days_since_epoch() - earlier.days_since_epoch()
    }

    /// A date with a known day. Panics never; returns an error for impossible dates.
    pub fn ymd(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        Self::parse(&format!("{year:04}-{month:02}-{day:02}"))
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let err = |reason: &str| DateError {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let parts: Vec<&str> = text.trim().split('-').collect();
        if !(parts.len() == 2 || parts.len() == 3) {
            return Err(err(
                "expected year, month and optionally day separated by '-'",
            ));
        }
        let num = |s: &str, width: usize, what: &str| -> Result<u32, DateError> {
            if s.len() != width || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(&format!("the {what} must be {width} digits")));
            }
            s.parse::<u32>()
                .map_err(|_| err(&format!("the {what} is not a number")))
        };
        let year = num(parts[0], 4, "year")?;
        if year < 1000 {
            return Err(err("the year must be 1000 or later"));
        }
        let month = num(parts[1], 2, "month")?;
        if !(1..=12).contains(&month) {
            return Err(err("the month must be 01–12"));
        }
        let day = match parts.get(2) {
            Some(d) => {
                let day = num(d, 2, "day")?;
                let max = days_in_month(year, month);
                if day == 0 || day > max {
                    return Err(err(&format!("the day must be 01–{max} in that month")));
                }
                Some(day as u8)
            }
            None => None,
        };
        Ok(Date {
            year: year as u16,
            month: month as u8,
            day,
        })
    }

    /// A human-friendly form, e.g. `10 February 2026` or `February 2026`.
    pub fn long(&self) -> String {
        let month = MONTHS
            .get(usize::from(self.month.saturating_sub(1)))
            .copied()
            .unwrap_or("?");
        match self.day {
            Some(d) => format!("{d} {month} {}", self.year),
            None => format!("{month} {}", self.year),
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Date::parse(&value)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl crate::error::Hinted for DateError {
    fn hint(&self) -> Option<String> {
        crate::error::hint("write dates as YYYY-MM-DD (or YYYY-MM when the day is not known)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_between_dates() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2026-11-25").days_since(d("2026-02-12")), 286);
        assert_eq!(d("2024-03-01").days_since(d("2024-02-28")), 2);
        assert_eq!(d("2026-03").days_since(d("2026-02-28")), 1);
        assert!(Date::today().days_since_epoch() > 20_000);
    }

    #[test]
    fn parses_day_and_month_precision() {
        assert_eq!(Date::parse("2026-02-10").unwrap().to_string(), "2026-02-10");
        assert_eq!(Date::parse("2026-02").unwrap().day, None);
        assert_eq!(
            Date::parse("2026-02-10").unwrap().long(),
            "10 February 2026"
        );
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "26-02-01",
            "2026/02/01",
            "2026",
            "2026-2-1",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn orders_chronologically() {
        let a = Date::parse("2026-02").unwrap();
        let b = Date::parse("2026-02-01").unwrap();
        let c = Date::parse("2025-12-31").unwrap();
        assert!(c < a && a < b);
    }
}
