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
        }
    }

    /// How it may be called.
    pub fn style(self) -> Style {
        match self {
            Builtin::Size => Style::Both,
            Builtin::Contains | Builtin::StartsWith | Builtin::EndsWith => Style::Method,
            Builtin::Date | Builtin::Days | Builtin::YearsBetween | Builtin::AddMonths | Builtin::AddYears => {
                Style::Global
            }
        }
    }

    /// The number of arguments, counting a method's receiver.
    pub fn arity(self) -> usize {
        match self {
            Builtin::Size | Builtin::Date | Builtin::Days => 1,
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
        }
    }

    /// The built-in called `name`.
    pub fn by_name(name: &str) -> Option<Builtin> {
        BUILTINS.iter().copied().find(|b| b.name() == name)
    }
}
