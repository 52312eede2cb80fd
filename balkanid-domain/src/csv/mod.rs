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
//! Values of BalkanID's vocabularies that this crate does not know are kept and written back.
//!
//! # Formats
//!
//! - Snapshot (download) formats are the model types themselves: [`crate::model::Employee`],
//!   [`crate::model::Entity`], [`crate::model::EntityRelation`], [`crate::model::Relation`],
//!   [`crate::model::Entitlement`], [`crate::model::BusinessOwner`], [`crate::model::App`],
//!   [`crate::model::Admin`], [`crate::model::Integration`], [`crate::model::Credential`],
//!   [`crate::model::Campaign`], [`crate::model::ReviewItem`],
//!   [`crate::model::AccessRequest`], [`crate::model::Purpose`] and
//!   [`crate::model::Finding`]. Employees, business owners and relations upload in the same
//!   format.
//! - Upload formats that differ: [`EntityUpload`] (also the entities file of an Entity RBAC
//!   upload), [`EntityRelationUpload`], [`EntityRbacRelation`], [`EntitlementUpload`],
//!   [`CampaignUpload`], [`IntegrationUpload`], [`PurposeUpload`], [`FindingUpload`] and the
//!   four request layouts [`RequestUploadIdentity`], [`RequestUploadEntityUpdate`],
//!   [`RequestUploadDetailed`] and [`RequestUploadByReference`].
//! - Configuration: [`AppliedLabel`], [`EntityFindingRule`], [`EntityRule`], [`Filter`],
//!   [`Label`], [`RbacRole`], [`RbacRoleUpload`], [`Rbac2Entry`], [`Rbac2EntryUpload`],
//!   [`Rule`], [`EntityInsight`] and [`WebhookTemplate`].
//!
//! BalkanID publishes no format for reviews upload, privileged, playbook templates or the
//! Entity RBAC download's other files, so there are none here.
//!
//! # Example
//!
//! ```
//! use balkanid_domain::csv::{Reader, write_all};
//! use balkanid_domain::model::Admin;
//!
//! let file = "\u{feff}EMAIL , Is Employee\r\nmark@example.com,TRUE\r\n";
//! let admins: Vec<Admin> = Reader::new(file.as_bytes()).collect::<Result<_, _>>().unwrap();
//! assert!(admins[0].is_employee);
//!
//! let written = write_all(&admins).unwrap();
//! assert_eq!(written, b"Email,Is Employee\nmark@example.com,true\n");
//! ```

use std::fmt;
use std::io;
use std::marker::PhantomData;

use crate::model::VersionedJson;
use crate::values::{self, ListStyle};

mod config;
mod formats;
mod upload;

pub use config::*;
pub use upload::*;

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
        FieldError {
            column: column.to_owned(),
            message: message.into(),
        }
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
    #[error("{file}, line {line}{}: {message}", column_part(column.as_deref()))]
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

/// The `, column `X`` part of a [`CsvError::Malformed`] message, or nothing.
fn column_part(column: Option<&str>) -> String {
    column
        .map(|column| format!(", column `{column}`"))
        .unwrap_or_default()
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
    columns: &'a [(String, usize)],
}

impl Row<'_> {
    /// The cell of `column`, trimmed; `None` when the column is absent or the cell is empty.
    ///
    /// `column` matches a header name without regard to ASCII case or surrounding spaces.
    pub fn get(&self, column: &str) -> Option<&str> {
        let index = column_index(self.columns, column)?;
        let cell = self.record.get(index)?.trim();
        if cell.is_empty() {
            return None;
        }
        Some(cell)
    }

    /// Whether the file has `column` at all, empty or not.
    pub fn has_column(&self, column: &str) -> bool {
        column_index(self.columns, column).is_some()
    }

    /// The cell of a required column.
    ///
    /// # Errors
    ///
    /// Returns a [`FieldError`] when the cell is empty or the column absent.
    pub fn required(&self, column: &str) -> Result<&str, FieldError> {
        self.get(column)
            .ok_or_else(|| FieldError::new(column, "is required but empty"))
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
            Some(cell) => parse(cell)
                .map(Some)
                .map_err(|e| FieldError::new(column, e.to_string())),
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

    /// A required text cell as an owned string.
    ///
    /// # Errors
    ///
    /// Returns a [`FieldError`] when the cell is empty or the column absent.
    pub fn required_text(&self, column: &str) -> Result<String, FieldError> {
        self.required(column).map(str::to_owned)
    }

    /// A list cell parsed item by item; an empty cell is an empty list.
    ///
    /// # Errors
    ///
    /// Returns a [`FieldError`] naming the first item that `parse` rejects.
    pub fn list<T, E: fmt::Display>(
        &self,
        column: &str,
        style: ListStyle,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Result<Vec<T>, FieldError> {
        let Some(cell) = self.get(column) else {
            return Ok(Vec::new());
        };
        values::parse_list(cell, style, parse).map_err(|e| FieldError::new(column, e.to_string()))
    }

    /// A JSON cell together with its version column, such as `Metadata Version` and
    /// `Metadata`; `None` when both are empty.
    ///
    /// A version without JSON keeps the version with a JSON `null`; JSON without a version
    /// keeps an empty version. Both are written back as they were read.
    ///
    /// # Errors
    ///
    /// Returns a [`FieldError`] when the JSON cell is not JSON.
    pub fn versioned_json(
        &self,
        version_column: &str,
        json_column: &str,
    ) -> Result<Option<VersionedJson>, FieldError> {
        let version = self.text(version_column);
        let value = self.parse_opt(json_column, values::parse_json)?;
        if version.is_none() && value.is_none() {
            return Ok(None);
        }
        let value = value.unwrap_or(serde_json::Value::Null);
        Ok(Some(VersionedJson::new(version.unwrap_or_default(), value)))
    }
}

/// The text of an optional value, or an empty cell.
pub(crate) fn cell<T: fmt::Display>(value: Option<&T>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

/// The text of an optional JSON cell, or an empty cell.
pub(crate) fn json_cell(value: Option<&serde_json::Value>) -> String {
    value.map(values::format_json).unwrap_or_default()
}

/// The two cells of a versioned JSON column pair: the version, then the JSON.
pub(crate) fn versioned_cells(value: Option<&VersionedJson>) -> [String; 2] {
    let Some(versioned) = value else {
        return [String::new(), String::new()];
    };
    let json = match &versioned.value {
        serde_json::Value::Null => String::new(),
        other => values::format_json(other),
    };
    [versioned.version.clone(), json]
}

/// A whole count such as `Reviewer Count`.
pub(crate) fn parse_count(input: &str) -> Result<u32, values::ValueError> {
    input
        .trim()
        .parse()
        .map_err(|_| values::ValueError::new(input, "a whole number such as `1`"))
}

/// A list item kept as text.
pub(crate) fn parse_text(input: &str) -> Result<String, std::convert::Infallible> {
    Ok(input.to_owned())
}

/// The position of `column` among a file's normalized header names.
fn column_index(columns: &[(String, usize)], column: &str) -> Option<usize> {
    let wanted = column.trim();
    columns
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
        .map(|(_, index)| *index)
}

/// Header names match without regard to ASCII case or surrounding spaces.
fn normalize_header(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_ascii_lowercase()
}

/// Streams typed rows out of a CSV file, one row in memory at a time.
///
/// A row that does not hold its format, or whose text is not UTF-8, yields an error, and the
/// next call goes on with the following row, so a caller may report every bad row or stop at
/// the first (`collect::<Result<Vec<_>, _>>()` does). A failing input ends the iteration. The
/// only lines skipped are blank ones: empty, or holding nothing but separators and spaces.
pub struct Reader<R, T> {
    inner: csv::Reader<Tracked<R>>,
    file: String,
    columns: Vec<(String, usize)>,
    n_header_columns: usize,
    record: csv::StringRecord,
    line: u64,
    header_error: Option<CsvError>,
    done: bool,
    marker: PhantomData<fn() -> T>,
}

impl<R, T> fmt::Debug for Reader<R, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("file", &self.file)
            .finish_non_exhaustive()
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
            .buffer_capacity(BUFFER_CAPACITY)
            .from_reader(Tracked::new(input));
        let mut reader = Reader {
            inner,
            file: file.to_owned(),
            columns: Vec::new(),
            n_header_columns: 0,
            record: csv::StringRecord::new(),
            line: 0,
            header_error: None,
            done: false,
            marker: PhantomData,
        };
        reader.header_error = reader.read_header().err();
        reader.line = 0;
        reader
    }

    /// The 1-based line where the row last returned by `next` starts; 0 before the first.
    ///
    /// Callers that reject a row for reasons of their own (a duplicate key, say) use it to
    /// name the line.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The file name used in errors.
    pub fn file_name(&self) -> &str {
        &self.file
    }

    fn read_header(&mut self) -> Result<(), CsvError> {
        if !self.read_raw()? {
            return Err(self.malformed(1, None, "the file is empty; expected a header row"));
        }
        let line = self.line;
        let header = std::mem::take(&mut self.record);

        for (index, name) in header.iter().enumerate() {
            let key = normalize_header(name);
            if key.is_empty() {
                continue;
            }
            if column_index(&self.columns, &key).is_some() {
                let message = format!("the header names column `{}` twice", name.trim());
                return Err(self.malformed(line, None, &message));
            }
            self.columns.push((key, index));
        }
        self.n_header_columns = header.len();

        let missing = T::REQUIRED_HEADERS
            .iter()
            .find(|name| column_index(&self.columns, &normalize_header(name)).is_none());
        if let Some(name) = missing {
            let message = "the header lacks this required column";
            return Err(self.malformed(line, Some(name), message));
        }

        Ok(())
    }

    /// Reads the next record into `self.record` and its first line into `self.line`;
    /// `Ok(false)` at the end of the input.
    ///
    /// The csv crate skips blank lines before a record but counts its position from before
    /// them, so the line is worked out backwards from the end of the record: the lines
    /// consumed so far, less the line breaks inside the record's quoted fields, less its own
    /// line end.
    ///
    /// FIXME: the csv crate counts lines by `\n` only, so a file whose lines end with a lone
    /// `\r` (classic Mac OS) is read correctly but every error in it names line 1.
    fn read_raw(&mut self) -> Result<bool, CsvError> {
        let mut bytes = std::mem::take(&mut self.record).into_byte_record();
        let has_record = match self.inner.read_byte_record(&mut bytes) {
            Ok(has_record) => has_record,
            Err(error) => return Err(self.csv_error(error)),
        };
        if !has_record {
            return Ok(false);
        }

        let end = self.inner.position();
        let n_breaks = bytes.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
        let ends_with_break = self.inner.get_ref().byte_before(end.byte()) == Some(b'\n');
        self.line = end
            .line()
            .saturating_sub(n_breaks + u64::from(ends_with_break))
            .max(1);

        match csv::StringRecord::from_byte_record(bytes) {
            Ok(record) => {
                self.record = record;
                Ok(true)
            }
            Err(error) => {
                let column = self.column_name(error.utf8_error().field());
                let message = "is not valid UTF-8; BalkanID files must be UTF-8 encoded";
                Err(self.malformed(self.line, column.as_deref(), message))
            }
        }
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
        match error.into_kind() {
            csv::ErrorKind::Io(source) => CsvError::Io {
                file: self.file.clone(),
                source,
            },
            _ => self.malformed(self.line + 1, None, "is not a well-formed CSV row"),
        }
    }

    fn column_name(&self, index: usize) -> Option<String> {
        let known = T::HEADERS
            .iter()
            .find(|h| column_index(&self.columns, h) == Some(index));
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
            match self.read_raw() {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(error @ CsvError::Io { .. }) => {
                    self.done = true;
                    return Some(Err(error));
                }
                Err(error) => return Some(Err(error)),
            }
            let line = self.line;

            if self.record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            let extra = self
                .record
                .iter()
                .skip(self.n_header_columns)
                .any(|c| !c.trim().is_empty());
            if extra {
                let message = format!(
                    "the row has {} cells but the header has {} columns",
                    self.record.len(),
                    self.n_header_columns
                );
                return Some(Err(self.malformed(line, None, &message)));
            }

            let row = Row {
                record: &self.record,
                columns: &self.columns,
            };
            let res =
                T::from_row(&row).map_err(|e| self.malformed(line, Some(&e.column), &e.message));
            return Some(res);
        }
    }
}

/// The csv crate's read buffer, set explicitly because [`Tracked`] must remember more.
const BUFFER_CAPACITY: usize = 8 * 1024;

/// How many of the latest input bytes [`Tracked`] remembers: more than the csv crate can have
/// read ahead of what it parsed.
const TRACKED_BYTES: usize = 4 * BUFFER_CAPACITY;

/// An input that remembers its latest bytes, so the reader can tell whether a record ended
/// with a line break.
struct Tracked<R> {
    inner: R,
    n_supplied: u64,
    latest: Box<[u8]>,
}

impl<R> Tracked<R> {
    fn new(inner: R) -> Self {
        Tracked {
            inner,
            n_supplied: 0,
            latest: vec![0; TRACKED_BYTES].into_boxed_slice(),
        }
    }

    /// The byte just before `offset`, if it is still remembered.
    fn byte_before(&self, offset: u64) -> Option<u8> {
        let remembered = offset > 0
            && offset <= self.n_supplied
            && self.n_supplied - offset < TRACKED_BYTES as u64;
        if !remembered {
            return None;
        }
        let index = usize::try_from((offset - 1) % TRACKED_BYTES as u64).ok()?;
        self.latest.get(index).copied()
    }
}

impl<R: io::Read> io::Read for Tracked<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buffer)?;
        let Some(filled) = buffer.get(..n) else {
            return Err(io::Error::other(
                "the input reported more bytes than it was given",
            ));
        };
        for &byte in filled {
            let index = (self.n_supplied % TRACKED_BYTES as u64) as usize;
            self.latest[index] = byte;
            self.n_supplied += 1;
        }
        Ok(n)
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
        f.debug_struct("Writer")
            .field("file", &self.file)
            .field("n_rows", &self.n_rows)
            .finish()
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
        let mut writer = Writer {
            inner,
            file: T::FILE_NAME.to_owned(),
            n_rows: 0,
            marker: PhantomData,
        };
        let header = T::HEADERS.to_vec();
        writer
            .inner
            .write_record(&header)
            .map_err(|e| writer.io_error(e))?;
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
        self.inner
            .write_record(&cells)
            .map_err(|e| self.io_error(e))?;
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
        self.inner.into_inner().map_err(|e| CsvError::Io {
            file,
            source: e.into_error(),
        })
    }

    fn io_error(&self, error: csv::Error) -> CsvError {
        let source = match error.into_kind() {
            csv::ErrorKind::Io(source) => source,
            other => io::Error::other(format!("{other:?}")),
        };
        CsvError::Io {
            file: self.file.clone(),
            source,
        }
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

#[cfg(test)]
pub(crate) mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;
    use crate::model::{Admin, Campaign, CampaignStatus, Employee};

    /// The reference's sample rows, one file per format, under `tests/fixtures/reference`.
    pub(crate) mod reference {
        macro_rules! fixture {
            ($name:ident, $file:literal) => {
                pub(crate) const $name: &str =
                    include_str!(concat!("../../tests/fixtures/reference/", $file));
            };
        }

        fixture!(ADMINS, "admins.csv");
        fixture!(APPS, "apps.csv");
        fixture!(BUSINESS_OWNERS, "business-owners.csv");
        fixture!(CAMPAIGNS, "campaigns.csv");
        fixture!(CREDENTIALS, "credentials.csv");
        fixture!(EMPLOYEES, "employees.csv");
        fixture!(ENTITIES, "entities.csv");
        fixture!(ENTITLEMENTS, "entitlements.csv");
        fixture!(ENTITY_RELATIONS, "entity-relations.csv");
        fixture!(FINDINGS, "findings.csv");
        fixture!(INTEGRATIONS, "integrations.csv");
        fixture!(PURPOSES, "purposes.csv");
        fixture!(RELATIONS, "relations.csv");
        fixture!(REQUESTS, "requests.csv");
        fixture!(REVIEWS, "reviews.csv");
    }

    /// Reads `text`, checks that writing the rows again gives the same text, and returns them.
    pub(crate) fn round_trip<T: Record + std::fmt::Debug>(text: &str) -> Vec<T> {
        let records: Vec<T> = match read_all(text.as_bytes()) {
            Ok(records) => records,
            Err(error) => panic!("{error}"),
        };
        let written = String::from_utf8(write_all(&records).unwrap()).unwrap();
        assert_eq!(written, text, "{} did not round-trip", T::FILE_NAME);
        records
    }

    fn read_error<T: Record + std::fmt::Debug>(bytes: &[u8]) -> String {
        match read_all::<T>(bytes) {
            Ok(records) => panic!("expected an error, read {records:?}"),
            Err(error) => error.to_string(),
        }
    }

    const EMPLOYEE_HEADER: &str = "Full Name,Work Email,Start Date\n";

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
        let bytes =
            b"\xEF\xBB\xBFEmail,Is Employee\r\nmark@example.com,TRUE\r\nann@example.com,false\r\n";
        let admins: Vec<Admin> = read_all(bytes).unwrap();
        assert_eq!(admins.len(), 2);
        assert_eq!(admins[0].email.as_str(), "mark@example.com");
        assert!(admins[0].is_employee);
        assert!(!admins[1].is_employee);
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let text = "Full Name,Work Email,Start Date,Department\n\
                    \"Doe, Jane \"\"JD\"\"\",jane@example.com,01/21/2021,\"R&D\r\nLabs\"\n";
        let employees: Vec<Employee> = read_all(text.as_bytes()).unwrap();
        assert_eq!(employees[0].full_name.as_deref(), Some("Doe, Jane \"JD\""));
        assert_eq!(employees[0].department.as_deref(), Some("R&D\r\nLabs"));

        let written = String::from_utf8(write_all(&employees).unwrap()).unwrap();
        let row =
            ",\"Doe, Jane \"\"JD\"\"\",,,jane@example.com,\"R&D\r\nLabs\",,01/21/2021,,,,,,,,\n";
        assert!(written.ends_with(row), "{written}");
        let again: Vec<Employee> = read_all(written.as_bytes()).unwrap();
        assert_eq!(again, employees);
    }

    #[test]
    fn lines_are_counted_across_quoted_line_breaks() {
        // The first row spans lines 2 to 4, so the second row starts on line 5.
        let text = "Full Name,Work Email,Start Date,Department\n\
                    Jane,jane@example.com,01/21/2021,\"a\nb\nc\"\n\
                    Mark,mark@example.com,2021-01-21,Sales\n";
        let error = read_error::<Employee>(text.as_bytes());
        assert_eq!(
            error,
            "employees.csv, line 5, column `Start Date`: \"2021-01-21\" is not a date in \
             MM/DD/YYYY form, such as 01/21/2021"
        );
    }

    #[test]
    fn header_names_match_without_case_or_surrounding_spaces() {
        let text = "  FULL name , work EMAIL,Start Date  \nJane,jane@example.com,01/21/2021\n";
        let employees: Vec<Employee> = read_all(text.as_bytes()).unwrap();
        assert_eq!(employees[0].full_name.as_deref(), Some("Jane"));
        assert_eq!(employees[0].work_email.as_str(), "jane@example.com");
    }

    #[test]
    fn empty_trailing_columns_are_accepted() {
        let text = "Email,Is Employee,,\nmark@example.com,true,,\nann@example.com,false,,,,\n";
        let admins: Vec<Admin> = read_all(text.as_bytes()).unwrap();
        assert_eq!(admins.len(), 2);
        assert_eq!(admins[1].email.as_str(), "ann@example.com");
    }

    #[test]
    fn non_ascii_names_round_trip() {
        let text = format!("{EMPLOYEE_HEADER}Zoë Ångström,zoe@example.com,01/21/2021\n");
        let employees: Vec<Employee> = read_all(text.as_bytes()).unwrap();
        assert_eq!(employees[0].full_name.as_deref(), Some("Zoë Ångström"));
        let written = String::from_utf8(write_all(&employees).unwrap()).unwrap();
        let row = "\n,Zoë Ångström,,,zoe@example.com,,,01/21/2021,,,,,,,,\n";
        assert!(written.ends_with(row), "{written}");
        let again: Vec<Employee> = read_all(written.as_bytes()).unwrap();
        assert_eq!(again, employees);
    }

    #[test]
    fn a_latin_1_file_is_rejected_naming_file_line_and_column() {
        // "Zoë" in Latin-1 is `Zo` followed by the single byte 0xEB.
        let mut bytes = EMPLOYEE_HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"Jane Doe,jane@example.com,01/21/2021\n");
        bytes.extend_from_slice(b"Zo\xEB Angstrom,zoe@example.com,01/21/2021\n");
        let error = read_error::<Employee>(&bytes);
        assert_eq!(
            error,
            "employees.csv, line 3, column `Full Name`: is not valid UTF-8; BalkanID files must \
             be UTF-8 encoded"
        );
    }

    #[test]
    fn a_utf_16_file_is_rejected_at_its_header() {
        let bytes: Vec<u8> = "\u{feff}Email"
            .encode_utf16()
            .flat_map(|unit| unit.to_le_bytes())
            .collect();
        let error = read_error::<Admin>(&bytes);
        assert_eq!(
            error,
            "admins.csv, line 1, column `#1`: is not valid UTF-8; BalkanID files must be UTF-8 \
             encoded"
        );
    }

    #[test]
    fn a_malformed_date_names_file_line_column_and_the_accepted_form() {
        let text = format!("{EMPLOYEE_HEADER}Jane,jane@example.com,13/45/2021\n");
        let error = read_all::<Employee>(text.as_bytes()).unwrap_err();
        assert_eq!(error.line(), Some(2));
        assert_eq!(error.column(), Some("Start Date"));
        assert_eq!(
            error.to_string(),
            "employees.csv, line 2, column `Start Date`: \"13/45/2021\" is not a date in \
             MM/DD/YYYY form, such as 01/21/2021"
        );
    }

    #[test]
    fn a_row_with_too_many_cells_is_rejected() {
        let text = "Email,Is Employee\nmark@example.com,true\nann@example.com,true,extra\n";
        let error = read_error::<Admin>(text.as_bytes());
        assert_eq!(
            error,
            "admins.csv, line 3: the row has 3 cells but the header has 2 columns"
        );
    }

    #[test]
    fn a_missing_required_column_is_rejected_at_the_header() {
        let text = "Full Name,Start Date\nJane,01/21/2021\n";
        let error = read_error::<Employee>(text.as_bytes());
        assert_eq!(
            error,
            "employees.csv, line 1, column `Work Email`: the header lacks this required column"
        );
    }

    #[test]
    fn an_empty_required_cell_is_rejected() {
        let text = format!("{EMPLOYEE_HEADER}Jane,,01/21/2021\n");
        let error = read_error::<Employee>(text.as_bytes());
        assert_eq!(
            error,
            "employees.csv, line 2, column `Work Email`: is required but empty"
        );
    }

    #[test]
    fn an_unknown_enum_value_is_kept_and_written_back() {
        let text = "ID,Name,Description,Status,Start Date,End Date,Percentage Completed,\
                    Is Published,Recurrence,Escalation,Escalation Date\n\
                    01HA02R3KH676CD9XHZAY8SCDZ,Q1,,On Hold,2024-01-01,2024-03-31,12.50,TRUE,,,\n";
        let campaigns: Vec<Campaign> = round_trip(text);
        assert!(campaigns[0].status.is_unknown());
        assert_eq!(campaigns[0].status.as_str(), "On Hold");
        assert_ne!(campaigns[0].status, CampaignStatus::Pending);
    }

    #[test]
    fn blank_lines_are_skipped_and_every_other_row_is_read() {
        let text = "Email,Is Employee\n\nmark@example.com,true\n\n\nann@example.com,false\n";
        let admins: Vec<Admin> = read_all(text.as_bytes()).unwrap();
        assert_eq!(admins.len(), 2);
    }

    #[test]
    fn a_bad_row_is_reported_and_the_next_rows_are_still_read() {
        let text = "Email,Is Employee\nnot-an-email,true\nann@example.com,false\n";
        let results: Vec<Result<Admin, CsvError>> = Reader::new(text.as_bytes()).collect();
        assert_eq!(results.len(), 2);
        let error = results[0].as_ref().unwrap_err().to_string();
        assert_eq!(
            error,
            "admins.csv, line 2, column `Email`: invalid email \"not-an-email\": expected \
             name@domain"
        );
        assert_eq!(
            results[1].as_ref().unwrap().email.as_str(),
            "ann@example.com"
        );
    }

    #[test]
    fn lines_are_counted_across_blank_lines_crlf_and_a_missing_last_line_end() {
        // Lines: 1 and 2 blank, 3 header, 4 blank, 5 Mark, 6 and 7 Ann, 8 the last row.
        let text = "\n\nEmail,Is Employee\r\n\r\nmark@example.com,true\r\n\
                    \"ann\r\n\"@example.com,false\r\nbad,true";
        let mut reader = Reader::<_, Admin>::new(text.as_bytes());
        assert_eq!(reader.line(), 0);

        reader.next().unwrap().unwrap();
        assert_eq!(reader.line(), 5);
        let error = reader.next().unwrap().unwrap_err();
        assert_eq!(error.line(), Some(6));
        assert_eq!(reader.line(), 6);
        let error = reader.next().unwrap().unwrap_err();
        assert_eq!(error.line(), Some(8));
        assert!(reader.next().is_none());
    }

    #[test]
    fn lone_carriage_returns_end_lines_but_are_not_counted() {
        let text = "Email,Is Employee\rmark@example.com,true\rbad,true\r";
        let results: Vec<Result<Admin, CsvError>> = Reader::new(text.as_bytes()).collect();
        assert_eq!(
            results[0].as_ref().unwrap().email.as_str(),
            "mark@example.com"
        );
        // FIXME: this is line 3; see `Reader::read_raw`.
        assert_eq!(results[1].as_ref().unwrap_err().line(), Some(1));
    }

    #[test]
    fn a_header_after_blank_lines_is_reported_on_its_own_line() {
        let error = read_error::<Admin>(b"\n\nIs Employee\ntrue\n");
        assert_eq!(
            error,
            "admins.csv, line 3, column `Email`: the header lacks this required column"
        );
    }

    #[test]
    fn reading_goes_on_after_a_row_that_is_not_utf_8() {
        let bytes = b"Email,Is Employee\nzo\xEB@example.com,true\nann@example.com,false\n";
        let results: Vec<Result<Admin, CsvError>> = Reader::new(&bytes[..]).collect();
        assert_eq!(results.len(), 2);
        let error = results[0].as_ref().unwrap_err();
        assert_eq!((error.line(), error.column()), (Some(2), Some("Email")));
        assert_eq!(
            results[1].as_ref().unwrap().email.as_str(),
            "ann@example.com"
        );
    }

    #[test]
    fn an_empty_file_is_rejected() {
        assert_eq!(
            read_error::<Admin>(b""),
            "admins.csv, line 1: the file is empty; expected a header row"
        );
    }

    #[test]
    fn a_header_naming_a_column_twice_is_rejected() {
        let error = read_error::<Admin>(b"Email,Is Employee,EMAIL\n");
        assert_eq!(
            error,
            "admins.csv, line 1: the header names column `EMAIL` twice"
        );
    }

    /// An input that hands out its bytes in small reads and counts how many it gave.
    struct CountingReader {
        bytes: Vec<u8>,
        position: usize,
        n_read: Rc<Cell<usize>>,
    }

    impl io::Read for CountingReader {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            let rest = &self.bytes[self.position..];
            let n = rest.len().min(buffer.len()).min(4096);
            buffer[..n].copy_from_slice(&rest[..n]);
            self.position += n;
            self.n_read.set(self.n_read.get() + n);
            Ok(n)
        }
    }

    #[test]
    fn the_reader_streams_rows_before_the_input_is_exhausted() {
        const N_ROWS: usize = 60_000;
        let mut bytes = b"Full Name,Work Email,Start Date,Department\n".to_vec();
        for index in 0..N_ROWS {
            let row = format!(
                "Employee Number {index},employee{index}@example.com,01/21/2021,\
                 Department of Very Long Names {index}\n"
            );
            bytes.extend_from_slice(row.as_bytes());
        }
        let total = bytes.len();
        assert!(total > 5_000_000, "the input has {total} bytes");

        let n_read = Rc::new(Cell::new(0));
        let input = CountingReader {
            bytes,
            position: 0,
            n_read: Rc::clone(&n_read),
        };
        let mut reader = Reader::<_, Employee>::new(input);
        let first = reader.next().unwrap().unwrap();
        assert_eq!(first.work_email.as_str(), "employee0@example.com");
        assert!(
            n_read.get() <= 64 * 1024,
            "read {} of {total} bytes",
            n_read.get()
        );

        let n_rest = reader.map(Result::unwrap).count();
        assert_eq!(n_rest, N_ROWS - 1);
        assert_eq!(n_read.get(), total);
    }
}
