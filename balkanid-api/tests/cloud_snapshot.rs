//! `Client::pull_snapshot` against wiremock: every snapshot resource downloaded into a
//! directory of normalized files with a manifest, progress reported, and the result opened by
//! the sandbox tenant.

mod cloud_support;

use std::sync::{Arc, Mutex};

use balkanid_api::cloud::PullProgress;
use balkanid_api::tenant::{SandboxOptions, SnapshotSource, Tenant};
use balkanid_domain::csv::{self, Record};
use balkanid_domain::model::{Credential, Employee, SnapshotFile};
use cloud_support::*;
use wiremock::MockServer;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

async fn mount_every_snapshot_resource(server: &MockServer) {
    for file in SnapshotFile::ALL {
        if *file == SnapshotFile::Credentials {
            continue;
        }
        mount_download(server, file.resource(), &fixture(&file.file_name())).await;
    }
}

#[tokio::test]
async fn pull_snapshot_writes_every_resource_and_the_manifest() {
    let server = server().await;
    let (client, _clock) = client(&server);
    mount_every_snapshot_resource(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let recorded = events.clone();

    let manifest = client
        .pull_snapshot(dir.path(), move |event: &PullProgress| {
            recorded.lock().unwrap().push(event.clone())
        })
        .await
        .unwrap();

    // From the apps sample: Tenant Name `default`; from the first entity's BRN: the tenant.
    assert_eq!(manifest.tenant_name, "default");
    assert_eq!(manifest.tenant_id, "01HWBCYJA11R3AA48K5V0DVM00");
    // The simulated clock's start, 1700000000 s after the epoch.
    assert_eq!(manifest.snapshot_time.timestamp(), START_SECONDS as i64);
    assert_eq!(manifest.files.len(), SnapshotFile::ALL.len());
    // The employees sample has two rows; credentials are not exported by BalkanID.
    assert_eq!(manifest.files["employees"], 2);
    assert_eq!(manifest.files["credentials"], 0);
    for file in SnapshotFile::ALL {
        assert!(
            dir.path().join(file.file_name()).is_file(),
            "{}",
            file.file_name()
        );
        assert!(
            !dir.path()
                .join(format!("{}.partial", file.file_name()))
                .exists()
        );
    }
    let credentials = std::fs::read_to_string(dir.path().join("credentials.csv")).unwrap();
    assert_eq!(credentials, format!("{}\n", Credential::HEADERS.join(",")));
    let written = std::fs::read(dir.path().join("employees.csv")).unwrap();
    let employees: Vec<Employee> = csv::read_all(&written).unwrap();
    let original: Vec<Employee> = csv::read_all(fixture("employees.csv").as_bytes()).unwrap();
    assert_eq!(employees, original);
    let on_disk: balkanid_domain::model::Manifest =
        serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(on_disk, manifest);

    let events = events.lock().unwrap();
    let started = events
        .iter()
        .filter(|e| matches!(e, PullProgress::Started { .. }))
        .count();
    let finished = events
        .iter()
        .filter(|e| matches!(e, PullProgress::Finished { .. }))
        .count();
    assert_eq!(started, SnapshotFile::ALL.len() - 1);
    assert_eq!(finished, SnapshotFile::ALL.len() - 1);
    assert!(events.contains(&PullProgress::Skipped {
        file: SnapshotFile::Credentials,
        reason: "BalkanID exports no credentials; the file has its header only",
    }));
}

#[tokio::test]
async fn a_malformed_row_stops_the_pull_without_a_manifest() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let broken_apps = "Tenant ID,Tenant Name,Tenant Status,Tenant Created At,\
                       ID,Name,Description,Logo\n\
                       01XB,default,active,yesterday,aws,Amazon Web Services,,\n";
    mount_download(&server, "apps", broken_apps).await;
    let dir = tempfile::tempdir().unwrap();

    let error = client
        .pull_snapshot(dir.path(), |_: &PullProgress| {})
        .await
        .unwrap_err();

    assert!(
        error
            .to_string()
            .starts_with("apps.csv, line 2, column `Tenant Created At`"),
        "{error}"
    );
    assert!(!dir.path().join("manifest.json").exists());
    assert!(!dir.path().join("apps.csv").exists());
}

#[tokio::test]
async fn a_failing_resource_stops_the_pull_with_its_api_error() {
    let server = server().await;
    let (client, _clock) = client(&server);
    mount_download(&server, "apps", &fixture("apps.csv")).await;
    Mock::given(method("POST"))
        .and(path(format!("{REST}/admins/download-url")))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"message": "invalid API key"})),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();

    let error = client
        .pull_snapshot(dir.path(), |_: &PullProgress| {})
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(401));
    assert!(dir.path().join("apps.csv").is_file());
    assert!(!dir.path().join("manifest.json").exists());
}

#[tokio::test]
async fn a_pulled_snapshot_opens_as_a_sandbox_tenant() {
    let server = server().await;
    let (client, _clock) = client(&server);
    mount_every_snapshot_resource(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("snapshot");
    client
        .pull_snapshot(&snapshot, |_: &PullProgress| {})
        .await
        .unwrap();

    let options = SandboxOptions::default()
        .source(SnapshotSource::Directory(snapshot))
        .database(dir.path().join("tenant.db"))
        .user_email("zoe.angstrom@example.com");
    let tenant = Tenant::open_sandbox(options).await.unwrap();
    let info = tenant.info().await.unwrap();

    assert_eq!(info.tenant_name, "default");
    assert_eq!(info.user_email, "zoe.angstrom@example.com");
}
