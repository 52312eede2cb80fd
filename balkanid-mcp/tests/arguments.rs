//! Argument handling as clients meet it: forgiving where clients are sloppy, strict (a tool
//! error naming the argument and what it accepts) where a value is wrong.

mod common;

use common::{Era, call, call_error, connect, field_of_items};
use serde_json::json;

#[tokio::test]
async fn numbers_and_booleans_sent_as_strings_work() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "find_risky_credentials",
            json!({ "limit": "3", "production_only": "true", "expiring_within_days": "30" }),
        )
        .await;

        assert_eq!(page["items"].as_array().unwrap().len(), 3);
    }
}

#[tokio::test]
async fn null_optional_fields_and_unknown_keys_are_ignored() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "list_integrations",
            json!({ "app": null, "status": null, "cursor": null, "verbose": true }),
        )
        .await;

        // integrations.csv has six rows.
        assert_eq!(page["total"], 6);
    }
}

#[tokio::test]
async fn camel_case_keys_enum_values_in_another_case_and_comma_lists_work() {
    for era in Era::ALL {
        let client = connect(era).await;

        let page = call(
            &client,
            "find_risky_identities",
            json!({
                "identityType": "Service Account",
                "kinds": "orphaned, dormant",
                "app": "azure"
            }),
        )
        .await;

        let findings = page["items"].as_array().unwrap();
        assert!(!findings.is_empty());
        for finding in findings {
            let kind = finding["kind"].as_str().unwrap();
            assert!(kind == "orphaned" || kind == "dormant", "{kind}");
            assert_eq!(finding["app"], "azure");
        }
    }
}

#[tokio::test]
async fn emails_match_in_any_case() {
    for era in Era::ALL {
        let client = connect(era).await;

        let lower = call(
            &client,
            "list_direct_reports",
            json!({ "manager_email": "mariam.zak@northwind.example" }),
        )
        .await;
        let upper = call(
            &client,
            "list_direct_reports",
            json!({ "manager_email": "MARIAM.ZAK@NORTHWIND.EXAMPLE" }),
        )
        .await;

        assert_eq!(
            field_of_items(&lower, "email"),
            field_of_items(&upper, "email")
        );
        assert_eq!(lower["total"], 10);
    }
}

#[tokio::test]
async fn a_wrong_enum_value_names_the_argument_and_the_accepted_values() {
    for era in Era::ALL {
        let client = connect(era).await;

        let text = call_error(&client, "list_credentials", json!({ "status": "stale" })).await;

        assert_eq!(
            text,
            "invalid argument `status`: \"stale\" is not accepted; accepts one of: active, \
             expiring, expired, revoked"
        );
    }
}

#[tokio::test]
async fn a_limit_out_of_range_is_refused_with_the_range() {
    for era in Era::ALL {
        let client = connect(era).await;

        let zero = call_error(&client, "list_employees", json!({ "limit": 0 })).await;
        let huge = call_error(&client, "list_employees", json!({ "limit": "501" })).await;

        let expected_tail = "is not accepted; accepts an integer from 1 to 500";
        assert_eq!(zero, format!("invalid argument `limit`: 0 {expected_tail}"));
        assert_eq!(
            huge,
            format!("invalid argument `limit`: \"501\" {expected_tail}")
        );
    }
}

#[tokio::test]
async fn a_day_count_out_of_range_is_refused_with_the_range_in_plain_words() {
    for era in Era::ALL {
        let client = connect(era).await;

        let huge = call_error(
            &client,
            "list_credentials",
            json!({ "expiring_within_days": 100_000_000_000_u64 }),
        )
        .await;
        let negative = call_error(
            &client,
            "find_risky_identities",
            json!({ "dormant_after_days": -1 }),
        )
        .await;

        assert_eq!(
            huge,
            "invalid argument `expiring_within_days`: 100000000000 is not accepted; accepts \
             an integer from 0 to 36500"
        );
        assert_eq!(
            negative,
            "invalid argument `dormant_after_days`: -1 is not accepted; accepts an integer \
             from 0 to 36500"
        );
    }
}

#[tokio::test]
async fn every_integer_argument_of_every_tool_states_its_range() {
    let client = connect(Era::Modern).await;

    let tools = client.list_all_tools().await.unwrap();

    for tool in tools {
        let properties = tool
            .input_schema
            .get("properties")
            .unwrap()
            .as_object()
            .unwrap();
        for (name, property) in properties {
            if property["type"] != "integer" {
                continue;
            }
            assert!(property["minimum"].is_number(), "{} {name}", tool.name);
            assert!(property["maximum"].is_number(), "{} {name}", tool.name);
        }
    }
}

#[tokio::test]
async fn an_unknown_app_is_an_error_that_lists_the_apps() {
    let client = connect(Era::Modern).await;

    let text = call_error(&client, "list_identities", json!({ "app": "oktaa" })).await;

    // The demo's integrations (integrations.csv) are of aws, azure, github, google, okta and
    // salesforce.
    assert!(text.contains("\"oktaa\""), "{text}");
    assert!(text.contains("okta"), "{text}");
    assert!(text.contains("salesforce"), "{text}");
}

#[tokio::test]
async fn a_missing_required_argument_is_named() {
    for era in Era::ALL {
        let client = connect(era).await;

        let text = call_error(&client, "get_employee", json!({})).await;

        assert_eq!(text, "invalid argument `email`: it is required; give text");
    }
}

#[tokio::test]
async fn get_identity_needs_exactly_one_key() {
    for era in Era::ALL {
        let client = connect(era).await;

        let none = call_error(&client, "get_identity", json!({ "app": "okta" })).await;
        let both = call_error(
            &client,
            "get_identity",
            json!({ "brn": "brn:x", "handle": "someone" }),
        )
        .await;

        assert!(
            none.starts_with("invalid argument `brn`: no identity given"),
            "{none}"
        );
        assert!(both.contains("only one of"), "{both}");
    }
}

#[tokio::test]
async fn a_malformed_date_names_the_argument() {
    for era in Era::ALL {
        let client = connect(era).await;

        let text = call_error(
            &client,
            "list_audit_events",
            json!({ "since": "yesterday" }),
        )
        .await;

        assert!(
            text.starts_with("invalid argument `since`: \"yesterday\""),
            "{text}"
        );
    }
}

#[tokio::test]
async fn an_email_that_matches_no_one_offers_the_nearest_employees() {
    for era in Era::ALL {
        let client = connect(era).await;

        let text = call_error(
            &client,
            "get_employee",
            json!({ "email": "mariam.zack@northwind.example" }),
        )
        .await;

        assert!(text.starts_with("no employee"), "{text}");
        assert!(
            text.contains("matches \"mariam.zack@northwind.example\""),
            "{text}"
        );
        assert!(text.contains("mariam.zak@northwind.example"), "{text}");
    }
}
