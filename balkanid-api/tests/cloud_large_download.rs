//! A large bulk file streams through the client with flat memory: 200,000 generated employee
//! rows, produced piece by piece by a raw HTTP server so nothing holds the whole file, while a
//! counting global allocator records the peak of allocated bytes.
//!
//! This binary holds one test so that no other test's allocations count.

mod cloud_support;

use balkanid_domain::model::Employee;
use cloud_support::*;
use futures::StreamExt;
use peak_alloc::PeakAlloc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const N_ROWS: usize = 200_000;

const HEADER: &str = "Employee ID,Full Name,First Name,Last Name,Work Email,Department,Title,\
                      Start Date,End Date,Employment Type,Manager,Manager Work Email,\
                      Source Employee ID,BalkanID Roles,Metadata Version,Metadata\n";

fn row(i: usize) -> String {
    format!(
        "E{i},Person Number {i},Person,Number {i},person.{i}@acme.example.com,Engineering,\
         Software Engineer,01/21/2021,,Full-time,Manager {m},manager.{m}@acme.example.com,\
         HR-{i},reviewer,v1,\"{{\"\"location\"\":{{\"\"address\"\":\"\"Stockholm\"\"}}}}\"\n",
        m = i / 10
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_file_streams_with_flat_memory() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let file_host = raw_server(RawAnswer::Generated {
        header: HEADER.to_owned(),
        n_rows: N_ROWS,
        row,
    })
    .await;
    let links = serde_json::json!({
        "url": format!("{file_host}/employees.csv"),
        "pollingUrl": format!("{}/poll/employees", server.uri()),
    });
    Mock::given(method("POST"))
        .and(path(format!("{REST}/employees/download-url")))
        .respond_with(ResponseTemplate::new(200).set_body_json(links))
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/poll/employees"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let file_size = HEADER.len() + (0..N_ROWS).map(|i| row(i).len()).sum::<usize>();

    ALLOCATOR.reset_peak_usage();
    let baseline = ALLOCATOR.current_usage();
    let mut rows = client.bulk().employees().download().send().await.unwrap();
    let mut n_rows = 0;
    let mut last_email = String::new();
    while let Some(employee) = rows.next().await {
        let employee: Employee = employee.unwrap();
        n_rows += 1;
        last_email = employee.work_email.to_string();
    }
    let peak = ALLOCATOR.peak_usage().saturating_sub(baseline);

    assert_eq!(n_rows, N_ROWS);
    assert_eq!(
        last_email,
        format!("person.{}@acme.example.com", N_ROWS - 1)
    );
    assert!(file_size > 40_000_000, "the file is {file_size} bytes");
    // Two bounded channels (16 body chunks, 256 rows) and the parser's buffers: a few
    // megabytes at most, whatever the file's size.
    assert!(
        peak < 8 * 1024 * 1024,
        "peak {peak} bytes above baseline for a {file_size}-byte file"
    );
}
