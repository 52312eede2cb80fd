//! Credentials of identities (`credentials.csv`, this crate's own format).
//!
//! BalkanID shows credentials in its UI but publishes no bulk format for them, so this crate
//! defines one in the style of the others. Its columns, in order:
//!
//! | column | value |
//! |---|---|
//! | `Credential ID` | unique id (required) |
//! | `Name` | display name (required) |
//! | `Credential Type` | a [`CredentialType`] value, such as `client_secret` or `ssh_key` |
//! | `Status` | `active`, `expired`, `revoked` |
//! | `Identity BRN` | BRN of the owning identity (required) |
//! | `App` | app id (required) |
//! | `Integration` | integration id (required) |
//! | `Source ID` | the id in the app: access key id, certificate thumbprint, key id |
//! | `Created At` | RFC 3339 (required) |
//! | `Last Rotated At`, `Last Used At`, `Expires At` | RFC 3339 or empty |
//! | `Issuer`, `Subject` | federated credentials: the trusted token issuer and subject |
//! | `Audiences` | federated credentials: `, `-separated list |
//! | `Metadata Version`, `Metadata` | versioned JSON, as in the other formats |
//!
//! A credential with no `Expires At` never expires.

use chrono::{DateTime, Utc};

use crate::ids::{AppId, Brn, IntegrationId};
use crate::model::VersionedJson;
use crate::open_enum::open_enum;

open_enum! {
    /// `Credential Type`.
    pub enum CredentialType {
        /// An API key or token issued by the app.
        ApiKey => "api_key" | "api key",
        /// A cloud access key pair, such as an AWS access key.
        AccessKey => "access_key" | "access key",
        /// An OAuth client secret, such as an Azure app registration secret.
        ClientSecret => "client_secret" | "client secret",
        /// An OAuth access or refresh token.
        OauthToken => "oauth_token" | "oauth token" | "oauth credential",
        /// An X.509 certificate used to authenticate.
        X509Certificate => "x509_certificate" | "x509 certificate" | "certificate",
        /// An SSH key.
        SshKey => "ssh_key" | "ssh key",
        /// A service-account key, such as a Google service-account JSON key.
        ServiceAccountKey => "service_account_key" | "service account key",
        /// A federated identity credential: tokens from a trusted issuer and subject.
        FederatedIdentity => "federated_identity" | "federated identity credential",
    }
}

open_enum! {
    /// `Status` of a credential as the source reports it.
    pub enum CredentialStatus {
        /// Usable.
        Active => "active",
        /// Past its expiry.
        Expired => "expired",
        /// Revoked or deleted.
        Revoked => "revoked" | "inactive",
    }
}

/// One credential (a row of `credentials.csv`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Credential {
    /// `Credential ID`.
    pub id: String,
    /// `Name`.
    pub name: String,
    /// `Credential Type`.
    pub credential_type: CredentialType,
    /// `Status`.
    pub status: CredentialStatus,
    /// `Identity BRN`: the identity the credential authenticates as.
    pub identity_brn: Brn,
    /// `App`.
    pub app: AppId,
    /// `Integration`.
    pub integration: IntegrationId,
    /// `Source ID`.
    pub source_id: Option<String>,
    /// `Created At`.
    pub created_at: DateTime<Utc>,
    /// `Last Rotated At`.
    pub last_rotated_at: Option<DateTime<Utc>>,
    /// `Last Used At`.
    pub last_used_at: Option<DateTime<Utc>>,
    /// `Expires At`; `None` never expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// `Issuer` of a federated credential.
    pub issuer: Option<String>,
    /// `Subject` of a federated credential; may hold `*` wildcards.
    pub subject: Option<String>,
    /// `Audiences` of a federated credential.
    pub audiences: Vec<String>,
    /// `Metadata Version` and `Metadata`.
    pub metadata: Option<VersionedJson>,
}
