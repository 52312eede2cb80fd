//! Creates a just-in-time access request for an AI agent and waits for its decision.
//!
//! ```text
//! BALKANID_API_KEY_ID=... BALKANID_API_KEY_SECRET=... \
//! BALKANID_GRAPHQL_URL=https://acme.balkanid.app/api/public \
//!     cargo run -p balkanid-examples --example requests_create_jit -- \
//!     jane@acme.com aws/01JH0F7KETDT9ER6JKBK3JB1K9 release-agent "deploy 2.4"
//! ```

#![allow(clippy::print_stdout, reason = "an example prints its answer")]

use std::time::Duration;

use anyhow::{Context, bail};
use balkanid_api::cloud::Client;
use balkanid_api::cloud::graphql::{
    AgentAccess, AgentAction, CreateRequest, CreateRequestOutcome, Request,
};
use balkanid_domain::ids::{IntegrationId, WorkEmail};

/// What to request.
#[derive(Clone, Debug)]
pub struct JitRequest {
    /// The employee the access is for.
    pub employee: WorkEmail,
    /// Where the agent's identity lives.
    pub integration: IntegrationId,
    /// The agent's name.
    pub agent_name: String,
    /// Why.
    pub reason: String,
    /// How long the access lasts.
    pub duration: Duration,
    /// How often to check the request.
    pub poll_interval: Duration,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    balkanid_examples::init_tracing();
    let usage = "usage: requests_create_jit EMPLOYEE_EMAIL INTEGRATION_ID AGENT_NAME REASON";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [employee, integration, agent_name, reason] = args.as_slice() else {
        bail!(usage);
    };
    let request = JitRequest {
        employee: employee.parse().context("EMPLOYEE_EMAIL")?,
        integration: integration.parse().context("INTEGRATION_ID")?,
        agent_name: agent_name.clone(),
        reason: reason.clone(),
        duration: Duration::from_secs(4 * 3600),
        poll_interval: Duration::from_secs(10),
    };
    let client = balkanid_examples::client_from_env()?;

    let decided = run(&client, request).await?;

    println!("request {} is {:?}", decided.id, decided.state());
    Ok(())
}

/// Creates the request and waits until a reviewer decides it.
pub async fn run(client: &Client, request: JitRequest) -> anyhow::Result<Request> {
    let payload = AgentAccess::new(AgentAction::Create, &request.agent_name, "ai-agent")
        .integration(request.integration.clone());
    let input = CreateRequest::agent_access(request.employee.clone(), &request.reason, payload)
        .duration(request.duration);

    let outcome = client
        .requests()
        .create(input)
        .send()
        .await
        .context("creating the request")?;
    let created = match outcome {
        CreateRequestOutcome::Created(created) => created,
        CreateRequestOutcome::StepUpRequired => {
            bail!(
                "BalkanID asks for a multi-factor step-up: complete it in BalkanID, then run again"
            )
        }
        other => bail!("unexpected outcome {other:?}"),
    };
    println!("created request {}; waiting for a decision", created.id);

    let decided = client
        .requests()
        .wait(created.id)
        .interval(request.poll_interval)
        .send()
        .await
        .context("waiting for the decision")?;
    Ok(decided)
}
