"""The demo company read straight from its snapshot CSV files, and the answers to the product's
read questions worked out here, in plain Python, from the rules as DESIGN.md and the team brief
state them.

Nothing here comes from the server: the interop suite compares these answers with what the
`balkanid-mcp` binary returns. The server is run with `--as-of` equal to the manifest's
snapshot time, so the files' dates are used as they are (no shift).
"""

import csv
import json
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

# Source types of identities, as the brief's identity-kind decision lists them.
HUMAN_SOURCE_TYPES = {"user", "human", "member"}
SERVICE_SOURCE_TYPES = {
    "service account",
    "service_account",
    "serviceaccount",
    "service principal",
    "managed identity",
    "aws service role",
    "iam role",
}
BOT_SOURCE_TYPES = {"bot", "app bot"}

# Review item statuses that still wait for a decision (drafts are not yet sent).
OPEN_REVIEW_STATUSES = {"pending", "waiting_for_info", "overdue", "overdue_waiting_for_info"}

# Federated trust: the default issuer allow-list, `*` = one or more of [A-Za-z0-9._-].
ALLOWED_ISSUERS = [
    "https://token.actions.githubusercontent.com",
    "https://sts.windows.net/*",
    "https://login.microsoftonline.com/*/v2.0",
    "https://accounts.google.com",
    "https://oidc.eks.*.amazonaws.com/id/*",
    "https://*.oic.prod-aks.azure.com/*/*",
    "https://container.googleapis.com/v1/projects/*/locations/*/clusters/*",
    "https://gitlab.com",
    "https://app.terraform.io",
]
MAX_AUDIENCES = 3


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def parse_instant(text):
    """RFC 3339 (`2026-06-01T12:00:00Z`), Go's `2026-06-01 08:01:00 +0000 UTC`, or a
    zoneless `2026-06-03 09:00:00` read as UTC; None when blank."""
    text = (text or "").strip()
    if not text:
        return None
    if text.endswith(" UTC"):
        return datetime.strptime(text[: -len(" UTC")], "%Y-%m-%d %H:%M:%S %z")
    if "T" in text:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)


def parse_hr_date(text):
    """Employee dates are MM/DD/YYYY; None when blank."""
    text = (text or "").strip()
    if not text:
        return None
    return datetime.strptime(text, "%m/%d/%Y").date()


def normalize_review_status(text):
    status = (text or "").strip().lower()
    aliases = {
        "created": "pending",
        "started": "pending",
        "rejected": "denied",
        "waiting for info": "waiting_for_info",
        "overdue, waiting for info": "overdue_waiting_for_info",
    }
    return aliases.get(status, status)


def add_duration(start, text):
    """`start` plus a timed Duration such as `24h`, `7d` or `30m`; None for `permanent`."""
    text = (text or "").strip().lower()
    units = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit():
        return None
    return start + int(text[:-1]) * units[text[-1]]


def glob_matches(pattern, text):
    if not pattern:
        return not text
    if pattern[0] == "*":
        n_wild = 0
        while n_wild < len(text) and (text[n_wild].isalnum() or text[n_wild] in "._-"):
            n_wild += 1
        return any(glob_matches(pattern[1:], text[taken:]) for taken in range(1, n_wild + 1))
    return bool(text) and text[0] == pattern[0] and glob_matches(pattern[1:], text[1:])


def normalize_issuer(issuer):
    issuer = issuer.strip().rstrip("/").lower()
    return issuer if "://" in issuer else "https://" + issuer


def trust_breadth(issuer, subject, audiences):
    """`narrow`, `broad` or `wildcard`, from the federated trust rule of DESIGN.md section 4."""
    concerns = []
    subject = (subject or "").strip()
    if not subject:
        concerns.append("broad")
    elif "*" in subject:
        concerns.append("wildcard")
    elif subject.startswith("repo:") and subject.endswith(":pull_request"):
        concerns.append("broad")

    issuer = (issuer or "").strip()
    if not issuer:
        concerns.append("broad")
    elif not any(
        glob_matches(normalize_issuer(pattern), normalize_issuer(issuer))
        for pattern in ALLOWED_ISSUERS
    ):
        concerns.append("broad")

    audiences = [audience.strip() for audience in audiences if audience.strip()]
    if not audiences or any("*" in audience for audience in audiences):
        concerns.append("broad")
    if len(audiences) > MAX_AUDIENCES:
        concerns.append("broad")

    if "wildcard" in concerns:
        return "wildcard"
    return "broad" if concerns else "narrow"


class Demo:
    """The snapshot, loaded, with the rules applied at the manifest's snapshot time."""

    def __init__(self, directory):
        directory = Path(directory)
        self.manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        self.as_of = parse_instant(self.manifest["snapshot_time"])
        self.today = self.as_of.date()

        self._load_employees(read_csv(directory / "employees.csv"))
        self._load_identities(read_csv(directory / "entities.csv"))
        self._load_relations(read_csv(directory / "relations.csv"))
        self.credentials = read_csv(directory / "credentials.csv")
        self.integrations = read_csv(directory / "integrations.csv")
        self.campaigns = read_csv(directory / "campaigns.csv")
        self.reviews = read_csv(directory / "reviews.csv")
        self.requests = read_csv(directory / "requests.csv")
        self.purposes = read_csv(directory / "purposes.csv")
        self.children = defaultdict(list)
        for row in read_csv(directory / "entity-relations.csv"):
            self.children[row["Parent Entity BRN"]].append(row["Entity BRN"])

    # ---- loading -------------------------------------------------------------------------

    def _load_employees(self, rows):
        self.employees = {}
        for row in rows:
            email = row["Work Email"].strip().lower()
            self.employees[email] = {
                "email": email,
                "name": row["Full Name"],
                "end_date": parse_hr_date(row["End Date"]),
                "manager": row["Manager Work Email"].strip().lower() or None,
                "department": row["Department"].strip(),
                "roles": [r.strip() for r in row["BalkanID Roles"].split(",") if r.strip()],
            }

    def _load_identities(self, rows):
        self.identities = []
        self.identity_by_source = {}
        self.identity_by_brn = {}
        for row in rows:
            if row["Entity Type"] != "identity":
                continue
            metadata = json.loads(row["Metadata"] or "{}")
            source_type = row["Source Type"].strip().lower()
            if source_type in SERVICE_SOURCE_TYPES:
                kind = "service_account"
            elif source_type in BOT_SOURCE_TYPES:
                kind = "bot"
            elif source_type in HUMAN_SOURCE_TYPES:
                kind = "human"
            else:
                kind = "other"
            identity = {
                "brn": row["BRN"],
                "app": row["App"],
                "integration": row["Integration"],
                "name": row["Name"],
                "kind": kind,
                "active": (metadata.get("status") or "active").strip().lower() != "inactive",
                "email": (metadata.get("email") or "").strip().lower() or None,
                "handle": metadata.get("username") or row["Source ID"],
                "last_login": parse_instant(metadata.get("lastLoginTime")),
                "environment": (metadata.get("environment") or "").strip().lower() or None,
                "is": [],
                "owners": [],
            }
            self.identities.append(identity)
            self.identity_by_source[(row["App"], row["Source ID"])] = identity
            self.identity_by_brn[row["BRN"]] = identity

    def _load_relations(self, rows):
        for row in rows:
            identity = self.identity_by_source.get((row["App ID"], row["Identity ID"]))
            if identity is None:
                continue
            email = row["Employee email"].strip().lower()
            if row["Relation type"].strip().upper() == "IS":
                identity["is"].append(email)
            elif row["Relation type"].strip().upper() == "OWNS":
                identity["owners"].append(email)

    # ---- rules ---------------------------------------------------------------------------

    def is_terminated(self, email):
        """End Date is the last day: terminated from the next day on."""
        employee = self.employees.get(email)
        return bool(employee and employee["end_date"] and employee["end_date"] < self.today)

    def identity_type(self, identity):
        if identity["kind"] in ("service_account", "bot"):
            return identity["kind"]
        if not identity["is"] and not identity["owners"]:
            return "unmapped"
        return "employee"

    def identity_findings(self, dormant_after_days=90):
        """Every identity finding as (kind, identity BRN), one per terminated `IS` employee."""
        findings = []
        for identity in self.identities:
            if not identity["active"]:
                continue
            for email in identity["is"]:
                if self.is_terminated(email):
                    findings.append(("terminated_with_access", identity["brn"]))
            if not identity["is"] and not identity["owners"]:
                findings.append(("orphaned", identity["brn"]))
            if identity["kind"] == "service_account":
                primary = identity["owners"][0] if identity["owners"] else None
                if primary is None or self.is_terminated(primary):
                    findings.append(("service_account_without_owner", identity["brn"]))
            last_login = identity["last_login"]
            if last_login and self.as_of - last_login > timedelta(days=dormant_after_days):
                findings.append(("dormant", identity["brn"]))
        return findings

    def credential_state(self, credential, window_days=30):
        status = credential["Status"].strip().lower()
        if status == "revoked":
            return "revoked"
        if status == "expired":
            return "expired"
        expires_at = parse_instant(credential["Expires At"])
        if expires_at is None:
            return "active"
        if expires_at <= self.as_of:
            return "expired"
        if expires_at <= self.as_of + timedelta(days=window_days):
            return "expiring"
        return "active"

    def is_production(self, credential):
        identity = self.identity_by_brn.get(credential["Identity BRN"])
        return bool(identity and identity["environment"] == "production")

    def breadth(self, credential):
        audiences = credential["Audiences"].split(",") if credential["Audiences"] else []
        return trust_breadth(credential["Issuer"], credential["Subject"], audiences)

    def review_status(self, review_id):
        for review in self.reviews:
            if review["ID"] == review_id:
                return normalize_review_status(review["Review Status"])
        return None

    def requests_by_id(self):
        grouped = defaultdict(list)
        for row in self.requests:
            grouped[row["Request ID"]].append(row)
        return grouped

    def request_review_ids(self, rows):
        ids = []
        for row in rows:
            for key in ("Entity Review ID", "Purpose Review ID"):
                if row[key] and row[key] not in ids:
                    ids.append(row[key])
        return ids

    def request_status(self, rows):
        statuses = [self.review_status(review_id) for review_id in self.request_review_ids(rows)]
        statuses = [status for status in statuses if status is not None]
        if "denied" in statuses:
            return "denied"
        if statuses and all(status == "approved" for status in statuses):
            return "approved"
        return "pending"

    def request_assignees(self, rows):
        assignees = set()
        review_ids = set(self.request_review_ids(rows))
        for review in self.reviews:
            if review["ID"] in review_ids:
                if normalize_review_status(review["Review Status"]) in OPEN_REVIEW_STATUSES:
                    assignees.add(review["Reviewer ID"].strip().lower())
        return assignees

    # ---- the product's read questions ----------------------------------------------------

    def risky_human_identities(self):
        """Terminated with active access and orphaned, as (kind, brn), over every identity."""
        wanted = {"terminated_with_access", "orphaned"}
        return sorted(f for f in self.identity_findings() if f[0] in wanted)

    def azure_service_accounts_without_owner(self):
        return sorted(
            brn
            for kind, brn in self.identity_findings()
            if kind == "service_account_without_owner"
            and self.identity_by_brn[brn]["app"] == "azure"
        )

    def orphaned_in(self, app):
        return sorted(
            brn
            for kind, brn in self.identity_findings()
            if kind == "orphaned" and self.identity_by_brn[brn]["app"] == app
        )

    def identities_linked_to(self, email):
        """Accounts with this email, that this employee is (`IS`) or owns (`OWNS`)."""
        email = email.lower()
        return sorted(
            identity["brn"]
            for identity in self.identities
            if identity["email"] == email or email in identity["is"] or email in identity["owners"]
        )

    def risky_non_human_identities(self, identity_type):
        return sorted(
            (kind, brn)
            for kind, brn in self.identity_findings()
            if self.identity_type(self.identity_by_brn[brn]) == identity_type
        )

    def expired_production_credentials(self, app):
        return sorted(
            c["Credential ID"]
            for c in self.credentials
            if c["App"] == app and self.is_production(c) and self.credential_state(c) == "expired"
        )

    def broad_federated_credentials(self):
        return sorted(
            c["Credential ID"]
            for c in self.credentials
            if c["Credential Type"] == "federated_identity" and self.breadth(c) != "narrow"
        )

    def credentials_expiring_within(self, days):
        return sorted(
            c["Credential ID"]
            for c in self.credentials
            if self.credential_state(c, window_days=days) == "expiring"
        )

    def integration_statuses(self):
        return {
            row["ID"]: {
                "status": row["Status"].strip().lower(),
                "message": row["Message"] or None,
                "last_run": parse_instant(row["Last Run"]),
            }
            for row in self.integrations
        }

    def direct_reports(self, manager_email):
        manager_email = manager_email.lower()
        return sorted(e["email"] for e in self.employees.values() if e["manager"] == manager_email)

    def employees_in(self, department):
        department = department.lower()
        return sorted(
            e["email"] for e in self.employees.values() if e["department"].lower() == department
        )

    def busiest_manager(self):
        counts = defaultdict(int)
        for employee in self.employees.values():
            if employee["manager"]:
                counts[employee["manager"]] += 1
        return max(sorted(counts), key=lambda email: counts[email])

    def overdue_campaigns(self):
        """Name -> (completion percent rounded to 2 decimals, days overdue)."""
        res = {}
        for campaign in self.campaigns:
            end_date = date.fromisoformat(campaign["End Date"])
            if campaign["Status"].strip().lower() != "pending" or not end_date < self.today:
                continue
            items = [r for r in self.reviews if r["Campaign Name"] == campaign["Name"]]
            decided = sum(
                1
                for r in items
                if normalize_review_status(r["Review Status"]) in ("approved", "denied")
            )
            percent = round(100.0 * decided / len(items), 2) if items else 0.0
            res[campaign["Name"]] = (percent, (self.today - end_date).days)
        return res

    def reviewer_queue(self, reviewer_email):
        """Open items of campaigns in progress assigned to the reviewer (access-request
        items, which name no campaign, are answered by `access_requests_pending_for`)."""
        in_progress = {
            c["Name"] for c in self.campaigns if c["Status"].strip().lower() == "pending"
        }
        reviewer_email = reviewer_email.lower()
        return sorted(
            r["ID"]
            for r in self.reviews
            if r["Reviewer ID"].strip().lower() == reviewer_email
            and normalize_review_status(r["Review Status"]) in OPEN_REVIEW_STATUSES
            and r["Campaign Name"] in in_progress
        )

    def busiest_campaign_reviewer(self):
        counts = defaultdict(int)
        in_progress = {
            c["Name"] for c in self.campaigns if c["Status"].strip().lower() == "pending"
        }
        for r in self.reviews:
            open_item = normalize_review_status(r["Review Status"]) in OPEN_REVIEW_STATUSES
            if open_item and r["Campaign Name"] in in_progress:
                counts[r["Reviewer ID"].strip().lower()] += 1
        return max(sorted(counts), key=lambda email: counts[email])

    def access_requests_pending_for(self, reviewer_email):
        reviewer_email = reviewer_email.lower()
        return sorted(
            request_id
            for request_id, rows in self.requests_by_id().items()
            if self.request_status(rows) == "pending"
            and reviewer_email in self.request_assignees(rows)
        )

    def busiest_request_approver(self):
        counts = defaultdict(int)
        for rows in self.requests_by_id().values():
            if self.request_status(rows) == "pending":
                for assignee in self.request_assignees(rows):
                    counts[assignee] += 1
        return max(sorted(counts), key=lambda email: counts[email])

    def active_purposes(self):
        active = set()
        by_id = self.requests_by_id()
        for rows in by_id.values():
            status = self.request_status(rows)
            for row in rows:
                if not row["Purpose ID"] or status != "approved":
                    continue
                start = parse_instant(row["Provision Date"])
                if start is None or start > self.as_of:
                    continue
                end = parse_instant(row["Expiration Date"])
                if end is None:
                    end = add_duration(start, row["Duration"])
                if end is None or self.as_of < end:
                    active.add(row["Purpose ID"])
        return sorted(
            p["BRN"] for p in self.purposes if p["BRN"].rsplit(":", 1)[-1] in active
        )
