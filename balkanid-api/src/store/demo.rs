//! The demo company built into the crate: the committed snapshot directory
//! `balkanid-api/demo/` (written by `cargo xtask demo-tenant`), embedded file by file.

/// Embeds one file of the demo snapshot under its name.
macro_rules! demo_file {
    ($name:literal) => {
        ($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/", $name)))
    };
}

/// The demo snapshot's files, by name: the manifest and one CSV file per resource.
const FILES: &[(&str, &str)] = &[
    demo_file!("manifest.json"),
    demo_file!("apps.csv"),
    demo_file!("admins.csv"),
    demo_file!("integrations.csv"),
    demo_file!("employees.csv"),
    demo_file!("entities.csv"),
    demo_file!("entity-relations.csv"),
    demo_file!("relations.csv"),
    demo_file!("entitlements.csv"),
    demo_file!("business-owners.csv"),
    demo_file!("credentials.csv"),
    demo_file!("campaigns.csv"),
    demo_file!("reviews.csv"),
    demo_file!("requests.csv"),
    demo_file!("purposes.csv"),
    demo_file!("findings.csv"),
];

/// The demo snapshot's files, by name.
pub(crate) fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}

#[cfg(test)]
mod tests {
    use balkanid_domain::model::SnapshotFile;

    use super::*;

    #[test]
    fn every_resource_file_of_a_snapshot_is_embedded() {
        for file in SnapshotFile::ALL {
            let name = file.file_name();
            assert!(files().iter().any(|(embedded, _)| *embedded == name), "{name} is missing");
        }
    }
}
