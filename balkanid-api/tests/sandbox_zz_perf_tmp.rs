use std::time::Instant;
use balkanid_api::*;
use balkanid_api::query::*;
#[tokio::test(flavor = "multi_thread")]
async fn perf() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Instant::now();
    let as_of = "2026-06-01T12:00:00Z".parse().unwrap();
    let tenant = Tenant::open_sandbox(SandboxOptions::default().source(SnapshotSource::Directory("/tmp/big20k".into())).database(dir.path().join("b.sqlite")).as_of(as_of)).await.unwrap();
    eprintln!("import {:?}", t0.elapsed());
    macro_rules! time { ($name:expr, $e:expr) => {{ let t = Instant::now(); let r = $e; eprintln!("{} {:?}", $name, t.elapsed()); r }} }
    let t = Tenant::open_sandbox(SandboxOptions::default().source(SnapshotSource::Directory("/tmp/big20k".into())).database(dir.path().join("b.sqlite")).as_of(as_of));
    let tenant2 = time!("reopen", t.await.unwrap());
    drop(tenant2);
    let p = time!("list_identities", tenant.list_identities(IdentityQuery::default()).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("list_identities app azure sa noowner", tenant.list_identities(IdentityQuery::default().app("azure").identity_type(IdentityType::ServiceAccount).has_owner(false)).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("list_identities email", tenant.list_identities(IdentityQuery::default().email("amara.okafor@northwind.example")).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("find_risky_identities", tenant.find_risky_identities(RiskyIdentityQuery::default()).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("find_risky_identities terminated", tenant.find_risky_identities(RiskyIdentityQuery::default().kinds([IdentityRiskKind::TerminatedWithAccess])).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("list_credentials", tenant.list_credentials(CredentialQuery::default()).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("find_risky_credentials", tenant.find_risky_credentials(RiskyCredentialQuery::default()).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("federated", tenant.list_federated_credentials(FederatedQuery::default()).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("employees", tenant.list_employees(EmployeeQuery::default().terminated(true)).await.unwrap()); eprintln!("  total {}", p.total);
    let _ = time!("get_employee", tenant.get_employee("amara.okafor@northwind.example").await.unwrap());
    let p = time!("campaigns", tenant.list_campaigns(CampaignQuery::default()).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("reviews", tenant.list_reviews(ReviewQuery::default().status("open")).await.unwrap()); eprintln!("  total {}", p.total);
    let q = time!("my_queue", tenant.my_queue(PageRequest::default()).await.unwrap()); eprintln!("  {} {}", q.n_reviews, q.n_access_requests);
    let p = time!("requests", tenant.list_access_requests(AccessRequestQuery::default()).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("purposes", tenant.list_purposes(PurposeQuery::default()).await.unwrap()); eprintln!("  total {}", p.total);
    let p = time!("integrations", tenant.list_integrations(IntegrationQuery::default()).await.unwrap()); eprintln!("  total {}", p.total);
    let e = time!("not found", tenant.get_employee("amara.okafr@northwind.example").await.unwrap_err()); eprintln!("  {e}");
    let ident = p.items.len(); let _ = ident;
}
