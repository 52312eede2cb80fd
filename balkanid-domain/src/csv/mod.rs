//! Reading and writing BalkanID's bulk CSV files, one typed row at a time.
//!
//! Each format is a type implementing [`Record`]: its header names, in file order, and how one
//! row becomes a value and back. [`Reader`] streams any `io::Read` through it without holding
//! the file in memory; [`Writer`] writes the header and rows in the exact form BalkanID does.
//!
//! Readers are forgiving about the file's shape and strict about its values: they accept a
//! UTF-8 byte-order mark, CRLF line ends, quoted fields holding commas, quotes and newlines,
//! header names in any case with surrounding spaces, columns in any order, unknown extra
//! columns, and empty trailing columns. They reject text that is not UTF-8, a missing required
//! column, a row with more non-empty cells than the header has columns, and any cell that does
//! not hold its column's format, with an error naming the file, the line and the column.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::marker::PhantomData;

mod formats;

pub use formats::*;

/// One bulk format: a row type with its header.
pub trait Record: Sized {
    /// The file's name in a snapshot directory and in error messages, such as `employees.csv`.
    const FILE_NAME: &'static str;

    /// The header names in the order BalkanID writes them.
    const HEADERS: &'static [&'static str];

    /// The columns a file must have; a file without one of them is rejected at its header.
    const REQUIRED_HEADERS: &'static [&'static str] = &[];

    /// Reads one row.
    ///
    /// # Errors
    ///
    /// Returns a [`FieldError`] naming the column whose value is missing or malformed.
    fn from_row(row: &Row<'_>) -> Result<Self, FieldError>;

    /// Writes one row, one cell per entry of [`Record::HEADERS`], in that order.
    fn to_row(&self) -> Vec<String>;
}

/// A problem with one cell, before the reader adds the file and line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The column, as named in [`Record::HEADERS`].
    pub column: String,
    /// What is wrong and what is accepted.
    pub message: String,
}

impl FieldError {
    /// A problem with the value of `column`.
    pub fn new(column: &str, message: impl Into<String>) -> Self {
        FieldError { column: column.to_owned(), message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column `{}`: {}", self.column, self.message)
    }
}

/// Why a file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CsvError {
    /// A row or cell did not hold what its format requires.
    #[error("{file}, line {line}{}: {message}", column.as_ref().map(|c| format!(", column `{c}`")).unwrap_or_default())]
    Malformed {
        /// The file name.
        file: String,
        /// The 1-based line where the row starts.
        line: u64,
        /// The column, when one cell is at fault.
        column: Option<String>,
        /// What is wrong and what is accepted.
        message: String,
    },
    /// The underlying reader or writer failed.
    #[error("{file}: input/output error")]
    Io {
        /// The file name.
        file: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

impl CsvError {
    /// The 1-based line of a malformed row, if this is one.
    pub fn line(&self) -> Option<u64> {
        match self {
            CsvError::Malformed { line, .. } => Some(*line),
            CsvError::Io { .. } => None,
        }
    }

    /// The column of a malformed cell, if one is at fault.
    pub fn column(&self) -> Option<&str> {
        match self {
            CsvError::Malformed { column, .. } => column.as_deref(),
            CsvError::Io { .. } => None,
        }
    }
}

/// One row being read, with its cells found by header name.
#[derive(Debug)]
pub struct Row<'a> {
    record: &'a csv::StringRecord,
    columns: &'a HashMap<String, usize>,
}

impl Row<'_> {
    /// The cell of `column`, trimmed; `None` when the column is absent or the cell is empty.
    pub fn get(&self, column: &str) -> Option<&str> {
        let index = *self.columns.get(&normalize_header(column))?;
        let cell = self.record.get(index)?.trim();
        if cell.is_empty() {
            return None;
        }
        Some(cell)
    }

    /// The cell of a required column.
    ///
    /// # Errors
    ///
    /// Returns a [`FieldError`] when the cell is empty or the column absent.
    pub fn required(&self, column: &str) -> Result<&str, FieldError> {
        self.get(column).ok_or_else(|| FieldError::new(column, "is required but empty"))
    }

    /// Parses an optional cell with `parse`, whose error text says what is accepted.
    ///
    /// # Errors
    ///
    /// Returns a [`FieldError`] when the cell is not empty and `parse` fails.
    pub fn parse_opt<T, E: fmt::Display>(
        &self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, FieldError> {
        match self.get(column) {
            None => Ok(None),
            Some(cell) => parse(cell).map(Some).map_err(|e| FieldError::new(column, e.to_string())),
        }
    }

    /// Parses a required cell with `parse`.
    ///
    /// # Errors
    ///
    /// Returns a [`FieldError`] when the cell is empty or `parse` fails.
    pub fn parse_req<T, E: fmt::Display>(
        &self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, FieldError> {
        let cell = self.required(column)?;
        parse(cell).map_err(|e| FieldError::new(column, e.to_string()))
    }

    /// An optional text cell as an owned string.
    pub fn text(&self, column: &str) -> Option<String> {
        self.get(column).map(str::to_owned)
    }
}

/// Header names match without regard to ASCII case or surrounding spaces.
fn normalize_header(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').trim().to_ascii_lowercase()
}

/// Streams typed rows out of a CSV file.
pub struct Reader<R, T> {
    inner: csv::Reader<R>,
    file: String,
    columns: HashMap<String, usize>,
    n_header_columns: usize,
    record: csv::StringRecord,
    header_error: Option<CsvError>,
    done: bool,
    marker: PhantomData<fn() -> T>,
}

impl<R, T> fmt::Debug for Reader<R, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader").field("file", &self.file).finish_non_exhaustive()
    }
}

impl<R: io::Read, T: Record> Reader<R, T> {
    /// Starts reading `input`; errors name the file [`Record::FILE_NAME`].
    ///
    /// The header is read at once; a problem with it is returned by the first call to `next`.
    pub fn new(input: R) -> Self {
        Self::with_file_name(input, T::FILE_NAME)
    }

    /// Starts reading `input`, naming it `file` in errors.
    pub fn with_file_name(input: R, file: &str) -> Self {
        let inner = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::None)
            .from_reader(input);
        let mut reader = Reader {
            inner,
            file: file.to_owned(),
            columns: HashMap::new(),
            n_header_columns: 0,
            record: csv::StringRecord::new(),
            header_error: None,
            done: false,
            marker: PhantomData,
        };
        reader.header_error = reader.read_header().err();
        reader
    }

    fn read_header(&mut self) -> Result<(), CsvError> {
        let mut header = csv::StringRecord::new();
        let has_header = match self.inner.read_record(&mut header) {
            Ok(has_header) => has_header,
            Err(error) => return Err(self.csv_error(error)),
        };
        if !has_header {
            return Err(self.malformed(1, None, "the file is empty; expected a header row"));
        }

        for (index, name) in header.iter().enumerate() {
            let key = normalize_header(name);
            if key.is_empty() {
                continue;
            }
            if self.columns.insert(key, index).is_some() {
                let message = format!("the header names column `{}` twice", name.trim());
                return Err(self.malformed(1, None, &message));
            }
        }
        self.n_header_columns = header.len();

        let missing = T::REQUIRED_HEADERS
            .iter()
            .find(|name| !self.columns.contains_key(&normalize_header(name)));
        if let Some(name) = missing {
            let message = "the header lacks this required column";
            return Err(self.malformed(1, Some(name), message));
        }

        Ok(())
    }

    fn malformed(&self, line: u64, column: Option<&str>, message: &str) -> CsvError {
        CsvError::Malformed {
            file: self.file.clone(),
            line,
            column: column.map(str::to_owned),
            message: message.to_owned(),
        }
    }

    fn csv_error(&self, error: csv::Error) -> CsvError {
        let line = error.position().map_or(0, |p| p.line());
        match error.into_kind() {
            csv::ErrorKind::Io(source) => CsvError::Io { file: self.file.clone(), source },
            csv::ErrorKind::Utf8 { err, .. } => {
                let column = self.column_name(err.field());
                let message = "is not valid UTF-8; BalkanID files must be UTF-8 encoded";
                self.malformed(line, column.as_deref(), message)
            }
            other => self.malformed(line, None, &format!("{other:?}")),
        }
    }

    fn column_name(&self, index: usize) -> Option<String> {
        let known = T::HEADERS.iter().find(|h| self.columns.get(&normalize_header(h)) == Some(&index));
        match known {
            Some(name) => Some((*name).to_owned()),
            None => Some(format!("#{}", index + 1)),
        }
    }
}

impl<R: io::Read, T: Record> Iterator for Reader<R, T> {
    type Item = Result<T, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if let Some(error) = self.header_error.take() {
            self.done = true;
            return Some(Err(error));
        }

        loop {
            let read = self.inner.read_record(&mut self.record);
            let has_row = match read {
                Ok(has_row) => has_row,
                Err(error) => {
                    self.done = true;
                    return Some(Err(self.csv_error(error)));
                }
            };
            if !has_row {
                self.done = true;
                return None;
            }
            let line = self.record.position().map_or(0, csv::Position::line);

            if self.record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            let extra = self.record.iter().skip(self.n_header_columns).any(|c| !c.trim().is_empty());
            if extra {
                let message = format!(
                    "the row has {} cells but the header has {} columns",
                    self.record.len(),
                    self.n_header_columns
                );
                return Some(Err(self.malformed(line, None, &message)));
            }

            let row = Row { record: &self.record, columns: &self.columns };
            let res = T::from_row(&row)
                .map_err(|e| self.malformed(line, Some(&e.column), &e.message));
            return Some(res);
        }
    }
}

/// Writes typed rows as a BalkanID CSV file: the header, then one line per row, `\n` line
/// ends, fields quoted only when they hold a comma, quote or line break.
pub struct Writer<W: io::Write, T> {
    inner: csv::Writer<W>,
    file: String,
    n_rows: u64,
    marker: PhantomData<fn(&T)>,
}

impl<W: io::Write, T> fmt::Debug for Writer<W, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Writer").field("file", &self.file).field("n_rows", &self.n_rows).finish()
    }
}

impl<W: io::Write, T: Record> Writer<W, T> {
    /// Starts a file on `output` and writes the header.
    ///
    /// # Errors
    ///
    /// Returns [`CsvError::Io`] when the header cannot be written.
    pub fn new(output: W) -> Result<Self, CsvError> {
        let inner = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(output);
        let mut writer =
            Writer { inner, file: T::FILE_NAME.to_owned(), n_rows: 0, marker: PhantomData };
        let header = T::HEADERS.to_vec();
        writer.inner.write_record(&header).map_err(|e| writer.io_error(e))?;
        Ok(writer)
    }

    /// Writes one row.
    ///
    /// # Errors
    ///
    /// Returns [`CsvError::Io`] when the output fails.
    pub fn write(&mut self, record: &T) -> Result<(), CsvError> {
        let cells = record.to_row();
        debug_assert_eq!(cells.len(), T::HEADERS.len(), "{} row width", T::FILE_NAME);
        self.inner.write_record(&cells).map_err(|e| self.io_error(e))?;
        self.n_rows += 1;
        Ok(())
    }

    /// How many rows have been written.
    pub fn n_rows(&self) -> u64 {
        self.n_rows
    }

    /// Flushes and returns the output.
    ///
    /// # Errors
    ///
    /// Returns [`CsvError::Io`] when the final flush fails.
    pub fn finish(self) -> Result<W, CsvError> {
        let file = self.file.clone();
        self.inner.into_inner().map_err(|e| CsvError::Io { file, source: e.into_error() })
    }

    fn io_error(&self, error: csv::Error) -> CsvError {
        let source = match error.into_kind() {
            csv::ErrorKind::Io(source) => source,
            other => io::Error::other(format!("{other:?}")),
        };
        CsvError::Io { file: self.file.clone(), source }
    }
}

/// Reads a whole file of `T` from a byte slice, stopping at the first error; for tests and
/// small files.
///
/// # Errors
///
/// Returns the first [`CsvError`].
pub fn read_all<T: Record>(bytes: &[u8]) -> Result<Vec<T>, CsvError> {
    Reader::<_, T>::new(bytes).collect()
}

/// Writes `records` as a whole file into a byte vector; for tests and small files.
///
/// # Errors
///
/// Returns a [`CsvError`] if writing fails, which an in-memory vector does not.
pub fn write_all<'a, T: Record + 'a>(
    records: impl IntoIterator<Item = &'a T>,
) -> Result<Vec<u8>, CsvError> {
    let mut writer = Writer::<_, T>::new(Vec::new())?;
    for record in records {
        writer.write(record)?;
    }
    writer.finish()
}
