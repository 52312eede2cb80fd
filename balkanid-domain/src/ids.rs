//! Identifiers: BRNs, integration ids, app ids, work emails and ULIDs.
//!
//! Each identifier is a newtype with `Display`, `FromStr` and transparent serde, so one kind of
//! id cannot be passed where another is expected. Parsing checks the shape BalkanID's samples
//! show and names the part that is wrong.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why an identifier did not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// A BRN had a wrong part; `part` names it (`prefix`, `partition`, `service`, `tenant`,
    /// `type` or `id`).
    #[error("invalid BRN {input:?}: {part} {problem}")]
    Brn {
        /// The text that was given.
        input: String,
        /// The part that is wrong.
        part: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// An integration id was not `app/id`.
    #[error(
        "invalid integration id {input:?}: {problem}, expected `app/ID` such as `{}`",
        EXAMPLE_INTEGRATION_ID
    )]
    IntegrationId {
        /// The text that was given.
        input: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A work email had no `@` with text on both sides, or held spaces.
    #[error("invalid email {input:?}: expected name@domain")]
    Email {
        /// The text that was given.
        input: String,
    },
    /// A ULID was not 26 Crockford base-32 characters.
    #[error("invalid ULID {input:?}: expected 26 Crockford base-32 characters")]
    Ulid {
        /// The text that was given.
        input: String,
    },
    /// An app id was empty or held characters other than letters, digits, `-`, `_` and `.`.
    #[error("invalid app id {input:?}: expected letters, digits, `-`, `_` or `.`, such as `okta`")]
    AppId {
        /// The text that was given.
        input: String,
    },
}

/// An integration id of the documented shape, quoted in error messages.
const EXAMPLE_INTEGRATION_ID: &str = "okta/01J07X778EK4BH2M2A1VY4HCYF";

macro_rules! serde_via_string {
    ($name:ident) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A BalkanID Resource Name: `brn:bid:balkanid:::<tenant>:<type>:<id>`.
///
/// The two segments between `balkanid` and the tenant are empty in every published sample and
/// are kept as given. The type is one of `identity`, `connection`, `resource`, `purpose`, `app`
/// or another word BalkanID may add; the id may itself contain `:` and `/`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Brn {
    service: String,
    region: String,
    account: String,
    tenant: String,
    kind: String,
    id: String,
}

impl Brn {
    /// Builds a BRN of BalkanID's usual shape from its tenant, type and id.
    ///
    /// # Errors
    ///
    /// Returns [`IdError::Brn`] when a part is empty or the tenant or type holds a `:`.
    pub fn new(tenant: &str, kind: &str, id: &str) -> Result<Self, IdError> {
        format!("brn:bid:balkanid:::{tenant}:{kind}:{id}").parse()
    }

    /// The tenant segment, a ULID in most samples.
    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    /// The resource type: `identity`, `connection`, `resource`, `purpose`, `app`, ...
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The id within the tenant and type.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl FromStr for Brn {
    type Err = IdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let fail = |part, problem| IdError::Brn {
            input: input.to_owned(),
            part,
            problem,
        };
        let text = input.trim();

        let Some(rest) = text.strip_prefix("brn:") else {
            return Err(fail("prefix", "must be `brn:`"));
        };
        let mut parts = rest.splitn(7, ':');
        let partition = parts.next().unwrap_or_default();
        if partition != "bid" {
            return Err(fail("partition", "must be `bid`"));
        }
        let service = parts.next().unwrap_or_default();
        if service.is_empty() {
            return Err(fail("service", "is empty"));
        }
        let (Some(region), Some(account)) = (parts.next(), parts.next()) else {
            return Err(fail("tenant", "is missing"));
        };
        let tenant = parts.next().unwrap_or_default();
        if tenant.is_empty() {
            return Err(fail("tenant", "is missing"));
        }
        let kind = parts.next().unwrap_or_default();
        if kind.is_empty() {
            return Err(fail("type", "is missing"));
        }
        let id = parts.next().unwrap_or_default();
        if id.is_empty() {
            return Err(fail("id", "is missing"));
        }
        if id.chars().any(char::is_whitespace) {
            return Err(fail("id", "contains white space"));
        }

        Ok(Brn {
            service: service.to_owned(),
            region: region.to_owned(),
            account: account.to_owned(),
            tenant: tenant.to_owned(),
            kind: kind.to_owned(),
            id: id.to_owned(),
        })
    }
}

impl fmt::Display for Brn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Brn {
            service,
            region,
            account,
            tenant,
            kind,
            id,
        } = self;
        write!(
            f,
            "brn:bid:{service}:{region}:{account}:{tenant}:{kind}:{id}"
        )
    }
}

serde_via_string!(Brn);

/// An integration id, `<app>/<id>`: `okta/01J07X778EK4BH2M2A1VY4HCYF`.
///
/// The id part is a ULID in real tenants; the reference samples also show short forms such as
/// `aws/234` and `aws/024x`, so any non-empty id without white space is accepted.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IntegrationId {
    app: AppId,
    id: String,
}

impl IntegrationId {
    /// Builds an integration id from its app and id parts.
    ///
    /// # Errors
    ///
    /// Returns an error when either part is not valid.
    pub fn new(app: &str, id: &str) -> Result<Self, IdError> {
        format!("{app}/{id}").parse()
    }

    /// The app part: `okta`, `azure`, `aws`, ...
    pub fn app(&self) -> &AppId {
        &self.app
    }

    /// The id part, usually a ULID.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl FromStr for IntegrationId {
    type Err = IdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let fail = |problem| IdError::IntegrationId {
            input: input.to_owned(),
            problem,
        };
        let text = input.trim();

        let Some((app, id)) = text.split_once('/') else {
            return Err(fail("no `/`"));
        };
        let app = app
            .parse::<AppId>()
            .map_err(|_| fail("the app part is not an app id"))?;
        if id.is_empty() {
            return Err(fail("the id part is empty"));
        }
        if id.chars().any(|c| c.is_whitespace() || c == '/') {
            return Err(fail("the id part holds white space or `/`"));
        }

        Ok(IntegrationId {
            app,
            id: id.to_owned(),
        })
    }
}

impl fmt::Display for IntegrationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.app, self.id)
    }
}

serde_via_string!(IntegrationId);

/// An app id as BalkanID names apps: `okta`, `azure`, `aws`, `github`, `google`, `salesforce`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AppId(String);

impl AppId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for AppId {
    type Err = IdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let text = input.trim();
        let valid = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid {
            return Err(IdError::AppId {
                input: input.to_owned(),
            });
        }
        Ok(AppId(text.to_owned()))
    }
}

impl fmt::Display for AppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

serde_via_string!(AppId);

/// A work email, BalkanID's unique key for an employee.
///
/// Two emails are equal when they differ only in ASCII case; the text is printed as given.
#[derive(Clone, Debug)]
pub struct WorkEmail(String);

impl WorkEmail {
    /// The email as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The email in lower case, the form used as a lookup key.
    pub fn normalized(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl FromStr for WorkEmail {
    type Err = IdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let text = input.trim();
        let valid = match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if !valid {
            return Err(IdError::Email {
                input: input.to_owned(),
            });
        }
        Ok(WorkEmail(text.to_owned()))
    }
}

impl PartialEq for WorkEmail {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for WorkEmail {}

impl Hash for WorkEmail {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for byte in self.0.bytes() {
            state.write_u8(byte.to_ascii_lowercase());
        }
        state.write_u8(0xff);
    }
}

impl PartialOrd for WorkEmail {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for WorkEmail {
    fn cmp(&self, other: &Self) -> Ordering {
        let lower = |s: &str| {
            s.bytes()
                .map(|b| b.to_ascii_lowercase())
                .collect::<Vec<_>>()
        };
        lower(&self.0).cmp(&lower(&other.0))
    }
}

impl fmt::Display for WorkEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

serde_via_string!(WorkEmail);

/// A ULID, BalkanID's id for campaigns, purposes, tenants and integrations.
///
/// Parsing accepts either case and prints upper case, as BalkanID does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ulid(ulid::Ulid);

impl Ulid {
    /// Builds a ULID from a millisecond timestamp and 80 random bits.
    pub fn from_parts(timestamp_ms: u64, random: u128) -> Self {
        Ulid(ulid::Ulid::from_parts(timestamp_ms, random))
    }
}

impl FromStr for Ulid {
    type Err = IdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let text = input.trim();
        if text.len() != 26 {
            return Err(IdError::Ulid {
                input: input.to_owned(),
            });
        }
        ulid::Ulid::from_string(text)
            .map(Ulid)
            .map_err(|_| IdError::Ulid {
                input: input.to_owned(),
            })
    }
}

impl fmt::Display for Ulid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

serde_via_string!(Ulid);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brn_from_the_reference_round_trips() {
        let text = "brn:bid:balkanid:::01HWBCYJA11R3AA48K5V0DVM00:identity:\
                    04giq7jlHzhHyZ-cOvAn4Fn2dNc3bjqZrK4ufzx19Q0";
        let brn: Brn = text.parse().unwrap();
        assert_eq!(brn.tenant(), "01HWBCYJA11R3AA48K5V0DVM00");
        assert_eq!(brn.kind(), "identity");
        assert_eq!(brn.id(), "04giq7jlHzhHyZ-cOvAn4Fn2dNc3bjqZrK4ufzx19Q0");
        assert_eq!(brn.to_string(), text);
    }

    #[test]
    fn brn_id_may_hold_slashes() {
        let text = "brn:bid:balkanid:::02GFREWAWDFR3RG264H6QWERT5:app:compute/privileged";
        let brn: Brn = text.parse().unwrap();
        assert_eq!(brn.kind(), "app");
        assert_eq!(brn.id(), "compute/privileged");
        assert_eq!(brn.to_string(), text);
    }

    #[test]
    fn brn_errors_name_the_bad_part() {
        let cases = [
            ("urn:bid:balkanid:::T:identity:x", "prefix"),
            ("brn:aws:balkanid:::T:identity:x", "partition"),
            ("brn:bid:balkanid:::", "tenant"),
            ("brn:bid:balkanid:::T", "type"),
            ("brn:bid:balkanid:::T:identity", "id"),
            ("brn:bid:balkanid:::T:identity:", "id"),
        ];
        for (input, part) in cases {
            match input.parse::<Brn>() {
                Err(IdError::Brn { part: got, .. }) => assert_eq!(got, part, "{input}"),
                other => panic!("{input}: expected a BRN error, got {other:?}"),
            }
        }
    }

    #[test]
    fn integration_ids_accept_ulids_and_short_forms() {
        let long: IntegrationId = "okta/01J07X778EK4BH2M2A1VY4HCYF".parse().unwrap();
        assert_eq!(long.app().as_str(), "okta");
        assert_eq!(long.id(), "01J07X778EK4BH2M2A1VY4HCYF");
        for short in ["aws/234", "aws/024x"] {
            assert_eq!(short.parse::<IntegrationId>().unwrap().to_string(), short);
        }
        assert!("okta".parse::<IntegrationId>().is_err());
        assert!("okta/".parse::<IntegrationId>().is_err());
        assert!(
            "/01J07X778EK4BH2M2A1VY4HCYF"
                .parse::<IntegrationId>()
                .is_err()
        );
    }

    #[test]
    fn work_emails_compare_without_case_and_print_as_given() {
        let a: WorkEmail = "Jane.Doe@Example.com".parse().unwrap();
        let b: WorkEmail = "jane.doe@example.COM".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "Jane.Doe@Example.com");
        let mut set = std::collections::HashSet::new();
        set.insert(a);
        assert!(set.contains(&b));
        assert!("jane".parse::<WorkEmail>().is_err());
        assert!("jane@".parse::<WorkEmail>().is_err());
        assert!("ja ne@example.com".parse::<WorkEmail>().is_err());
    }

    #[test]
    fn ulids_parse_in_either_case_and_print_upper_case() {
        let ulid: Ulid = "01ha02wd9pgpja5fv4cngyggnm".parse().unwrap();
        assert_eq!(ulid.to_string(), "01HA02WD9PGPJA5FV4CNGYGGNM");
        assert!("01HA02WD9PGPJA5FV4CNGYGGN".parse::<Ulid>().is_err());
        assert!("01HA02WD9PGPJA5FV4CNGYGGNU".parse::<Ulid>().is_err());
    }
}
