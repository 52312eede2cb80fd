//! Rows as the read queries load them, and their conversion back into the domain's model
//! types so that the governance rules can judge them.
//!
//! The model types cannot be built field by field outside their crate, so each is rebuilt
//! through its serde form from the stored (shifted) values; the tests check that a rebuilt
//! value equals the one that was imported.

use balkanid_domain::model::{
    AccessRequest, Campaign, Credential, Entity, IdentityView, RequestDuration, ReviewItem,
};
use balkanid_domain::values::{GoDuration, Rrule};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Row;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::store::dates::{date_of, instant_of};

/// An identity's columns, for `SELECT` lists; the table is aliased `e`.
pub(crate) const IDENTITY_COLUMNS: &str = "e.id, e.brn, e.seen_at, e.app, e.integration, \
     e.name, e.source_system, e.source_id, e.source_type, e.metadata_version, e.metadata, \
     e.handle, e.email, e.status, e.last_login, e.last_password_change, e.environment, \
     e.identity_type";

/// One identity row.
#[derive(Clone, Debug)]
pub(crate) struct IdentityRow {
    pub id: i64,
    pub brn: String,
    pub seen_at: i64,
    pub app: String,
    pub integration: String,
    pub name: String,
    pub source_system: String,
    pub source_id: String,
    pub source_type: String,
    pub metadata_version: Option<String>,
    pub metadata: Option<String>,
    pub handle: Option<String>,
    pub email: Option<String>,
    pub status: Option<String>,
    pub last_login: Option<i64>,
    pub last_password_change: Option<i64>,
    pub environment: Option<String>,
    pub identity_type: Option<String>,
}

impl IdentityRow {
    /// Reads a row selected with [`IDENTITY_COLUMNS`].
    pub fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(IdentityRow {
            id: row.get(0)?,
            brn: row.get(1)?,
            seen_at: row.get(2)?,
            app: row.get(3)?,
            integration: row.get(4)?,
            name: row.get(5)?,
            source_system: row.get(6)?,
            source_id: row.get(7)?,
            source_type: row.get(8)?,
            metadata_version: row.get(9)?,
            metadata: row.get(10)?,
            handle: row.get(11)?,
            email: row.get(12)?,
            status: row.get(13)?,
            last_login: row.get(14)?,
            last_password_change: row.get(15)?,
            environment: row.get(16)?,
            identity_type: row.get(17)?,
        })
    }

    /// The identity as the rules see it, with its shifted sign-in and password times.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the stored values no longer form an entity.
    pub fn view(&self) -> Result<IdentityView> {
        let action = "reading an identity";
        let mut metadata = match self.metadata.as_deref() {
            Some(text) => serde_json::from_str(text).map_err(|e| Error::store(action, e))?,
            None => Value::Object(serde_json::Map::new()),
        };
        if let Value::Object(fields) = &mut metadata {
            for (key, seconds) in
                [("lastLoginTime", self.last_login), ("lastPasswordChange", self.last_password_change)]
            {
                match seconds {
                    Some(seconds) => fields.insert(key.to_owned(), Value::from(seconds.to_string())),
                    None => fields.remove(key),
                };
            }
        }

        let entity = json!({
            "brn": self.brn,
            "timestamp": instant_json(Some(self.seen_at)),
            "app": self.app,
            "integration": self.integration,
            "name": self.name,
            "entity_type": "identity",
            "source_system": self.source_system,
            "source_id": self.source_id,
            "source_type": self.source_type,
            "metadata": {
                "version": self.metadata_version.clone().unwrap_or_default(),
                "value": metadata,
            },
        });
        let entity: Entity = serde_json::from_value(entity).map_err(|e| Error::store(action, e))?;
        let parse_seconds = |text: &str| text.parse::<i64>().ok().and_then(instant_of);
        entity
            .identity_view(parse_seconds)
            .ok_or_else(|| Error::store(action, not_an_identity(&self.brn)))
    }

    /// The last sign-in.
    pub fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.last_login.and_then(instant_of)
    }
}

/// A credential's columns, for `SELECT` lists; the table is aliased `c`.
pub(crate) const CREDENTIAL_COLUMNS: &str = "c.id, c.name, c.credential_type, c.status, \
     c.identity_brn, c.identity, c.app, c.integration, c.source_id, c.created_at, \
     c.last_rotated_at, c.last_used_at, c.expires_at, c.issuer, c.subject, c.audiences, \
     c.metadata_version, c.metadata";

/// One credential row.
#[derive(Clone, Debug)]
pub(crate) struct CredentialRow {
    pub id: String,
    pub name: String,
    pub credential_type: String,
    pub status: String,
    pub identity_brn: String,
    pub identity: Option<i64>,
    pub app: String,
    pub integration: String,
    pub source_id: Option<String>,
    pub created_at: i64,
    pub last_rotated_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub audiences: String,
    pub metadata_version: Option<String>,
    pub metadata: Option<String>,
}

impl CredentialRow {
    /// Reads a row selected with [`CREDENTIAL_COLUMNS`].
    pub fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(CredentialRow {
            id: row.get(0)?,
            name: row.get(1)?,
            credential_type: row.get(2)?,
            status: row.get(3)?,
            identity_brn: row.get(4)?,
            identity: row.get(5)?,
            app: row.get(6)?,
            integration: row.get(7)?,
            source_id: row.get(8)?,
            created_at: row.get(9)?,
            last_rotated_at: row.get(10)?,
            last_used_at: row.get(11)?,
            expires_at: row.get(12)?,
            issuer: row.get(13)?,
            subject: row.get(14)?,
            audiences: row.get(15)?,
            metadata_version: row.get(16)?,
            metadata: row.get(17)?,
        })
    }

    /// The credential as the rules see it.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the stored values no longer form a credential.
    pub fn model(&self) -> Result<Credential> {
        let action = "reading a credential";
        let audiences: Value =
            serde_json::from_str(&self.audiences).map_err(|e| Error::store(action, e))?;
        let value = json!({
            "id": self.id,
            "name": self.name,
            "credential_type": self.credential_type,
            "status": self.status,
            "identity_brn": self.identity_brn,
            "app": self.app,
            "integration": self.integration,
            "source_id": self.source_id,
            "created_at": instant_json(Some(self.created_at)),
            "last_rotated_at": instant_json(self.last_rotated_at),
            "last_used_at": instant_json(self.last_used_at),
            "expires_at": instant_json(self.expires_at),
            "issuer": self.issuer,
            "subject": self.subject,
            "audiences": audiences,
            "metadata": versioned_json(self.metadata_version.as_deref(), self.metadata.as_deref())?,
        });
        serde_json::from_value(value).map_err(|e| Error::store(action, e))
    }

    /// The audiences, as stored.
    pub fn audience_list(&self) -> Vec<String> {
        serde_json::from_str(&self.audiences).unwrap_or_default()
    }
}

/// A campaign's columns, for `SELECT` lists; the table is aliased `k`.
pub(crate) const CAMPAIGN_COLUMNS: &str = "k.id, k.name, k.description, k.status, \
     k.start_date, k.end_date, k.percentage_completed, k.is_published, k.recurrence, \
     k.escalation, k.escalation_date, k.name_key";

/// One campaign row.
#[derive(Clone, Debug)]
pub(crate) struct CampaignRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub status: String,
    pub start_date: i64,
    pub end_date: i64,
    pub percentage_completed: f64,
    pub is_published: bool,
    pub recurrence: Option<String>,
    pub escalation: Option<String>,
    pub escalation_date: Option<i64>,
    pub name_key: String,
}

impl CampaignRow {
    /// Reads a row selected with [`CAMPAIGN_COLUMNS`].
    pub fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Self::read_at(row, 0)
    }

    /// Reads the [`CAMPAIGN_COLUMNS`] that start at column `at` of a row.
    pub fn read_at(row: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        Ok(CampaignRow {
            id: row.get(at)?,
            name: row.get(at + 1)?,
            description: row.get(at + 2)?,
            status: row.get(at + 3)?,
            start_date: row.get(at + 4)?,
            end_date: row.get(at + 5)?,
            percentage_completed: row.get(at + 6)?,
            is_published: row.get(at + 7)?,
            recurrence: row.get(at + 8)?,
            escalation: row.get(at + 9)?,
            escalation_date: row.get(at + 10)?,
            name_key: row.get(at + 11)?,
        })
    }

    /// The campaign as the rules see it.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the stored values no longer form a campaign.
    pub fn model(&self) -> Result<Campaign> {
        let action = "reading a campaign";
        let recurrence = match self.recurrence.as_deref() {
            Some(text) => Some(text.parse::<Rrule>().map_err(|e| Error::store(action, e))?),
            None => None,
        };
        let escalation = match self.escalation.as_deref() {
            Some(text) => Some(text.parse::<GoDuration>().map_err(|e| Error::store(action, e))?),
            None => None,
        };
        let value = json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "status": self.status,
            "start_date": date_json(Some(self.start_date)),
            "end_date": date_json(Some(self.end_date)),
            "percentage_completed": self.percentage_completed,
            "is_published": self.is_published,
            "recurrence": recurrence,
            "escalation": escalation,
            "escalation_date": date_json(self.escalation_date),
        });
        serde_json::from_value(value).map_err(|e| Error::store(action, e))
    }

    /// The start date.
    pub fn start(&self) -> NaiveDate {
        date_of(self.start_date).unwrap_or_default()
    }

    /// The due date.
    pub fn end(&self) -> NaiveDate {
        date_of(self.end_date).unwrap_or_default()
    }
}

/// A review item's columns, for `SELECT` lists; the table is aliased `v`.
pub(crate) const REVIEW_COLUMNS: &str = "v.id, v.permission_name, v.permission_value, \
     v.resource, v.resource_type, v.identity_id, v.identity_type, v.identity_email, \
     v.identity_username, v.identity_name, v.employee_id, v.employee_email, v.job_title, \
     v.department, v.manager, v.employment_type, v.campaign_name, v.application_name, \
     v.application_description, v.connection, v.connection_type, v.reviewer, \
     v.reviewer_email, v.created, v.completed, v.status, v.activity_log, v.review_type, \
     v.labels, v.recommendation, v.purpose_id, v.employee_id_for_purpose";

/// One review item row.
#[derive(Clone, Debug)]
pub(crate) struct ReviewRow {
    pub id: String,
    pub permission_name: String,
    pub permission_value: bool,
    pub resource: Option<String>,
    pub resource_type: Option<String>,
    pub identity_id: Option<String>,
    pub identity_type: String,
    pub identity_email: Option<String>,
    pub identity_username: Option<String>,
    pub identity_name: Option<String>,
    pub employee_id: Option<String>,
    pub employee_email: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub manager: Option<String>,
    pub employment_type: Option<String>,
    pub campaign_name: Option<String>,
    pub application_name: String,
    pub application_description: Option<String>,
    pub connection: Option<String>,
    pub connection_type: Option<String>,
    pub reviewer: String,
    pub reviewer_email: String,
    pub created: i64,
    pub completed: Option<i64>,
    pub status: String,
    pub activity_log: Option<String>,
    pub review_type: Option<String>,
    pub labels: Option<String>,
    pub recommendation: Option<String>,
    pub purpose_id: Option<String>,
    pub employee_id_for_purpose: Option<String>,
}

impl ReviewRow {
    /// Reads a row selected with [`REVIEW_COLUMNS`].
    pub fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(ReviewRow {
            id: row.get(0)?,
            permission_name: row.get(1)?,
            permission_value: row.get(2)?,
            resource: row.get(3)?,
            resource_type: row.get(4)?,
            identity_id: row.get(5)?,
            identity_type: row.get(6)?,
            identity_email: row.get(7)?,
            identity_username: row.get(8)?,
            identity_name: row.get(9)?,
            employee_id: row.get(10)?,
            employee_email: row.get(11)?,
            job_title: row.get(12)?,
            department: row.get(13)?,
            manager: row.get(14)?,
            employment_type: row.get(15)?,
            campaign_name: row.get(16)?,
            application_name: row.get(17)?,
            application_description: row.get(18)?,
            connection: row.get(19)?,
            connection_type: row.get(20)?,
            reviewer: row.get(21)?,
            reviewer_email: row.get(22)?,
            created: row.get(23)?,
            completed: row.get(24)?,
            status: row.get(25)?,
            activity_log: row.get(26)?,
            review_type: row.get(27)?,
            labels: row.get(28)?,
            recommendation: row.get(29)?,
            purpose_id: row.get(30)?,
            employee_id_for_purpose: row.get(31)?,
        })
    }

    /// The review item as the rules see it.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the stored values no longer form a review item.
    pub fn model(&self) -> Result<ReviewItem> {
        let action = "reading a review item";
        let value = json!({
            "id": self.id,
            "permission_name": self.permission_name,
            "permission_value": self.permission_value,
            "resource": self.resource,
            "resource_type": self.resource_type,
            "identity_id": self.identity_id,
            "identity_type": self.identity_type,
            "identity_email": self.identity_email,
            "identity_username": self.identity_username,
            "identity_name": self.identity_name,
            "employee_id": self.employee_id,
            "employee_email": self.employee_email,
            "job_title": self.job_title,
            "department": self.department,
            "manager": self.manager,
            "employment_type": self.employment_type,
            "campaign_name": self.campaign_name,
            "application_name": self.application_name,
            "application_description": self.application_description,
            "connection": self.connection,
            "connection_type": self.connection_type,
            "reviewer": self.reviewer,
            "reviewer_id": self.reviewer_email,
            "created": date_json(Some(self.created)),
            "completed": date_json(self.completed),
            "status": self.status,
            "activity_log": parse_json(self.activity_log.as_deref())?,
            "review_type": self.review_type,
            "labels": parse_json(self.labels.as_deref())?,
            "recommendation": parse_json(self.recommendation.as_deref())?,
            "purpose_id": self.purpose_id,
            "employee_id_for_purpose": self.employee_id_for_purpose,
        });
        serde_json::from_value(value).map_err(|e| Error::store(action, e))
    }

    /// The creation date.
    pub fn created_date(&self) -> NaiveDate {
        date_of(self.created).unwrap_or_default()
    }

    /// The `value` of the recommendation, such as `approve`.
    pub fn recommendation_value(&self) -> Option<String> {
        let value: Value = serde_json::from_str(self.recommendation.as_deref()?).ok()?;
        match &value {
            Value::String(text) => Some(text.clone()),
            other => other.get("value").and_then(Value::as_str).map(str::to_owned),
        }
    }
}

/// An access-request row's columns, for `SELECT` lists; the table is aliased `q`.
pub(crate) const REQUEST_COLUMNS: &str = "q.request_id, q.requester, q.username, \
     q.work_email, q.reference, q.duration, q.expiration_date, q.provision_date, q.source, \
     q.source_id, q.request_type, q.app_id, q.connection, q.connection_type, q.resource, \
     q.resource_type, q.privilege_name, q.privilege_value, q.kind, q.metadata, \
     q.scheduled_date, q.entity_review_id, q.purpose_id, q.purpose_review_id";

/// One row of an access request.
#[derive(Clone, Debug)]
pub(crate) struct RequestRow {
    pub request_id: String,
    pub requester: String,
    pub username: String,
    pub work_email: String,
    pub reference: Option<String>,
    pub duration: Option<String>,
    pub expiration_date: Option<i64>,
    pub provision_date: Option<i64>,
    pub source: Option<String>,
    pub source_id: Option<String>,
    pub request_type: Option<String>,
    pub app_id: Option<String>,
    pub connection: Option<String>,
    pub connection_type: Option<String>,
    pub resource: Option<String>,
    pub resource_type: Option<String>,
    pub privilege_name: Option<String>,
    pub privilege_value: Option<bool>,
    pub kind: String,
    pub metadata: String,
    pub scheduled_date: Option<i64>,
    pub entity_review_id: Option<String>,
    pub purpose_id: Option<String>,
    pub purpose_review_id: Option<String>,
}

impl RequestRow {
    /// Reads a row selected with [`REQUEST_COLUMNS`].
    pub fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(RequestRow {
            request_id: row.get(0)?,
            requester: row.get(1)?,
            username: row.get(2)?,
            work_email: row.get(3)?,
            reference: row.get(4)?,
            duration: row.get(5)?,
            expiration_date: row.get(6)?,
            provision_date: row.get(7)?,
            source: row.get(8)?,
            source_id: row.get(9)?,
            request_type: row.get(10)?,
            app_id: row.get(11)?,
            connection: row.get(12)?,
            connection_type: row.get(13)?,
            resource: row.get(14)?,
            resource_type: row.get(15)?,
            privilege_name: row.get(16)?,
            privilege_value: row.get(17)?,
            kind: row.get(18)?,
            metadata: row.get(19)?,
            scheduled_date: row.get(20)?,
            entity_review_id: row.get(21)?,
            purpose_id: row.get(22)?,
            purpose_review_id: row.get(23)?,
        })
    }

    /// The row as the rules see it; its zoneless times are the stored UTC instants.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the stored values no longer form an access request.
    pub fn model(&self) -> Result<AccessRequest> {
        let action = "reading an access request";
        let duration = match self.duration.as_deref() {
            Some(text) => {
                Some(text.parse::<RequestDuration>().map_err(|e| Error::store(action, e))?)
            }
            None => None,
        };
        let naive = |seconds: Option<i64>| {
            seconds.and_then(instant_of).map(|instant| instant.naive_utc())
        };
        let metadata: Value =
            serde_json::from_str(&self.metadata).map_err(|e| Error::store(action, e))?;
        let value = json!({
            "request_id": self.request_id,
            "requester": self.requester,
            "username": self.username,
            "work_email": self.work_email,
            "reference": self.reference,
            "duration": duration,
            "expiration_date": naive(self.expiration_date),
            "provision_date": naive(self.provision_date),
            "source": self.source,
            "source_id": self.source_id,
            "request_type": self.request_type,
            "app_id": self.app_id,
            "connection": self.connection,
            "connection_type": self.connection_type,
            "resource": self.resource,
            "resource_type": self.resource_type,
            "privilege_name": self.privilege_name,
            "privilege_value": self.privilege_value,
            "kind": self.kind,
            "metadata": metadata,
            "scheduled_date": naive(self.scheduled_date),
            "entity_review_id": self.entity_review_id,
            "purpose_id": self.purpose_id,
            "purpose_review_id": self.purpose_review_id,
        });
        serde_json::from_value(value).map_err(|e| Error::store(action, e))
    }

    /// The review items that approve this row.
    pub fn review_ids(&self) -> impl Iterator<Item = &str> {
        [self.entity_review_id.as_deref(), self.purpose_review_id.as_deref()].into_iter().flatten()
    }
}

fn instant_json(seconds: Option<i64>) -> Value {
    match seconds.and_then(instant_of) {
        Some(instant) => Value::from(instant.to_rfc3339()),
        None => Value::Null,
    }
}

fn date_json(day_number: Option<i64>) -> Value {
    match day_number.and_then(date_of) {
        Some(date) => Value::from(date.format("%Y-%m-%d").to_string()),
        None => Value::Null,
    }
}

fn parse_json(text: Option<&str>) -> Result<Value> {
    match text {
        Some(text) => serde_json::from_str(text).map_err(|e| Error::store("reading JSON", e)),
        None => Ok(Value::Null),
    }
}

fn versioned_json(version: Option<&str>, text: Option<&str>) -> Result<Value> {
    if version.is_none() && text.is_none() {
        return Ok(Value::Null);
    }
    Ok(json!({ "version": version.unwrap_or_default(), "value": parse_json(text)? }))
}

fn not_an_identity(brn: &str) -> std::io::Error {
    std::io::Error::other(format!("entity {brn} is not an identity"))
}
