//! The [`Record`](super::Record) implementations, one per BalkanID bulk format.
