//! The `balkanid-mcp` binary: an MCP server over stdio for BalkanID identity governance.

fn main() {}
