"""The interop suite: drives the built `balkanid-mcp` binary over stdio with the Python `mcp`
client (a client nobody on this project wrote), in both MCP protocol eras, and asks each read
question of the product as tool calls.

Every expected value is worked out in `demo.py` from the demo snapshot's CSV files, never
taken from the server. The server runs with `--as-of` equal to the snapshot time, in a fresh
temporary database.

Run by `cargo xtask test`; by hand:
    .venv/bin/python balkanid-mcp/tests/interop/run.py \
        --binary target/debug/balkanid-mcp --demo balkanid-api/demo
"""

import argparse
import asyncio
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from mcp import Client
from mcp.client.stdio import StdioServerParameters

from demo import Demo, parse_instant

# Both protocol eras: the Python client's mode and the version it must negotiate.
MODES = {"auto": "2026-07-28", "legacy": "2025-11-25"}

READ_TOOLS = sorted(
    [
        "whoami",
        "list_identities",
        "get_identity",
        "find_risky_identities",
        "list_entity_relationships",
        "list_credentials",
        "get_credential",
        "find_risky_credentials",
        "list_federated_credentials",
        "list_integrations",
        "list_employees",
        "get_employee",
        "list_direct_reports",
        "list_campaigns",
        "list_reviews",
        "get_my_queue",
        "list_access_requests",
        "get_access_request",
        "list_purposes",
        "list_audit_events",
    ]
)

# About 17,000 tokens: no tool result, its structured content and its escaped text copy
# together, may be larger.
MAX_RESULT_BYTES = 70_000


def result_size(text):
    """The bytes a result with `text` takes: the structured content (as compact as the text)
    and the text copy as an escaped JSON string."""
    return len(text.encode()) + len(json.dumps(text, ensure_ascii=False).encode())


class Checks:
    """Collects pass/fail lines; the suite fails if any check failed."""

    def __init__(self):
        self.failed = []
        self.passed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"  ok    {name}")
        else:
            self.failed.append(name)
            print(f"  FAIL  {name}: {detail}")

    def same(self, name, actual, expected):
        if actual == expected:
            self.check(name, True)
            return
        detail = f"expected {expected!r}, got {actual!r}"
        if isinstance(actual, (list, set)) and isinstance(expected, (list, set)):
            missing = Counter(expected) - Counter(actual)
            extra = Counter(actual) - Counter(expected)
            detail = (
                f"{len(expected)} expected, {len(actual)} returned; "
                f"missing {sorted(missing.elements())[:5]}, extra {sorted(extra.elements())[:5]}"
            )
        self.check(name, False, detail)


class Session:
    """One connected client and the checks every call goes through."""

    def __init__(self, client, checks):
        self.client = client
        self.checks = checks

    async def call(self, tool, arguments):
        """Calls a tool that must succeed; returns its structured content."""
        result = await self.client.call_tool(tool, arguments)
        text = result.content[0].text if result.content else ""
        if result.is_error:
            raise AssertionError(f"{tool} {arguments} failed: {text}")
        if result_size(text) > MAX_RESULT_BYTES:
            raise AssertionError(f"{tool} returned {result_size(text)} bytes")
        if json.loads(text) != result.structured_content:
            raise AssertionError(f"{tool}: the text copy differs from the structured content")
        return result.structured_content

    async def call_error(self, tool, arguments):
        """Calls a tool that must fail; returns its error text."""
        result = await self.client.call_tool(tool, arguments)
        text = result.content[0].text if result.content else ""
        if not result.is_error:
            raise AssertionError(f"{tool} {arguments} succeeded but should have failed")
        return text

    async def all_items(self, tool, arguments):
        """Every item of a list tool, following cursors; checks `total` on the way."""
        items, cursor = [], None
        while True:
            page_arguments = dict(arguments, limit=500)
            if cursor:
                page_arguments["cursor"] = cursor
            page = await self.call(tool, page_arguments)
            items.extend(page["items"])
            cursor = page["next_cursor"]
            if ("Partial list" in (page.get("note") or "")) != bool(cursor):
                raise AssertionError(
                    f"{tool}: a partial-list note needs a next page: {page.get('note')!r}"
                )
            if not cursor:
                if page["total"] != len(items):
                    raise AssertionError(f"{tool}: total {page['total']}, {len(items)} items")
                return items


def server_parameters(args, database, user=None):
    arguments = ["--tenant", args.tenant, "--db", str(database), "--as-of", args.as_of]
    environment = {"RUST_LOG": "warn"}
    if user:
        environment["BALKANID_USER_EMAIL"] = user
    return StdioServerParameters(command=args.binary, args=arguments, env=environment)


async def protocol_checks(session, mode, demo):
    client, checks = session.client, session.checks

    checks.same(f"{mode}: negotiated protocol version", client.protocol_version, MODES[mode])
    if client.server_info is not None:
        checks.same(f"{mode}: server name", client.server_info.name, "balkanid-mcp")
    elif mode == "legacy":
        checks.check(f"{mode}: server info", False, "the initialize result had no serverInfo")

    listing = await client.list_tools()
    tools = {tool.name: tool for tool in listing.tools}
    checks.same(f"{mode}: every read tool is listed", sorted(tools), READ_TOOLS)
    for tool in tools.values():
        annotations = tool.annotations
        read_only = annotations is not None and annotations.read_only_hint is True
        closed = annotations is not None and annotations.open_world_hint is False
        schemas = json.dumps([tool.input_schema, tool.output_schema])
        self_contained = "$ref" not in schemas and "$defs" not in schemas
        checks.check(
            f"{mode}: {tool.name} is annotated read-only, closed-world, self-contained",
            read_only and closed and self_contained and tool.output_schema is not None,
            f"annotations {annotations}, self-contained {self_contained}",
        )

    whoami = await session.call("whoami", {})
    checks.same(f"{mode}: whoami tenant", whoami["tenant_name"], demo.manifest["tenant_name"])
    checks.same(f"{mode}: whoami acting user", whoami["user_email"], demo.manifest["default_user"])
    checks.same(
        f"{mode}: whoami snapshot time",
        parse_instant(whoami["snapshot_time"]),
        parse_instant(demo.manifest["snapshot_time"]),
    )
    checks.same(f"{mode}: whoami as_of", parse_instant(whoami["as_of"]), demo.as_of)


async def leniency_checks(session, mode):
    checks = session.checks

    page = await session.call(
        "list_identities",
        {"limit": "2", "status": "ACTIVE", "app": None, "made_up_key": 1, "hasOwner": "true"},
    )
    checks.check(
        f"{mode}: sloppy arguments (string numbers and booleans, null, unknown keys) work",
        len(page["items"]) == 2 and page["total"] > 2 and "note" in page,
        page.get("note"),
    )

    text = await session.call_error("list_identities", {"identity_type": "robot"})
    checks.check(
        f"{mode}: a wrong enum value names the argument and the accepted values",
        "identity_type" in text and "service_account" in text,
        text,
    )

    text = await session.call_error("list_identities", {"limit": 9000})
    checks.check(f"{mode}: a limit above 500 is refused", "limit" in text and "500" in text, text)


async def question_checks(session, mode, demo, args, database):
    checks = session.checks

    # Risky human identities: terminated with active access, orphaned.
    findings = await session.all_items(
        "find_risky_identities", {"kinds": ["terminated_with_access", "orphaned"]}
    )
    checks.same(
        f"{mode}: risky identities (terminated with access, orphaned)",
        sorted((f["kind"], f["subject"]) for f in findings),
        demo.risky_human_identities(),
    )
    humans = [
        f
        for f in findings
        if f["kind"] == "terminated_with_access"
        and demo.identity_by_brn[f["subject"]]["kind"] == "human"
    ]
    checks.check(f"{mode}: some terminated people still have active accounts", len(humans) > 0)

    # Active Azure service accounts with no primary owner.
    findings = await session.all_items(
        "find_risky_identities", {"kinds": "service_account_without_owner", "app": "azure"}
    )
    checks.same(
        f"{mode}: Azure service accounts without a primary owner",
        sorted(f["subject"] for f in findings),
        demo.azure_service_accounts_without_owner(),
    )

    # Orphaned identities in Okta.
    findings = await session.all_items("find_risky_identities", {"kinds": ["orphaned"], "app": "okta"})
    checks.same(
        f"{mode}: orphaned identities in Okta",
        sorted(f["subject"] for f in findings),
        demo.orphaned_in("okta"),
    )

    # Everything linked to one email across integrations (the email given in another case).
    email = args.linked_email
    identities = await session.all_items("list_identities", {"email": email.upper()})
    checks.same(
        f"{mode}: identities linked to {email}",
        sorted(i["brn"] for i in identities),
        demo.identities_linked_to(email),
    )
    checks.check(
        f"{mode}: {email} has accounts in several apps",
        len({i["app"] for i in identities}) > 1,
    )

    # Risky non-human identities.
    for identity_type in ("service_account", "bot"):
        findings = await session.all_items(
            "find_risky_identities", {"identity_type": identity_type}
        )
        checks.same(
            f"{mode}: risky non-human identities ({identity_type})",
            sorted((f["kind"], f["subject"]) for f in findings),
            demo.risky_non_human_identities(identity_type),
        )

    # Expired Azure credentials on production service accounts.
    findings = await session.all_items(
        "find_risky_credentials", {"kinds": ["expired"], "app": "azure", "production_only": True}
    )
    checks.same(
        f"{mode}: expired Azure credentials in production",
        sorted(f["subject"] for f in findings),
        demo.expired_production_credentials("azure"),
    )
    checks.same(
        f"{mode}: a credential finding's kind is the filter name it was found with",
        sorted({f["kind"] for f in findings}),
        ["expired"],
    )

    # Federated credentials with overly broad trust.
    federated = await session.all_items("list_federated_credentials", {"broad_only": True})
    checks.same(
        f"{mode}: federated credentials with broad trust",
        sorted(c["id"] for c in federated),
        demo.broad_federated_credentials(),
    )
    by_id = {c["Credential ID"]: c for c in demo.credentials}
    checks.same(
        f"{mode}: federated trust breadth per credential",
        sorted((c["id"], c["breadth"]) for c in federated),
        sorted((c["id"], demo.breadth(by_id[c["id"]])) for c in federated),
    )

    # Credentials expiring in the next 30 days.
    credentials = await session.all_items("list_credentials", {"expiring_within_days": 30})
    checks.same(
        f"{mode}: credentials expiring within 30 days",
        sorted(c["id"] for c in credentials),
        demo.credentials_expiring_within(30),
    )

    # Integrations and their sync status.
    integrations = await session.all_items("list_integrations", {})
    actual = {
        i["id"]: {
            "status": i["status"],
            "message": i["message"],
            "last_run": parse_instant(i["last_run"]),
        }
        for i in integrations
    }
    checks.same(f"{mode}: integrations and their sync status", actual, demo.integration_statuses())

    # Who reports to a given manager.
    manager = demo.busiest_manager()
    reports = await session.all_items("list_direct_reports", {"manager_email": manager})
    checks.same(
        f"{mode}: direct reports of {manager}",
        sorted(e["email"] for e in reports),
        demo.direct_reports(manager),
    )
    employee = await session.call("get_employee", {"email": manager.title()})
    checks.same(
        f"{mode}: get_employee counts the direct reports of {manager}",
        employee["n_direct_reports"],
        len(demo.direct_reports(manager)),
    )

    # Overdue campaigns with completion rates.
    campaigns = await session.all_items("list_campaigns", {"overdue_only": "true"})
    checks.same(
        f"{mode}: overdue campaigns with completion and days overdue",
        {c["name"]: (round(c["completion_percent"], 2), c["days_overdue"]) for c in campaigns},
        demo.overdue_campaigns(),
    )

    # A reviewer's pending reviews across active campaigns (their own queue).
    reviewer = demo.busiest_campaign_reviewer()
    async with Client(server_parameters(args, database, user=reviewer), mode=mode) as client:
        as_reviewer = Session(client, checks)
        queue = await as_reviewer.call("get_my_queue", {"limit": 500})
    checks.same(
        f"{mode}: pending reviews of {reviewer} in campaigns in progress",
        sorted(r["id"] for r in queue["reviews"]),
        demo.reviewer_queue(reviewer),
    )
    reviews = await session.all_items("list_reviews", {"reviewer": reviewer, "status": "open"})
    in_queue = set(demo.reviewer_queue(reviewer))
    checks.check(
        f"{mode}: list_reviews finds every queued item of {reviewer}",
        in_queue <= {r["id"] for r in reviews},
    )

    # Access requests pending for a reviewer.
    approver = demo.busiest_request_approver()
    requests = await session.all_items(
        "list_access_requests", {"assignee": approver, "status": "pending"}
    )
    checks.same(
        f"{mode}: access requests pending for {approver}",
        sorted(r["id"] for r in requests),
        demo.access_requests_pending_for(approver),
    )
    if requests:
        detail = await session.call("get_access_request", {"id": requests[0]["id"]})
        checks.same(f"{mode}: get_access_request status", detail["request"]["status"], "pending")

    # Active purposes.
    purposes = await session.all_items("list_purposes", {"active_only": True})
    checks.same(
        f"{mode}: active purposes",
        sorted(p["brn"] for p in purposes),
        demo.active_purposes(),
    )

    # The remaining read tools: one look at each.
    linked = demo.identities_linked_to(email)[0]
    identity = await session.call("get_identity", {"brn": linked})
    checks.same(f"{mode}: get_identity by BRN", identity["identity"]["brn"], linked)
    edges = await session.all_items("list_entity_relationships", {"brn": linked})
    checks.same(
        f"{mode}: direct relationships of {linked}",
        sorted(edge["child"]["brn"] for edge in edges),
        sorted(demo.children[linked]),
    )
    credential = demo.credentials[0]
    detail = await session.call("get_credential", {"id": credential["Credential ID"]})
    checks.same(
        f"{mode}: get_credential state",
        (detail["credential"]["name"], detail["credential"]["state"]),
        (credential["Name"], demo.credential_state(credential)),
    )
    employees = await session.all_items("list_employees", {"department": "engineering"})
    checks.same(
        f"{mode}: employees of the Engineering department",
        sorted(e["email"] for e in employees),
        demo.employees_in("Engineering"),
    )
    log = await session.call("list_audit_events", {})
    checks.check(
        f"{mode}: the audit trail of a fresh tenant is empty and intact",
        log["total"] == 0 and log["chain_intact"] is True,
        log,
    )

    # A page too large for one result is shortened, says so, and continues without gaps.
    for tool in ("list_identities", "list_employees", "list_reviews"):
        page = await session.call(tool, {"limit": 500})
        size = result_size(json.dumps(page, separators=(",", ":"), ensure_ascii=False))
        checks.check(
            f"{mode}: a 500-item {tool} page is cut below the size limit with a note",
            len(page["items"]) < 500
            and size <= MAX_RESULT_BYTES
            and "shortened" in page["note"]
            and page["next_cursor"],
            f"{len(page['items'])} items, {size} bytes, note {page.get('note')}",
        )
    everyone = await session.all_items("list_identities", {})
    checks.same(
        f"{mode}: paging through identities returns each exactly once",
        sorted(i["brn"] for i in everyone),
        sorted(i["brn"] for i in demo.identities),
    )

    # An unknown app fails and names the tenant's apps.
    text = await session.call_error("list_identities", {"app": "oktaa"})
    checks.check(
        f"{mode}: an unknown app suggests okta", "okta" in text.replace('"oktaa"', ""), text
    )

    # An unknown campaign name fails with the nearest names.
    text = await session.call_error("list_reviews", {"campaign": "Q4 SCO"})
    checks.check(f"{mode}: an unknown campaign suggests Q4 SOC", "Q4 SOC" in text, text)


async def run_mode(mode, args, demo, database, checks):
    print(f"mode={mode}")
    async with Client(server_parameters(args, database), mode=mode) as client:
        session = Session(client, checks)
        await protocol_checks(session, mode, demo)
        await leniency_checks(session, mode)
        await question_checks(session, mode, demo, args, database)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the balkanid-mcp executable")
    parser.add_argument("--demo", required=True, help="the demo snapshot directory")
    parser.add_argument(
        "--tenant",
        default="demo",
        help="what to pass as --tenant: demo (the embedded copy) or the snapshot directory",
    )
    args = parser.parse_args()

    demo = Demo(args.demo)
    args.as_of = demo.manifest["snapshot_time"]
    args.linked_email = most_linked_email(demo)

    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="balkanid-interop-") as directory:
        database = Path(directory) / "demo.sqlite"
        for mode in MODES:
            try:
                await run_mode(mode, args, demo, database, checks)
            except Exception as error:  # noqa: BLE001 - report and go on to the other mode
                checks.check(f"{mode}: the session ran to the end", False, repr(error))

    print(f"interop: {checks.passed} checks passed, {len(checks.failed)} failed")
    return 1 if checks.failed else 0


def most_linked_email(demo):
    """The employee with accounts (`IS` relations) in the most apps."""
    apps = {}
    for identity in demo.identities:
        for email in identity["is"][:1]:
            apps.setdefault(email, set()).add(identity["app"])
    return max(sorted(apps), key=lambda email: len(apps[email]))


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
