//! Text to syntax tree: the pest binding of `grammar/expr.pest` and the lowering of its pairs.
//!
//! pest's `Pairs` and `Rule` never leave this module.

use pest::Parser as _;
use pest::iterators::Pair;

use crate::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::env::RESERVED_WORDS;
use crate::error::{ExprError, ExprErrors};
use crate::escape::unescape;
use crate::limits::Limits;
use crate::scan::first_excess_nesting;
use crate::span::Span;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/expr.pest"]
struct Grammar;

/// Parses `text`, whose first byte sits at offset `base` of the file it came from, so that
/// every span in the tree and in the errors is an offset in that file.
///
/// # Example
/// ```
/// use procedure_expr::{parse, Limits};
/// let tree = parse("1 + x", 100, &Limits::DEFAULT).unwrap();
/// assert_eq!((tree.span.start, tree.span.end), (100, 105));
/// ```
pub fn parse(text: &str, base: u32, limits: &Limits) -> Result<Expr, ExprErrors> {
    let whole = Span::new(base, offset(base, text.len()));
    let mut errors = Vec::new();
    if let Some(at) = first_excess_nesting(text, limits.max_nesting) {
        let at = offset(base, at);
        errors.push(ExprError::TooDeep {
            limit: limits.max_nesting,
            span: Span::new(at, at.saturating_add(1)),
            help: "brackets and conditionals nest too deeply; split the expression into named derived values (`let`)"
                .into(),
        });
    }
    if text.len() > limits.max_length {
        // Point at where the limit falls rather than at the whole text, which may be huge.
        let mut at = limits.max_length;
        while !text.is_char_boundary(at) {
            at += 1;
        }
        let width = text.get(at..).and_then(|r| r.chars().next()).map_or(0, char::len_utf8);
        let start = offset(base, at);
        let span = Span::new(start, start.saturating_add(u32::try_from(width).unwrap_or(0)));
        errors.push(ExprError::TooLong { length: text.len(), limit: limits.max_length, span });
    }
    if !errors.is_empty() {
        return Err(ExprErrors::new(errors));
    }
    let pairs = match Grammar::parse(Rule::program, text) {
        Ok(pairs) => pairs,
        Err(e) => return Err(ExprErrors::new(vec![syntax_error(&e, text, base)])),
    };
    let mut lower = Lower { base, limits, errors: Vec::new(), too_deep: false };
    let tree =
        pairs.into_iter().next().and_then(|program| program.into_inner().next()).and_then(|expr| lower.expr(expr));
    match tree {
        Some((tree, _)) if lower.errors.is_empty() => Ok(tree),
        _ if lower.errors.is_empty() => Err(ExprErrors::new(vec![internal(whole)])),
        _ => Err(ExprErrors::new(lower.errors)),
    }
}

/// A lowered node and the depth of its tree; `None` once an error has been recorded.
type Lowered = Option<(Expr, usize)>;

struct Lower<'l> {
    base: u32,
    limits: &'l Limits,
    errors: Vec<ExprError>,
    too_deep: bool,
}

impl Lower<'_> {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(offset(self.base, s.start()), offset(self.base, s.end()))
    }

    /// Wraps children into a node one level deeper than the deepest child, or records that the
    /// tree is too deep. Children are lowered first, so errors in all of them are collected.
    fn node(&mut self, kind: ExprKind, span: Span, child_depth: usize, at: Span) -> Lowered {
        let depth = child_depth + 1;
        if depth > self.limits.max_depth {
            if !self.too_deep {
                self.too_deep = true;
                self.errors.push(ExprError::TooDeep {
                    limit: self.limits.max_depth,
                    span: at,
                    help: "long chains of operators and runs of prefix operators count as nesting; split the expression into named derived values (`let`)".into(),
                });
            }
            return None;
        }
        Some((Expr { kind, span }, depth))
    }

    fn expr(&mut self, pair: Pair<'_, Rule>) -> Lowered {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let cond = inner.next().and_then(|p| self.chain(p));
        let (Some(then), Some(otherwise)) = (inner.next(), inner.next()) else {
            return cond;
        };
        let then = self.chain(then);
        let otherwise = self.expr(otherwise);
        let ((c, dc), (t, dt), (o, d_o)) = (cond?, then?, otherwise?);
        let kind = ExprKind::Conditional { cond: Box::new(c), then: Box::new(t), otherwise: Box::new(o) };
        self.node(kind, span, dc.max(dt).max(d_o), span)
    }

    /// Folds a flat chain of operands and operators by precedence, without recursion
    /// (shunting-yard), so a chain of any length costs no stack.
    fn chain(&mut self, pair: Pair<'_, Rule>) -> Lowered {
        let mut operands: Vec<Lowered> = Vec::new();
        let mut operators: Vec<(BinaryOp, Span)> = Vec::new();
        for part in pair.into_inner() {
            if part.as_rule() == Rule::operand {
                operands.push(self.operand(part));
                continue;
            }
            let Some(op) = binary_op(part.as_str()) else {
                self.errors.push(internal(self.span(&part)));
                return None;
            };
            let op_span = self.span(&part);
            while operators.last().is_some_and(|(top, _)| precedence(*top) >= precedence(op)) {
                self.reduce(&mut operands, &mut operators);
            }
            operators.push((op, op_span));
        }
        while !operators.is_empty() {
            self.reduce(&mut operands, &mut operators);
        }
        operands.pop().flatten()
    }

    fn reduce(&mut self, operands: &mut Vec<Lowered>, operators: &mut Vec<(BinaryOp, Span)>) {
        let (Some((op, op_span)), Some(rhs), Some(lhs)) = (operators.pop(), operands.pop(), operands.pop()) else {
            return;
        };
        let combined = match (lhs, rhs) {
            (Some((l, dl)), Some((r, dr))) => {
                let span = l.span.to(r.span);
                let kind = ExprKind::Binary { op, op_span, lhs: Box::new(l), rhs: Box::new(r) };
                self.node(kind, span, dl.max(dr), op_span)
            }
            _ => None,
        };
        operands.push(combined);
    }

    fn operand(&mut self, pair: Pair<'_, Rule>) -> Lowered {
        let mut prefixes: Vec<(UnaryOp, Span)> = Vec::new();
        let mut primary = None;
        let mut postfixes = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::prefix if part.as_str() == "!" => prefixes.push((UnaryOp::Not, self.span(&part))),
                Rule::prefix => prefixes.push((UnaryOp::Neg, self.span(&part))),
                Rule::select | Rule::index => postfixes.push(part),
                _ => primary = Some(part),
            }
        }
        let primary = primary?;
        // `-9223372036854775808` is one literal: the minus sign belongs to the number when it
        // stands right before it, or the most negative integer could not be written.
        let negative_literal = matches!(prefixes.last(), Some((UnaryOp::Neg, _)))
            && primary.as_rule() == Rule::number
            && postfixes.is_empty();
        let mut operand = if negative_literal {
            let (_, minus) = prefixes.pop()?;
            let span = minus.to(self.span(&primary));
            self.number(primary.as_str(), true, span)
        } else {
            let primary = self.primary(primary);
            self.postfixes(primary, postfixes)
        };
        while let Some((op, op_span)) = prefixes.pop() {
            let (inner, depth) = operand?;
            let span = op_span.to(inner.span);
            operand = self.node(ExprKind::Unary { op, op_span, operand: Box::new(inner) }, span, depth, op_span);
        }
        operand
    }

    fn postfixes(&mut self, mut current: Lowered, postfixes: Vec<Pair<'_, Rule>>) -> Lowered {
        for postfix in postfixes {
            let span = self.span(&postfix);
            let rule = postfix.as_rule();
            let mut inner = postfix.into_inner();
            current = match rule {
                Rule::select => {
                    let name = inner.next()?;
                    let args = inner.next().map(|a| self.args(a));
                    let (target, depth) = current?;
                    let name_span = self.span(&name);
                    let span = target.span.to(span);
                    let name = name.as_str().to_owned();
                    match args {
                        Some(args) => {
                            let (args, arg_depth) = args?;
                            let kind = ExprKind::Call { target: Some(Box::new(target)), name, name_span, args };
                            self.node(kind, span, depth.max(arg_depth), name_span)
                        }
                        None => {
                            let span = target.span.to(name_span);
                            let kind = ExprKind::Field { target: Box::new(target), name, name_span };
                            self.node(kind, span, depth, name_span)
                        }
                    }
                }
                Rule::index => {
                    let index = inner.next().and_then(|i| self.expr(i));
                    let ((target, dt), (index, di)) = (current?, index?);
                    let span = target.span.to(span);
                    let kind = ExprKind::Index { target: Box::new(target), index: Box::new(index) };
                    self.node(kind, span, dt.max(di), span)
                }
                _ => {
                    self.errors.push(internal(span));
                    None
                }
            };
        }
        current
    }

    fn primary(&mut self, pair: Pair<'_, Rule>) -> Lowered {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::number => self.number(pair.as_str(), false, span),
            Rule::string => self.string(pair),
            Rule::name => self.name(pair, span),
            Rule::paren => {
                let inner = pair.into_inner().next()?;
                // Parentheses group without a node of their own; the span widens to include them.
                let (mut e, depth) = self.expr(inner)?;
                e.span = span;
                Some((e, depth))
            }
            Rule::list => {
                let mut items = Vec::new();
                let mut depth = 0;
                let mut failed = false;
                for item in pair.into_inner() {
                    match self.expr(item) {
                        Some((e, d)) => {
                            depth = depth.max(d);
                            items.push(e);
                        }
                        None => failed = true,
                    }
                }
                if items.len() > self.limits.max_list_len {
                    self.errors.push(ExprError::LiteralTooLarge {
                        what: "list",
                        size: items.len(),
                        limit: self.limits.max_list_len,
                        span,
                    });
                    return None;
                }
                if failed {
                    return None;
                }
                self.node(ExprKind::List(items), span, depth, span)
            }
            _ => {
                self.errors.push(internal(span));
                None
            }
        }
    }

    /// Call arguments and the depth of the deepest; `None` if any failed.
    fn args(&mut self, pair: Pair<'_, Rule>) -> Option<(Vec<Expr>, usize)> {
        let mut args = Vec::new();
        let mut depth = 0;
        let mut failed = false;
        for arg in pair.into_inner() {
            match self.expr(arg) {
                Some((e, d)) => {
                    depth = depth.max(d);
                    args.push(e);
                }
                None => failed = true,
            }
        }
        if failed { None } else { Some((args, depth)) }
    }

    /// A variable, a call, or one of the literal words.
    fn name(&mut self, pair: Pair<'_, Rule>, span: Span) -> Lowered {
        let mut inner = pair.into_inner();
        let ident = inner.next()?;
        let name_span = self.span(&ident);
        let name = ident.as_str();
        let args = inner.next();
        let literal = match name {
            "true" => Some(ExprKind::Bool(true)),
            "false" => Some(ExprKind::Bool(false)),
            "null" => Some(ExprKind::Null),
            _ => None,
        };
        if RESERVED_WORDS.contains(&name) && (literal.is_none() || args.is_some()) {
            self.errors.push(ExprError::Syntax {
                message: format!("`{name}` is a reserved word"),
                span: name_span,
                label: "reserved".into(),
                help: Some("reserved words cannot name variables or functions".into()),
            });
            return None;
        }
        // Without arguments the pair may end with the whitespace pest skipped while looking for
        // them; the name alone is the node's text.
        if let Some(kind) = literal {
            return Some((Expr { kind, span: name_span }, 1));
        }
        match args {
            None => Some((Expr { kind: ExprKind::Ident(name.to_owned()), span: name_span }, 1)),
            Some(args) => {
                let (args, depth) = self.args(args)?;
                let kind = ExprKind::Call { target: None, name: name.to_owned(), name_span, args };
                self.node(kind, span, depth, name_span)
            }
        }
    }

    fn number(&mut self, text: &str, negative: bool, span: Span) -> Lowered {
        let (digits, radix) = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            Some(hex) => (hex, 16),
            None => (text, 10),
        };
        let float = radix == 10 && digits.contains(['.', 'e', 'E']);
        let unsigned = digits.ends_with(['u', 'U']);
        if unsigned || float {
            let what = if float { "floating-point numbers" } else { "unsigned integers" };
            self.errors.push(ExprError::Syntax {
                message: format!("{what} are not supported: `{text}`"),
                span,
                label: "not supported".into(),
                help: Some("numbers are signed 64-bit integers; durations are whole days, written `days(n)`".into()),
            });
            return None;
        }
        let magnitude = u64::from_str_radix(digits, radix).ok();
        let value = magnitude.and_then(|m| if negative { 0i64.checked_sub_unsigned(m) } else { i64::try_from(m).ok() });
        match value {
            Some(v) => Some((Expr { kind: ExprKind::Int(v), span }, 1)),
            None => {
                let text = if negative { format!("-{text}") } else { text.to_owned() };
                self.errors.push(ExprError::IntOutOfRange { text, span });
                None
            }
        }
    }

    fn string(&mut self, pair: Pair<'_, Rule>) -> Lowered {
        let span = self.span(&pair);
        // string → raw_string | cooked_string → one quoting form → its body.
        let form = pair.into_inner().next()?;
        let raw = form.as_rule() == Rule::raw_string;
        let body = form.into_inner().next()?.into_inner().next()?;
        let body_span = self.span(&body);
        let text = body.as_str();
        if text.len() > self.limits.max_string_len {
            self.errors.push(ExprError::LiteralTooLarge {
                what: "string",
                size: text.len(),
                limit: self.limits.max_string_len,
                span,
            });
            return None;
        }
        let value = if raw {
            text.to_owned()
        } else {
            match unescape(text) {
                Ok(v) => v,
                Err(bad) => {
                    for b in bad {
                        let escape = text.get(b.start..b.end).unwrap_or("\\").to_owned();
                        let start = body_span.start.saturating_add(offset(0, b.start));
                        let end = body_span.start.saturating_add(offset(0, b.end));
                        self.errors.push(ExprError::InvalidEscape {
                            escape,
                            span: Span::new(start, end),
                            reason: b.reason.into(),
                        });
                    }
                    return None;
                }
            }
        };
        Some((Expr { kind: ExprKind::String(value), span }, 1))
    }
}

fn binary_op(text: &str) -> Option<BinaryOp> {
    Some(match text {
        "||" => BinaryOp::Or,
        "&&" => BinaryOp::And,
        "==" => BinaryOp::Eq,
        "!=" => BinaryOp::Ne,
        "<" => BinaryOp::Lt,
        "<=" => BinaryOp::Le,
        ">" => BinaryOp::Gt,
        ">=" => BinaryOp::Ge,
        "in" => BinaryOp::In,
        "+" => BinaryOp::Add,
        "-" => BinaryOp::Sub,
        "*" => BinaryOp::Mul,
        "/" => BinaryOp::Div,
        "%" => BinaryOp::Rem,
        _ => return None,
    })
}

/// CEL's binding levels: `||` < `&&` < relations < `+ -` < `* / %`.
fn precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge | BinaryOp::In => 3,
        BinaryOp::Add | BinaryOp::Sub => 4,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => 5,
    }
}

fn offset(base: u32, at: usize) -> u32 {
    base.saturating_add(u32::try_from(at).unwrap_or(u32::MAX))
}

fn internal(span: Span) -> ExprError {
    ExprError::Syntax {
        message: "internal error: the parser produced an unexpected tree".into(),
        span,
        label: "here".into(),
        help: Some("this is a bug in procedure; please report it with the expression".into()),
    }
}

/// Turns pest's error into one that says what was found and what was expected, in words.
fn syntax_error(error: &pest::error::Error<Rule>, text: &str, base: u32) -> ExprError {
    use pest::error::{ErrorVariant, InputLocation};
    let at = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let rest = text.get(at..).unwrap_or("");
    let found = rest.chars().next();
    let (message, len) = match found {
        None => {
            // Point at the last token: a label at the very end of the text has nothing to
            // underline.
            let trimmed = text.trim_end();
            let last = trimmed.chars().next_back().map_or(0, char::len_utf8);
            let start = offset(base, trimmed.len().saturating_sub(last));
            return ExprError::Syntax {
                message: "unexpected end of expression".to_owned(),
                span: Span::new(start, start.saturating_add(u32::try_from(last).unwrap_or(0))),
                label: "the expression ends after this".to_owned(),
                help: hint(rest, text, at).or_else(|| Some("the expression is incomplete".to_owned())),
            };
        }
        Some(c) => {
            let token: String = if c.is_ascii_alphanumeric() || c == '_' {
                rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
            } else {
                c.to_string()
            };
            (format!("unexpected `{token}`"), token.len())
        }
    };
    let mut expected: Vec<&'static str> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.iter().filter_map(|r| describe(*r)).collect(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_unstable();
    expected.dedup();
    let label = match expected.as_slice() {
        [] => "here".to_owned(),
        [one] => format!("expected {one}"),
        [init @ .., last] => format!("expected {} or {last}", init.join(", ")),
    };
    let start = offset(base, at);
    ExprError::Syntax {
        message,
        span: Span::new(start, start.saturating_add(u32::try_from(len).unwrap_or(0))),
        label,
        help: hint(rest, text, at),
    }
}

/// The words for what a rule stands for; `None` for rules not worth naming.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "the end of the expression",
        Rule::expr | Rule::chain | Rule::operand | Rule::prefix | Rule::program | Rule::paren | Rule::list => {
            "an expression"
        }
        Rule::infix => "an operator",
        Rule::select => "`.`",
        Rule::index => "`[`",
        Rule::ident | Rule::name => "a name",
        Rule::number | Rule::string => "a literal",
        _ => return None,
    })
}

/// Advice for the mistakes people make most when coming from other languages.
fn hint(rest: &str, text: &str, at: usize) -> Option<String> {
    let before = text.get(..at).unwrap_or("").trim_end();
    let word: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if rest.starts_with('=') && !rest.starts_with("==") {
        return Some("compare with `==`; there is no assignment".into());
    }
    let previous: String = {
        let rev: String = before.chars().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        rev.chars().rev().collect()
    };
    for w in [word.as_str(), previous.as_str()] {
        match w {
            "and" => return Some("write `&&` for logical and".into()),
            "or" => return Some("write `||` for logical or".into()),
            "not" => return Some("write `!` for logical not".into()),
            _ => {}
        }
    }
    if rest.is_empty() && (before.ends_with('"') || before.ends_with('\'') || count_quotes(text) % 2 == 1) {
        return Some("a string literal is not closed".into());
    }
    if rest.starts_with(['"', '\'']) && !rest.get(1..).unwrap_or("").contains(rest.get(..1).unwrap_or("")) {
        return Some(
            "a string literal is not closed; strings in single quotes or double quotes end on the same line".into(),
        );
    }
    None
}

fn count_quotes(text: &str) -> usize {
    text.chars().filter(|c| *c == '"').count()
}
