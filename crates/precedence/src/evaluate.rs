//! The evaluation order of AWS, top to bottom: the rules that allow outside any policy, explicit
//! deny, RCPs, SCPs, resource-based policies, identity-based policies, permissions boundary,
//! session policies, the VPC endpoint gate, and the rules that deny outside any policy. See
//! [`Engine::verdict`].

use thiserror::Error;

use std::sync::Arc;

use crate::aws_rules::{self, AwsRule, RuleEffect};
use crate::context::{EndpointOrigin, RequestContext};
use crate::dependence;
use crate::directory::{Directory, Level, Selection};
use crate::explain;
use crate::left_out;
use crate::load::{
    load_file_policies, load_policies, load_policies_reusing, LoadedPolicy, ReadCache,
};
use crate::matching::{statement_applies, trace_statement, PrincipalRules, RequestFacts};
use crate::policy::{Effect, PolicyType};
use crate::principal::{is_account_id, Caller, CallerKind, PrincipalMatch};
use crate::scenario::{Decision, DocumentSource, Request, Scenario, ScenarioFile};
use crate::switch;
use crate::trace::{
    Evaluation, InvalidPolicy, Outcome, PolicyTrace, Stage, StageSet, StageStatus, StageTrace,
    StatementRef, StatementTrace, SwitchedOff, SwitchedOffTrace,
};

/// A request that cannot be evaluated, with the field at fault and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("`{field}`: {message}")]
pub struct RequestError {
    /// The request field at fault (`principal`, `action`, `via_endpoint`, …).
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

/// A request ready to evaluate: its principal read, its context derived.
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    facts: RequestFacts,
    resource_account: Option<String>,
    endpoint: Option<usize>,
    /// The policies that meet it: its principal's, its resource's, its accounts' SCPs and RCPs.
    selection: Arc<Selection>,
    /// The policies that would meet it but are switched off.
    switched_off: Vec<usize>,
    /// The context keys it switches off.
    switched_off_keys: Vec<String>,
}

impl PreparedRequest {
    /// The request context, given and derived keys.
    pub fn context(&self) -> &RequestContext {
        &self.facts.context
    }

    /// The caller.
    pub fn caller(&self) -> &Caller {
        &self.facts.caller
    }

    /// What statements are matched against.
    pub(crate) fn facts(&self) -> &RequestFacts {
        &self.facts
    }
}

/// The policies of a scenario, loaded once, ready to evaluate any number of requests.
#[derive(Debug, Clone)]
pub struct Engine {
    policies: Vec<LoadedPolicy>,
    directory: Directory,
    /// Whether any policy is switched off (or has a statement switched off).
    any_switched_off: bool,
    /// What each switch of the scenario that names nothing says.
    switches_naming_nothing: Vec<String>,
}

/// What a stage found.
#[derive(Debug, Clone, Default)]
pub(crate) struct StageScan {
    /// Why the stage does not take part, if it does not.
    pub(crate) not_applicable: Option<&'static str>,
    /// An Allow applies (for SCPs and RCPs: at every level).
    pub(crate) allow: bool,
    /// A Deny applies.
    pub(crate) deny: bool,
    /// For resource-based policies: the most direct way an Allow named the caller.
    pub(crate) grant: Option<PrincipalMatch>,
    /// For SCPs: the levels with no applicable Allow.
    pub(crate) levels_without_allow: Vec<Option<String>>,
    /// Why this stage's Allow was not needed, when it was not.
    pub(crate) waived: Option<&'static str>,
    /// The rule outside the policies that changed how this stage reads them, if one did.
    pub(crate) rule: Option<&'static AwsRule>,
    /// Why the account model gives this stage no policy, when it gives none.
    pub(crate) absent_in_model: Option<String>,
}

/// Every stage's scan and the decision.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    pub(crate) decision: Decision,
    pub(crate) blocked_by: StageSet,
    pub(crate) same_account: bool,
    /// The kind of resource-based policy that must allow the request even within one account
    /// (a KMS key's key policy, a role's trust policy), when the request is on such a resource.
    pub(crate) resource_must_allow: Option<&'static str>,
    /// The rule outside the policies that decided, if one did.
    pub(crate) rule: Option<&'static AwsRule>,
    pub(crate) scans: [StageScan; 7],
}

impl Verdict {
    /// What the stage of `policy_type` found.
    pub(crate) fn scan(&self, policy_type: PolicyType) -> &StageScan {
        &self.scans[type_slot(policy_type)]
    }
}

/// Sees every statement evaluated: nothing on the fast path, everything when tracing.
pub(crate) trait Recorder {
    fn statement(
        &mut self,
        policy_index: usize,
        rules: PrincipalRules,
        statement: &crate::policy::Statement,
        request: &RequestFacts,
    ) -> Option<PrincipalMatch>;
}

struct Quiet;

impl Recorder for Quiet {
    fn statement(
        &mut self,
        _: usize,
        rules: PrincipalRules,
        statement: &crate::policy::Statement,
        request: &RequestFacts,
    ) -> Option<PrincipalMatch> {
        statement_applies(statement, rules, request)
    }
}

struct Tracing {
    statements: Vec<Vec<StatementTrace>>,
}

impl Recorder for Tracing {
    fn statement(
        &mut self,
        policy_index: usize,
        rules: PrincipalRules,
        statement: &crate::policy::Statement,
        request: &RequestFacts,
    ) -> Option<PrincipalMatch> {
        let (trace, named) = trace_statement(statement, rules, request);
        if let Some(list) = self.statements.get_mut(policy_index) {
            list.push(trace);
        }
        named
    }
}

/// Where a policy type's entries sit in per-type arrays: its place in evaluation order
/// ([`PolicyType`]'s variants are declared in that order).
fn type_slot(policy_type: PolicyType) -> usize {
    policy_type as usize
}

impl Engine {
    /// An engine over already-loaded policies of `scenario` (its account model and organization
    /// say which of them meet each request).
    pub fn new(mut policies: Vec<LoadedPolicy>, scenario: &Scenario) -> Self {
        let named = switch::apply(&scenario.switched_off, &mut policies);
        let switches_naming_nothing = scenario
            .switched_off
            .iter()
            .zip(named)
            .enumerate()
            .filter(|(_, (_, named))| !named)
            .map(|(index, (switch, _))| switch::names_nothing(index, switch))
            .collect();
        let any_switched_off = policies.iter().any(|policy| policy.switched_off);
        let directory = Directory::new(&policies, scenario);
        Self {
            policies,
            directory,
            any_switched_off,
            switches_naming_nothing,
        }
    }

    /// What each of the scenario's `switched_off` entries that names no policy or statement
    /// says, for the places that show the scenario's problems.
    pub fn switches_naming_nothing(&self) -> &[String] {
        &self.switches_naming_nothing
    }

    /// Load and check every policy of a scenario.
    pub fn from_scenario(scenario: &Scenario) -> Self {
        Self::new(load_policies(scenario), scenario)
    }

    /// [`Engine::from_scenario`] for the next version of a scenario: policies unchanged since
    /// the last load with `cache` are not parsed and checked again.
    pub fn from_scenario_reusing(scenario: &Scenario, cache: &mut ReadCache) -> Self {
        Self::new(load_policies_reusing(scenario, cache), scenario)
    }

    /// Load a scenario file; findings in inline documents point into the file.
    pub fn from_file(file: &ScenarioFile, file_text: &str) -> Self {
        Self::new(load_file_policies(file, file_text), &file.scenario)
    }

    /// Every loaded policy: the scenario-wide ones in evaluation order of their types, then
    /// those of the account model.
    pub fn policies(&self) -> &[LoadedPolicy] {
        &self.policies
    }

    /// Add the findings that need AWS's service catalog to every policy's findings.
    pub fn check_with_catalog(&mut self, catalog: &crate::catalog::Catalog) {
        self.add_findings(|policy| policy.catalog_findings(catalog));
    }

    /// Add findings made elsewhere to every policy: `findings_for` is asked once per policy.
    pub fn add_findings(
        &mut self,
        mut findings_for: impl FnMut(&LoadedPolicy) -> Vec<crate::finding::Finding>,
    ) {
        for policy in &mut self.policies {
            let found = findings_for(policy);
            policy.add_findings(found);
        }
    }

    /// The scenario-wide policies of one type.
    fn of_type(&self, policy_type: PolicyType) -> &[usize] {
        self.directory.shared().of_type(policy_type)
    }

    /// Read a request's principal, derive its context and find its endpoint.
    pub fn prepare(&self, request: &Request) -> Result<PreparedRequest, RequestError> {
        let caller = Caller::parse(&request.principal).map_err(|error| RequestError {
            field: "principal",
            message: error.0,
            help: "write an ARN such as `arn:aws:iam::111122223333:role/AppRole`, `arn:aws:iam::111122223333:user/alice` or `arn:aws:sts::111122223333:assumed-role/AppRole/session`, or an identity provider such as `accounts.google.com` or `arn:aws:iam::111122223333:saml-provider/ExampleIdP`".into(),
        })?;
        check_federation_action(&caller, &request.action)?;
        if request.action != "*" && !request.action.contains(':') {
            return Err(RequestError {
                field: "action",
                message: format!("`{}` is not an action", request.action),
                help: "write `service:ActionName`, e.g. `dynamodb:GetItem`".into(),
            });
        }
        check_resource_and_context(request)?;
        let endpoint = match &request.via_endpoint {
            None => None,
            Some(id) => Some(
                self.of_type(PolicyType::Endpoint)
                    .iter()
                    .copied()
                    .find(|&index| &self.policies[index].id == id)
                    .ok_or_else(|| RequestError {
                        field: "via_endpoint",
                        message: format!("the scenario has no endpoint `{id}`"),
                        help: format!(
                            "use the id of one of the scenario's endpoints ({}), or leave `via_endpoint` out",
                            self.endpoint_ids()
                        ),
                    })?,
            ),
        };
        let resource_account = request
            .resource_account
            .clone()
            .or_else(|| arn_account(&request.resource))
            .or_else(|| caller.account.clone());
        let mut context = RequestContext::from_given(request.context.iter().map(|(key, value)| {
            use crate::scenario::ContextValue;
            match value {
                ContextValue::One(scalar) => (key.clone(), vec![scalar.as_text()], false),
                ContextValue::List(items) => (
                    key.clone(),
                    items.iter().map(|s| s.as_text()).collect(),
                    true,
                ),
            }
        }));
        let origin = endpoint.map(|index| EndpointOrigin {
            id: &self.policies[index].id,
            vpc: self.policies[index].vpc.as_deref(),
        });
        let (selection, model) =
            self.directory
                .select(request, &caller, resource_account.as_deref());
        let (selection, switched_off) = if self.any_switched_off {
            let (kept, mut off) = selection.without(|index| self.policies[index].switched_off);
            // Of the endpoints, only the one the request came through would have met it.
            off.retain(|&index| {
                self.policies[index].policy_type != PolicyType::Endpoint || endpoint == Some(index)
            });
            (Arc::new(kept), off)
        } else {
            (selection, Vec::new())
        };
        context.derive(&caller, resource_account.as_deref(), origin);
        context.derive_model(&model);
        for key in &request.switched_off_context {
            context.remove(key);
        }
        Ok(PreparedRequest {
            facts: RequestFacts {
                action_lower: request.action.to_ascii_lowercase(),
                action: request.action.clone(),
                resource: request.resource.clone(),
                caller_has_boundary: caller.can_have_boundary()
                    && !selection.of_type(PolicyType::Boundary).is_empty(),
                caller,
                context,
            },
            resource_account,
            endpoint,
            selection,
            switched_off,
            switched_off_keys: request.switched_off_context.clone(),
        })
    }

    fn endpoint_ids(&self) -> String {
        let ids: Vec<String> = self
            .of_type(PolicyType::Endpoint)
            .iter()
            .map(|&index| format!("`{}`", self.policies[index].id))
            .collect();
        if ids.is_empty() {
            "it has none".into()
        } else {
            ids.join(", ")
        }
    }

    /// The decision and the stages that blocked it, without a trace: the fast path.
    pub fn decide(&self, request: &PreparedRequest) -> Outcome {
        let verdict = self.verdict(request, &mut Quiet);
        Outcome {
            decision: verdict.decision,
            blocked_by: verdict.blocked_by,
        }
    }

    /// The decision with `recorder` deciding each statement (to take one statement's
    /// conditions the other way, for [`crate::dependence`]).
    pub(crate) fn decide_with(
        &self,
        request: &PreparedRequest,
        recorder: &mut impl Recorder,
    ) -> Decision {
        self.verdict(request, recorder).decision
    }

    /// The decision and the stages that blocked it, with `recorder` deciding each statement.
    pub(crate) fn outcome_with(
        &self,
        request: &PreparedRequest,
        recorder: &mut impl Recorder,
    ) -> Outcome {
        let verdict = self.verdict(request, recorder);
        Outcome {
            decision: verdict.decision,
            blocked_by: verdict.blocked_by,
        }
    }

    /// The decision with the full trace and a plain-language explanation. Where a statement
    /// was left out for an error, its repairs are weighed: each mended statement is read on
    /// its own, and one that applies costs a decision of the request with it in place (within
    /// a bound per request). What the decision depends on is found by deciding it again with
    /// each conditional statement going the other way ([`crate::dependence`]).
    pub fn evaluate(&self, request: &PreparedRequest) -> Evaluation {
        self.evaluation(request, left_out::Budget::TRACE, true)
    }

    /// The full trace without weighing what left-out statements would change or what the
    /// decision depends on: for the suggestions' search, which evaluates many changed scenarios
    /// and mends them itself.
    pub(crate) fn evaluate_unweighed(&self, request: &PreparedRequest) -> Evaluation {
        self.evaluation(request, left_out::Budget::NONE, false)
    }

    /// The full trace, weighing left-out statements within `budget`, and finding what the
    /// decision depends on when `find_dependences`.
    fn evaluation(
        &self,
        request: &PreparedRequest,
        budget: left_out::Budget,
        find_dependences: bool,
    ) -> Evaluation {
        let mut tracing = Tracing {
            statements: vec![Vec::new(); self.policies.len()],
        };
        let verdict = self.verdict(request, &mut tracing);
        let depends_on = if find_dependences {
            let stage_of = |index: usize| {
                PolicyType::ALL
                    .into_iter()
                    .find(|&t| request.selection.of_type(t).contains(&index))
                    .map_or(Stage::Identity, Stage::of)
            };
            let candidates = dependence::candidates(&tracing.statements, stage_of);
            dependence::dependences(self, request, verdict.decision, &candidates)
        } else {
            Vec::new()
        };
        let stages = self.stage_traces(&verdict, tracing.statements, request, budget);
        let decisive = self.decisive(&verdict, &stages);
        let missing_keys = missing_keys(&stages);
        let invalid_policies = self.invalid_policies(&stages);
        let switched_off = self.switched_off(request, &stages);
        Evaluation {
            decision: verdict.decision,
            blocked_by: verdict.blocked_by,
            rule: verdict.rule.map(|rule| rule.step(verdict.decision)),
            explanation: explain::explain(
                &verdict,
                &decisive,
                &request.facts,
                &self.policies,
                request.endpoint,
            ),
            decisive,
            stages,
            context: request.facts.context.clone(),
            missing_keys,
            invalid_policies,
            depends_on,
            switched_off,
        }
    }

    /// What the request would have met but the scenario switches off: the policies, the
    /// statements of the policies its stages list, and its context keys.
    fn switched_off(&self, request: &PreparedRequest, stages: &[StageTrace]) -> Vec<SwitchedOff> {
        let policies = request.switched_off.iter().map(|&index| {
            let policy = &self.policies[index];
            SwitchedOff::Policy {
                stage: Stage::of(policy.policy_type),
                policy_id: policy.id.clone(),
                owner: policy.owner.clone(),
            }
        });
        let mut statements: Vec<SwitchedOff> = Vec::new();
        for stage in stages {
            for policy in &stage.policies {
                for off in &policy.switched_off_statements {
                    let item = SwitchedOff::Statement {
                        stage: stage.stage,
                        policy_id: policy.id.clone(),
                        label: off.label.clone(),
                        position: off.position,
                    };
                    // A policy attached at two levels lists its statements at each.
                    if !statements.contains(&item) {
                        statements.push(item);
                    }
                }
            }
        }
        let keys = request
            .switched_off_keys
            .iter()
            .map(|key| SwitchedOff::ContextKey { key: key.clone() });
        policies.chain(statements).chain(keys).collect()
    }

    /// A copy of this engine with policy `index` replaced by `policy` (of the same type and
    /// level): how the scenario would decide with that policy edited.
    pub(crate) fn with_policy(&self, index: usize, policy: LoadedPolicy) -> Self {
        let mut edited = self.clone();
        if let Some(slot) = edited.policies.get_mut(index) {
            *slot = policy;
        }
        edited
    }

    /// The policies with errors among those the stages that took part evaluated.
    fn invalid_policies(&self, stages: &[StageTrace]) -> Vec<InvalidPolicy> {
        let mut invalid = Vec::new();
        for stage in stages {
            if stage.status == StageStatus::NotApplicable {
                continue;
            }
            for policy in &stage.policies {
                if !policy.errors.is_empty() {
                    invalid.push(InvalidPolicy {
                        stage: stage.stage,
                        policy_id: policy.id.clone(),
                        errors: policy.errors.len(),
                        left_out_statements: policy.left_out_statements.len(),
                        left_out: policy.left_out,
                    });
                }
            }
        }
        invalid
    }

    /// AWS's evaluation logic, in its documented order. Every stage is evaluated (so the
    /// trace can show all that would block), then the decision is put together.
    fn verdict(&self, request: &PreparedRequest, recorder: &mut impl Recorder) -> Verdict {
        let caller = &request.facts.caller;
        let same_account = caller.account.is_some() && caller.account == request.resource_account;
        let cross_account = caller.account.is_some() && !same_account;
        let resource_must_allow = resource_policy_must_allow(&request.facts);
        // 0. A rule outside any policy that allows the request whatever the policies say
        //    (`sts:GetCallerIdentity`). It decides once the stages are scanned, so the trace
        //    still shows what the policies would have said.
        let allowing_rule = aws_rules::deciding(RuleEffect::Allows, &request.facts, cross_account);

        // RCPs of the resource's account. RCPFullAWSAccess is attached at every level and
        // cannot be detached, so only their Denies change a decision.
        let rcp = match self.rcp_exemption(request) {
            Some(reason) => StageScan::not_applicable(reason),
            None => {
                let mut scan = self.scan_levels(
                    PolicyType::Rcp,
                    &request.selection.rcp_levels,
                    request,
                    recorder,
                );
                scan.allow = true;
                scan.levels_without_allow.clear();
                scan
            }
        };
        // SCPs of the caller's account: every level must have an applicable Allow.
        let scp = match self.scp_exemption(request) {
            Some(reason) => StageScan::not_applicable(reason),
            None => self.scan_levels(
                PolicyType::Scp,
                &request.selection.scp_levels,
                request,
                recorder,
            ),
        };
        // Resource-based policies of the resource.
        let resource = self.scan_type(
            PolicyType::Resource,
            request,
            recorder,
            "the resource has no resource-based policy",
        );
        // Identity-based policies of the caller. The root user has every permission in its
        // own account without one.
        let root = caller.kind == CallerKind::Root;
        // Anonymous callers and AWS service principals belong to no account: only a
        // resource-based policy can let them in.
        let accountless = caller.account.is_none();
        let identity = if root {
            StageScan {
                allow: true,
                ..StageScan::default()
            }
        } else if caller.is_identity_provider() {
            StageScan::not_applicable(
                "a web identity or SAML provider is no IAM principal and has no identity-based policy: only the role's trust policy can allow it",
            )
        } else if accountless {
            StageScan::not_applicable(
                "the caller belongs to no account, so only a resource-based policy can allow it",
            )
        } else {
            self.scan_type(
                PolicyType::Identity,
                request,
                recorder,
                "the caller has no identity-based policy",
            )
        };
        // The permissions boundary of the calling user or role; a federated-user session is
        // limited by the boundary of the IAM user who created it.
        let boundary = if caller.can_have_boundary() {
            self.scan_type(
                PolicyType::Boundary,
                request,
                recorder,
                "the caller has no permissions boundary",
            )
        } else {
            StageScan::not_applicable(
                "only IAM users and roles, and their sessions, have permissions boundaries",
            )
        };
        // Session policies of a role or federated session. A federated-user session made
        // without one has no permissions: the stage applies, and nothing in it allows.
        let federated = matches!(caller.kind, CallerKind::FederatedUser { .. });
        let session = if federated && request.selection.of_type(PolicyType::Session).is_empty() {
            StageScan {
                rule: Some(&aws_rules::FEDERATED_USER_WITHOUT_SESSION_POLICY),
                ..StageScan::default()
            }
        } else if caller.has_session() {
            self.scan_type(
                PolicyType::Session,
                request,
                recorder,
                "the session was created without a session policy",
            )
        } else {
            StageScan::not_applicable("the caller is not a role or federated-user session")
        };
        // The VPC endpoint the request came through: a gate, never a grant.
        let endpoint = match request.endpoint {
            Some(index) if self.policies[index].switched_off => StageScan::not_applicable(
                "the policy of the endpoint the request came through is switched off",
            ),
            Some(index) => self.scan_indices(&[index], PolicyType::Endpoint, request, recorder),
            None => StageScan::not_applicable("the request does not come through a VPC endpoint"),
        };

        let mut scans = [rcp, scp, resource, identity, boundary, session, endpoint];
        let slot = |stage: Stage| stage.policy_type().map(type_slot).unwrap_or_default();
        if root {
            scans[slot(Stage::Identity)].waived =
                Some("the account's root user has every permission in its own account");
        }

        if let Some(rule) = allowing_rule {
            return Verdict {
                decision: Decision::Allowed,
                blocked_by: StageSet::default(),
                same_account,
                resource_must_allow,
                rule: Some(rule),
                scans,
            };
        }

        // 1. An explicit Deny in any applicable policy wins.
        let mut denied = StageSet::default();
        for stage in Stage::ALL.into_iter().skip(1) {
            if scans[slot(stage)].deny {
                denied.insert(stage);
            }
        }
        if !denied.is_empty() {
            return Verdict {
                decision: Decision::ExplicitDeny,
                blocked_by: denied,
                same_account,
                resource_must_allow,
                rule: None,
                scans,
            };
        }

        let mut blocked = StageSet::default();
        let applies = |scan: &StageScan| scan.not_applicable.is_none();
        // 2–3. Organization guardrails.
        if applies(&scans[slot(Stage::Scp)]) && !scans[slot(Stage::Scp)].allow {
            blocked.insert(Stage::Scp);
        }
        // 4–7. Resource, identity, boundary and session policies.
        let grant = scans[slot(Stage::Resource)].grant;
        let identity_allows = scans[slot(Stage::Identity)].allow;
        let boundary_blocks =
            applies(&scans[slot(Stage::Boundary)]) && !scans[slot(Stage::Boundary)].allow;
        let session_blocks =
            applies(&scans[slot(Stage::Session)]) && !scans[slot(Stage::Session)].allow;
        if accountless {
            if grant.is_none() {
                blocked.insert(Stage::Resource);
            }
        } else if same_account {
            // Within one account, a resource-based policy that names the caller grants on its
            // own; one that names the account delegates to the identity-based policies. Key
            // policies and trust policies must allow even then: an identity-based policy alone
            // is not enough.
            if grant.is_none() && resource_must_allow.is_some() {
                blocked.insert(Stage::Resource);
            }
            let direct = grant.filter(|named| named.grants_directly());
            if direct.is_some() {
                scans[slot(Stage::Identity)].waived =
                    Some("the resource-based policy grants the caller access directly");
            } else if !identity_allows {
                blocked.insert(Stage::Identity);
            }
            // An implicit deny in a boundary does not limit a grant to the user ARN, the
            // session ARN or everyone; it does limit a grant to the role ARN.
            let boundary_exempt = matches!(
                direct,
                Some(
                    PrincipalMatch::UserArn
                        | PrincipalMatch::SessionArn
                        | PrincipalMatch::Everyone
                        | PrincipalMatch::Other
                )
            );
            if boundary_blocks && boundary_exempt {
                scans[slot(Stage::Boundary)].waived = Some("a permissions boundary does not limit what a resource-based policy grants to this principal directly");
                if aws_rules::TRUST_POLICY_NAMES_USER.covers(&request.facts, cross_account) {
                    scans[slot(Stage::Boundary)].rule = Some(&aws_rules::TRUST_POLICY_NAMES_USER);
                }
            } else if boundary_blocks {
                blocked.insert(Stage::Boundary);
            }
            // A session policy does not limit a grant to the session ARN (or everyone); it does
            // limit a grant to the role ARN.
            let session_exempt = matches!(
                direct,
                Some(PrincipalMatch::SessionArn | PrincipalMatch::Everyone | PrincipalMatch::Other)
            );
            if session_blocks && session_exempt {
                scans[slot(Stage::Session)].waived = Some("a session policy does not limit what a resource-based policy grants to the session directly");
            } else if session_blocks {
                blocked.insert(Stage::Session);
            }
        } else {
            // Across accounts, both sides must allow: the resource's account through its
            // resource-based policy, the caller's through its identity-based policies.
            if grant.is_none() {
                blocked.insert(Stage::Resource);
            }
            if !identity_allows {
                blocked.insert(Stage::Identity);
            }
            if boundary_blocks {
                blocked.insert(Stage::Boundary);
            }
            if session_blocks {
                blocked.insert(Stage::Session);
            }
        }
        // 8. The endpoint policy must allow what comes through the endpoint.
        if applies(&scans[slot(Stage::Endpoint)]) && !scans[slot(Stage::Endpoint)].allow {
            blocked.insert(Stage::Endpoint);
        }

        // 9. A rule outside any policy that denies whatever the policies allow: what some kinds
        //    of caller may never call, what AWS owns, what a key of another account allows.
        //    Else the rule that shaped a stage, when that stage decided.
        let denying_rule =
            aws_rules::deciding(RuleEffect::DeniesImplicitly, &request.facts, cross_account);
        let session_rule = scans[slot(Stage::Session)]
            .rule
            .filter(|_| blocked.contains(Stage::Session));
        let boundary_rule = scans[slot(Stage::Boundary)]
            .rule
            .filter(|_| blocked.is_empty());
        let decision = if blocked.is_empty() && denying_rule.is_none() {
            Decision::Allowed
        } else {
            Decision::ImplicitDeny
        };
        Verdict {
            decision,
            blocked_by: blocked,
            same_account,
            resource_must_allow,
            rule: denying_rule.or(session_rule).or(boundary_rule),
            scans,
        }
    }

    fn scp_exemption(&self, request: &PreparedRequest) -> Option<&'static str> {
        let caller = &request.facts.caller;
        let organization = self.directory.organization();
        if request.selection.scp_levels.is_empty() {
            Some("the caller's account is not governed by SCPs in this scenario")
        } else if caller.account.is_some() && caller.account == organization.management_account {
            Some("SCPs do not apply to principals of the organization's management account")
        } else if !organization.has_member(caller.account.as_deref()) {
            Some("SCPs apply only to principals of the organization's accounts, and the caller's account is not one of them")
        } else if caller.is_service_linked_role() {
            Some("SCPs do not apply to service-linked roles")
        } else if caller.is_identity_provider() {
            Some("SCPs govern the IAM users and roles of member accounts; a web identity or SAML provider is neither")
        } else if caller.account.is_none() {
            Some("SCPs apply only to principals of member accounts")
        } else {
            None
        }
    }

    fn rcp_exemption(&self, request: &PreparedRequest) -> Option<&'static str> {
        let organization = self.directory.organization();
        if request.selection.rcp_levels.is_empty() {
            Some("no RCPs besides RCPFullAWSAccess are attached")
        } else if request.resource_account.is_some()
            && request.resource_account == organization.management_account
        {
            Some("RCPs do not apply to resources of the organization's management account")
        } else if !organization.has_member(request.resource_account.as_deref()) {
            Some("RCPs apply only to resources of the organization's accounts, and the resource's account is not one of them")
        } else if request.facts.caller.is_service_linked_role() {
            Some("RCPs do not apply to calls made by service-linked roles")
        } else if aws_rules::RCP_NOT_FOR_AWS_MANAGED_KEYS.covers(&request.facts, false) {
            Some(aws_rules::RCP_NOT_FOR_AWS_MANAGED_KEYS.says)
        } else if aws_rules::RCP_NOT_FOR_RETIRE_GRANT.covers(&request.facts, false) {
            Some(aws_rules::RCP_NOT_FOR_RETIRE_GRANT.says)
        } else if !aws_rules::supports_rcps(&request.facts.action_lower) {
            Some("RCPs apply only to the services that support them: S3, STS, KMS, SQS, Secrets Manager, Cognito, CloudWatch Logs, DynamoDB, ECR and OpenSearch Serverless")
        } else {
            None
        }
    }

    fn scan_type(
        &self,
        policy_type: PolicyType,
        request: &PreparedRequest,
        recorder: &mut impl Recorder,
        absent: &'static str,
    ) -> StageScan {
        let indices = request.selection.of_type(policy_type);
        if indices.is_empty() {
            let mut scan = StageScan::not_applicable(absent);
            scan.absent_in_model = request.selection.absent[type_slot(policy_type)].clone();
            return scan;
        }
        self.scan_indices(indices, policy_type, request, recorder)
    }

    fn scan_indices(
        &self,
        indices: &[usize],
        policy_type: PolicyType,
        request: &PreparedRequest,
        recorder: &mut impl Recorder,
    ) -> StageScan {
        let mut scan = StageScan::default();
        for &index in indices {
            let loaded = &self.policies[index];
            let Some(policy) = &loaded.policy else {
                continue;
            };
            let rules = PrincipalRules::for_policy(policy_type, loaded.endpoint_type);
            for statement in &policy.statements {
                let Some(named) = recorder.statement(index, rules, statement, &request.facts)
                else {
                    continue;
                };
                match statement.effect {
                    Effect::Deny => scan.deny = true,
                    Effect::Allow => {
                        scan.allow = true;
                        if scan.grant.is_none_or(|best| named > best) {
                            scan.grant = Some(named);
                        }
                    }
                }
            }
        }
        if policy_type != PolicyType::Resource {
            scan.grant = None;
        }
        scan
    }

    fn scan_levels(
        &self,
        policy_type: PolicyType,
        levels: &[Level],
        request: &PreparedRequest,
        recorder: &mut impl Recorder,
    ) -> StageScan {
        if levels.is_empty() {
            return StageScan::not_applicable("no policies");
        }
        let mut scan = StageScan {
            allow: true,
            ..StageScan::default()
        };
        for level in levels {
            let level_scan = self.scan_indices(&level.policies, policy_type, request, recorder);
            scan.deny |= level_scan.deny;
            if !level_scan.allow {
                scan.allow = false;
                scan.levels_without_allow.push(level.name.clone());
            }
        }
        scan
    }

    fn stage_traces(
        &self,
        verdict: &Verdict,
        mut statements: Vec<Vec<StatementTrace>>,
        request: &PreparedRequest,
        mut budget: left_out::Budget,
    ) -> Vec<StageTrace> {
        let outcome = Outcome {
            decision: verdict.decision,
            blocked_by: verdict.blocked_by,
        };
        let mut stages = Vec::with_capacity(8);
        let explicit = verdict.decision == Decision::ExplicitDeny;
        stages.push(StageTrace {
            stage: Stage::ExplicitDeny,
            status: if explicit {
                StageStatus::Deny
            } else {
                StageStatus::NoMatch
            },
            blocks: explicit,
            summary: explain::explicit_deny_summary(verdict),
            left_out_note: None,
            policies: Vec::new(),
        });
        for stage in Stage::ALL.into_iter().skip(1) {
            let Some(policy_type) = stage.policy_type() else {
                continue;
            };
            let scan = verdict.scan(policy_type);
            let blocks = verdict.blocked_by.contains(stage);
            // A stage with no policy that blocks (no resource-based policy where one must allow)
            // found no match; "not applicable" would say it does not matter.
            let status = if scan.not_applicable.is_some() && !blocks {
                StageStatus::NotApplicable
            } else if scan.deny {
                StageStatus::Deny
            } else if scan.allow {
                StageStatus::Allow
            } else {
                StageStatus::NoMatch
            };
            let mut policies = Vec::new();
            for (index, level) in request.selection.traced(policy_type, &self.policies) {
                let policy = &self.policies[index];
                // Of the endpoints, only the one the request came through is evaluated.
                if policy_type == PolicyType::Endpoint && request.endpoint != Some(index) {
                    continue;
                }
                let left_out_statements = if status == StageStatus::NotApplicable {
                    Vec::new()
                } else {
                    left_out::traces(self, index, request, outcome, &mut budget)
                };
                policies.push(PolicyTrace {
                    id: policy.id.clone(),
                    source: policy.source,
                    owner: policy.owner.clone(),
                    level,
                    left_out: policy.policy.is_none(),
                    errors: left_out::errors(policy),
                    // A policy attached at two levels of the path was evaluated at each, its
                    // statements in order each time.
                    statements: {
                        let evaluated = policy.policy.as_ref().map_or(0, |p| p.statements.len());
                        let at_this_level = evaluated.min(statements[index].len());
                        statements[index].drain(..at_this_level).collect()
                    },
                    left_out_statements,
                    switched_off_statements: policy
                        .switched_off_statements
                        .iter()
                        .map(|off| SwitchedOffTrace {
                            label: off.label.clone(),
                            index: off.index,
                            effect: off.effect,
                            span: off.span,
                            position: policy.position(off.span),
                        })
                        .collect(),
                });
            }
            let left_out_note = policies
                .iter()
                .flat_map(|policy| &policy.left_out_statements)
                .find_map(|left| left.would_change.as_ref())
                .map(|change| change.sentence.clone());
            stages.push(StageTrace {
                stage,
                status,
                blocks,
                summary: {
                    let summary = explain::stage_summary(stage, scan, verdict);
                    // Levels of the path with nothing attached in the scenario, said where the
                    // stage took part.
                    match &request.selection.unattached[type_slot(policy_type)] {
                        Some(note) if status != StageStatus::NotApplicable => {
                            format!("{summary}; {note}")
                        }
                        _ => summary,
                    }
                },
                left_out_note,
                policies,
            });
        }
        stages
    }

    fn decisive(&self, verdict: &Verdict, stages: &[StageTrace]) -> Vec<StatementRef> {
        let wanted = |stage: &StageTrace, effect: Effect| match verdict.decision {
            Decision::ExplicitDeny => effect == Effect::Deny && stage.status == StageStatus::Deny,
            Decision::Allowed => {
                effect == Effect::Allow
                    && stage.status == StageStatus::Allow
                    && stage.stage != Stage::Rcp
            }
            Decision::ImplicitDeny => false,
        };
        let mut decisive = Vec::new();
        // Where each statement named so far is: its policy's place in the scenario (two
        // policies may share an id and a text) and its index.
        let mut named: Vec<(DocumentSource, usize)> = Vec::new();
        for stage in stages {
            for policy_trace in &stage.policies {
                let Some(policy) = self
                    .policies
                    .iter()
                    .find(|p| p.source == policy_trace.source)
                else {
                    continue;
                };
                for statement in &policy_trace.statements {
                    // A policy attached at several levels is named once.
                    let place = (policy.source, statement.index);
                    if statement.matched
                        && wanted(stage, statement.effect)
                        && !named.contains(&place)
                    {
                        named.push(place);
                        decisive.push(StatementRef {
                            stage: stage.stage,
                            policy_id: policy.id.clone(),
                            label: statement.label.clone(),
                            index: statement.index,
                            effect: statement.effect,
                            span: statement.span,
                            position: policy.position(statement.span),
                        });
                    }
                }
            }
        }
        decisive
    }
}

impl StageScan {
    fn not_applicable(reason: &'static str) -> Self {
        Self {
            not_applicable: Some(reason),
            ..Self::default()
        }
    }
}

/// A web identity or SAML provider calls one action: `sts:AssumeRoleWithWebIdentity` or
/// `sts:AssumeRoleWithSAML`, unsigned, its token or assertion standing for credentials
/// (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html>,
/// <https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html>).
fn check_federation_action(caller: &Caller, action: &str) -> Result<(), RequestError> {
    match caller.federation_action() {
        Some(expected) if !action.eq_ignore_ascii_case(expected) => Err(RequestError {
            field: "action",
            message: format!(
                "`{}` calls only `{expected}`, not `{action}`",
                caller.arn
            ),
            help: format!(
                "make the request `{expected}` on the role's ARN; what the role session does next is a request of `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`"
            ),
        }),
        _ => Ok(()),
    }
}

/// The request's resource is an ARN (or `*`), its resource account an account id, and each
/// context key given once, whatever its case.
fn check_resource_and_context(request: &Request) -> Result<(), RequestError> {
    if request.resource != "*" && !is_arn(&request.resource) {
        return Err(RequestError {
            field: "resource",
            message: if request.resource.is_empty() {
                "the request names no resource".to_owned()
            } else {
                format!("`{}` is not an ARN", request.resource)
            },
            help: "write the resource's ARN, e.g. `arn:aws:s3:::my-bucket/key`, or `*` for an action that takes no resource".into(),
        });
    }
    if let Some(account) = &request.resource_account {
        if !is_account_id(account) {
            return Err(RequestError {
                field: "resource_account",
                message: format!("`{account}` is not an account id"),
                help: "write the 12-digit id of the account that owns the resource, or leave it out to take it from the ARN (else the caller's)".into(),
            });
        }
    }
    let mut keys: Vec<&String> = request.context.keys().collect();
    while let Some(key) = keys.pop() {
        if let Some(same) = keys.iter().find(|other| other.eq_ignore_ascii_case(key)) {
            return Err(RequestError {
                field: "context",
                message: format!(
                    "`{same}` and `{key}` are the same key: condition keys ignore case"
                ),
                help: "keep one of them, with every value the request has for the key".into(),
            });
        }
    }
    Ok(())
}

/// The kind of resource-based policy that must allow a request on its resource even within one
/// account, if any: AWS's evaluation logic makes exceptions of KMS key policies and IAM role
/// trust policies
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html>).
fn resource_policy_must_allow(request: &RequestFacts) -> Option<&'static str> {
    let service = request.action_lower.split(':').next().unwrap_or_default();
    if service == "kms" && request.resource.contains(":key/") {
        Some("a KMS key's key policy")
    } else if service == "sts"
        && request.resource.starts_with("arn:")
        && request.resource.contains(":role/")
    {
        Some("a role's trust policy")
    } else {
        None
    }
}

/// Whether `text` has an ARN's six fields: `arn:partition:service:region:account:resource`.
fn is_arn(text: &str) -> bool {
    let fields: Vec<&str> = text.splitn(6, ':').collect();
    matches!(fields.as_slice(), ["arn", partition, service, _, _, resource]
        if !partition.is_empty() && !service.is_empty() && !resource.is_empty())
}

/// The account field of an ARN, when it is a 12-digit account id.
fn arn_account(arn: &str) -> Option<String> {
    let account = arn.split(':').nth(4)?;
    is_account_id(account).then(|| account.to_owned())
}

fn missing_keys(stages: &[StageTrace]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for condition in stages
        .iter()
        .flat_map(|s| &s.policies)
        .flat_map(|p| &p.statements)
        .flat_map(|s| &s.conditions)
    {
        if !condition.present && !keys.iter().any(|k| k.eq_ignore_ascii_case(&condition.key)) {
            keys.push(condition.key.clone());
        }
    }
    keys
}
