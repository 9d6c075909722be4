//! Importing the existing member list: which column feeds which field, how each row is checked,
//! and what the import page shows (the dry run, progress, the outcome).

pub mod fields;
pub mod office_columns;
pub mod row;

use crate::error::FieldProblem;
use chrono::{DateTime, Utc};
use fields::ImportField;
use serde::{Deserialize, Serialize};

/// How many rows of each list the page shows (the counts are always complete).
pub const LIST_LIMIT: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum ImportStatus {
    /// Uploaded, not imported yet: the mapping and the dry run.
    Uploaded,
    Importing,
    Imported,
    Undone,
    Discarded,
}

impl ImportStatus {
    pub fn code(self) -> &'static str {
        match self {
            ImportStatus::Uploaded => "uploaded",
            ImportStatus::Importing => "importing",
            ImportStatus::Imported => "imported",
            ImportStatus::Undone => "undone",
            ImportStatus::Discarded => "discarded",
        }
    }

    pub fn parse(code: &str) -> Option<ImportStatus> {
        [Self::Uploaded, Self::Importing, Self::Imported, Self::Undone, Self::Discarded]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// One upload in the list of imports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: i64,
    pub file_name: String,
    pub uploaded_at: DateTime<Utc>,
    pub uploaded_by: String,
    pub status: ImportStatus,
    pub row_count: i32,
    pub imported_count: Option<i32>,
}

/// A row that will become a member (shown as a preview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: u64,
    pub full_name: String,
    pub name_reading: String,
    pub email: String,
    /// How mailings will reach them (decided from the email and the remarks unless a column says).
    pub contact_by: crate::domain::member::ContactBy,
    /// The fiscal years recorded as paid.
    pub paid_years: Vec<i32>,
}

/// Why a row looks like someone already known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Likeness {
    /// A member (or an account) already has this email.
    SameEmail { member_number: Option<i32> },
    /// A member with the same name, reading and birth date.
    SamePerson { member_number: Option<i32> },
    /// An earlier line of the same file.
    EarlierLine { line: u64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateRow {
    pub line: u64,
    pub full_name: String,
    pub likeness: Likeness,
}

/// A problem with one value of one row; `line` is the line of the file (the heading is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: u64,
    pub field: ImportField,
    pub value: String,
    pub problem: FieldProblem,
}

/// What importing would do, worked out without changing anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DryRun {
    /// Required fields that no column feeds: nothing can be checked until they are mapped.
    pub unmapped: Vec<ImportField>,
    pub creatable: usize,
    pub preview: Vec<PreviewRow>,
    pub duplicate_count: usize,
    pub duplicates: Vec<DuplicateRow>,
    pub error_count: usize,
    pub errors: Vec<RowError>,
}

impl DryRun {
    /// Importing is possible: every row is valid or a skipped duplicate, and some are new.
    pub fn can_import(&self) -> bool {
        self.unmapped.is_empty() && self.error_count == 0 && self.creatable > 0
    }
}

/// Why an import can no longer be undone: its members have done something since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoBlocker {
    pub member_number: Option<i32>,
    pub full_name: String,
}

/// Everything the page of one import shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: i64,
    pub file_name: String,
    pub encoding: String,
    pub uploaded_at: DateTime<Utc>,
    pub status: ImportStatus,
    pub row_count: i32,
    pub columns: Vec<String>,
    /// The first rows as they are in the file, to help choose the mapping.
    pub samples: Vec<Vec<String>>,
    pub mapping: fields::Mapping,
    /// While uploaded: what importing would do.
    pub dry_run: Option<DryRun>,
    pub progress_rows: i32,
    /// The last run stopped with an error (or the server stopped); nothing was imported.
    pub failed: bool,
    pub imported_count: Option<i32>,
    pub skipped_count: Option<i32>,
    /// Once imported: members with an email and no account yet (invitations to send).
    pub invitable: i64,
    /// Once imported: members who did something since (the import can be undone when empty).
    pub undo_blockers: Vec<UndoBlocker>,
    pub undo_blocker_count: i64,
}
