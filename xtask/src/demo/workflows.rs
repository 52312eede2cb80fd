//! The demo company's governance workflows: access-review campaigns in every state with their
//! review items, access requests with their approval reviews, purposes with their
//! assignments, and a few findings.
//!
//! Open review items go only where the plan says: the `Q4 SOC` reviewers' and the default
//! user's queues hold exactly the planted items, and any other open item whose natural
//! reviewer is one of them goes up the management chain instead.

use std::collections::BTreeSet;
use std::io::Write;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use serde_json::{Value, json};

use balkanid_domain::model::{
    AccessRequest, Campaign, CampaignStatus, Finding, Purpose, RequestDuration, RequestKind,
    RequestType, ReviewItem, ReviewStatus, WorkflowStatus,
};
use balkanid_domain::values::{GoDuration, Rrule};

use crate::demo::catalog::{AppKind, Catalog};
use crate::demo::dice::{Dice, Phase};
use crate::demo::identities::{Account, Directory};
use crate::demo::names::{self, DEPARTMENTS};
use crate::demo::people::{Company, Level};
use crate::demo::plan;
use crate::demo::sink::Sink;

/// Writes campaigns, reviews, requests, purposes and findings.
///
/// # Errors
///
/// Fails when a file cannot be written or the company is too small for the plan.
pub(crate) fn write<W: Write>(
    seed: u64,
    company: &Company,
    catalog: &Catalog,
    directory: &Directory,
    sink: &mut Sink<W>,
) -> Result<()> {
    let mut flow = Flow {
        company,
        catalog,
        directory,
        dice: Dice::new(seed, Phase::Workflows),
    };
    flow.campaigns(sink)?;
    flow.requests(sink)?;
    flow.purposes(sink)?;
    flow.findings(sink)?;
    Ok(())
}

struct Flow<'a> {
    company: &'a Company,
    catalog: &'a Catalog,
    directory: &'a Directory,
    dice: Dice,
}

/// One review item to write: about which account and connection, for whom, in what state.
struct Item<'a> {
    account: &'a Account,
    connection: usize,
    reviewer: usize,
    status: ReviewStatus,
    review_type: &'static str,
    created: NaiveDate,
    completed: Option<NaiveDate>,
    campaign: Option<&'a str>,
}

/// Which accounts a background campaign reviews.
#[derive(Clone, Copy)]
enum Scope {
    App(AppKind),
    Privileged,
    Any,
}

/// How a campaign's items are decided: the first share of them decided, the rest in `open`.
#[derive(Clone)]
struct Progress {
    decided_share: f64,
    open: ReviewStatus,
}

impl Progress {
    /// Not yet sent: every item in draft.
    fn draft() -> Self {
        Progress {
            decided_share: 0.0,
            open: ReviewStatus::Draft,
        }
    }

    /// Running: `share` of the items decided, the rest pending.
    fn running(share: f64) -> Self {
        Progress {
            decided_share: share,
            open: ReviewStatus::Pending,
        }
    }

    /// Past due: `share` of the items decided, the rest overdue.
    fn overdue(share: f64) -> Self {
        Progress {
            decided_share: share,
            open: ReviewStatus::Overdue,
        }
    }

    /// Every item decided.
    fn done() -> Self {
        Progress {
            decided_share: 1.0,
            open: ReviewStatus::Pending,
        }
    }
}

/// One campaign of the demo and how far it got.
struct CampaignPlan {
    name: &'static str,
    description: &'static str,
    status: CampaignStatus,
    /// Start and End Date, in days from the snapshot date.
    start: i64,
    end: i64,
    scope: Scope,
    n_items: usize,
    progress: Progress,
    recurring: bool,
}

/// Items of the campaign that [`Flow::terminated_items`] fills.
const TERMINATED_CLEANUP: &str = "Terminated Users Access Cleanup";

/// The overdue campaign that holds the default user's items.
const DEFAULT_USER_CAMPAIGN: &str = "Q3 SOC";

/// The campaigns, in every state; `n_annual` items for the company-wide one.
fn campaign_plans(n_annual: usize) -> Vec<CampaignPlan> {
    use CampaignStatus as S;
    let plan = |name, description, status, (start, end), scope, n_items, progress, recurring| {
        CampaignPlan {
            name,
            description,
            status,
            start,
            end,
            scope,
            n_items,
            progress,
            recurring,
        }
    };
    vec![
        plan(
            "Q3 Privileged Access Review",
            "Quarterly review of privileged roles and policies",
            S::Draft,
            (10, 40),
            Scope::Privileged,
            5,
            Progress::draft(),
            true,
        ),
        plan(
            "Salesforce Quarterly Review",
            "Profiles and permission sets in Salesforce",
            S::Draft,
            (20, 50),
            Scope::App(AppKind::Salesforce),
            5,
            Progress::draft(),
            false,
        ),
        plan(
            plan::Q4_SOC,
            "SOC 2 user access review for the fourth fiscal quarter",
            S::Pending,
            (-12, 9),
            Scope::Any,
            0,
            Progress::running(0.0),
            true,
        ),
        plan(
            "AWS Production Access Review",
            "Who can reach the production AWS accounts",
            S::Pending,
            (-5, 25),
            Scope::App(AppKind::Aws),
            12,
            Progress::running(0.4),
            false,
        ),
        plan(
            "GitHub Organization Access Review",
            "Team memberships and owners of the northwind organization",
            S::Pending,
            (-3, 27),
            Scope::App(AppKind::Github),
            12,
            Progress::running(0.25),
            false,
        ),
        plan(
            DEFAULT_USER_CAMPAIGN,
            "SOC 2 user access review for the third fiscal quarter",
            S::Pending,
            (-70, -40),
            Scope::Any,
            10,
            Progress::overdue(0.3),
            true,
        ),
        plan(
            "Azure AD Group Membership Review",
            "Security groups and directory roles in Azure AD",
            S::Pending,
            (-30, -12),
            Scope::App(AppKind::Azure),
            8,
            Progress::overdue(0.25),
            false,
        ),
        plan(
            TERMINATED_CLEANUP,
            "Accounts of people who left the company",
            S::Pending,
            (-20, -5),
            Scope::Any,
            0,
            Progress::overdue(0.25),
            false,
        ),
        plan(
            "Q2 SOC",
            "SOC 2 user access review for the second fiscal quarter",
            S::Completed,
            (-250, -220),
            Scope::Any,
            20,
            Progress::done(),
            true,
        ),
        plan(
            "Annual Access Review FY25",
            "Company-wide review of every application",
            S::Completed,
            (-400, -360),
            Scope::Any,
            n_annual,
            Progress::done(),
            false,
        ),
        plan(
            "Okta Admin Roles Review",
            "Administrator roles in Okta",
            S::Completed,
            (-150, -130),
            Scope::App(AppKind::Okta),
            6,
            Progress::done(),
            false,
        ),
        plan(
            "Contractor Access Review (duplicate)",
            "Created twice by mistake and stopped",
            S::Aborted,
            (-60, -30),
            Scope::Any,
            6,
            Progress::running(0.34),
            false,
        ),
    ]
}

fn date(days: i64) -> NaiveDate {
    plan::snapshot_date() + TimeDelta::days(days)
}

fn at_nine(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
        .and_utc()
}

/// `done / total` in percent, rounded half up to two decimals; 0 when `total` is 0.
fn percent(done: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    let hundredths = (done * 20_000 + total) / (2 * total);
    hundredths as f64 / 100.0
}

fn naive(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.naive_utc()
}

impl Flow<'_> {
    /// The people whose queues the plan counts: the `Q4 SOC` reviewers and the default user.
    fn is_counted_queue(&self, person: usize) -> bool {
        let cast = &self.company.cast;
        cast.q4_reviewers.contains(&person) || cast.default_user == person
    }

    /// The reviewer of an open item about `person`'s access: their manager, or the first
    /// manager up the chain whose queue the plan does not count; a risk manager at the top.
    fn reviewer_for(&self, person: usize) -> usize {
        let people = &self.company.people;
        let mut candidate = people[person].manager;
        while let Some(manager) = candidate {
            let usable = people[manager].is_reviewer() && !self.is_counted_queue(manager);
            if usable {
                return manager;
            }
            candidate = people[manager].manager;
        }
        self.company.cast.risk_managers[1]
    }

    fn review_item(&mut self, item: &Item<'_>) -> ReviewItem {
        let people = &self.company.people;
        let connection = &self.catalog.entities[item.connection];
        let reviewer = &people[item.reviewer];
        let id = self.dice.ulid(at_nine(item.created)).to_string();

        let mut row = ReviewItem::new(
            id,
            connection.privilege,
            item.account.identity_type(),
            item.account.app.name(),
            reviewer.email.clone(),
            item.created,
            item.status.clone(),
        );
        row.reviewer = reviewer.full_name();
        if let Some(resource) = connection
            .grants
            .first()
            .map(|r| &self.catalog.entities[*r])
        {
            row.resource = Some(resource.name.clone());
            row.resource_type = Some(resource.source_type.to_owned());
        }
        row.identity_id = Some(item.account.source_id.clone());
        row.identity_email = item.account.email.clone();
        row.identity_username = Some(item.account.username.clone());
        row.identity_name = Some(item.account.name.clone());
        if let Some(person) = item.account.person.map(|p| &people[p]) {
            row.employee_id = Some(person.employee_id.clone());
            row.employee_email = Some(person.email.clone());
            row.job_title = Some(person.title.clone());
            row.department = Some(person.department_name().to_owned());
            row.manager = person.manager.map(|m| people[m].full_name());
            row.employment_type = Some(person.employment.as_str().to_owned());
        }
        row.campaign_name = item.campaign.map(str::to_owned);
        row.application_description = Some(item.account.app.description().to_owned());
        row.connection = Some(connection.name.clone());
        row.connection_type = Some(connection.source_type.to_owned());
        row.completed = item.completed;
        row.review_type = Some(item.review_type.to_owned());
        if item.status.is_decided() {
            let comment = match item.status {
                ReviewStatus::Denied => "Access no longer needed for the role",
                _ => "Access matches the role",
            };
            let decided = item.completed.unwrap_or(item.created);
            let timestamp = decided
                .and_time(NaiveTime::from_hms_opt(15, 12, 0).unwrap_or_default())
                .and_utc()
                .to_rfc3339();
            row.activity_log = Some(json!([{
                "Actor ID": reviewer.email.to_string(),
                "Actor Name": reviewer.full_name(),
                "Activity Comment": comment,
                "Previous Status": "pending",
                "Status": item.status.as_str(),
                "Timestamp": timestamp,
            }]));
        }
        if item.campaign.is_some() {
            let (value, explanation) = if connection.privileged {
                ("review", "Privileged access; confirm it is still needed")
            } else {
                ("approve", "Peers with the same title hold this access")
            };
            let recommendation = json!({"value": value, "explanation": explanation});
            row.recommendation = Some(recommendation);
        }
        row
    }

    fn campaigns<W: Write>(&mut self, sink: &mut Sink<W>) -> Result<()> {
        let n_annual = (self.company.people.len() / 4).max(20);
        for campaign_plan in campaign_plans(n_annual) {
            self.campaign(sink, &campaign_plan)?;
        }
        Ok(())
    }

    fn campaign<W: Write>(
        &mut self,
        sink: &mut Sink<W>,
        campaign_plan: &CampaignPlan,
    ) -> Result<()> {
        let name = campaign_plan.name;
        let start = date(campaign_plan.start);
        let end = date(campaign_plan.end);
        let items = match name {
            plan::Q4_SOC => Vec::new(),
            TERMINATED_CLEANUP => self.terminated_items(),
            _ => self.pick_items(campaign_plan.scope, campaign_plan.n_items),
        };
        let mut rows = match name {
            plan::Q4_SOC => self.q4_soc_items(start)?,
            DEFAULT_USER_CAMPAIGN => self.default_user_items(start, name),
            _ => Vec::new(),
        };

        let progress = &campaign_plan.progress;
        let n_decided = (items.len() as f64 * progress.decided_share).round() as usize;
        for (k, (account, connection)) in items.iter().enumerate() {
            let account = &self.directory.accounts[*account];
            let person = account.person.unwrap_or(self.company.cast.risk_managers[1]);
            let (status, completed) = if k < n_decided {
                self.decision(start, end)
            } else {
                (progress.open.clone(), None)
            };
            let reviewer = if status.is_open() {
                self.reviewer_for(person)
            } else {
                self.manager_reviewing(person)
            };
            let item = Item {
                account,
                connection: *connection,
                reviewer,
                status,
                review_type: "manager",
                created: start,
                completed,
                campaign: Some(name),
            };
            let row = self.review_item(&item);
            rows.push(row);
        }

        let n_done = rows.iter().filter(|r| r.status.is_decided()).count();
        let created =
            (at_nine(start) - TimeDelta::days(7)).min(plan::snapshot_time() - TimeDelta::days(1));
        let id = self.dice.ulid(created);
        let mut campaign = Campaign::new(id, name, campaign_plan.status.clone(), start, end);
        campaign.description = Some(campaign_plan.description.to_owned());
        campaign.percentage_completed = percent(n_done, rows.len());
        if campaign_plan.recurring {
            let rule: Rrule = "RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1"
                .parse()
                .context("the campaigns' recurrence rule")?;
            campaign.recurrence = Some(rule);
        }
        campaign.escalation = Some(GoDuration::from_hours(168));
        campaign.escalation_date = Some(end - TimeDelta::days(7));
        sink.campaigns.write(&campaign)?;
        for row in &rows {
            sink.reviews.write(row)?;
        }
        Ok(())
    }

    /// A decision taken between the start and the end (or yesterday): mostly approved.
    fn decision(&mut self, start: NaiveDate, end: NaiveDate) -> (ReviewStatus, Option<NaiveDate>) {
        let last = end.min(plan::snapshot_date() - TimeDelta::days(1));
        let span = (last - start).num_days().max(0);
        let completed = start + TimeDelta::days(self.dice.between(0, span));
        let status = if self.dice.chance(0.15) {
            ReviewStatus::Denied
        } else {
            ReviewStatus::Approved
        };
        (status, Some(completed))
    }

    /// The reviewer of a decided or draft item about `person`'s access: their manager, when
    /// a reviewer, else as [`Self::reviewer_for`].
    fn manager_reviewing(&self, person: usize) -> usize {
        let people = &self.company.people;
        match people[person].manager {
            Some(manager) if people[manager].is_reviewer() => manager,
            _ => self.reviewer_for(person),
        }
    }

    /// `n` distinct (account, connection) pairs of steady people's active accounts in scope.
    fn pick_items(&mut self, scope: Scope, n: usize) -> Vec<(usize, usize)> {
        let people = &self.company.people;
        let mut chosen: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut res = Vec::with_capacity(n);
        let mut attempts = 0;
        while res.len() < n && attempts < n * 50 + 500 {
            attempts += 1;
            let person = 1 + self.dice.below(people.len() - 1);
            if !people[person].is_steady() {
                continue;
            }
            let range = self.directory.by_person[person].clone();
            let candidates: Vec<(usize, usize)> = range
                .filter(|a| self.directory.accounts[*a].active)
                .filter(|a| match scope {
                    Scope::App(app) => self.directory.accounts[*a].app == app,
                    _ => true,
                })
                .flat_map(|a| {
                    self.directory.accounts[a]
                        .connections
                        .iter()
                        .map(move |c| (a, *c))
                })
                .filter(|(_, c)| match scope {
                    Scope::Privileged => self.catalog.entities[*c].privileged,
                    _ => true,
                })
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let pair = *self.dice.pick(&candidates);
            if chosen.insert(pair) {
                res.push(pair);
            }
        }
        res
    }

    /// Every active account of the planted terminated people, with its first connection.
    fn terminated_items(&self) -> Vec<(usize, usize)> {
        let mut res = Vec::new();
        for person in self.company.cast.terminated_with_access {
            for account in self.directory.by_person[person].clone() {
                let record = &self.directory.accounts[account];
                if let (true, Some(connection)) = (record.active, record.connections.first()) {
                    res.push((account, *connection));
                }
            }
        }
        res
    }

    /// The planted `Q4 SOC` items: for each of its reviewers, their pending count plus two
    /// decided items, about their steady reports' access.
    fn q4_soc_items(&mut self, start: NaiveDate) -> Result<Vec<ReviewItem>> {
        let mut rows = Vec::new();
        for (reviewer, n_pending) in self
            .company
            .cast
            .q4_reviewers
            .into_iter()
            .zip(plan::Q4_SOC_PENDING_BY_REVIEWER)
        {
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            for report in self.company.steady_reports(reviewer) {
                for account in self.directory.by_person[report].clone() {
                    let record = &self.directory.accounts[account];
                    if record.active {
                        pairs.extend(record.connections.iter().map(|c| (account, *c)));
                    }
                }
            }
            let n_decided = plan::Q4_SOC_DECIDED_ITEMS / plan::Q4_SOC_PENDING_BY_REVIEWER.len();
            let picks = self.dice.sample(pairs.len(), n_pending + n_decided);
            if picks.len() < n_pending + n_decided {
                bail!("a Q4 SOC reviewer's team holds too little access for the plan");
            }
            let mut picks: Vec<(usize, usize)> = picks.into_iter().map(|i| pairs[i]).collect();
            self.dice.shuffle(&mut picks);
            for (k, (account, connection)) in picks.into_iter().enumerate() {
                let decided = k >= n_pending;
                let (status, completed) = if !decided {
                    (ReviewStatus::Pending, None)
                } else if k == n_pending {
                    (ReviewStatus::Approved, Some(start + TimeDelta::days(2)))
                } else {
                    (ReviewStatus::Denied, Some(start + TimeDelta::days(4)))
                };
                let item = Item {
                    account: &self.directory.accounts[account],
                    connection,
                    reviewer,
                    status,
                    review_type: "manager",
                    created: start,
                    completed,
                    campaign: Some(plan::Q4_SOC),
                };
                rows.push(self.review_item(&item));
            }
        }
        Ok(rows)
    }

    /// The default user's overdue items: unmapped accounts fall to a risk manager.
    fn default_user_items(&mut self, start: NaiveDate, campaign: &str) -> Vec<ReviewItem> {
        let mut subjects: Vec<usize> = Vec::new();
        let orphans = &self.directory.orphans;
        subjects.extend(
            orphans
                .iter()
                .copied()
                .filter(|a| self.directory.accounts[*a].app == AppKind::Okta),
        );
        subjects.extend(self.directory.ownerless.iter().copied());
        subjects.truncate(plan::DEFAULT_USER_OPEN_CAMPAIGN_ITEMS);

        let mut rows = Vec::new();
        for account in subjects {
            let record = &self.directory.accounts[account];
            let Some(connection) = record.connections.first().copied() else {
                continue;
            };
            let item = Item {
                account: record,
                connection,
                reviewer: self.company.cast.default_user,
                status: ReviewStatus::Overdue,
                review_type: "riskmanager",
                created: start,
                completed: None,
                campaign: Some(campaign),
            };
            rows.push(self.review_item(&item));
        }
        rows
    }

    fn requests<W: Write>(&mut self, sink: &mut Sink<W>) -> Result<()> {
        let cast = &self.company.cast;
        let [a, b, c] = cast.q4_reviewers;
        let reports_a = self.company.steady_reports(a);
        let reports_b = self.company.steady_reports(b);
        let reports_c = self.company.steady_reports(c);

        // Pending: three grants and one revocation.
        let today = plan::snapshot_date();
        self.request(
            sink,
            Request {
                target: reports_a[0],
                requester: reports_a[0],
                reviewer: a,
                request_type: RequestType::Grant,
                n_rows: 1,
                status: ReviewStatus::Pending,
                created: today - TimeDelta::days(2),
                duration: RequestDuration::For(GoDuration::from_hours(24)),
                reason: "Investigate production incident INC-2291",
            },
        )?;
        self.request(
            sink,
            Request {
                target: reports_b[0],
                requester: reports_b[0],
                reviewer: b,
                request_type: RequestType::Grant,
                n_rows: 2,
                status: ReviewStatus::Pending,
                created: today - TimeDelta::days(3),
                duration: RequestDuration::Permanent,
                reason: "Taking over the quarterly reporting from a colleague",
            },
        )?;
        self.request(
            sink,
            Request {
                target: reports_c[0],
                requester: c,
                reviewer: cast.default_user,
                request_type: RequestType::Revoke,
                n_rows: 1,
                status: ReviewStatus::Pending,
                created: today - TimeDelta::days(4),
                duration: RequestDuration::Permanent,
                reason: "Moved to another team; the access is no longer needed",
            },
        )?;
        self.request(
            sink,
            Request {
                target: reports_c[1],
                requester: reports_c[1],
                reviewer: c,
                request_type: RequestType::Grant,
                n_rows: 1,
                status: ReviewStatus::Pending,
                created: today - TimeDelta::days(1),
                duration: RequestDuration::For(GoDuration::from_hours(168)),
                reason: "On-call rotation starting next week",
            },
        )?;

        // Decided: four approved (one a revocation), two denied.
        let decided = [
            (
                RequestType::Grant,
                ReviewStatus::Approved,
                40,
                RequestDuration::Permanent,
                "New project needs this access",
            ),
            (
                RequestType::Grant,
                ReviewStatus::Approved,
                26,
                RequestDuration::Permanent,
                "Joined the on-call rotation",
            ),
            (
                RequestType::Grant,
                ReviewStatus::Approved,
                30,
                RequestDuration::For(GoDuration::from_hours(168)),
                "Data migration support for one week",
            ),
            (
                RequestType::Revoke,
                ReviewStatus::Approved,
                20,
                RequestDuration::Permanent,
                "Role change",
            ),
            (
                RequestType::Grant,
                ReviewStatus::Denied,
                15,
                RequestDuration::Permanent,
                "Would like admin rights to install tools",
            ),
            (
                RequestType::Grant,
                ReviewStatus::Denied,
                9,
                RequestDuration::For(GoDuration::from_hours(72)),
                "Curious about the billing data",
            ),
        ];
        for (request_type, status, days_ago, duration, reason) in decided {
            let target = self.random_steady_ic();
            let requester = if request_type == RequestType::Revoke {
                self.company.people[target].manager.unwrap_or(target)
            } else {
                target
            };
            let reviewer = self.reviewer_for(target);
            self.request(
                sink,
                Request {
                    target,
                    requester,
                    reviewer,
                    request_type,
                    n_rows: 1,
                    status,
                    created: today - TimeDelta::days(days_ago),
                    duration,
                    reason,
                },
            )?;
        }
        Ok(())
    }

    /// A steady individual contributor outside the counted queues and their teams.
    fn random_steady_ic(&mut self) -> usize {
        let n_people = self.company.people.len();
        for _ in 0..10_000 {
            let person = 1 + self.dice.below(n_people - 1);
            if self.is_bystander(person) {
                return person;
            }
        }
        let first = (1..n_people).find(|p| self.is_bystander(*p));
        first.unwrap_or(self.company.cast.risk_managers[1])
    }

    /// Whether `person` is a steady individual contributor whose own queue and manager's
    /// queue the plan does not count.
    fn is_bystander(&self, person: usize) -> bool {
        let record = &self.company.people[person];
        let steady_ic = record.is_steady() && record.level == Level::Individual;
        let counted_team = record.manager.is_some_and(|m| self.is_counted_queue(m));
        steady_ic && !counted_team && !self.is_counted_queue(person)
    }

    /// Writes one access request: a row and its review per connection asked for.
    ///
    /// FIXME: identities are written before the workflows, so a decided request does not
    /// show in the target's access: an approved grant asks for a connection the account does
    /// not hold, and an approved revocation for one it still holds.
    fn request<W: Write>(&mut self, sink: &mut Sink<W>, request: Request) -> Result<()> {
        let people = &self.company.people;
        let target = &people[request.target];
        let accounts = self.directory.of(request.target);
        let requestable = |app: AppKind| -> &'static [&'static str] {
            match app {
                AppKind::Aws => &[
                    "AdministratorAccess",
                    "NorthwindDeployPolicy",
                    "PowerUserAccess",
                    "ReadOnlyAccess",
                    "Billing",
                ],
                AppKind::Github => &["Owner", "platform", "sre", "payments", "data"],
                AppKind::Azure => &[
                    "Application Administrator",
                    "SG-Prod-Readers",
                    "Contributor",
                    "Reader",
                ],
                AppKind::Okta => &["VPN Users", "App - AWS", "App - GitHub", "App - Salesforce"],
                AppKind::Google => &["oncall@northwind.example", "roles/storage.objectViewer"],
                AppKind::Salesforce => &["Data Loader", "Reports Export", "Read Only"],
            }
        };
        let preference = [
            AppKind::Aws,
            AppKind::Salesforce,
            AppKind::Github,
            AppKind::Azure,
            AppKind::Okta,
        ];
        let account = preference
            .iter()
            .find_map(|app| accounts.iter().find(|a| a.app == *app && a.active))
            .or_else(|| accounts.iter().find(|a| a.active))
            .with_context(|| format!("{} has no active account to request", target.email))?;

        let connections: Vec<usize> = match request.request_type {
            RequestType::Revoke => account
                .connections
                .iter()
                .rev()
                .take(request.n_rows)
                .copied()
                .collect(),
            _ => {
                let mut res = Vec::new();
                for name in requestable(account.app) {
                    let connection = self.catalog.find(account.app, name)?;
                    if !account.connections.contains(&connection) && res.len() < request.n_rows {
                        res.push(connection);
                    }
                }
                res
            }
        };
        if connections.len() < request.n_rows {
            bail!("no connection left to request for {}", target.email);
        }

        let created_at = at_nine(request.created) + TimeDelta::minutes(self.dice.between(0, 480));
        let request_id = self.dice.ulid(created_at).to_string();
        let ticket = format!("IT-{}", self.dice.digits(4));
        for connection in connections {
            let decided = request.status.is_decided();
            let completed = decided.then(|| request.created + TimeDelta::days(1));
            let item = Item {
                account,
                connection,
                reviewer: request.reviewer,
                status: request.status.clone(),
                review_type: "request",
                created: request.created,
                completed,
                campaign: None,
            };
            let review = self.review_item(&item);

            let entity = &self.catalog.entities[connection];
            let mut row = AccessRequest::new(
                request_id.as_str(),
                people[request.requester].email.clone(),
                account.username.as_str(),
                target.email.clone(),
                RequestKind::EmployeeRequest,
            );
            row.duration = Some(request.duration);
            row.source = Some("jira".to_owned());
            row.source_id = Some(ticket.clone());
            row.request_type = Some(request.request_type.clone());
            row.app_id = Some(account.app.id().to_owned());
            row.connection = Some(entity.name.clone());
            row.connection_type = Some(entity.source_type.to_owned());
            if let Some(resource) = entity.grants.first().map(|r| &self.catalog.entities[*r]) {
                row.resource = Some(resource.name.clone());
                row.resource_type = Some(resource.source_type.to_owned());
            }
            row.privilege_name = Some(entity.privilege.to_owned());
            row.privilege_value = Some(true);
            row.metadata = json!({
                "reason": request.reason,
                "reference_type": "employee",
                "reference_employee": target.email.to_string(),
                "reference_department": target.department_name(),
                "reference_title": target.title,
            });
            if request.status == ReviewStatus::Approved {
                let provisioned = created_at + TimeDelta::days(1) + TimeDelta::hours(1);
                row.provision_date = Some(naive(provisioned));
                if let RequestDuration::For(length) = request.duration {
                    row.expiration_date = Some(naive(provisioned + length.to_chrono()));
                }
            }
            if request.status == ReviewStatus::Pending {
                let start = at_nine(plan::snapshot_date() + TimeDelta::days(2));
                row.scheduled_date = Some(naive(start));
            }
            row.entity_review_id = Some(review.id.clone());
            sink.reviews.write(&review)?;
            sink.requests.write(&row)?;
        }
        Ok(())
    }

    fn purposes<W: Write>(&mut self, sink: &mut Sink<W>) -> Result<()> {
        use AppKind as A;
        struct Spec {
            name: &'static str,
            description: &'static str,
            department: usize,
            notify_hours: u64,
            entities: [(AppKind, &'static str); 2],
            active: usize,
            expired: usize,
            scheduled: usize,
        }
        let specs = [
            Spec {
                name: "Production Incident Response",
                description: "Break-glass access to production while handling an incident",
                department: names::ENGINEERING,
                notify_hours: 2,
                entities: [(A::Aws, "AdministratorAccess"), (A::Azure, "Contributor")],
                active: 2,
                expired: 0,
                scheduled: 0,
            },
            Spec {
                name: "Payments Database Maintenance",
                description: "Maintenance windows on the payments database and its secrets",
                department: names::ENGINEERING,
                notify_hours: 24,
                entities: [
                    (A::Aws, "NorthwindBackupPolicy"),
                    (A::Azure, "Key Vault Secrets User"),
                ],
                active: 2,
                expired: 1,
                scheduled: 0,
            },
            Spec {
                name: "Quarter-End Financial Close",
                description: "Exports from Salesforce for the quarter-end close",
                department: names::FINANCE,
                notify_hours: 48,
                entities: [
                    (A::Salesforce, "Data Loader"),
                    (A::Salesforce, "Reports Export"),
                ],
                active: 1,
                expired: 0,
                scheduled: 0,
            },
            Spec {
                name: "Security Audit Support",
                description: "Read access for the external SOC 2 auditors' requests",
                department: names::IT_SECURITY,
                notify_hours: 24,
                entities: [(A::Aws, "SecurityAudit"), (A::Azure, "Security Reader")],
                active: 0,
                expired: 2,
                scheduled: 0,
            },
            Spec {
                name: "Data Migration Project",
                description: "Moving the analytics warehouse to the new project",
                department: names::DATA,
                notify_hours: 48,
                entities: [
                    (A::Aws, "NorthwindDataScience"),
                    (A::Google, "roles/bigquery.dataEditor"),
                ],
                active: 0,
                expired: 0,
                scheduled: 2,
            },
            Spec {
                name: "Customer Escalation Debugging",
                description: "Temporary access to debug a customer escalation",
                department: names::CUSTOMER_SUCCESS,
                notify_hours: 2,
                entities: [
                    (A::Salesforce, "Customer Success User"),
                    (A::Github, "payments"),
                ],
                active: 0,
                expired: 0,
                scheduled: 0,
            },
        ];

        let mut used: BTreeSet<usize> = BTreeSet::new();
        for (index, spec) in specs.iter().enumerate() {
            let created = plan::tenant_created() + TimeDelta::days(200 + 30 * index as i64);
            let id = self.dice.ulid(created).to_string();
            let brn = Catalog::brn("purpose", &id)?;
            let mut purpose = Purpose::new(brn, spec.name, spec.description);
            purpose.pre_expiry_notification = Some(GoDuration::from_hours(spec.notify_hours));
            purpose.department = Some(DEPARTMENTS[spec.department].name.to_owned());
            let owner = match spec.department {
                names::IT_SECURITY => self.company.cast.default_user,
                names::FINANCE => self.company.cast.risk_managers[1],
                _ => *self.dice.pick(&self.company.cast.app_owners),
            };
            purpose.owner = Some(self.company.people[owner].email.clone());
            let entities: Vec<usize> = spec
                .entities
                .iter()
                .map(|(app, name)| self.catalog.find(*app, name))
                .collect::<Result<_>>()?;
            purpose.entity_brns = entities
                .iter()
                .map(|e| self.catalog.entities[*e].brn.clone())
                .collect();
            sink.purposes.write(&purpose)?;

            let windows = std::iter::repeat_n(Window::Active, spec.active)
                .chain(std::iter::repeat_n(Window::Expired, spec.expired))
                .chain(std::iter::repeat_n(Window::Scheduled, spec.scheduled));
            for window in windows {
                let assignee = self.assignee(spec.department, &mut used);
                self.assignment(sink, &id, spec.name, entities[0], assignee, window)?;
            }
        }
        Ok(())
    }

    /// A steady person of `department` not yet holding an assignment, else anyone steady.
    fn assignee(&mut self, department: usize, used: &mut BTreeSet<usize>) -> usize {
        let people = &self.company.people;
        let candidates: Vec<usize> = (1..people.len())
            .filter(|p| people[*p].is_steady() && people[*p].department == Some(department))
            .filter(|p| !used.contains(p) && !self.is_counted_queue(*p))
            .collect();
        let person = if candidates.is_empty() {
            self.random_steady_ic()
        } else {
            *self.dice.pick(&candidates)
        };
        used.insert(person);
        person
    }

    fn assignment<W: Write>(
        &mut self,
        sink: &mut Sink<W>,
        purpose_id: &str,
        purpose_name: &str,
        connection: usize,
        assignee: usize,
        window: Window,
    ) -> Result<()> {
        let (provision_days, hours) = match window {
            Window::Active => (-self.dice.between(2, 5), 168),
            Window::Expired => (-self.dice.between(10, 20), 72),
            Window::Scheduled => (self.dice.between(3, 10), 48),
        };
        let provisioned = plan::snapshot_time()
            + TimeDelta::days(provision_days)
            + TimeDelta::minutes(self.dice.between(-120, 120));
        let length = GoDuration::from_hours(hours);
        let requested =
            provisioned - TimeDelta::days(1) - TimeDelta::hours(self.dice.between(1, 6));

        let people = &self.company.people;
        let person = &people[assignee];
        let app = self.catalog.entities[connection].app;
        let account = self
            .directory
            .of(assignee)
            .iter()
            .find(|a| a.app == app && a.active)
            .or_else(|| self.directory.of(assignee).iter().find(|a| a.active))
            .with_context(|| format!("{} has no active account", person.email))?;
        let reviewer = self.reviewer_for(assignee);
        let item = Item {
            account,
            connection,
            reviewer,
            status: ReviewStatus::Approved,
            review_type: "request",
            created: requested.date_naive(),
            completed: Some((requested + TimeDelta::hours(3)).date_naive()),
            campaign: None,
        };
        let mut review = self.review_item(&item);
        review.permission_name = purpose_name.to_owned();
        review.purpose_id = Some(purpose_id.to_owned());
        review.employee_id_for_purpose = Some(person.employee_id.clone());

        let request_id = self.dice.ulid(requested).to_string();
        let mut row = AccessRequest::new(
            request_id,
            person.email.clone(),
            account.username.as_str(),
            person.email.clone(),
            RequestKind::PurposeRequest,
        );
        row.duration = Some(RequestDuration::For(length));
        row.provision_date = Some(naive(provisioned));
        row.expiration_date = Some(naive(provisioned + length.to_chrono()));
        if window == Window::Scheduled {
            row.scheduled_date = Some(naive(provisioned));
        }
        row.request_type = Some(RequestType::Grant);
        row.metadata = json!({"reason": format!("{purpose_name} for {}", person.full_name())});
        row.purpose_id = Some(purpose_id.to_owned());
        row.purpose_review_id = Some(review.id.clone());
        sink.reviews.write(&review)?;
        sink.requests.write(&row)?;
        Ok(())
    }

    fn findings<W: Write>(&mut self, sink: &mut Sink<W>) -> Result<()> {
        let people = &self.company.people;
        let risk_manager = &people[self.company.cast.default_user];
        for person in self.company.cast.terminated_with_access {
            let person_record = &people[person];
            let Some(end) = person_record.end_date else {
                continue;
            };
            let Some(okta) = self
                .directory
                .of(person)
                .iter()
                .find(|a| a.app == AppKind::Okta)
            else {
                continue;
            };
            let raised = at_nine(end + TimeDelta::days(1));
            let mut finding = Finding::new(self.dice.ulid(raised).to_string());
            finding.employee = Some(person_record.email.to_string());
            finding.identity = Some(okta.username.clone());
            finding.labels = Some(json!([[{
                "key": "employee/terminated",
                "value": {"text": "Terminated"},
                "explanation": {"termination_date": end.format("%Y-%m-%d").to_string()},
            }]]));
            finding.integration = Some(self.catalog.integration(AppKind::Okta).to_string());
            finding.name = Some("Terminated employee with active access".to_owned());
            finding.description = Some(format!(
                "{} left on {} but the Okta account is still active",
                person_record.full_name(),
                end.format("%Y-%m-%d")
            ));
            finding.rule = Some("terminated-employee-active-identity".to_owned());
            finding.assigned_to = Some(risk_manager.email.to_string());
            finding.workflow_status = Some(WorkflowStatus::Created);
            finding.created_at = Some(raised);
            finding.updated_at = Some(raised);
            sink.findings.write(&finding)?;
        }

        for _ in 0..2 {
            let person = self.random_steady_ic();
            let Some(account) = self.directory.of(person).iter().find(|a| a.active) else {
                continue;
            };
            let raised = self.dice.instant_between(-30, -2);
            let mut finding = Finding::new(self.dice.ulid(raised).to_string());
            finding.employee = Some(people[person].email.to_string());
            finding.identity = Some(account.username.clone());
            finding.labels = Some(json!([[{
                "key": "entitlement/overentitled",
                "value": {"text": "Over-entitled"},
                "explanation": "Holds more connections than peers with the same title",
            }]]));
            finding.integration = Some(self.catalog.integration(account.app).to_string());
            finding.name = Some("Over-entitled identity".to_owned());
            finding.rule = Some("peer-outlier".to_owned());
            finding.assigned_to = Some(risk_manager.email.to_string());
            finding.workflow_status = Some(WorkflowStatus::Started);
            finding.created_at = Some(raised);
            finding.updated_at = Some(raised + TimeDelta::hours(20));
            finding.metadata = Some(Value::Object(serde_json::Map::new()));
            sink.findings.write(&finding)?;
        }
        Ok(())
    }
}

/// One access request to write.
struct Request {
    target: usize,
    requester: usize,
    reviewer: usize,
    request_type: RequestType,
    n_rows: usize,
    status: ReviewStatus,
    created: NaiveDate,
    duration: RequestDuration,
    reason: &'static str,
}

/// Where a purpose assignment's window lies relative to the snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Window {
    Active,
    Expired,
    Scheduled,
}
