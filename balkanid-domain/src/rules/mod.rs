//! The identity-governance rules, as pure functions of the tenant's data and an `as_of`
//! instant. Each finding carries the evidence that produced it.
