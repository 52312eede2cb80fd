//! The open files of a snapshot being written: one typed CSV writer per resource.
//!
//! Every file is open at once and rows are written as they are generated, so memory does not
//! grow with the number of identities or relations.

use std::io::Write;

use anyhow::{Context, Result};

use balkanid_domain::csv::Writer;
use balkanid_domain::model::{
    AccessRequest, Admin, App, BusinessOwner, Campaign, Credential, Employee, Entitlement,
    Entity, EntityRelation, Finding, Integration, Purpose, Relation, ReviewItem, SnapshotFile,
};

/// One writer per file of [`SnapshotFile::ALL`].
#[derive(Debug)]
pub(crate) struct Sink<W: Write> {
    pub apps: Writer<W, App>,
    pub admins: Writer<W, Admin>,
    pub integrations: Writer<W, Integration>,
    pub employees: Writer<W, Employee>,
    pub entities: Writer<W, Entity>,
    pub entity_relations: Writer<W, EntityRelation>,
    pub relations: Writer<W, Relation>,
    pub entitlements: Writer<W, Entitlement>,
    pub business_owners: Writer<W, BusinessOwner>,
    pub credentials: Writer<W, Credential>,
    pub campaigns: Writer<W, Campaign>,
    pub reviews: Writer<W, ReviewItem>,
    pub requests: Writer<W, AccessRequest>,
    pub purposes: Writer<W, Purpose>,
    pub findings: Writer<W, Finding>,
}

/// A finished file: which one, its output, and how many rows it holds.
#[derive(Debug)]
pub(crate) struct Written<W> {
    pub file: SnapshotFile,
    pub output: W,
    pub n_rows: u64,
}

impl<W: Write> Sink<W> {
    /// Opens every file with `open` and writes the headers.
    ///
    /// # Errors
    ///
    /// Fails when `open` fails or a header cannot be written.
    pub(crate) fn open(mut open: impl FnMut(SnapshotFile) -> Result<W>) -> Result<Self> {
        fn start<W: Write, T: balkanid_domain::csv::Record>(
            open: &mut impl FnMut(SnapshotFile) -> Result<W>,
            file: SnapshotFile,
        ) -> Result<Writer<W, T>> {
            let output = open(file)?;
            Writer::new(output).with_context(|| format!("writing the header of {}", file.file_name()))
        }

        Ok(Sink {
            apps: start(&mut open, SnapshotFile::Apps)?,
            admins: start(&mut open, SnapshotFile::Admins)?,
            integrations: start(&mut open, SnapshotFile::Integrations)?,
            employees: start(&mut open, SnapshotFile::Employees)?,
            entities: start(&mut open, SnapshotFile::Entities)?,
            entity_relations: start(&mut open, SnapshotFile::EntityRelations)?,
            relations: start(&mut open, SnapshotFile::Relations)?,
            entitlements: start(&mut open, SnapshotFile::Entitlements)?,
            business_owners: start(&mut open, SnapshotFile::BusinessOwners)?,
            credentials: start(&mut open, SnapshotFile::Credentials)?,
            campaigns: start(&mut open, SnapshotFile::Campaigns)?,
            reviews: start(&mut open, SnapshotFile::Reviews)?,
            requests: start(&mut open, SnapshotFile::Requests)?,
            purposes: start(&mut open, SnapshotFile::Purposes)?,
            findings: start(&mut open, SnapshotFile::Findings)?,
        })
    }

    /// Flushes every file and hands back the outputs in the order of [`SnapshotFile::ALL`].
    ///
    /// # Errors
    ///
    /// Fails when a final flush fails.
    pub(crate) fn finish(self) -> Result<Vec<Written<W>>> {
        fn done<W: Write, T: balkanid_domain::csv::Record>(
            writer: Writer<W, T>,
            file: SnapshotFile,
        ) -> Result<Written<W>> {
            let n_rows = writer.n_rows();
            let output = writer.finish().with_context(|| format!("flushing {}", file.file_name()))?;
            Ok(Written { file, output, n_rows })
        }

        Ok(vec![
            done(self.apps, SnapshotFile::Apps)?,
            done(self.admins, SnapshotFile::Admins)?,
            done(self.integrations, SnapshotFile::Integrations)?,
            done(self.employees, SnapshotFile::Employees)?,
            done(self.entities, SnapshotFile::Entities)?,
            done(self.entity_relations, SnapshotFile::EntityRelations)?,
            done(self.relations, SnapshotFile::Relations)?,
            done(self.entitlements, SnapshotFile::Entitlements)?,
            done(self.business_owners, SnapshotFile::BusinessOwners)?,
            done(self.credentials, SnapshotFile::Credentials)?,
            done(self.campaigns, SnapshotFile::Campaigns)?,
            done(self.reviews, SnapshotFile::Reviews)?,
            done(self.requests, SnapshotFile::Requests)?,
            done(self.purposes, SnapshotFile::Purposes)?,
            done(self.findings, SnapshotFile::Findings)?,
        ])
    }
}
