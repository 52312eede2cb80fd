//! The BalkanID MCP server as a library: the server itself ([`BalkanidServer`]), how its
//! surface is narrowed ([`Settings`], [`Toolset`]), and an in-process client for calling one
//! tool ([`call_in_process`]). The `balkanid-mcp` binary puts a command line around it.
//!
//! Tools are thin: they parse forgiving arguments ([`arguments`]), make one call on the
//! `balkanid-api` facade, and return bounded, structured results ([`results`]) whose schemas
//! are self-contained ([`schema`]).

#![deny(missing_docs)]

pub mod arguments;
pub mod in_process;
pub mod results;
pub mod schema;
pub mod server;
mod tools;
pub mod toolsets;

pub use in_process::call_in_process;
pub use server::{BalkanidServer, Settings};
pub use toolsets::Toolset;
