//! Every read tool, called in-process through rmcp's client in both protocol eras, on the demo
//! company at its snapshot time (2026-06-01T12:00:00Z).
//!
//! Expected values were worked out by reading the demo's CSV files in `balkanid-api/demo/`
//! and applying the rules; each test says which rows it relies on.

mod common;

use balkanid_mcp::results::MAX_RESULT_BYTES;
use balkanid_mcp::{BalkanidServer, Settings, Toolset};
use common::{
    BRN_PREFIX, DEFAULT_USER, Era, call, call_error, call_raw, connect, connect_to, field_of_items,
    text_of,
};
use serde_json::{Value, json};

/// Diego Fernández (employees.csv: End Date 05/20/2026) has `IS` accounts in okta, azure,
/// google and salesforce (relations.csv); the okta and azure ones are active, the google and
/// salesforce ones inactive (entities.csv metadata `status`).
const DIEGO: &str = "diego.fernandez@northwind.example";
const DIEGO_OKTA: &str = "identity:01zp_OuIpkzLpIyvd_uDeWu7MzX7-m0IcJ-TH4awyYP";
const DIEGO_AZURE: &str = "identity:I0czu4MKVDjHcvLWywse4cGW2FWzWkyrF8IGGp1zPvS";
const DIEGO_GOOGLE: &str = "identity:CBO5Xlq1I3dGsFSP2ErNk3246ziZYzal-5JBcAmqX5a";

fn brn(suffix: &str) -> String {
    format!("{BRN_PREFIX}{suffix}")
}

#[tokio::test]
async fn both_eras_list_every_read_tool() {
    for era in Era::ALL {
        let client = connect(era).await;

        let tools = client.list_all_tools().await.unwrap();

        let names: Vec<&str> = tools.iter().map(|tool| tool.name.as_ref()).collect();
        assert_eq!(names.len(), 20, "{era:?}: {names:?}");
        assert_eq!(
            tools,
            BalkanidServer::tools(&Settings::default()),
            "{era:?}"
        );
        let info = client.peer_info().unwrap();
        let server = info.server_info.as_ref().unwrap();
        assert_eq!(server.name, "balkanid-mcp");
        assert_eq!(server.version, env!("CARGO_PKG_VERSION"));
    }
}

#[tokio::test]
async fn whoami_names_the_demo_risk_manager_and_the_pinned_instant() {
    for era in Era::ALL {
        let client = connect(era).await;

        let me = call(&client, "whoami", json!({})).await;

        assert_eq!(me["user_email"], DEFAULT_USER);
        // employees.csv: Amara Okafor, BalkanID Roles "riskmanager, reviewer".
        assert_eq!(me["user_name"], "Amara Okafor");
        assert_eq!(me["roles"], json!(["riskmanager", "reviewer"]));
        assert_eq!(me["tenant_name"], "Northwind Labs");
        assert_eq!(me["mode"], "sandbox");
        assert_eq!(me["snapshot_time"], "2026-06-01T12:00:00Z");
        assert_eq!(me["as_of"], "2026-06-01T12:00:00Z");
        assert_eq!(me["read_only"], false);
        assert_eq!(me["toolsets"].as_array().unwrap().len(), Toolset::ALL.len());
    }
}

#[tokio::test]
async fn find_risky_identities_flags_only_the_active_accounts_of_a_leaver() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "find_risky_identities",
            json!({ "kinds": ["terminated_with_access"], "limit": 500 }),
        )
        .await;

        let subjects = field_of_items(&page, "subject");
        assert!(subjects.contains(&brn(DIEGO_OKTA)), "{era:?}");
        assert!(subjects.contains(&brn(DIEGO_AZURE)), "{era:?}");
        assert!(
            !subjects.contains(&brn(DIEGO_GOOGLE)),
            "an inactive account is no risk"
        );
        let azure = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|finding| finding["subject"] == brn(DIEGO_AZURE))
            .unwrap();
        // Last day 2026-05-20, so terminated from 2026-05-21; 2026-06-01 is 12 days later.
        assert_eq!(azure["evidence"]["end_date"], "2026-05-20");
        assert_eq!(azure["evidence"]["days_since_end_date"], 12);
        assert_eq!(
            page["items"].as_array().unwrap().len() as u64,
            page["total"].as_u64().unwrap()
        );
        assert!(page.get("note").is_none(), "a complete list has no note");
    }
}

#[tokio::test]
async fn get_identity_by_email_and_app_shows_the_account_its_employee_and_finding() {
    for era in Era::ALL {
        let client = connect(era).await;

        let detail = call(
            &client,
            "get_identity",
            json!({ "email": DIEGO, "app": "okta" }),
        )
        .await;

        assert_eq!(detail["identity"]["brn"], brn(DIEGO_OKTA));
        assert_eq!(detail["identity"]["employee"]["email"], DIEGO);
        assert_eq!(detail["identity"]["employee"]["terminated"], true);
        let kinds: Vec<&str> = detail["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|finding| finding["kind"].as_str().unwrap())
            .collect();
        assert!(kinds.contains(&"terminated_with_access"), "{kinds:?}");
        // entity-relations.csv: six rows have Diego's okta BRN as their parent.
        assert_eq!(detail["connections"].as_array().unwrap().len(), 6);
    }
}

#[tokio::test]
async fn get_identity_of_an_unknown_email_suggests_the_nearest() {
    for era in Era::ALL {
        let client = connect(era).await;

        let text = call_error(
            &client,
            "get_identity",
            json!({ "email": "diego.fernandes@northwind.example" }),
        )
        .await;

        assert!(text.contains(DIEGO), "{text}");
    }
}

#[tokio::test]
async fn list_identities_by_email_in_any_case_finds_every_account_of_the_person() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "list_identities",
            json!({ "email": DIEGO.to_uppercase() }),
        )
        .await;

        // Four IS relations (okta, azure, google, salesforce) and no OWNS relation.
        let mut apps = field_of_items(&page, "app");
        apps.sort();
        assert_eq!(apps, ["azure", "google", "okta", "salesforce"]);
    }
}

#[tokio::test]
async fn list_entity_relationships_walks_down_from_an_identity_to_its_connections() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "list_entity_relationships",
            json!({ "brn": brn(DIEGO_OKTA) }),
        )
        .await;

        assert_eq!(page["total"], 6);
        for edge in page["items"].as_array().unwrap() {
            assert_eq!(edge["parent"]["brn"], brn(DIEGO_OKTA));
            assert_eq!(edge["depth"], 1);
        }
    }
}

#[tokio::test]
async fn get_credential_dates_a_client_secret() {
    for era in Era::ALL {
        let client = connect(era).await;

        let detail = call(
            &client,
            "get_credential",
            json!({ "id": "01J5RVM808FZWV1AH8DKRETQMC" }),
        )
        .await;

        // credentials.csv: sp-legacy-reporting client secret, active, expires 2028-03-29,
        // last rotated 2026-05-26T14:56:46Z: 5 whole days and 21 hours before as_of.
        let credential = &detail["credential"];
        assert_eq!(credential["name"], "sp-legacy-reporting client secret");
        assert_eq!(credential["state"], "active");
        assert_eq!(credential["expires_at"], "2028-03-29T11:53:20Z");
        assert_eq!(credential["days_since_rotation"], 5);
        assert_eq!(detail["identity"]["name"], "sp-legacy-reporting");
    }
}

#[tokio::test]
async fn list_credentials_filters_by_state_type_and_app() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "list_credentials",
            json!({ "status": "expired", "credential_type": "client_secret", "app": "azure" }),
        )
        .await;

        for credential in page["items"].as_array().unwrap() {
            assert_eq!(credential["state"], "expired");
            assert_eq!(credential["credential_type"], "client_secret");
            assert_eq!(credential["app"], "azure");
        }
        // sp-payments-api client secret: Status expired (credentials.csv).
        let names: Vec<String> = field_of_items(&page, "name");
        assert!(
            names.contains(&"sp-payments-api client secret".to_string()),
            "{names:?}"
        );
    }
}

#[tokio::test]
async fn find_risky_credentials_finds_expired_azure_credentials_in_production() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "find_risky_credentials",
            json!({ "kinds": ["expired"], "app": "azure", "production_only": true }),
        )
        .await;

        // credentials.csv: of azure's three credentials with Status expired, two belong to
        // identities whose metadata environment is production; no active azure credential's
        // Expires At is past 2026-06-01 on a production identity.
        let mut subjects = field_of_items(&page, "subject");
        subjects.sort();
        assert_eq!(
            subjects,
            ["01JDQMKFF074PJW0JQ5G6T25WR", "01JMPBSNJ0AHB73FMM0RDX8S0P"]
        );
        // A finding's kind is the filter name it was found with.
        assert_eq!(field_of_items(&page, "kind"), ["expired", "expired"]);
    }
}

#[tokio::test]
async fn list_federated_credentials_rates_a_wildcard_subject_as_wildcard() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "list_federated_credentials",
            json!({ "broad_only": true, "limit": 500 }),
        )
        .await;

        // credentials.csv: github-actions-deploy trusts subject `repo:northwind/*:*`.
        let deploy = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|credential| credential["id"] == "01KN95TQM0CEKDSZ4P7YQCXJKX")
            .unwrap();
        assert_eq!(deploy["breadth"], "wildcard");
        assert_eq!(deploy["subject"], "repo:northwind/*:*");
        for credential in page["items"].as_array().unwrap() {
            assert_ne!(credential["breadth"], "narrow");
        }
    }
}

#[tokio::test]
async fn list_integrations_reports_the_inactive_salesforce_sync() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(&client, "list_integrations", json!({})).await;

        // integrations.csv has six rows; salesforce is inactive, last run 2026-04-21.
        assert_eq!(page["total"], 6);
        let salesforce = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|integration| integration["app"] == "salesforce")
            .unwrap();
        assert_eq!(salesforce["status"], "inactive");
        assert_eq!(salesforce["last_run"], "2026-04-21T12:57:39Z");
    }
}

#[tokio::test]
async fn the_chief_executive_has_ten_direct_reports() {
    for era in Era::ALL {
        let client = connect(era).await;
        let ceo = "mariam.zak@northwind.example";

        let employee = call(
            &client,
            "get_employee",
            json!({ "email": "Mariam.Zak@Northwind.example" }),
        )
        .await;
        let reports = call(
            &client,
            "list_direct_reports",
            json!({ "manager_email": ceo }),
        )
        .await;
        let by_filter = call(&client, "list_employees", json!({ "manager_email": ceo })).await;

        // employees.csv: ten rows have Manager Work Email mariam.zak@northwind.example, and
        // her own row has no manager.
        assert_eq!(employee["employee"]["title"], "Chief Executive Officer");
        assert_eq!(employee["manager_chain"], json!([]));
        assert_eq!(employee["n_direct_reports"], 10);
        assert_eq!(reports["total"], 10);
        assert_eq!(
            field_of_items(&reports, "email"),
            field_of_items(&by_filter, "email")
        );
        assert!(
            field_of_items(&reports, "email").contains(&"aarav.yilmaz@northwind.example".into())
        );
    }
}

#[tokio::test]
async fn list_campaigns_shows_the_three_overdue_campaigns_with_their_completion() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(&client, "list_campaigns", json!({ "overdue_only": true })).await;

        // campaigns.csv, status pending with End Date before 2026-06-01: Q3 SOC (2026-04-22,
        // 40 days; reviews.csv 3 approved of 13 = 23.08 %), Azure AD Group Membership Review
        // (2026-05-20, 12 days; 2 of 8 = 25 %), Terminated Users Access Cleanup (2026-05-27,
        // 5 days; 2 of 8 = 25 %). Sorted by due date.
        let rows: Vec<(String, i64, f64)> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|campaign| {
                let name = campaign["name"].as_str().unwrap().to_string();
                let days = campaign["days_overdue"].as_i64().unwrap();
                let percent = campaign["completion_percent"].as_f64().unwrap();
                (name, days, (percent * 100.0).round() / 100.0)
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("Q3 SOC".to_string(), 40, 23.08),
                ("Azure AD Group Membership Review".to_string(), 12, 25.0),
                ("Terminated Users Access Cleanup".to_string(), 5, 25.0),
            ]
        );
    }
}

#[tokio::test]
async fn list_reviews_by_campaign_name_in_another_case() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "list_reviews",
            json!({ "campaign": "q3 soc", "status": "overdue" }),
        )
        .await;

        // reviews.csv: ten Q3 SOC items are overdue.
        assert_eq!(page["total"], 10);
    }
}

#[tokio::test]
async fn list_reviews_of_an_unknown_campaign_suggests_the_nearest_name() {
    for era in Era::ALL {
        let client = connect(era).await;

        let text = call_error(&client, "list_reviews", json!({ "campaign": "Q4 SCO" })).await;

        assert!(text.starts_with("no campaign matches \"Q4 SCO\""), "{text}");
        assert!(text.contains("Q4 SOC"), "{text}");
    }
}

#[tokio::test]
async fn get_my_queue_holds_the_risk_managers_overdue_items_and_one_request() {
    for era in Era::ALL {
        let client = connect(era).await;

        let queue = call(&client, "get_my_queue", json!({})).await;

        // reviews.csv: three overdue Q3 SOC items (a campaign in progress) have Reviewer ID
        // amara.okafor@; the pending access-request item 01KSPWZQM0JZ9WTYE20KJEY1WQ too,
        // which request 01KSQ4TJZ00CRD5HSZJXAD6GH6 references (requests.csv).
        assert_eq!(queue["user_email"], DEFAULT_USER);
        let mut reviews: Vec<&str> = queue["reviews"]
            .as_array()
            .unwrap()
            .iter()
            .map(|review| review["id"].as_str().unwrap())
            .collect();
        reviews.sort_unstable();
        assert_eq!(
            reviews,
            [
                "01KMCYR9M0BBHV9AH248E9Z2DE",
                "01KMCYR9M0J55E245AWKQDGQXP",
                "01KMCYR9M0RXCCJ4YZZ6S5SG22"
            ]
        );
        assert_eq!(queue["n_access_requests"], 1);
        assert_eq!(
            queue["access_requests"][0]["id"],
            "01KSQ4TJZ00CRD5HSZJXAD6GH6"
        );
    }
}

#[tokio::test]
async fn access_requests_waiting_for_the_risk_manager_and_their_detail() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "list_access_requests",
            json!({ "assignee": DEFAULT_USER, "status": "pending" }),
        )
        .await;
        let detail = call(
            &client,
            "get_access_request",
            json!({ "id": "01KSQ4TJZ00CRD5HSZJXAD6GH6" }),
        )
        .await;

        assert_eq!(field_of_items(&page, "id"), ["01KSQ4TJZ00CRD5HSZJXAD6GH6"]);
        // requests.csv: Sebastián Rodríguez asked to revoke GitHub access.
        assert_eq!(detail["request"]["request_type"], "revoke");
        assert_eq!(
            detail["request"]["employee_email"],
            "sebastian.rodriguez@northwind.example"
        );
        assert_eq!(detail["reviews"][0]["id"], "01KSPWZQM0JZ9WTYE20KJEY1WQ");
        assert_eq!(detail["approver_chain"], json!([DEFAULT_USER]));
    }
}

#[tokio::test]
async fn list_purposes_keeps_the_three_with_an_assignment_running_on_june_first() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(&client, "list_purposes", json!({ "active_only": true })).await;

        // requests.csv purpose_request rows: Production Incident Response (2026-05-30 to
        // 06-06), Payments Database Maintenance (05-28 to 06-04) and Quarter-End Financial
        // Close (05-30 to 06-06) run on 2026-06-01; Security Audit Support ended 05-25 and
        // Data Migration Project starts 06-06.
        assert_eq!(
            field_of_items(&page, "name"),
            [
                "Payments Database Maintenance",
                "Production Incident Response",
                "Quarter-End Financial Close"
            ]
        );
    }
}

#[tokio::test]
async fn list_audit_events_of_an_untouched_tenant_is_empty_and_intact() {
    for era in Era::ALL {
        let client = connect(era).await;

        let log = call(
            &client,
            "list_audit_events",
            json!({ "since": "2026-01-01" }),
        )
        .await;

        assert_eq!(log["total"], 0);
        assert_eq!(log["items"], json!([]));
        assert_eq!(log["chain_intact"], true);
    }
}

#[tokio::test]
async fn a_page_says_it_is_partial_and_its_cursor_continues_it() {
    for era in Era::ALL {
        let client = connect(era).await;

        let first = call(&client, "list_employees", json!({ "limit": 2 })).await;
        let cursor = first["next_cursor"].as_str().unwrap().to_string();
        let second = call(
            &client,
            "list_employees",
            json!({ "limit": 2, "cursor": cursor }),
        )
        .await;

        // employees.csv has 300 rows.
        assert_eq!(first["total"], 300);
        assert!(first["note"].as_str().unwrap().contains("2 of 300"));
        let first_emails = field_of_items(&first, "email");
        let second_emails = field_of_items(&second, "email");
        assert_eq!(second_emails.len(), 2);
        assert!(
            first_emails
                .iter()
                .all(|email| !second_emails.contains(email))
        );
    }
}

#[tokio::test]
async fn a_page_too_large_for_one_result_is_shortened_and_continues_without_gaps() {
    let client = connect(Era::Modern).await;

    let first = call(&client, "list_identities", json!({ "limit": 500 })).await;

    let n_first = first["items"].as_array().unwrap().len();
    assert!(
        n_first < 500,
        "500 identities do not fit in {MAX_RESULT_BYTES} bytes"
    );
    let note = first["note"].as_str().unwrap();
    assert!(
        note.contains(&format!("shortened to {n_first} items")),
        "{note}"
    );

    let mut brns = field_of_items(&first, "brn");
    let mut cursor = first["next_cursor"].as_str().map(str::to_string);
    while let Some(next) = cursor {
        let page = call(
            &client,
            "list_identities",
            json!({ "limit": 500, "cursor": next }),
        )
        .await;
        brns.extend(field_of_items(&page, "brn"));
        cursor = page["next_cursor"].as_str().map(str::to_string);
    }
    // entities.csv has 1,886 rows of Entity Type identity.
    assert_eq!(brns.len(), 1886);
    brns.sort();
    brns.dedup();
    assert_eq!(brns.len(), 1886, "no identity is returned twice");
}

#[tokio::test]
async fn a_page_of_500_stays_under_the_size_cap_with_both_copies_and_says_it_was_shortened() {
    let client = connect(Era::Modern).await;

    // The demo has 1,886 identities, 300 employees and more review items than fit in one
    // result: each of these pages is shortened, and has a next page.
    for tool in ["list_identities", "list_employees", "list_reviews"] {
        let result = call_raw(&client, tool, json!({ "limit": 500 })).await;

        let serialized = serde_json::to_string(&result).unwrap();
        assert!(
            serialized.len() <= MAX_RESULT_BYTES,
            "{tool}: {} bytes",
            serialized.len()
        );
        let text: Value = serde_json::from_str(&text_of(&result)).unwrap();
        let structured = result.structured_content.unwrap();
        assert_eq!(
            text, structured,
            "{tool}: the text copy is the structured content"
        );
        let n_items = structured["items"].as_array().unwrap().len();
        assert!(n_items < 500, "{tool}: {n_items} items");
        assert!(structured["next_cursor"].is_string(), "{tool}");
        let note = structured["note"].as_str().unwrap();
        assert!(
            note.contains(&format!("shortened to {n_items} items")),
            "{tool}: {note}"
        );
        assert!(note.contains("Partial list"), "{tool}: {note}");
    }
}

#[tokio::test]
async fn the_last_page_has_no_partial_note() {
    let client = connect(Era::Modern).await;
    let ceo = "mariam.zak@northwind.example";

    // employees.csv: ten rows have Manager Work Email mariam.zak@northwind.example; pages of 8
    // hold 8, then the last 2 with no next page.
    let first = call(
        &client,
        "list_employees",
        json!({ "manager_email": ceo, "limit": 8 }),
    )
    .await;
    let cursor = first["next_cursor"].as_str().unwrap().to_string();
    let last = call(
        &client,
        "list_employees",
        json!({ "manager_email": ceo, "limit": 8, "cursor": cursor }),
    )
    .await;

    assert!(first["note"].as_str().unwrap().contains("8 of 10"));
    assert_eq!(last["items"].as_array().unwrap().len(), 2);
    assert_eq!(last["total"], 10);
    assert!(last["next_cursor"].is_null());
    assert!(last.get("note").is_none(), "{last}");
}

#[tokio::test]
async fn toolsets_narrow_what_the_client_sees() {
    let settings = Settings {
        read_only: true,
        toolsets: Some(vec![Toolset::Purposes]),
    };
    let server = BalkanidServer::new(common::tenant(), settings);

    let client = connect_to(server, Era::Modern).await;
    let tools = client.list_all_tools().await.unwrap();
    let me = call(&client, "whoami", json!({})).await;

    let names: Vec<&str> = tools.iter().map(|tool| tool.name.as_ref()).collect();
    assert_eq!(names, ["list_purposes", "whoami"]);
    assert_eq!(me["read_only"], true);
    assert_eq!(me["toolsets"], json!(["context", "purposes"]));
}

#[tokio::test]
async fn an_unknown_tool_is_a_protocol_error() {
    for era in Era::ALL {
        let client = connect(era).await;
        let request = rmcp::model::CallToolRequestParams::new("list_everything");

        let error = client.call_tool(request).await.unwrap_err();

        assert!(error.to_string().contains("tool not found"), "{error}");
    }
}

#[tokio::test]
async fn acting_as_another_reviewer_changes_the_queue() {
    // reviews.csv: camila.yamamoto@ reviews open items of campaigns in progress; her queue
    // holds none of the risk manager's three Q3 SOC items.
    let tenant = common::tenant_as("Camila.Yamamoto@northwind.example");
    let client = connect_to(
        BalkanidServer::new(tenant, Settings::default()),
        Era::Legacy,
    )
    .await;

    let queue = call(&client, "get_my_queue", json!({ "limit": 500 })).await;

    assert_eq!(queue["user_email"], "camila.yamamoto@northwind.example");
    assert!(queue["n_reviews"].as_u64().unwrap() > 0);
    let ids: Vec<Value> = queue["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    assert!(!ids.contains(&json!("01KMCYR9M0BBHV9AH248E9Z2DE")));
}
