//! The batch feed: one row per invoice line, keyed by client id and period.
//!
//! A feed is CSV (comma or semicolon separated, header row required) or YAML (a
//! list of mappings with the same keys). Every row is checked before anything is
//! issued and **all** problems are reported with their row number, so an
//! accountant fixes the feed in one pass. Columns are documented in `docs/batch.md`.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::UserError;

/// Columns a feed must have.
pub const REQUIRED_COLUMNS: &[&str] = &[
    "client",
    "period",
    "description",
    "quantity",
    "unit_price",
    "vat_rate",
];
/// Columns a feed may have.
pub const OPTIONAL_COLUMNS: &[&str] = &["unit", "discount_percent"];

/// A billing period `YYYY-MM`: rows of one client and period make one invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// Year.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
}

impl Period {
    /// Last day of the period: the supply date of a monthly service.
    pub fn last_day(self) -> chrono::NaiveDate {
        let (y, m) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        chrono::NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.pred_opt())
            .expect("validated period")
    }
}

impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a period (YYYY-MM, e.g. 2026-10)");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if y.len() != 4 || !(1..=12).contains(&month) || m.len() != 2 {
            return Err(bad());
        }
        Ok(Period { year, month })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One valid feed row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRow {
    /// 1-based data row (the header is not counted).
    pub row: usize,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// Client id from the workspace.
    pub client: String,
    /// Billing period.
    pub period: Period,
    /// Line description.
    pub description: String,
    /// Quantity.
    pub quantity: Decimal,
    /// Unit.
    pub unit: Option<String>,
    /// Unit price excluding VAT.
    pub unit_price: Decimal,
    /// VAT rate in percent.
    pub vat_rate: Decimal,
    /// Discount in percent.
    pub discount_percent: Option<Decimal>,
}

/// One problem in one row; the whole list is reported at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based data row (0 for the header or the file as a whole).
    pub row: usize,
    /// `client/period` as written, when both cells are there: with `--skip-invalid`
    /// the whole invoice of that client and period is held back.
    pub key: Option<String>,
    /// The error, with file, line and field.
    pub error: UserError,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

/// A feed after checking: the valid rows and every problem found.
#[derive(Debug, Default)]
pub struct CheckedFeed {
    /// Rows that passed every check.
    pub rows: Vec<FeedRow>,
    /// Problems, in row order.
    pub errors: Vec<RowError>,
    /// Number of data rows in the file.
    pub total_rows: usize,
}

/// Raw cells of one row, by column name, with where the row is.
struct RawRow {
    row: usize,
    line: Option<usize>,
    cells: Vec<(String, String)>,
}

impl RawRow {
    fn get(&self, name: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// Reads and checks a feed. `known_client` says whether a client id exists in the
/// workspace; `clients` lists them for did-you-mean hints; `known_rate` accepts the
/// Belgian VAT rates from `data/vat.yaml`.
pub fn check(
    path: &Path,
    content: &[u8],
    known_client: &dyn Fn(&str) -> bool,
    clients: &[String],
    known_rate: &dyn Fn(Decimal) -> bool,
) -> Result<CheckedFeed, UserError> {
    let text = std::str::from_utf8(content).map_err(|e| {
        UserError::new(format!("the feed is not UTF-8 text ({e})"))
            .file(path)
            .hint("export the spreadsheet as CSV UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (raw, mut errors) = match ext.as_str() {
        "csv" => read_csv(path, text)?,
        "yaml" | "yml" => read_yaml(path, text)?,
        other => {
            return Err(UserError::new(format!("unknown feed format `.{other}`"))
                .file(path)
                .hint("a feed is a .csv or .yaml file (see docs/batch.md)"));
        }
    };
    let total_rows = raw.len();
    let mut rows = Vec::with_capacity(raw.len());
    for r in &raw {
        match check_row(path, r, known_client, clients, known_rate) {
            Ok(row) => rows.push(row),
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    errors.sort_by_key(|e| e.row);
    Ok(CheckedFeed {
        rows,
        errors,
        total_rows,
    })
}

fn row_error(
    path: &Path,
    r: &RawRow,
    field: &str,
    message: String,
    hint: Option<String>,
) -> RowError {
    let mut error = UserError::new(format!("row {}: {message}", r.row))
        .file(path)
        .field(field);
    error.line = r.line;
    error.hint = hint;
    let key = match (r.get("client"), r.get("period")) {
        (Some(c), Some(p)) => Some(super::plan::source_key(c, p)),
        _ => None,
    };
    RowError {
        row: r.row,
        key,
        error,
    }
}

fn parse_decimal(raw: &str) -> Option<Decimal> {
    // Belgian spreadsheets write `12,50`; accept it when there is no other separator.
    let s = if raw.contains(',') && !raw.contains('.') {
        raw.replace(',', ".")
    } else {
        raw.to_string()
    };
    Decimal::from_str(s.trim()).ok()
}

fn check_row(
    path: &Path,
    r: &RawRow,
    known_client: &dyn Fn(&str) -> bool,
    clients: &[String],
    known_rate: &dyn Fn(Decimal) -> bool,
) -> Result<FeedRow, Vec<RowError>> {
    let mut errs = Vec::new();
    let required = |name: &str, errs: &mut Vec<RowError>| -> Option<String> {
        let v = r.get(name).map(str::to_string);
        if v.is_none() {
            errs.push(row_error(path, r, name, format!("`{name}` is empty"), None));
        }
        v
    };
    let client = required("client", &mut errs);
    let period = required("period", &mut errs);
    let description = required("description", &mut errs);
    let quantity = required("quantity", &mut errs);
    let unit_price = required("unit_price", &mut errs);
    let vat_rate = required("vat_rate", &mut errs);

    if let Some(c) = &client
        && !known_client(c)
    {
        let hint = match crate::model::yaml::closest(c, clients) {
            Some(best) => format!("did you mean `{best}`? clients are the files in clients/"),
            None => "add the client as clients/<id>.yaml or fix the id".to_string(),
        };
        errs.push(row_error(
            path,
            r,
            "client",
            format!("unknown client `{c}`"),
            Some(hint),
        ));
    }
    let period = period.and_then(|p| match p.parse::<Period>() {
        Ok(p) => Some(p),
        Err(m) => {
            errs.push(row_error(path, r, "period", m, None));
            None
        }
    });
    let number = |name: &str, raw: Option<String>, errs: &mut Vec<RowError>| {
        raw.and_then(|v| match parse_decimal(&v) {
            Some(d) => Some(d),
            None => {
                errs.push(row_error(
                    path,
                    r,
                    name,
                    format!("`{v}` is not a number"),
                    Some("write amounts like 1250.50 or 1250,50, without currency sign".into()),
                ));
                None
            }
        })
    };
    let quantity = number("quantity", quantity, &mut errs);
    let unit_price = number("unit_price", unit_price, &mut errs);
    let vat_rate = number(
        "vat_rate",
        vat_rate.map(|v| v.trim_end_matches('%').trim().to_string()),
        &mut errs,
    );
    let discount = number(
        "discount_percent",
        r.get("discount_percent")
            .map(|v| v.trim_end_matches('%').trim().to_string()),
        &mut errs,
    );
    if let Some(rate) = vat_rate
        && !known_rate(rate.normalize())
    {
        errs.push(row_error(
            path,
            r,
            "vat_rate",
            format!("unknown VAT rate {} %", rate.normalize()),
            Some("Belgian VAT rates are 0, 6, 12 and 21 (data/vat.yaml)".into()),
        ));
    }
    if let Some(d) = discount
        && (d < Decimal::ZERO || d > Decimal::ONE_HUNDRED)
    {
        errs.push(row_error(
            path,
            r,
            "discount_percent",
            format!("discount {d} % is outside 0 to 100"),
            None,
        ));
    }
    // Bound amounts so that totals can never overflow `Decimal`.
    let limit = Decimal::from(1_000_000_000u64);
    for (name, v) in [("quantity", quantity), ("unit_price", unit_price)] {
        if let Some(v) = v
            && (v.abs() > limit || v.scale() > 6)
        {
            errs.push(row_error(
                path,
                r,
                name,
                format!("{v} is out of range (at most 1,000,000,000 with 6 decimals)"),
                None,
            ));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(FeedRow {
        row: r.row,
        line: r.line,
        client: client.expect("checked"),
        period: period.expect("checked"),
        description: description.expect("checked"),
        quantity: quantity.expect("checked"),
        unit: r.get("unit").map(str::to_string),
        unit_price: unit_price.expect("checked"),
        vat_rate: vat_rate.expect("checked").normalize(),
        discount_percent: discount,
    })
}

fn check_header(path: &Path, names: &[String], line: usize) -> Result<(), UserError> {
    let known: Vec<String> = REQUIRED_COLUMNS
        .iter()
        .chain(OPTIONAL_COLUMNS)
        .map(|s| s.to_string())
        .collect();
    for n in names {
        if !known.contains(n) {
            let mut e = UserError::new(format!("unknown column `{n}`"))
                .file(path)
                .field(n.clone());
            e.line = Some(line);
            e.hint = Some(match crate::model::yaml::closest(n, &known) {
                Some(best) => format!("did you mean `{best}`? (columns: {})", known.join(", ")),
                None => format!("columns are: {}", known.join(", ")),
            });
            return Err(e);
        }
    }
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .filter(|c| !names.iter().any(|n| n == c))
        .collect();
    if !missing.is_empty() {
        let mut e = UserError::new(format!("missing column(s): {}", missing.join(", ")))
            .file(path)
            .hint(format!("required columns: {}", REQUIRED_COLUMNS.join(", ")));
        e.line = Some(line);
        return Err(e);
    }
    Ok(())
}

type Read = (Vec<RawRow>, Vec<RowError>);

fn read_csv(path: &Path, text: &str) -> Result<Read, UserError> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| UserError::new(format!("cannot read the header row: {e}")).file(path))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    check_header(path, &headers, 1)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        match record {
            Ok(rec) => {
                let line = rec.position().map(|p| p.line() as usize);
                if rec.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                if rec.len() != headers.len() {
                    let mut error = UserError::new(format!(
                        "row {row}: {} cells, the header has {}",
                        rec.len(),
                        headers.len()
                    ))
                    .file(path)
                    .hint("quote cells that contain the separator");
                    error.line = line;
                    errors.push(RowError {
                        row,
                        key: None,
                        error,
                    });
                    continue;
                }
                rows.push(RawRow {
                    row,
                    line,
                    cells: headers
                        .iter()
                        .cloned()
                        .zip(rec.iter().map(str::to_string))
                        .collect(),
                });
            }
            Err(e) => {
                let mut error = UserError::new(format!("row {row}: {e}")).file(path);
                error.line = e.position().map(|p| p.line() as usize);
                errors.push(RowError {
                    row,
                    key: None,
                    error,
                });
            }
        }
    }
    Ok((rows, errors))
}

fn read_yaml(path: &Path, text: &str) -> Result<Read, UserError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let mut err = UserError::new(format!("invalid YAML: {e}")).file(path);
        if let Some(loc) = e.location() {
            err = err.at(loc.line(), loc.column());
        }
        err
    })?;
    let items = match value {
        serde_yaml::Value::Sequence(items) => items,
        serde_yaml::Value::Null => Vec::new(),
        _ => {
            return Err(UserError::new("a YAML feed is a list of rows")
                .file(path)
                .hint("start each row with `- client: ...` (see docs/batch.md)"));
        }
    };
    // Lines where top-level items start, so errors can point at them.
    let starts: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || *l == "-")
        .map(|(i, _)| i + 1)
        .collect();
    let count = items.len();
    let line_of = |i: usize| (starts.len() == count).then(|| starts[i]);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut names_seen: Vec<String> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let row = i + 1;
        let serde_yaml::Value::Mapping(map) = item else {
            let mut error =
                UserError::new(format!("row {row}: a row is a mapping of column: value"))
                    .file(path);
            error.line = line_of(i);
            errors.push(RowError {
                row,
                key: None,
                error,
            });
            continue;
        };
        let mut cells = Vec::new();
        for (k, v) in map {
            let key = match k {
                serde_yaml::Value::String(s) => s,
                other => format!("{other:?}"),
            };
            let val = match v {
                serde_yaml::Value::String(s) => s,
                serde_yaml::Value::Number(n) => n.to_string(),
                serde_yaml::Value::Bool(b) => b.to_string(),
                serde_yaml::Value::Null => String::new(),
                other => format!("{other:?}"),
            };
            if !names_seen.contains(&key) {
                names_seen.push(key.clone());
            }
            cells.push((key, val));
        }
        rows.push(RawRow {
            row,
            line: line_of(i),
            cells,
        });
    }
    let mut header_names = names_seen;
    // Optional columns may be absent from every row; required ones are checked per row.
    for c in REQUIRED_COLUMNS {
        if !header_names.iter().any(|n| n == c) && !rows.is_empty() {
            header_names.push(c.to_string());
        }
    }
    check_header(path, &header_names, 1)?;
    Ok((rows, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(d: Decimal) -> bool {
        [0u32, 6, 12, 21].iter().any(|r| Decimal::from(*r) == d)
    }

    fn check_csv(text: &str) -> CheckedFeed {
        let clients = vec!["acme".to_string(), "bakery".to_string()];
        check(
            Path::new("feed.csv"),
            text.as_bytes(),
            &|c| c == "acme" || c == "bakery",
            &clients,
            &rate,
        )
        .unwrap()
    }

    #[test]
    fn semicolon_csv_with_decimal_commas_reads_like_a_belgian_spreadsheet_export() {
        let feed = check_csv(
            "client;period;description;quantity;unit_price;vat_rate\nacme;2026-10;Hosting;1;12,50;21%\n",
        );
        assert!(feed.errors.is_empty(), "{:?}", feed.errors);
        assert_eq!(feed.rows[0].unit_price, Decimal::new(1250, 2));
        assert_eq!(feed.rows[0].vat_rate, Decimal::from(21));
        assert_eq!(feed.rows[0].line, Some(2));
    }

    #[test]
    fn every_bad_cell_of_every_row_is_reported_with_its_row_and_line() {
        let feed = check_csv(
            "client,period,description,quantity,unit_price,vat_rate\n\
             acme,2026-10,Hosting,1,10,21\n\
             acmee,2026-13,Hosting,x,10,7\n\
             bakery,2026-10,,1,10,6\n",
        );
        assert_eq!(feed.rows.len(), 1);
        let text: Vec<String> = feed.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            text,
            vec![
                "feed.csv:3: error: field `client`: row 2: unknown client `acmee`\n  hint: did you mean `acme`? clients are the files in clients/",
                "feed.csv:3: error: field `period`: row 2: `2026-13` is not a period (YYYY-MM, e.g. 2026-10)",
                "feed.csv:3: error: field `quantity`: row 2: `x` is not a number\n  hint: write amounts like 1250.50 or 1250,50, without currency sign",
                "feed.csv:3: error: field `vat_rate`: row 2: unknown VAT rate 7 %\n  hint: Belgian VAT rates are 0, 6, 12 and 21 (data/vat.yaml)",
                "feed.csv:4: error: field `description`: row 3: `description` is empty",
            ]
        );
    }

    #[test]
    fn a_misspelled_column_is_refused_with_a_suggestion() {
        let err = check(
            Path::new("feed.csv"),
            b"client,period,descripton,quantity,unit_price,vat_rate\n",
            &|_| true,
            &[],
            &rate,
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("descripton"));
        assert!(err.hint.unwrap().contains("did you mean `description`?"));
    }

    #[test]
    fn yaml_rows_point_at_the_line_of_their_dash() {
        let text = "- client: acme\n  period: 2026-10\n  description: Hosting\n  quantity: 1\n  unit_price: 10\n  vat_rate: 21\n- client: acme\n  period: 2026-10\n  description: Domain\n  quantity: 1\n  unit_price: 10\n  vat_rate: 5\n";
        let feed = check(
            Path::new("feed.yaml"),
            text.as_bytes(),
            &|_| true,
            &[],
            &rate,
        )
        .unwrap();
        assert_eq!(feed.rows.len(), 1);
        assert_eq!(feed.errors.len(), 1);
        assert_eq!(feed.errors[0].error.line, Some(7));
        assert_eq!(feed.errors[0].row, 2);
    }

    #[test]
    fn period_last_day_handles_december_and_february() {
        let p: Period = "2026-12".parse().unwrap();
        assert_eq!(p.last_day().to_string(), "2026-12-31");
        let p: Period = "2028-02".parse().unwrap();
        assert_eq!(p.last_day().to_string(), "2028-02-29");
    }
}
