//! The trust breadth of a federated identity credential: which tokens it accepts, judged from
//! its issuer, subject and audiences against a [`TrustPolicy`].

use std::fmt;

/// Issuers trusted by [`TrustPolicy::default`], as patterns where `*` stands for one or more
/// letters, digits, `.`, `-` or `_` (never `/`).
///
/// | pattern | issuer |
/// |---|---|
/// | `https://token.actions.githubusercontent.com` | GitHub Actions |
/// | `https://sts.windows.net/*` | Microsoft Entra ID v1 tokens, any tenant |
/// | `https://login.microsoftonline.com/*/v2.0` | Microsoft Entra ID v2 tokens, any tenant |
/// | `https://accounts.google.com` | Google |
/// | `https://oidc.eks.*.amazonaws.com/id/*` | Amazon EKS clusters, any region |
/// | `https://*.oic.prod-aks.azure.com/*/*` | Azure Kubernetes Service clusters |
/// | `https://container.googleapis.com/v1/projects/*/locations/*/clusters/*` | GKE clusters |
/// | `https://gitlab.com` | GitLab.com CI |
/// | `https://app.terraform.io` | HCP Terraform |
///
/// The list names well-known identity providers, not the tenant's own: it catches a
/// credential that trusts an unfamiliar or self-hosted issuer. A company that wants only its
/// own Entra tenant or GitHub organization sets its own list with
/// [`TrustPolicy::allowed_issuers`].
pub const DEFAULT_ALLOWED_ISSUERS: &[&str] = &[
    "https://token.actions.githubusercontent.com",
    "https://sts.windows.net/*",
    "https://login.microsoftonline.com/*/v2.0",
    "https://accounts.google.com",
    "https://oidc.eks.*.amazonaws.com/id/*",
    "https://*.oic.prod-aks.azure.com/*/*",
    "https://container.googleapis.com/v1/projects/*/locations/*/clusters/*",
    "https://gitlab.com",
    "https://app.terraform.io",
];

/// How many tokens a federated credential accepts, from narrowest to broadest.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TrustBreadth {
    /// One exact subject from an allowed issuer, for a few audiences.
    Narrow,
    /// No wildcard in the subject, but something else widens or weakens the trust.
    Broad,
    /// The subject holds `*`: many subjects match.
    Wildcard,
}

impl TrustBreadth {
    /// The breadth's name: `narrow`, `broad` or `wildcard`.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustBreadth::Narrow => "narrow",
            TrustBreadth::Broad => "broad",
            TrustBreadth::Wildcard => "wildcard",
        }
    }
}

/// One reason a federated credential's trust is not narrow.
///
/// Serialized with a `concern` tag naming the variant in snake case.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "concern", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TrustConcern {
    /// The subject holds `*` somewhere. Wildcard breadth.
    WildcardSubject {
        /// The subject as recorded.
        subject: String,
        /// What it matches, in words.
        scope: String,
    },
    /// The subject has no `*` but still covers many workflows, such as GitHub's
    /// `repo:org/repo:pull_request` (any pull request). Broad.
    BroadSubject {
        /// The subject as recorded.
        subject: String,
        /// What it matches, in words.
        scope: String,
    },
    /// No subject is recorded, so nothing restricts it. Broad.
    SubjectMissing,
    /// No issuer is recorded. Broad.
    IssuerMissing,
    /// The issuer matches no pattern of the policy's allow-list. Broad.
    IssuerNotAllowed {
        /// The issuer as recorded.
        issuer: String,
    },
    /// No audience is recorded, so nothing restricts it. Broad.
    AudienceMissing,
    /// An audience holds `*`. Broad.
    WildcardAudience {
        /// The audience as recorded.
        audience: String,
    },
    /// More audiences than the policy allows. Broad.
    ManyAudiences {
        /// How many audiences are accepted.
        count: usize,
        /// The policy's limit.
        max: usize,
    },
}

impl TrustConcern {
    /// How broad this concern alone makes the trust.
    pub fn breadth(&self) -> TrustBreadth {
        match self {
            TrustConcern::WildcardSubject { .. } => TrustBreadth::Wildcard,
            _ => TrustBreadth::Broad,
        }
    }
}

impl fmt::Display for TrustConcern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrustConcern::WildcardSubject { subject, scope } => {
                write!(
                    f,
                    "subject `{subject}` holds a wildcard and matches {scope}"
                )
            }
            TrustConcern::BroadSubject { subject, scope } => {
                write!(f, "subject `{subject}` matches {scope}")
            }
            TrustConcern::SubjectMissing => f.write_str("no subject restricts the tokens"),
            TrustConcern::IssuerMissing => f.write_str("no issuer is recorded"),
            TrustConcern::IssuerNotAllowed { issuer } => {
                write!(f, "issuer `{issuer}` is not in the allow-list")
            }
            TrustConcern::AudienceMissing => f.write_str("no audience restricts the tokens"),
            TrustConcern::WildcardAudience { audience } => {
                write!(f, "audience `{audience}` holds a wildcard")
            }
            TrustConcern::ManyAudiences { count, max } => {
                write!(f, "accepts {count} audiences, more than {max}")
            }
        }
    }
}

/// A federated credential's breadth and every reason for it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct TrustAssessment {
    /// The broadest breadth among the concerns; narrow when there is none.
    pub breadth: TrustBreadth,
    /// The reasons, in the order subject, issuer, audiences.
    pub concerns: Vec<TrustConcern>,
}

/// The allow-list and limits of the federated trust rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TrustPolicy {
    /// Trusted issuer patterns; see [`DEFAULT_ALLOWED_ISSUERS`] for the syntax and default.
    pub allowed_issuers: Vec<String>,
    /// More audiences than this is broad. Default 3.
    pub max_audiences: usize,
}

impl Default for TrustPolicy {
    fn default() -> Self {
        TrustPolicy {
            allowed_issuers: DEFAULT_ALLOWED_ISSUERS
                .iter()
                .map(|&s| s.to_owned())
                .collect(),
            max_audiences: 3,
        }
    }
}

impl TrustPolicy {
    /// Replaces the issuer allow-list; without it [`DEFAULT_ALLOWED_ISSUERS`] applies. An
    /// empty list allows no issuer.
    #[must_use]
    pub fn allowed_issuers<I, S>(mut self, patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allowed_issuers = patterns.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the largest number of audiences that is still narrow; without it the limit is 3.
    #[must_use]
    pub fn max_audiences(mut self, max: usize) -> Self {
        self.max_audiences = max;
        self
    }

    /// Whether `issuer` matches a pattern of the allow-list.
    ///
    /// Both sides are compared without regard to ASCII case and trailing `/`; an issuer
    /// written without a scheme is read as `https://` (inferred), so
    /// `token.actions.githubusercontent.com` is GitHub's issuer.
    pub fn allows_issuer(&self, issuer: &str) -> bool {
        let issuer = normalize_issuer(issuer);
        self.allowed_issuers
            .iter()
            .any(|pattern| glob_matches(normalize_issuer(pattern).as_bytes(), issuer.as_bytes()))
    }
}

/// Assesses which tokens a federated credential with this issuer, subject and audiences
/// accepts.
///
/// - Subject: missing or blank is [`TrustConcern::SubjectMissing`]; any `*` is
///   [`TrustConcern::WildcardSubject`] (flagged, never dropped: the credential stays in every
///   listing); a GitHub `repo:owner/repo:pull_request` subject is
///   [`TrustConcern::BroadSubject`].
/// - Issuer: missing is [`TrustConcern::IssuerMissing`]; one matching no allow-list pattern is
///   [`TrustConcern::IssuerNotAllowed`].
/// - Audiences: none is [`TrustConcern::AudienceMissing`]; each holding `*` is
///   [`TrustConcern::WildcardAudience`]; more than `max_audiences` is
///   [`TrustConcern::ManyAudiences`].
///
/// The breadth is wildcard when the subject holds `*`, else broad when any concern was found,
/// else narrow.
pub fn assess_trust(
    issuer: Option<&str>,
    subject: Option<&str>,
    audiences: &[String],
    policy: &TrustPolicy,
) -> TrustAssessment {
    let mut concerns = Vec::new();

    match subject.map(str::trim).filter(|subject| !subject.is_empty()) {
        None => concerns.push(TrustConcern::SubjectMissing),
        Some(subject) if subject.contains('*') => concerns.push(TrustConcern::WildcardSubject {
            subject: subject.to_owned(),
            scope: wildcard_scope(subject),
        }),
        Some(subject) => {
            concerns.extend(
                broad_scope(subject).map(|scope| TrustConcern::BroadSubject {
                    subject: subject.to_owned(),
                    scope,
                }),
            )
        }
    }

    match issuer.map(str::trim).filter(|issuer| !issuer.is_empty()) {
        None => concerns.push(TrustConcern::IssuerMissing),
        Some(issuer) if !policy.allows_issuer(issuer) => {
            concerns.push(TrustConcern::IssuerNotAllowed {
                issuer: issuer.to_owned(),
            });
        }
        Some(_) => {}
    }

    let audiences: Vec<&str> = audiences
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    if audiences.is_empty() {
        concerns.push(TrustConcern::AudienceMissing);
    }
    for audience in audiences.iter().filter(|audience| audience.contains('*')) {
        concerns.push(TrustConcern::WildcardAudience {
            audience: (*audience).to_owned(),
        });
    }
    if audiences.len() > policy.max_audiences {
        concerns.push(TrustConcern::ManyAudiences {
            count: audiences.len(),
            max: policy.max_audiences,
        });
    }

    let breadth = concerns
        .iter()
        .map(TrustConcern::breadth)
        .max()
        .unwrap_or(TrustBreadth::Narrow);
    TrustAssessment { breadth, concerns }
}

/// Lower case, `https://` added when there is no scheme, trailing `/` removed.
fn normalize_issuer(issuer: &str) -> String {
    let trimmed = issuer.trim().trim_end_matches('/').to_ascii_lowercase();
    if trimmed.contains("://") {
        return trimmed;
    }
    format!("https://{trimmed}")
}

/// Whether `text` matches `pattern`, where each `*` stands for one or more of
/// `[A-Za-z0-9._-]`. The narrow character class keeps `*` from spanning `/`, `@`, `?` or `#`,
/// so `https://oidc.eks.*.amazonaws.com` cannot match a URL whose real host is elsewhere.
fn glob_matches(pattern: &[u8], text: &[u8]) -> bool {
    let is_wild_char =
        |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_');

    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => {
            let n_wild = text.iter().take_while(|&&byte| is_wild_char(byte)).count();
            (1..=n_wild).any(|taken| glob_matches(rest, &text[taken..]))
        }
        Some((&expected, rest)) => match text.split_first() {
            Some((&actual, text_rest)) if actual == expected => glob_matches(rest, text_rest),
            _ => false,
        },
    }
}

/// What a subject holding `*` matches, in words.
fn wildcard_scope(subject: &str) -> String {
    if subject.chars().all(|c| c == '*') {
        return "any subject".to_owned();
    }

    if let Some(rest) = subject.strip_prefix("repo:") {
        let (path, context) = rest.split_once(':').unwrap_or((rest, ""));
        let (owner, repository) = path.split_once('/').unwrap_or((path, ""));
        if owner.contains('*') {
            return "repositories of any GitHub owner".to_owned();
        }
        if repository.is_empty() || repository == "*" {
            return format!("any repository of the GitHub owner `{owner}`");
        }
        if repository.contains('*') {
            return format!("repositories of `{owner}` named like `{repository}`");
        }
        return format!("workflows of `{owner}/{repository}` in any context like `{context}`");
    }

    if let Some(rest) = subject.strip_prefix("system:serviceaccount:") {
        let (namespace, _) = rest.split_once(':').unwrap_or((rest, ""));
        if namespace.contains('*') {
            return "service accounts of any Kubernetes namespace".to_owned();
        }
        return format!("any service account of the Kubernetes namespace `{namespace}`");
    }

    format!("any subject of the form `{subject}`")
}

/// What a subject without `*` matches, in words, when that is more than one narrow workflow.
fn broad_scope(subject: &str) -> Option<String> {
    let rest = subject.strip_prefix("repo:")?;
    let (path, context) = rest.split_once(':')?;
    if context != "pull_request" {
        return None;
    }
    Some(format!("any pull request workflow of `{path}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GITHUB: &str = "https://token.actions.githubusercontent.com";
    const AZURE_EXCHANGE: &str = "api://AzureADTokenExchange";

    fn audiences(values: &[&str]) -> Vec<String> {
        values.iter().map(|&value| value.to_owned()).collect()
    }

    fn assess(
        issuer: Option<&str>,
        subject: Option<&str>,
        audience_values: &[&str],
    ) -> TrustAssessment {
        assess_trust(
            issuer,
            subject,
            &audiences(audience_values),
            &TrustPolicy::default(),
        )
    }

    #[test]
    fn exact_github_environment_subject_is_narrow() {
        let res = assess(
            Some(GITHUB),
            Some("repo:acme/api:environment:production"),
            &[AZURE_EXCHANGE],
        );

        assert_eq!(
            res,
            TrustAssessment {
                breadth: TrustBreadth::Narrow,
                concerns: vec![]
            }
        );
    }

    #[test]
    fn star_anywhere_in_the_subject_is_a_wildcard() {
        // `repo:acme/*`: every repository of acme. `*` alone: any subject at all.
        // `repo:*`: any owner. A star in the ref: any branch of one repository.
        let cases = [
            ("repo:acme/*", "any repository of the GitHub owner `acme`"),
            ("*", "any subject"),
            ("repo:*", "repositories of any GitHub owner"),
            (
                "repo:acme/api-*:ref:refs/heads/main",
                "repositories of `acme` named like `api-*`",
            ),
            (
                "repo:acme/api:ref:refs/heads/*",
                "workflows of `acme/api` in any context like `ref:refs/heads/*`",
            ),
            (
                "system:serviceaccount:payments:*",
                "any service account of the Kubernetes namespace `payments`",
            ),
            (
                "system:serviceaccount:*:deployer",
                "service accounts of any Kubernetes namespace",
            ),
            (
                "projects/*/serviceAccounts/x",
                "any subject of the form `projects/*/serviceAccounts/x`",
            ),
        ];

        for (subject, scope) in cases {
            let res = assess(Some(GITHUB), Some(subject), &[AZURE_EXCHANGE]);
            assert_eq!(res.breadth, TrustBreadth::Wildcard, "{subject}");
            assert_eq!(
                res.concerns,
                [TrustConcern::WildcardSubject {
                    subject: subject.to_owned(),
                    scope: scope.to_owned()
                }],
                "{subject}"
            );
        }
    }

    #[test]
    fn github_pull_request_subject_is_broad() {
        let res = assess(
            Some(GITHUB),
            Some("repo:acme/api:pull_request"),
            &[AZURE_EXCHANGE],
        );

        assert_eq!(res.breadth, TrustBreadth::Broad);
        assert_eq!(
            res.concerns,
            [TrustConcern::BroadSubject {
                subject: "repo:acme/api:pull_request".to_owned(),
                scope: "any pull request workflow of `acme/api`".to_owned(),
            }]
        );
    }

    #[test]
    fn missing_or_blank_subject_is_broad() {
        for subject in [None, Some("  ")] {
            let res = assess(Some(GITHUB), subject, &[AZURE_EXCHANGE]);

            assert_eq!(res.breadth, TrustBreadth::Broad);
            assert_eq!(res.concerns, [TrustConcern::SubjectMissing]);
        }
    }

    #[test]
    fn well_known_issuers_are_allowed_by_default() {
        let policy = TrustPolicy::default();

        for issuer in [
            "https://token.actions.githubusercontent.com",
            "https://token.actions.githubusercontent.com/",
            "token.actions.githubusercontent.com",
            "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
            "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
            "https://accounts.google.com",
            "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
            "https://westeurope.oic.prod-aks.azure.com/72f988bf-86f1/1a2b3c4d-5e6f/",
            "https://container.googleapis.com/v1/projects/acme/locations/eu/clusters/prod",
            "https://GitLab.com",
            "https://app.terraform.io",
        ] {
            assert!(policy.allows_issuer(issuer), "{issuer}");
        }
    }

    #[test]
    fn unknown_or_disguised_issuers_are_not_allowed() {
        let policy = TrustPolicy::default();

        for issuer in [
            "https://token.example.com",
            // The host is evil.example; the AWS-looking part is user info or a query.
            "https://oidc.eks.x@evil.example/.amazonaws.com/id/1",
            "https://oidc.eks.x?.amazonaws.com/id/1",
            // A star never spans `/`.
            "https://sts.windows.net/tenant/extra",
            // Plain HTTP is a different issuer.
            "http://token.actions.githubusercontent.com",
            "https://token.actions.githubusercontent.com.evil.example",
        ] {
            assert!(!policy.allows_issuer(issuer), "{issuer}");
        }
    }

    #[test]
    fn issuer_outside_the_allow_list_is_broad() {
        let res = assess(Some("https://ci.example.com"), Some("job:42"), &["ci"]);

        assert_eq!(res.breadth, TrustBreadth::Broad);
        assert_eq!(
            res.concerns,
            [TrustConcern::IssuerNotAllowed {
                issuer: "https://ci.example.com".to_owned()
            }]
        );
    }

    #[test]
    fn custom_allow_list_replaces_the_default() {
        let policy = TrustPolicy::default().allowed_issuers(["https://ci.example.com"]);

        assert!(policy.allows_issuer("https://ci.example.com/"));
        assert!(!policy.allows_issuer(GITHUB));
        assert!(
            !TrustPolicy::default()
                .allowed_issuers(Vec::<String>::new())
                .allows_issuer(GITHUB)
        );
    }

    #[test]
    fn missing_issuer_is_broad() {
        let res = assess(
            None,
            Some("repo:acme/api:environment:production"),
            &[AZURE_EXCHANGE],
        );

        assert_eq!(res.breadth, TrustBreadth::Broad);
        assert_eq!(res.concerns, [TrustConcern::IssuerMissing]);
    }

    #[test]
    fn more_than_three_audiences_is_broad_and_three_is_not() {
        let subject = Some("repo:acme/api:environment:production");

        let three = assess(Some(GITHUB), subject, &["a", "b", "c"]);
        let four = assess(Some(GITHUB), subject, &["a", "b", "c", "d"]);

        assert_eq!(three.breadth, TrustBreadth::Narrow);
        assert_eq!(four.breadth, TrustBreadth::Broad);
        assert_eq!(
            four.concerns,
            [TrustConcern::ManyAudiences { count: 4, max: 3 }]
        );
    }

    #[test]
    fn audience_limit_comes_from_the_policy() {
        let policy = TrustPolicy::default().max_audiences(1);

        let res = assess_trust(
            Some(GITHUB),
            Some("repo:acme/api:environment:production"),
            &audiences(&["a", "b"]),
            &policy,
        );

        assert_eq!(
            res.concerns,
            [TrustConcern::ManyAudiences { count: 2, max: 1 }]
        );
    }

    #[test]
    fn missing_or_wildcard_audience_is_broad() {
        let subject = Some("repo:acme/api:environment:production");

        let none = assess(Some(GITHUB), subject, &[]);
        let blank = assess(Some(GITHUB), subject, &[" "]);
        let wildcard = assess(Some(GITHUB), subject, &["api://*"]);

        assert_eq!(none.concerns, [TrustConcern::AudienceMissing]);
        assert_eq!(blank.concerns, [TrustConcern::AudienceMissing]);
        assert_eq!(wildcard.breadth, TrustBreadth::Broad);
        assert_eq!(
            wildcard.concerns,
            [TrustConcern::WildcardAudience {
                audience: "api://*".to_owned()
            }]
        );
    }

    #[test]
    fn every_concern_is_listed_and_the_broadest_wins() {
        // Wildcard subject, unknown issuer and five audiences: three concerns, wildcard wins.
        let res = assess(
            Some("https://ci.example.com"),
            Some("*"),
            &["a", "b", "c", "d", "e"],
        );

        assert_eq!(res.breadth, TrustBreadth::Wildcard);
        assert_eq!(
            res.concerns,
            [
                TrustConcern::WildcardSubject {
                    subject: "*".to_owned(),
                    scope: "any subject".to_owned()
                },
                TrustConcern::IssuerNotAllowed {
                    issuer: "https://ci.example.com".to_owned()
                },
                TrustConcern::ManyAudiences { count: 5, max: 3 },
            ]
        );
    }

    #[test]
    fn concerns_serialize_with_a_tag_and_read_as_sentences() {
        let concern = TrustConcern::ManyAudiences { count: 5, max: 3 };

        assert_eq!(
            serde_json::to_value(&concern).unwrap(),
            serde_json::json!({"concern": "many_audiences", "count": 5, "max": 3})
        );
        assert_eq!(concern.to_string(), "accepts 5 audiences, more than 3");
        assert_eq!(
            TrustConcern::WildcardSubject {
                subject: "*".to_owned(),
                scope: "any subject".to_owned()
            }
            .to_string(),
            "subject `*` holds a wildcard and matches any subject"
        );
    }
}
