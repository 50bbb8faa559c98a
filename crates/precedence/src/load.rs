//! Loading a scenario's policies: each parsed and checked once, kept with its text and origin.

use std::sync::OnceLock;

use crate::catalog::Catalog;
use crate::finding::{sort_by_position, Finding, Severity, Subject};
use crate::lint;
use crate::lint::size::SizeLimit;
use crate::parse::parse_policy;
use crate::policy::{
    Effect, LeftOutStatement, Policy, PolicyType, PolicyVersion, Repair, Statement,
};
use crate::scenario::{
    Document, DocumentSource, EndpointType, ModelDocument, PolicyEntry, Scenario, ScenarioFile,
};
use crate::span::{LineIndex, Position, Span};
use crate::switch::SwitchedOffStatement;

mod cache;
mod duplicate_ids;

pub use cache::ReadCache;
use cache::{ReadInputs, ReadOutcome};

/// One policy of a scenario, parsed and checked.
#[derive(Debug, Clone)]
pub struct LoadedPolicy {
    /// The policy's id.
    pub id: String,
    /// Its type.
    pub policy_type: PolicyType,
    /// Where it is in the scenario.
    pub source: DocumentSource,
    /// For policies of the account model: the ARN that names it (a managed policy's own ARN,
    /// or the user, group, role or resource it is part of).
    pub owner: Option<String>,
    /// For SCPs and RCPs, the level it belongs to (`None`: the unnamed level).
    pub level: Option<String>,
    /// For SCPs and RCPs, the roots, OUs and accounts it is attached to in the organization's
    /// tree.
    pub targets: Vec<String>,
    /// For endpoints, the VPC.
    pub vpc: Option<String>,
    /// For endpoints, the kind.
    pub endpoint_type: EndpointType,
    /// The policy text the spans point into.
    pub text: String,
    /// Where the text's lines start, for positions: computed when first asked for.
    lines: OnceLock<LineIndex>,
    /// Where the text starts in the scenario file, when it is an inline JSON object there.
    pub origin: Option<Position>,
    /// Where its `id` is written in the scenario file (start and end), when it was read from
    /// one: findings about the id point there.
    pub id_range: Option<(Position, Position)>,
    /// The parsed policy, or `None` when the text is not a policy at all.
    pub policy: Option<Policy>,
    /// Findings, in order of position.
    pub findings: Vec<Finding>,
    /// Whether the scenario switches the whole policy off: kept, but met by no request.
    pub switched_off: bool,
    /// The statements the scenario switches off, taken out of [`Policy::statements`] (and
    /// of its left-out statements), in the order the policy writes them.
    pub switched_off_statements: Vec<SwitchedOffStatement>,
}

impl LoadedPolicy {
    /// Parse and check `text` as a policy of `policy_type`: the policy of `entry`, taken to be
    /// the first of its type until [`LoadedPolicy::source`] says otherwise.
    pub fn new(
        entry: &PolicyEntry,
        policy_type: PolicyType,
        text: String,
        origin: Option<Position>,
    ) -> Self {
        Self::reading(entry, policy_type, text, origin, None)
    }

    /// [`LoadedPolicy::new`], reusing what `cache` kept of an earlier read of the same inputs.
    fn reading(
        entry: &PolicyEntry,
        policy_type: PolicyType,
        text: String,
        origin: Option<Position>,
        cache: Option<&mut ReadCache>,
    ) -> Self {
        let mut loaded = Self {
            lines: OnceLock::new(),
            id: entry.id.clone(),
            policy_type,
            source: DocumentSource::Policies {
                policy_type,
                entry: 0,
            },
            owner: None,
            level: entry.level.clone(),
            targets: entry
                .target
                .as_ref()
                .map(|t| t.ids().to_vec())
                .unwrap_or_default(),
            vpc: entry.vpc.clone(),
            endpoint_type: entry.endpoint_type.unwrap_or_default(),
            text: String::new(),
            origin,
            id_range: None,
            policy: None,
            findings: Vec::new(),
            switched_off: false,
            switched_off_statements: Vec::new(),
        };
        loaded.read_reusing(text, cache);
        loaded
    }

    /// Parse and check `text` as a document of the account model: `id` names it in the trace,
    /// `owner` is the ARN it belongs to.
    pub fn of_model(
        id: String,
        owner: String,
        document: ModelDocument<'_>,
        text: String,
        origin: Option<Position>,
    ) -> Self {
        Self::reading_model(id, owner, document, text, origin, None)
    }

    /// [`LoadedPolicy::of_model`], reusing what `cache` kept of an earlier read.
    fn reading_model(
        id: String,
        owner: String,
        document: ModelDocument<'_>,
        text: String,
        origin: Option<Position>,
        cache: Option<&mut ReadCache>,
    ) -> Self {
        let mut loaded = Self {
            lines: OnceLock::new(),
            id,
            policy_type: document.policy_type,
            source: document.source,
            owner: Some(owner),
            level: None,
            targets: Vec::new(),
            vpc: None,
            endpoint_type: EndpointType::default(),
            text: String::new(),
            origin,
            id_range: None,
            policy: None,
            findings: Vec::new(),
            switched_off: false,
            switched_off_statements: Vec::new(),
        };
        loaded.read_reusing(text, cache);
        loaded
    }

    /// The same policy (id, type, place, level, endpoint, origin) with another text, parsed and
    /// checked: what the policy would be with an edit made.
    pub fn with_text(&self, text: String) -> Self {
        let mut edited = Self {
            lines: OnceLock::new(),
            id: self.id.clone(),
            policy_type: self.policy_type,
            source: self.source,
            owner: self.owner.clone(),
            targets: self.targets.clone(),
            level: self.level.clone(),
            vpc: self.vpc.clone(),
            endpoint_type: self.endpoint_type,
            text: String::new(),
            origin: self.origin,
            id_range: self.id_range,
            policy: None,
            findings: Vec::new(),
            switched_off: self.switched_off,
            switched_off_statements: Vec::new(),
        };
        edited.read(text);
        for switched in &self.switched_off_statements {
            edited.switch_off_statement(&format!("#{}", switched.index));
        }
        edited
    }

    /// Parse and check `text` as this policy's text.
    fn read(&mut self, text: String) {
        self.read_reusing(text, None);
    }

    /// Read `text` as [`LoadedPolicy::read`] does, taking what an earlier read of the same
    /// inputs gave from `cache` when there is one.
    fn read_reusing(&mut self, text: String, cache: Option<&mut ReadCache>) {
        let outcome = match cache {
            Some(cache) => {
                let inputs = ReadInputs {
                    text: text.clone(),
                    policy_type: self.policy_type,
                    endpoint_type: self.endpoint_type,
                    source: self.source,
                    owner: self.owner.clone(),
                    origin: self.origin,
                };
                cache.outcome(inputs, || self.check(&text))
            }
            None => self.check(&text),
        };
        self.text = text;
        self.policy = outcome.policy;
        self.findings = outcome.findings;
    }

    /// Parse and check `text` in this policy's place: the policy and every finding.
    fn check(&self, text: &str) -> ReadOutcome {
        let parsed = parse_policy(text);
        let mut findings = parsed.findings;
        let mut policy = parsed.policy;
        if let Some(policy) = &mut policy {
            findings.extend(lint::check(policy, self.policy_type, self.endpoint_type));
            let limit = SizeLimit::of(self.policy_type, self.source, self.owner.as_deref());
            findings.extend(limit.check(text, policy.span));
            sort_by_position(&mut findings);
            if self.policy_type.takes_principal() {
                needs_principal_too(policy, text, self.policy_type, &mut findings);
                leave_out_statements_without_principal(policy, self.policy_type, &findings);
            }
        }
        // Where the first of a repeated `Sid` is, is said in the text's lines.
        if let Some(policy) = &policy {
            let lines = OnceLock::new();
            let repeated =
                lint::duplicate_sids::check(policy, self.policy_type, self.source, |span| {
                    self.position_in(lines.get_or_init(|| LineIndex::new(text)), text, span)
                });
            if !repeated.is_empty() {
                findings.extend(repeated);
                sort_by_position(&mut findings);
            }
        }
        ReadOutcome { policy, findings }
    }

    /// Whether AWS would refuse the policy: it has an error finding.
    pub fn is_invalid(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    }

    /// The policy text with `repairs` made (at most one per place); `None` when they overlap.
    pub fn repaired_text(&self, repairs: &[&Repair]) -> Option<String> {
        with_repairs(&self.text, repairs, 0)
    }

    /// Left-out statement `left` with `repairs` made, read on its own in a policy of this one's
    /// type and language version, without parsing the whole policy again; `None` when it still
    /// cannot be evaluated. Its spans point into that one-statement text, not this policy's:
    /// it is for deciding requests, not for showing where it is.
    pub fn mended_statement(
        &self,
        left: &LeftOutStatement,
        repairs: &[&Repair],
    ) -> Option<Statement> {
        let written = self.text.get(left.span.start..left.span.end)?;
        let mended = with_repairs(written, repairs, left.span.start)?;
        let version = match self.policy.as_ref()?.version {
            PolicyVersion::V2012 => r#""Version":"2012-10-17","#,
            PolicyVersion::V2008 => r#""Version":"2008-10-17","#,
            PolicyVersion::Absent => "",
        };
        let alone = self.with_text(format!(r#"{{{version}"Statement":[{mended}]}}"#));
        let mut statement = alone.policy?.statements.into_iter().next()?;
        statement.index = left.index;
        Some(statement)
    }

    /// This policy with `statement` (from [`LoadedPolicy::mended_statement`]) evaluated in
    /// place of the left-out statement of its index.
    pub fn with_mended(&self, statement: Statement) -> Self {
        let mut edited = self.clone();
        if let Some(policy) = &mut edited.policy {
            policy.left_out.retain(|left| left.index != statement.index);
            let at = policy
                .statements
                .partition_point(|other| other.index < statement.index);
            policy.statements.insert(at, statement);
        }
        edited
    }

    /// Add the findings that need AWS's service catalog ([`lint::with_catalog`]), keeping
    /// the findings in order of position.
    pub fn check_with_catalog(&mut self, catalog: &Catalog) {
        let found = self.catalog_findings(catalog);
        self.add_findings(found);
    }

    /// The findings that need AWS's service catalog ([`lint::with_catalog`]), without adding
    /// them: they depend on the text alone, so a caller may keep them for unchanged texts.
    pub fn catalog_findings(&self, catalog: &Catalog) -> Vec<Finding> {
        self.policy
            .as_ref()
            .map(|policy| lint::with_catalog::check(policy, catalog))
            .unwrap_or_default()
    }

    /// Add findings made elsewhere, keeping the findings in order of position.
    pub fn add_findings(&mut self, findings: impl IntoIterator<Item = Finding>) {
        self.findings.extend(findings);
        sort_by_position(&mut self.findings);
    }

    /// Where `finding` starts: the id's place in the scenario file for a finding about the id
    /// (when the policy was read from a file), else [`LoadedPolicy::position`] of its span.
    pub fn finding_position(&self, finding: &Finding) -> Position {
        match (finding.subject, self.id_range) {
            (Subject::Id, Some((start, _))) => start,
            _ => self.position(finding.span),
        }
    }

    /// The line and column of `span`'s start: in the scenario file for inline documents,
    /// otherwise in the policy text.
    pub fn position(&self, span: Span) -> Position {
        let lines = self.lines.get_or_init(|| LineIndex::new(&self.text));
        self.position_in(lines, &self.text, span)
    }

    /// Where `span` of `text` (this policy's text, or the one being read) starts in the
    /// scenario, given the text's `lines`.
    fn position_in(&self, lines: &LineIndex, text: &str, span: Span) -> Position {
        let relative = lines.position(text, span.start);
        match self.origin {
            Some(origin) if relative.line == 1 => Position {
                line: origin.line,
                column: origin.column + relative.column - 1,
            },
            Some(origin) => Position {
                line: origin.line + relative.line - 1,
                column: relative.column,
            },
            None => relative,
        }
    }
}

/// `text` with `repairs` made, their spans taken `offset` bytes earlier (for a part of the
/// policy text); `None` when two overlap or one falls outside `text`.
fn with_repairs(text: &str, repairs: &[&Repair], offset: usize) -> Option<String> {
    // Last in the text first, so that the earlier spans still fit; of two at the same place,
    // the one reaching further first, so an insertion there lands before it.
    let mut ordered: Vec<&Repair> = Vec::with_capacity(repairs.len());
    for repair in repairs {
        let key = |r: &Repair| (r.span.start, r.span.end);
        let at = ordered.partition_point(|other| key(other) > key(repair));
        ordered.insert(at, repair);
    }
    if ordered
        .windows(2)
        .any(|pair| pair[1].span.end > pair[0].span.start)
    {
        return None;
    }
    let mut text = text.to_owned();
    for repair in ordered {
        text = repair.apply_at(&text, offset)?;
    }
    Some(text)
}

/// Whether `"Principal": "*"` is a safe repair of a statement written without a principal:
/// AWS's guides write it in endpoint policies, and it is harmless in a Deny; an Allow of a
/// resource-based policy or an RCP made open to everyone would grant far more than was meant.
fn everyone_is_safe(policy_type: PolicyType, effect: Option<Effect>) -> bool {
    policy_type == PolicyType::Endpoint || effect == Some(Effect::Deny)
}

fn everyone_repair(statement_span: Span, mistake: usize) -> Repair {
    let at = statement_span.start + 1;
    Repair {
        summary: "add \"Principal\": \"*\"".into(),
        span: Span::new(at, at),
        replacement: "\"Principal\": \"*\", ".into(),
        mistake,
    }
}

/// A statement left out for another error that also lacks the `Principal` its policy type
/// needs: that is one more finding, and (where safe) one more repair, so that mending the
/// statement lets it in.
fn needs_principal_too(
    policy: &mut Policy,
    text: &str,
    policy_type: PolicyType,
    findings: &mut Vec<Finding>,
) {
    let mut added = false;
    // (A statement that is not an object at all has its one finding already.)
    let is_object = |left: &LeftOutStatement| {
        text.get(left.span.start..)
            .is_some_and(|rest| rest.starts_with('{'))
    };
    for left in policy
        .left_out
        .iter_mut()
        .filter(|l| !l.principal_written && is_object(l))
    {
        let finding = lint::missing_principal(&left.label(), policy_type, left.span);
        left.reasons.push(finding.clone());
        findings.push(finding);
        added = true;
        if everyone_is_safe(policy_type, left.effect) {
            let mistake = left
                .repairs
                .iter()
                .map(|r| r.mistake + 1)
                .max()
                .unwrap_or(0);
            left.repairs.push(everyone_repair(left.span, mistake));
        }
    }
    if added {
        sort_by_position(findings);
    }
}

/// A statement of a policy type that takes a `Principal` but written without one is one AWS
/// refuses; it is moved to the left-out statements, with the `missing-principal` finding and,
/// where it is safe, the repair AWS's guides show (`"Principal": "*"`).
fn leave_out_statements_without_principal(
    policy: &mut Policy,
    policy_type: PolicyType,
    findings: &[Finding],
) {
    if policy.statements.iter().all(|s| s.principal.is_some()) {
        return;
    }
    let (kept, without): (Vec<Statement>, Vec<Statement>) = std::mem::take(&mut policy.statements)
        .into_iter()
        .partition(|statement| statement.principal.is_some());
    policy.statements = kept;
    for statement in without {
        let reasons = findings
            .iter()
            .filter(|f| f.code == "missing-principal" && f.span.start == statement.span.start)
            .cloned()
            .collect();
        let repairs = if everyone_is_safe(policy_type, Some(statement.effect)) {
            vec![everyone_repair(statement.span, 0)]
        } else {
            Vec::new()
        };
        let left = LeftOutStatement {
            index: statement.index,
            sid: statement.sid.clone(),
            sid_span: statement.sid_span,
            effect: Some(statement.effect),
            principal_written: false,
            span: statement.span,
            reasons,
            repairs,
        };
        let position = policy
            .left_out
            .partition_point(|other| other.index < left.index);
        policy.left_out.insert(position, left);
    }
}

/// Every policy of a scenario: the scenario-wide ones in type order then written order, then
/// the documents of the account model.
pub fn load_policies(scenario: &Scenario) -> Vec<LoadedPolicy> {
    let mut loaded = read_all(scenario, |_| None, None);
    duplicate_ids::add_findings(&mut loaded);
    loaded
}

/// [`load_policies`] for the next version of a scenario loaded before with `cache`: a policy
/// whose text and place are unchanged is taken from the cache, not parsed and checked again.
/// The policies are the same as [`load_policies`] gives.
pub fn load_policies_reusing(scenario: &Scenario, cache: &mut ReadCache) -> Vec<LoadedPolicy> {
    let mut loaded = read_all(scenario, |_| None, Some(&mut *cache));
    cache.finish();
    duplicate_ids::add_findings(&mut loaded);
    loaded
}

/// Every policy of a scenario file; inline documents keep their place in the file.
pub fn load_file_policies(file: &ScenarioFile, file_text: &str) -> Vec<LoadedPolicy> {
    let index = LineIndex::new(file_text);
    let mut loaded = read_all(
        &file.scenario,
        |source| {
            let span = *file.document_spans.get(&source)?;
            let text = file_text.get(span.start..span.end)?;
            // String documents hold policy text of their own; positions are within that text.
            (!text.starts_with('"'))
                .then(|| (text.to_owned(), index.position(file_text, span.start)))
        },
        None,
    );
    for policy in &mut loaded {
        policy.id_range = file.id_spans.get(&policy.source).map(|span| {
            (
                index.position(file_text, span.start),
                index.position(file_text, span.end),
            )
        });
    }
    duplicate_ids::add_findings(&mut loaded);
    loaded
}

fn read_all(
    scenario: &Scenario,
    inline: impl Fn(DocumentSource) -> Option<(String, Position)>,
    mut cache: Option<&mut ReadCache>,
) -> Vec<LoadedPolicy> {
    let read = |source: DocumentSource, document: &Document| match inline(source) {
        Some((text, origin)) => (text, Some(origin)),
        None => (document.text(), None),
    };
    let mut loaded = Vec::new();
    for policy_type in PolicyType::ALL {
        for (entry, written) in scenario.policies.of_type(policy_type).iter().enumerate() {
            let source = DocumentSource::Policies { policy_type, entry };
            let (text, origin) = read(source, &written.document);
            let mut policy =
                LoadedPolicy::reading(written, policy_type, text, origin, cache.as_deref_mut());
            policy.source = source;
            loaded.push(policy);
        }
    }
    for document in scenario.model_documents() {
        let (id, owner) = model_names(scenario, document.source);
        let (text, origin) = read(document.source, document.document);
        loaded.push(LoadedPolicy::reading_model(
            id,
            owner,
            document,
            text,
            origin,
            cache.as_deref_mut(),
        ));
    }
    loaded
}

/// The id a document of the model has in the trace, and the ARN it belongs to.
fn model_names(scenario: &Scenario, source: DocumentSource) -> (String, String) {
    let principal = |p: usize| scenario.principals.get(p).map(|p| p.arn.clone());
    let names = match source {
        DocumentSource::Policies { .. } => None,
        DocumentSource::Managed { index } => scenario.managed_policies.get(index).map(|m| {
            let name = m.arn.rsplit('/').next().unwrap_or(&m.arn).to_owned();
            (name, m.arn.clone())
        }),
        DocumentSource::PrincipalInline {
            principal: p,
            index,
        } => scenario
            .principals
            .get(p)
            .and_then(|p| Some((p.inline_policies.get(index)?.name.clone(), p.arn.clone()))),
        DocumentSource::GroupInline { group, index } => scenario
            .groups
            .get(group)
            .and_then(|g| Some((g.inline_policies.get(index)?.name.clone(), g.arn.clone()))),
        DocumentSource::Trust { principal: p } => {
            principal(p).map(|arn| ("trust policy".to_owned(), arn))
        }
        DocumentSource::Resource { resource } => scenario
            .resources
            .get(resource)
            .map(|r| ("resource policy".to_owned(), r.arn.clone())),
        DocumentSource::Session { request } => scenario
            .requests
            .get(request)
            .map(|r| ("session policy".to_owned(), r.principal.clone())),
    };
    names.unwrap_or_else(|| (source.path(), String::new()))
}
