//! BalkanID's data model, its bulk CSV formats and the identity-governance rules, with no IO.
//!
//! This crate never opens a file, a socket or a database and never reads the clock: readers
//! and writers work on any `io::Read` / `io::Write`, and every rule that depends on time takes
//! an explicit `as_of` instant. The SDK (`balkanid-api`) and the MCP server build on it.
//!
//! # Example
//!
//! ```
//! use balkanid_domain::ids::{Brn, WorkEmail};
//!
//! let text = "brn:bid:balkanid:::01HWBCYJA11R3AA48K5V0DVM00:purpose:01JH1JR91K9N91Z04PHK2201WR";
//! let brn: Brn = text.parse().unwrap();
//! assert_eq!(brn.kind(), "purpose");
//!
//! let a: WorkEmail = "Jane.Doe@Example.com".parse().unwrap();
//! let b: WorkEmail = "jane.doe@example.com".parse().unwrap();
//! assert_eq!(a, b);
//! ```

#![deny(missing_docs)]

pub mod csv;
pub mod ids;
pub mod model;
mod open_enum;
pub mod rules;
pub mod values;

pub use open_enum::UnknownValue;
