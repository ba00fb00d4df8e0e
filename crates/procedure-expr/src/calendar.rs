//! Calendars of open days, which the calendar functions (`is_open_day`, `next_open_day`,
//! `previous_open_day`) consult.
//!
//! The language knows no calendar itself: whoever builds the [`crate::Env`] adds the calendars
//! its expressions may name, so that the tables of closed days live with the procedures that
//! need them and evaluation stays pure (a calendar is a table fixed before any expression runs).

use std::fmt;

use jiff::civil::Date;

/// A calendar of open and closed days, known for the years of its horizon only.
///
/// Every answer is `None` outside the horizon: an expression that asks past it fails with
/// `procedure::expr::outside_calendar` rather than guess.
pub trait OpenDays: fmt::Debug + Send + Sync {
    /// The name expressions use for it, e.g. `jp_admin`.
    fn name(&self) -> &'static str;

    /// The first and last years it answers for.
    fn horizon(&self) -> (i16, i16);

    /// Whether `date` is an open day.
    fn is_open(&self, date: Date) -> Option<bool>;

    /// The most consecutive closed days in the horizon: how far `next_open_day` or
    /// `previous_open_day` can move a date, which the procedure checks reason with.
    fn longest_closure(&self) -> u16;

    /// `date` when it is open, else the first open day after it.
    fn next_open_on_or_after(&self, date: Date) -> Option<Date>;

    /// `date` when it is open, else the last open day before it.
    fn last_open_on_or_before(&self, date: Date) -> Option<Date>;
}

/// A calendar as the environment holds it: a table built once for the program's life.
pub type CalendarRef = &'static dyn OpenDays;
