//! `cargo xtask demo-tenant`: generates the demo company, a snapshot directory of a made-up
//! but realistic tenant, the same bytes for the same size and seed.
//!
//! The company has people in a reporting tree, six integrations, human accounts, service
//! accounts and bots with credentials, campaigns, access requests and purposes. The
//! situations the product's example questions ask about are planted an exact number of times,
//! listed in [`plan`]. Rows are streamed to their files as they are generated.

mod catalog;
mod credentials;
mod dice;
mod humans;
mod identities;
mod machines;
mod names;
mod people;
mod plan;
mod sink;
mod workflows;

#[cfg(test)]
mod snapshot_tests;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use balkanid_domain::model::{Manifest, SnapshotFile};

use crate::demo::people::Company;
use crate::demo::sink::{Sink, Written};

/// Arguments of `cargo xtask demo-tenant`.
#[derive(Debug, clap::Args)]
pub(crate) struct DemoTenantArgs {
    /// How many employees the company has, leavers included.
    #[arg(long, default_value_t = 300)]
    employees: usize,
    /// The seed of every random choice; the same seed and size give the same bytes.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// The snapshot directory to write; created if missing, its files overwritten.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `demo-tenant`: writes the snapshot and reports what it holds on stderr.
///
/// # Errors
///
/// Fails on a size outside the accepted range or when a file cannot be written.
pub(crate) fn run(args: &DemoTenantArgs) -> Result<()> {
    let started = Instant::now();
    let (manifest, company) = write_dir(args.employees, args.seed, &args.out)?;

    eprintln!(
        "wrote {} ({} employees, seed {}) to {} in {:.1?}",
        manifest.tenant_name,
        args.employees,
        args.seed,
        args.out.display(),
        started.elapsed()
    );
    for (resource, n_rows) in &manifest.files {
        eprintln!("  {resource:<18} {n_rows:>10} rows");
    }
    eprintln!("{}", cast_summary(&company));
    Ok(())
}

/// Generates a company into the directory `out`.
///
/// # Errors
///
/// Fails on a size outside the accepted range or when a file cannot be written.
fn write_dir(n_employees: usize, seed: u64, out: &Path) -> Result<(Manifest, Company)> {
    check_size(n_employees)?;
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let open = |file: SnapshotFile| -> Result<BufWriter<File>> {
        let path = out.join(file.file_name());
        let created =
            File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(BufWriter::with_capacity(1 << 20, created))
    };
    let (manifest, company, written) = generate(n_employees, seed, open)?;
    for file in written {
        let mut output = file.output;
        output
            .flush()
            .with_context(|| format!("writing {}", file.file.file_name()))?;
    }
    let path = out.join("manifest.json");
    fs::write(&path, manifest_json(&manifest)?)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok((manifest, company))
}

/// Generates a company in memory: every file of the snapshot directory by name, the manifest
/// included.
///
/// # Errors
///
/// Fails on a size outside the accepted range.
#[cfg(test)]
pub(crate) fn generate_in_memory(
    n_employees: usize,
    seed: u64,
) -> Result<std::collections::BTreeMap<String, Vec<u8>>> {
    let (manifest, _, written) = generate(n_employees, seed, |_| Ok(Vec::new()))?;
    let mut files: std::collections::BTreeMap<String, Vec<u8>> = written
        .into_iter()
        .map(|w| (w.file.file_name(), w.output))
        .collect();
    files.insert("manifest.json".to_owned(), manifest_json(&manifest)?);
    Ok(files)
}

/// Generates a company, writing each file to the output `open` gives for it.
fn generate<W: Write>(
    n_employees: usize,
    seed: u64,
    open: impl FnMut(SnapshotFile) -> Result<W>,
) -> Result<(Manifest, Company, Vec<Written<W>>)> {
    check_size(n_employees)?;

    let company = people::generate(n_employees, seed)?;
    let mut sink = Sink::open(open)?;
    let catalog = catalog::write(seed, &company, &mut sink)?;
    people::write(&company, &mut sink)?;
    let directory = identities::write(seed, &company, &catalog, &mut sink)?;
    workflows::write(seed, &company, &catalog, &directory, &mut sink)?;
    let written = sink.finish()?;

    let mut manifest = Manifest::new(plan::TENANT_NAME, plan::TENANT_ID, plan::snapshot_time());
    manifest.default_user = Some(plan::DEFAULT_USER.to_owned());
    manifest.generator = Some(format!(
        "xtask demo-tenant --employees {n_employees} --seed {seed}"
    ));
    manifest.files = written
        .iter()
        .map(|w| (w.file.resource().to_owned(), w.n_rows))
        .collect();
    Ok((manifest, company, written))
}

/// Refuses a company size outside [`plan::MIN_EMPLOYEES`] to [`plan::MAX_EMPLOYEES`].
fn check_size(n_employees: usize) -> Result<()> {
    if !(plan::MIN_EMPLOYEES..=plan::MAX_EMPLOYEES).contains(&n_employees) {
        bail!(
            "--employees {n_employees} is out of range: the demo company has {} to {} employees",
            plan::MIN_EMPLOYEES,
            plan::MAX_EMPLOYEES
        );
    }
    Ok(())
}

/// `manifest.json`'s bytes: pretty JSON and a final line end.
fn manifest_json(manifest: &Manifest) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(manifest).context("serializing the manifest")?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Names worth knowing for demo questions.
fn cast_summary(company: &Company) -> String {
    let people = &company.people;
    let cast = &company.cast;
    let describe = |p: usize| {
        format!(
            "{} <{}>, {}",
            people[p].full_name(),
            people[p].email,
            people[p].title
        )
    };
    let mut lines = vec![format!(
        "default user (risk manager): {}",
        describe(cast.default_user)
    )];
    for (reviewer, n_pending) in cast
        .q4_reviewers
        .iter()
        .zip(plan::Q4_SOC_PENDING_BY_REVIEWER)
    {
        let n_reports = people[*reviewer].reports.len();
        lines.push(format!(
            "Q4 SOC reviewer with {n_pending} pending items and {n_reports} reports: {}",
            describe(*reviewer)
        ));
    }
    for person in cast.terminated_with_access {
        let end = people[person]
            .end_date
            .map(|d| d.to_string())
            .unwrap_or_default();
        lines.push(format!(
            "terminated {end}, Okta and Azure still active: {}",
            describe(person)
        ));
    }
    lines.push(format!("CEO: {}", describe(0)));
    lines.join("\n")
}
