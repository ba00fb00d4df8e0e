//! Text to syntax tree: the pest binding of `grammar/expr.pest` and the lowering of its pairs.
//!
//! pest's `Pairs` and `Rule` never leave this module.

use pest::Parser as _;
use pest::iterators::Pair;

use crate::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
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
            if part.as_rule() == Rule::unary {
                operands.push(self.unary(part));
                continue;
            }
            let Some(op) = binary_op(part.as_rule()) else {
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

    fn unary(&mut self, pair: Pair<'_, Rule>) -> Lowered {
        let mut prefixes: Vec<(UnaryOp, Span)> = Vec::new();
        let mut member = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::not => prefixes.push((UnaryOp::Not, self.span(&part))),
                Rule::neg => prefixes.push((UnaryOp::Neg, self.span(&part))),
                _ => member = Some(part),
            }
        }
        let member = member?;
        // `-9223372036854775808` is one literal: the minus sign belongs to the number when it
        // stands right before a bare integer, or the most negative integer could not be written.
        let negative_literal = matches!(prefixes.last(), Some((UnaryOp::Neg, _))) && is_bare_int(&member);
        let mut operand = if negative_literal {
            let (_, minus) = prefixes.pop()?;
            let span = minus.to(self.span(&member));
            let text = member.as_str().trim();
            self.int_literal(text, true, span)
        } else {
            self.member(member)
        };
        while let Some((op, op_span)) = prefixes.pop() {
            let (inner, depth) = operand?;
            let span = op_span.to(inner.span);
            operand = self.node(ExprKind::Unary { op, op_span, operand: Box::new(inner) }, span, depth, op_span);
        }
        operand
    }

    fn member(&mut self, pair: Pair<'_, Rule>) -> Lowered {
        let mut parts = pair.into_inner();
        let mut current = parts.next().and_then(|p| self.primary(p));
        for postfix in parts {
            let span = self.span(&postfix);
            let rule = postfix.as_rule();
            let mut inner = postfix.into_inner();
            current = match rule {
                Rule::method => {
                    let name = inner.next();
                    let args = inner.next().map(|a| self.args(a));
                    let (target, depth) = current?;
                    let name = name?;
                    let (args, arg_depth) = args??;
                    let name_span = self.span(&name);
                    let span = target.span.to(span);
                    let kind = ExprKind::Call {
                        target: Some(Box::new(target)),
                        name: name.as_str().to_owned(),
                        name_span,
                        args,
                    };
                    self.node(kind, span, depth.max(arg_depth), name_span)
                }
                Rule::field => {
                    let name = inner.next()?;
                    let (target, depth) = current?;
                    let name_span = self.span(&name);
                    let span = target.span.to(span);
                    let kind = ExprKind::Field { target: Box::new(target), name: name.as_str().to_owned(), name_span };
                    self.node(kind, span, depth, name_span)
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
            Rule::null => Some((Expr { kind: ExprKind::Null, span }, 1)),
            Rule::bool => Some((Expr { kind: ExprKind::Bool(pair.as_str() == "true"), span }, 1)),
            Rule::int => self.int_literal(pair.as_str(), false, span),
            Rule::unsupported_number => {
                let text = pair.as_str();
                let what = if text.ends_with(['u', 'U']) { "unsigned integers" } else { "floating-point numbers" };
                self.errors.push(ExprError::Syntax {
                    message: format!("{what} are not supported: `{text}`"),
                    span,
                    label: "not supported".into(),
                    help: Some(
                        "numbers are signed 64-bit integers; durations are whole days, written `days(n)`".into(),
                    ),
                });
                None
            }
            Rule::string => self.string(pair),
            Rule::ident_ref => Some((Expr { kind: ExprKind::Ident(pair.as_str().trim().to_owned()), span }, 1)),
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
            Rule::call => {
                let mut inner = pair.into_inner();
                let name = inner.next()?;
                let name_span = self.span(&name);
                let (args, depth) = inner.next().map(|a| self.args(a))??;
                let kind = ExprKind::Call { target: None, name: name.as_str().to_owned(), name_span, args };
                self.node(kind, span, depth, name_span)
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

    fn int_literal(&mut self, text: &str, negative: bool, span: Span) -> Lowered {
        let (digits, radix) = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            Some(hex) => (hex, 16),
            None => (text, 10),
        };
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

fn is_bare_int(member: &Pair<'_, Rule>) -> bool {
    let mut inner = member.clone().into_inner();
    matches!((inner.next().map(|p| p.as_rule()), inner.next()), (Some(Rule::int), None))
}

fn binary_op(rule: Rule) -> Option<BinaryOp> {
    Some(match rule {
        Rule::or => BinaryOp::Or,
        Rule::and => BinaryOp::And,
        Rule::eq => BinaryOp::Eq,
        Rule::ne => BinaryOp::Ne,
        Rule::lt => BinaryOp::Lt,
        Rule::le => BinaryOp::Le,
        Rule::gt => BinaryOp::Gt,
        Rule::ge => BinaryOp::Ge,
        Rule::in_op => BinaryOp::In,
        Rule::add => BinaryOp::Add,
        Rule::sub => BinaryOp::Sub,
        Rule::mul => BinaryOp::Mul,
        Rule::div => BinaryOp::Div,
        Rule::rem => BinaryOp::Rem,
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
        Rule::expr | Rule::chain | Rule::unary | Rule::member | Rule::program | Rule::args => "an expression",
        Rule::or
        | Rule::and
        | Rule::eq
        | Rule::ne
        | Rule::lt
        | Rule::le
        | Rule::gt
        | Rule::ge
        | Rule::in_op
        | Rule::add
        | Rule::sub
        | Rule::mul
        | Rule::div
        | Rule::rem => "an operator",
        Rule::method | Rule::field => "`.`",
        Rule::index => "`[`",
        Rule::ident | Rule::ident_ref | Rule::call => "a name",
        Rule::int | Rule::bool | Rule::null | Rule::string | Rule::unsupported_number => "a literal",
        Rule::paren | Rule::list => "an expression",
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
    match word.as_str() {
        "and" => return Some("write `&&` for logical and".into()),
        "or" => return Some("write `||` for logical or".into()),
        "not" => return Some("write `!` for logical not".into()),
        _ => {}
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
