//! The built-in functions: their names, call styles and signatures.

/// A built-in function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `size(x)` or `x.size()`: characters in a string, elements in a list.
    Size,
    /// `s.contains(t)`.
    Contains,
    /// `s.startsWith(t)`.
    StartsWith,
    /// `s.endsWith(t)`.
    EndsWith,
    /// `date("YYYY-MM-DD")`.
    Date,
    /// `days(n)`: a duration of `n` days.
    Days,
    /// `years_between(from, to)`: whole years from one date to another (an age).
    YearsBetween,
    /// `add_months(d, n)`: the date `n` calendar months after `d`, on the last day of the month
    /// when that month is shorter (the reckoning of Civil Code Article 143).
    AddMonths,
    /// `add_years(d, n)`: the date `n` years after `d`, on 28 February for 29 February in a
    /// common year.
    AddYears,
    /// `weekday(d)`: the day of the week, 1 for Monday to 7 for Sunday (ISO 8601).
    Weekday,
    /// `is_open_day(d)` or `is_open_day(d, "calendar")`: whether the calendar's offices are open on `d`.
    IsOpenDay,
    /// `next_open_day(d)`: `d` when it is open, else the first open day after it.
    NextOpenDay,
    /// `previous_open_day(d)`: `d` when it is open, else the last open day before it.
    PreviousOpenDay,
}

/// How a built-in may be called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `f(x)` only.
    Global,
    /// `x.f()` only.
    Method,
    /// Either.
    Both,
}

/// Every built-in, in the order the reference lists them.
pub const BUILTINS: &[Builtin] = &[
    Builtin::Size,
    Builtin::Contains,
    Builtin::StartsWith,
    Builtin::EndsWith,
    Builtin::Date,
    Builtin::Days,
    Builtin::YearsBetween,
    Builtin::AddMonths,
    Builtin::AddYears,
    Builtin::Weekday,
    Builtin::IsOpenDay,
    Builtin::NextOpenDay,
    Builtin::PreviousOpenDay,
];

impl Builtin {
    /// The name as written in expressions.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Size => "size",
            Builtin::Contains => "contains",
            Builtin::StartsWith => "startsWith",
            Builtin::EndsWith => "endsWith",
            Builtin::Date => "date",
            Builtin::Days => "days",
            Builtin::YearsBetween => "years_between",
            Builtin::AddMonths => "add_months",
            Builtin::AddYears => "add_years",
            Builtin::Weekday => "weekday",
            Builtin::IsOpenDay => "is_open_day",
            Builtin::NextOpenDay => "next_open_day",
            Builtin::PreviousOpenDay => "previous_open_day",
        }
    }

    /// How it may be called.
    pub fn style(self) -> Style {
        match self {
            Builtin::Size => Style::Both,
            Builtin::Contains | Builtin::StartsWith | Builtin::EndsWith => Style::Method,
            Builtin::Date
            | Builtin::Days
            | Builtin::YearsBetween
            | Builtin::AddMonths
            | Builtin::AddYears
            | Builtin::Weekday
            | Builtin::IsOpenDay
            | Builtin::NextOpenDay
            | Builtin::PreviousOpenDay => Style::Global,
        }
    }

    /// The number of arguments, counting a method's receiver (and not the optional calendar
    /// name of a calendar function: see [`Builtin::uses_calendar`]).
    pub fn arity(self) -> usize {
        match self {
            Builtin::Size
            | Builtin::Date
            | Builtin::Days
            | Builtin::Weekday
            | Builtin::IsOpenDay
            | Builtin::NextOpenDay
            | Builtin::PreviousOpenDay => 1,
            Builtin::Contains
            | Builtin::StartsWith
            | Builtin::EndsWith
            | Builtin::YearsBetween
            | Builtin::AddMonths
            | Builtin::AddYears => 2,
        }
    }

    /// The signature, for messages and the reference.
    pub fn signature(self) -> &'static str {
        match self {
            Builtin::Size => "size(string | list) -> int",
            Builtin::Contains => "string.contains(string) -> bool",
            Builtin::StartsWith => "string.startsWith(string) -> bool",
            Builtin::EndsWith => "string.endsWith(string) -> bool",
            Builtin::Date => "date(string) -> date",
            Builtin::Days => "days(int) -> duration",
            Builtin::YearsBetween => "years_between(date, date) -> int",
            Builtin::AddMonths => "add_months(date, int) -> date",
            Builtin::AddYears => "add_years(date, int) -> date",
            Builtin::Weekday => "weekday(date) -> int",
            Builtin::IsOpenDay => "is_open_day(date[, calendar]) -> bool",
            Builtin::NextOpenDay => "next_open_day(date[, calendar]) -> date",
            Builtin::PreviousOpenDay => "previous_open_day(date[, calendar]) -> date",
        }
    }

    /// Whether it consults a calendar, named by an optional last argument (a string literal).
    pub fn uses_calendar(self) -> bool {
        matches!(self, Builtin::IsOpenDay | Builtin::NextOpenDay | Builtin::PreviousOpenDay)
    }

    /// The built-in called `name`.
    pub fn by_name(name: &str) -> Option<Builtin> {
        BUILTINS.iter().copied().find(|b| b.name() == name)
    }
}
