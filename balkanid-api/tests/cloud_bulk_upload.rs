//! Bulk uploads against wiremock: the upload-url request, the `PUT` of the written file, the
//! integration scope, raw uploads and expired upload URLs.

mod cloud_support;

use balkanid_api::cloud::Error;
use balkanid_api::cloud::bulk::BulkResource;
use balkanid_domain::csv::{self, EntitlementUpload};
use balkanid_domain::model::{BusinessOwner, Employee, Relation};
use cloud_support::*;
use wiremock::matchers::{body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn mount_upload_url(server: &MockServer, resource: &str, body: serde_json::Value) {
    let url = format!("{}/uploads/{resource}.csv?X-Amz-Signature=s", server.uri());
    let link = serde_json::json!({ "url": url });
    Mock::given(method("POST"))
        .and(path(format!("{REST}/{resource}/upload-url")))
        .and(header("x-api-key-id", KEY_ID))
        .and(header("x-api-key-secret", SECRET))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(link))
        .expect(1)
        .mount(server)
        .await;
}

async fn mount_put(server: &MockServer, resource: &str, content_type: &str, body: &str) {
    Mock::given(method("PUT"))
        .and(path(format!("/uploads/{resource}.csv")))
        .and(header("content-type", content_type))
        .and(body_string(body))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn employees_upload_writes_the_rows_and_puts_them_as_csv() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let mut ada = Employee::new(
        "ada@acme.com".parse().unwrap(),
        chrono::NaiveDate::from_ymd_opt(2021, 1, 21).unwrap(),
    );
    ada.full_name = Some("Ada Lovelace".into());
    ada.department = Some("Engineering".into());
    // The header of the employees format, then Ada's row: dates in MM/DD/YYYY, empty cells
    // for everything not set.
    let expected = "Employee ID,Full Name,First Name,Last Name,Work Email,Department,Title,\
                    Start Date,End Date,Employment Type,Manager,Manager Work Email,\
                    Source Employee ID,\
                    BalkanID Roles,Metadata Version,Metadata\n\
                    ,Ada Lovelace,,,ada@acme.com,Engineering,,01/21/2021,,,,,,,,\n";
    mount_upload_url(&server, "employees", serde_json::json!({})).await;
    mount_put(&server, "employees", "text/csv", expected).await;

    let receipt = client
        .bulk()
        .employees()
        .upload([&ada])
        .send()
        .await
        .unwrap();

    assert_eq!(receipt.resource, BulkResource::Employees);
    assert_eq!(receipt.n_rows, Some(1));
    assert_eq!(receipt.n_bytes, expected.len() as u64);
}

#[tokio::test]
async fn same_format_uploads_send_the_reference_samples_back_unchanged_in_meaning() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let owners: Vec<BusinessOwner> =
        csv::read_all(fixture("business-owners.csv").as_bytes()).unwrap();
    let relations: Vec<Relation> = csv::read_all(fixture("relations.csv").as_bytes()).unwrap();
    let owners_csv = String::from_utf8(csv::write_all(&owners).unwrap()).unwrap();
    let relations_csv = String::from_utf8(csv::write_all(&relations).unwrap()).unwrap();
    mount_upload_url(&server, "business-owners", serde_json::json!({})).await;
    mount_put(&server, "business-owners", "text/csv", &owners_csv).await;
    mount_upload_url(&server, "relations", serde_json::json!({})).await;
    mount_put(&server, "relations", "text/csv", &relations_csv).await;

    let owners_receipt = client
        .bulk()
        .business_owners()
        .upload(&owners)
        .send()
        .await
        .unwrap();
    let relations_receipt = client
        .bulk()
        .relations()
        .upload(&relations)
        .send()
        .await
        .unwrap();

    assert_eq!(owners_receipt.n_rows, Some(owners.len() as u64));
    assert_eq!(relations_receipt.n_rows, Some(relations.len() as u64));
}

#[tokio::test]
async fn an_integration_scoped_upload_names_its_integration_in_the_url_request() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let rows: Vec<EntitlementUpload> =
        csv::read_all(fixture("entitlements-upload.csv").as_bytes()).unwrap();
    let file = String::from_utf8(csv::write_all(&rows).unwrap()).unwrap();
    mount_upload_url(
        &server,
        "entitlements",
        serde_json::json!({ "integrationId": "okta/01J07X778EK4BH2M2A1VY4HCYF" }),
    )
    .await;
    mount_put(&server, "entitlements", "text/csv", &file).await;

    let receipt = client
        .bulk()
        .upload(&rows)
        .integration("okta/01J07X778EK4BH2M2A1VY4HCYF".parse().unwrap())
        .send()
        .await
        .unwrap();

    assert_eq!(receipt.resource, BulkResource::Entitlements);
}

#[tokio::test]
async fn an_integration_scoped_upload_without_its_integration_is_refused_before_any_request() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let rows: Vec<EntitlementUpload> =
        csv::read_all(fixture("entitlements-upload.csv").as_bytes()).unwrap();

    let error = client.bulk().upload(&rows).send().await.unwrap_err();

    assert!(matches!(error, Error::InvalidInput { .. }));
    assert!(
        error.to_string().contains("must name its integration"),
        "{error}"
    );
}

#[tokio::test]
async fn raw_upload_of_entity_rbac_puts_a_zip() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let zip = "PK\u{3}\u{4}fake zip";
    mount_upload_url(&server, "entity-rbac", serde_json::json!({})).await;
    mount_put(&server, "entity-rbac", "application/zip", zip).await;

    let receipt = client
        .bulk()
        .raw(BulkResource::EntityRbac)
        .upload(zip.as_bytes().to_vec())
        .send()
        .await
        .unwrap();

    assert_eq!(receipt.n_rows, None);
    assert_eq!(receipt.n_bytes, zip.len() as u64);
}

#[tokio::test]
async fn an_expired_upload_url_is_replaced_once_and_the_file_sent_again() {
    let server = server().await;
    let (client, _clock) = client(&server);
    let link = serde_json::json!({ "url": format!("{}/uploads/employees.csv", server.uri()) });
    Mock::given(method("POST"))
        .and(path(format!("{REST}/employees/upload-url")))
        .respond_with(ResponseTemplate::new(200).set_body_json(link))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/uploads/employees.csv"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_string("<Error><Message>Request has expired</Message></Error>"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/uploads/employees.csv"))
        .respond_with(ResponseTemplate::new(200))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    let employees: Vec<Employee> = Vec::new();

    let receipt = client
        .bulk()
        .employees()
        .upload(&employees)
        .send()
        .await
        .unwrap();

    assert_eq!(receipt.n_rows, Some(0));
}

#[tokio::test]
async fn a_refused_put_is_an_api_error_with_the_object_store_message() {
    let server = server().await;
    let (client, _clock) = client(&server);
    mount_upload_url(&server, "employees", serde_json::json!({})).await;
    Mock::given(method("PUT"))
        .and(path("/uploads/employees.csv"))
        .respond_with(ResponseTemplate::new(403).set_body_raw(
            "<Error><Code>SignatureDoesNotMatch</Code>\
             <Message>The request signature we calculated does not match</Message></Error>",
            "application/xml",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let employees: Vec<Employee> = Vec::new();

    let error = client
        .bulk()
        .employees()
        .upload(&employees)
        .send()
        .await
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        "PUT /uploads/employees.csv: HTTP 403 Forbidden, code SignatureDoesNotMatch: The request \
         signature we calculated does not match"
    );
}

#[tokio::test]
async fn a_resource_without_an_upload_endpoint_is_refused() {
    let server = server().await;
    let (client, _clock) = client(&server);

    let error = client
        .bulk()
        .raw(BulkResource::Apps)
        .upload(Vec::new())
        .send()
        .await
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        "invalid input: BalkanID's bulk API has no upload endpoint for `apps`"
    );
}
