//! Decision tables: columns, rows and the test of each cell.

use procedure_expr::{Env, Limits, Span, Type, did_you_mean};
use procedure_syntax as syn;
use procedure_syntax::Sp;

use super::Compiler;
use crate::Code;
use crate::diagnostic::Diagnostic;
use crate::model::{self, Citation};

impl Compiler<'_> {
    pub(super) fn table(&mut self, table: &syn::Table, env: &Env) -> model::Table {
        let citation = self.cite(&table.sources, table.verification.as_ref(), &Citation::default());
        let mut column_types = Vec::new();
        let columns: Vec<procedure_expr::Program> = table
            .inputs
            .iter()
            .filter_map(|c| {
                let p = self.exprs().compile(c, env, None, "a table column");
                if let Some(p) = &p {
                    column_types.push(p.result_type().clone());
                }
                p
            })
            .collect();
        let complete = columns.len() == table.inputs.len();
        let collect = table.hit.value == syn::HitPolicy::Collect;
        let mut rows = Vec::new();
        for row in &table.rows {
            if row.when.len() != table.inputs.len() {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckTableShape,
                        format!(
                            "this row has {} but the table has {}",
                            count(row.when.len(), "cell"),
                            count(table.inputs.len(), "input column")
                        ),
                        row_span(row),
                        "wrong number of cells",
                    )
                    .with_help("write one cell per input column; `-` matches any value"),
                );
                continue;
            }
            let row_citation = self.cite(&row.sources, row.verification.as_ref(), &citation);
            let cells: Vec<Option<model::CellTest>> = if complete {
                row.when.iter().zip(&column_types).map(|(cell, ty)| self.cell(cell, ty, env)).collect()
            } else {
                Vec::new()
            };
            let to = match (&row.to, collect) {
                (Some(to), false) => self.node_ref(to),
                (None, false) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::CheckTableShape,
                            "a row of a `unique` or `first` table needs `to`",
                            row_span(row),
                            "no `to`",
                        )
                        .with_help("say where the row leads: `to: <step, table or outcome>`"),
                    );
                    None
                }
                (Some(to), true) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::CheckTableShape,
                            "a row of a `collect` table has no `to`",
                            to.span,
                            "not allowed",
                        )
                        .with_help("a `collect` table gathers documents and warnings, then goes to the table's `next`"),
                    );
                    None
                }
                (None, true) => None,
            };
            if !collect && (!row.bring.is_empty() || !row.warnings.is_empty()) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckTableShape,
                        "only the rows of a `collect` table bring documents or warnings",
                        row_span(row),
                        "here",
                    )
                    .with_help("give the documents and warnings to the step the row leads to"),
                );
            }
            let bring = self.doc_refs(&row.bring, env, &row_citation);
            let warnings = self.warnings(&row.warnings, env, &row_citation);
            if cells.iter().all(Option::is_some) && complete {
                rows.push(model::Row {
                    cells: cells.into_iter().flatten().collect(),
                    to,
                    bring,
                    warnings,
                    citation: row_citation,
                    span: row_span(row),
                    label: row_label(&table.inputs, &row.when),
                    reads: Vec::new(),
                    lets: Vec::new(),
                });
            }
        }
        let otherwise = match (collect, &table.default, &table.next) {
            (false, Some(d), None) => self.node_ref(d),
            (true, None, Some(n)) => self.node_ref(n),
            (false, None, None) => None,
            (true, None, None) => {
                let span = table.hit.span;
                self.diagnostics.push(
                    Diagnostic::error(Code::CheckDeadEnd, "a `collect` table needs `next`", span, "collect table")
                        .with_help("say where to go after collecting: `next: <step or outcome>`"),
                );
                None
            }
            (false, _, Some(n)) => {
                self.diagnostics.push(Diagnostic::error(
                    Code::CheckTableShape,
                    "only a `collect` table has `next`; use `default`",
                    n.span,
                    "not allowed",
                ));
                None
            }
            (true, Some(d), _) => {
                self.diagnostics.push(Diagnostic::error(
                    Code::CheckTableShape,
                    "a `collect` table has no `default`; use `next`",
                    d.span,
                    "not allowed",
                ));
                None
            }
        };
        model::Table {
            title: table.title.as_ref().map(|t| self.text_of(t)),
            hit: table.hit.value,
            columns,
            rows,
            otherwise,
            exclusive: false,
            citation,
        }
    }

    fn cell(&mut self, cell: &Sp<syn::Cell>, ty: &Type, env: &Env) -> Option<model::CellTest> {
        use procedure_expr::{BinaryOp, Value};
        let constant = |v: Value| procedure_expr::compile(&v.to_string(), 0, &Env::new(), &Limits::DEFAULT).ok();
        match &cell.value {
            syn::Cell::Any(cells) => {
                let tests: Vec<Option<model::CellTest>> = cells.iter().map(|c| self.cell(c, ty, env)).collect();
                tests.into_iter().collect::<Option<Vec<_>>>().map(model::CellTest::AnyOf)
            }
            syn::Cell::Int(i) => self.cell_operand(cell, ty, constant(Value::Int(*i)), BinaryOp::Eq),
            syn::Cell::Bool(b) => self.cell_operand(cell, ty, constant(Value::Bool(*b)), BinaryOp::Eq),
            syn::Cell::Text(text) => {
                let trimmed = text.trim();
                if trimmed == "-" {
                    return Some(model::CellTest::Any);
                }
                // An enum or string column takes bare words as values: `lost` means "lost".
                if ty.is_stringy() && procedure_expr::is_identifier(trimmed) {
                    if let Type::Enum(e) = ty
                        && !e.contains(trimmed)
                    {
                        let help = did_you_mean(trimmed, e.values()).map(|v| format!("did you mean `{v}`?"));
                        let mut d = Diagnostic::error(
                            Code::ExprUnknownEnumValue,
                            format!("`{trimmed}` is not a value of this column"),
                            cell.span,
                            format!(
                                "not one of {}",
                                e.values().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
                            ),
                        );
                        d.help = help;
                        self.diagnostics.push(d);
                        return None;
                    }
                    return self.cell_operand(cell, ty, constant(Value::string(trimmed)), BinaryOp::Eq);
                }
                let ops = [
                    ("<=", BinaryOp::Le),
                    (">=", BinaryOp::Ge),
                    ("!=", BinaryOp::Ne),
                    ("==", BinaryOp::Eq),
                    ("<", BinaryOp::Lt),
                    (">", BinaryOp::Gt),
                ];
                let (op, rest_offset) = ops
                    .iter()
                    .find(|(sym, _)| trimmed.starts_with(sym))
                    .map_or((BinaryOp::Eq, 0), |(sym, op)| (*op, sym.len()));
                // Compile the operand in place, so that its errors point into the cell.
                let lead = text.len() - text.trim_start().len() + rest_offset;
                let operand = self.exprs().compile_part(text, cell.span, lead, env, None, "a cell");
                self.cell_operand(cell, ty, operand, op)
            }
        }
    }

    fn cell_operand(
        &mut self,
        cell: &Sp<syn::Cell>,
        ty: &Type,
        operand: Option<procedure_expr::Program>,
        op: procedure_expr::BinaryOp,
    ) -> Option<model::CellTest> {
        let operand = operand?;
        let ot = operand.result_type();
        let ok = if op == procedure_expr::BinaryOp::Eq || op == procedure_expr::BinaryOp::Ne {
            ty.is_compatible(ot)
        } else {
            ty.is_compatible(ot) && matches!(ty, Type::Int | Type::Date | Type::Duration | Type::String | Type::Dyn)
        };
        if !ok {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::CheckWrongType,
                    format!("this cell tests a {ty} column with {ot}"),
                    cell.span,
                    format!("{ot} against {ty}"),
                )
                .with_help(
                    "a cell is `-`, a value of the column's type, a comparison such as `>= 16`, or a list of those",
                ),
            );
            return None;
        }
        Some(model::CellTest::Compare(op, operand))
    }
}

/// A row's tests in words: `cause = lost, age >= 16`; `-` cells are left out.
fn row_label(columns: &[Sp<String>], cells: &[Sp<syn::Cell>]) -> String {
    fn cell_text(cell: &syn::Cell) -> String {
        match cell {
            syn::Cell::Text(t) => t.trim().to_owned(),
            syn::Cell::Int(i) => i.to_string(),
            syn::Cell::Bool(b) => b.to_string(),
            syn::Cell::Any(cells) => format!("[{}]", cells.iter().map(|c| cell_text(c)).collect::<Vec<_>>().join(", ")),
        }
    }
    let parts: Vec<String> = columns
        .iter()
        .zip(cells)
        .filter_map(|(column, cell)| {
            let text = cell_text(cell);
            let column = column.value.trim();
            match (&cell.value, text.as_str()) {
                (_, "-") => None,
                (syn::Cell::Any(_), _) => Some(format!("{column} in {text}")),
                (_, t) if t.starts_with(['<', '>', '=', '!']) => Some(format!("{column} {t}")),
                _ => Some(format!("{column} = {text}")),
            }
        })
        .collect();
    if parts.is_empty() { "any".into() } else { parts.join(", ") }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

/// A row's extent: a flow mapping's own span is a point at its `{`.
fn row_span(row: &Sp<syn::Row>) -> Span {
    let mut span = row.span;
    for cell in &row.when {
        span = span.to(cell.span);
    }
    if let Some(to) = &row.to {
        span = span.to(to.span);
    }
    span
}
