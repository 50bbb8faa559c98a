//! From policy text to the policy model, with a finding for everything that is not as AWS
//! accepts it. Parts that cannot be understood are left out and said to be left out.

use crate::condition::{Condition, Operand, Operator, OperatorError, ValueType};
use crate::finding::{sort_by_position, Finding, Severity};
use crate::json::{self, Member, Node, Value};
use crate::pattern::{Pattern, Syntax, VariableProblem};
use crate::policy::{
    Effect, LeftOutStatement, MatchList, Policy, PolicyVersion, PrincipalId, PrincipalNamespace,
    PrincipalSet, Repair, Spanned, Statement,
};
use crate::span::Span;

/// The outcome of parsing a policy: the model (if the text is a policy at all) and findings.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The policy, or `None` when the text is not JSON or not a policy object.
    pub policy: Option<Policy>,
    /// Everything wrong with the text, in order of appearance.
    pub findings: Vec<Finding>,
}

/// Parse policy text.
pub fn parse_policy(text: &str) -> Parsed {
    match json::parse(text) {
        Ok(node) => parse_policy_node(&node),
        Err(error) => Parsed {
            policy: None,
            findings: vec![Finding::new(
                "json-syntax",
                Severity::Error,
                error.message,
                "fix the JSON syntax here; the policy is left out of evaluation until it parses",
                error.span,
            )],
        },
    }
}

/// Parse a policy from an already-parsed JSON value.
pub fn parse_policy_node(node: &Node) -> Parsed {
    let mut parser = Parser::default();
    let policy = parser.policy(node);
    sort_by_position(&mut parser.findings);
    Parsed {
        policy,
        findings: parser.findings,
    }
}

const LEFT_OUT: &str = "this statement is left out of evaluation";

#[derive(Default)]
struct Parser {
    findings: Vec<Finding>,
    version: Option<PolicyVersion>,
    /// Repairs of the errors found in the statement being read.
    repairs: Vec<Repair>,
    /// How many mistakes have been offered repairs, to tell them apart.
    mistakes: usize,
}

/// What a statement says about itself, kept even when the rest cannot be read.
#[derive(Default)]
struct StatementHead {
    sid: Option<String>,
    sid_span: Option<Span>,
    effect: Option<Effect>,
    principal_written: bool,
}

impl Parser {
    fn error(&mut self, code: &'static str, message: String, help: &str, span: Span) {
        self.findings
            .push(Finding::new(code, Severity::Error, message, help, span));
    }

    /// Offer `alternatives` (summary, span, replacement), each a way to mend the same mistake.
    fn offer(&mut self, alternatives: impl IntoIterator<Item = (String, Span, String)>) {
        let mistake = self.mistakes;
        self.mistakes += 1;
        self.repairs.extend(
            alternatives
                .into_iter()
                .map(|(summary, span, replacement)| Repair {
                    summary,
                    span,
                    replacement,
                    mistake,
                }),
        );
    }

    fn wrong_type(&mut self, what: &str, expected: &str, node: &Node) {
        self.error(
            "wrong-type",
            format!("{what} must be {expected}, not {}", node.value.kind_name()),
            "change the value to the expected type",
            node.span,
        );
    }

    /// Members of an object, reporting duplicates; `None` (with a finding) for non-objects.
    fn members<'n, 't>(&mut self, what: &str, node: &'n Node<'t>) -> Option<&'n [Member<'t>]> {
        let Value::Object(members) = &node.value else {
            self.wrong_type(what, "an object", node);
            return None;
        };
        for (index, member) in members.iter().enumerate() {
            if members[..index].iter().any(|m| m.name == member.name) {
                self.error(
                    "duplicate-element",
                    format!("`{}` appears more than once in {what}", member.name),
                    "keep one; AWS rejects documents with duplicate keys",
                    member.name_span,
                );
            }
        }
        Some(members)
    }

    fn unknown_element(&mut self, member: &Member, known: &[&str], what: &str) {
        let suggestion = known
            .iter()
            .find(|name| name.eq_ignore_ascii_case(&member.name));
        if let Some(name) = suggestion {
            self.offer([(
                format!("write `{name}`"),
                member.name_span,
                json_string(name),
            )]);
        }
        let help = match suggestion {
            Some(name) => format!("element names are case-sensitive: write `{name}`"),
            None => format!("{what} may contain only {}", known.join(", ")),
        };
        self.error(
            "unknown-element",
            format!("unknown element `{}` in {what}", member.name),
            &help,
            member.name_span,
        );
    }

    fn policy(&mut self, node: &Node) -> Option<Policy> {
        let members = self.members("a policy document", node)?;
        const KNOWN: [&str; 3] = ["Version", "Id", "Statement"];
        let mut statement_node = None;
        for member in members {
            match &*member.name {
                "Version" => self.version = self.version(&member.value),
                "Id" => {
                    if !matches!(member.value.value, Value::String(_)) {
                        self.wrong_type("`Id`", "a string", &member.value);
                    }
                }
                "Statement" => statement_node = Some(&member.value),
                _ => self.unknown_element(member, &KNOWN, "a policy document"),
            }
        }
        let version = *self.version.get_or_insert(PolicyVersion::Absent);
        let Some(statement_node) = statement_node else {
            self.error(
                "missing-statement",
                "the policy has no `Statement`".into(),
                "add a \"Statement\" array with at least one statement",
                Span::new(node.span.start, node.span.start + 1),
            );
            return Some(Policy {
                version,
                statements: Vec::new(),
                left_out: Vec::new(),
                span: node.span,
            });
        };
        let statement_nodes: Vec<&Node> = match &statement_node.value {
            Value::Array(items) => items.iter().collect(),
            Value::Object(_) => vec![statement_node],
            _ => {
                self.wrong_type(
                    "`Statement`",
                    "an array of statements or one statement object",
                    statement_node,
                );
                Vec::new()
            }
        };
        let mut statements = Vec::new();
        let mut left_out = Vec::new();
        for (index, node) in statement_nodes.into_iter().enumerate() {
            match self.statement(index, node) {
                Ok(statement) => statements.push(statement),
                Err(left) => left_out.push(*left),
            }
        }
        Some(Policy {
            version,
            statements,
            left_out,
            span: node.span,
        })
    }

    fn version(&mut self, node: &Node) -> Option<PolicyVersion> {
        match &node.value {
            Value::String(text) if text == "2012-10-17" => Some(PolicyVersion::V2012),
            Value::String(text) if text == "2008-10-17" => Some(PolicyVersion::V2008),
            _ => {
                self.error(
                    "invalid-version",
                    "`Version` must be \"2012-10-17\" or \"2008-10-17\"".into(),
                    "use \"2012-10-17\", the current policy language version",
                    node.span,
                );
                None
            }
        }
    }

    fn variables_allowed(&self) -> bool {
        self.version.is_some_and(PolicyVersion::has_variables)
    }

    /// Read one statement; one that cannot be evaluated comes back as left out, with the errors
    /// found in it and the repairs that would mend them.
    fn statement(&mut self, index: usize, node: &Node) -> Result<Statement, Box<LeftOutStatement>> {
        let first_finding = self.findings.len();
        self.repairs.clear();
        let mut head = StatementHead::default();
        match self.statement_body(index, node, &mut head) {
            Some(statement) => Ok(statement),
            None => Err(Box::new(LeftOutStatement {
                index,
                sid: head.sid,
                sid_span: head.sid_span,
                effect: head.effect,
                principal_written: head.principal_written,
                span: node.span,
                reasons: self.findings[first_finding..]
                    .iter()
                    .filter(|finding| finding.severity == Severity::Error)
                    .cloned()
                    .collect(),
                repairs: std::mem::take(&mut self.repairs),
            })),
        }
    }

    fn statement_body(
        &mut self,
        index: usize,
        node: &Node,
        head: &mut StatementHead,
    ) -> Option<Statement> {
        let members = self.members("a statement", node)?;
        const KNOWN: [&str; 9] = [
            "Sid",
            "Effect",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Principal",
            "NotPrincipal",
            "Condition",
        ];
        let mut effect_written = false;
        let (mut action_written, mut resource_written) = (false, false);
        let mut actions: Vec<(MatchList, Span)> = Vec::new();
        let mut resources: Vec<(MatchList, Span)> = Vec::new();
        let mut principals: Vec<(PrincipalSet, Span)> = Vec::new();
        let mut conditions = Vec::new();
        let mut usable = true;
        for (position, member) in members.iter().enumerate() {
            let value = &member.value;
            let removal = removal_span(members, position);
            match &*member.name {
                "Sid" => match &value.value {
                    Value::String(text) => {
                        head.sid = Some(text.to_string());
                        head.sid_span = Some(value.span);
                    }
                    _ => self.wrong_type("`Sid`", "a string", value),
                },
                "Effect" => {
                    effect_written = true;
                    head.effect = self.effect(value);
                }
                "Action" | "NotAction" => {
                    action_written = true;
                    let negated = member.name == "NotAction";
                    match self.match_list(member, negated, true) {
                        Some(list) => actions.push((list, removal)),
                        None => usable = false,
                    }
                }
                "Resource" | "NotResource" => {
                    resource_written = true;
                    let negated = member.name == "NotResource";
                    match self.match_list(member, negated, false) {
                        Some(list) => resources.push((list, removal)),
                        None => usable = false,
                    }
                }
                "Principal" | "NotPrincipal" => {
                    head.principal_written = true;
                    match self.principal(value, member.name == "NotPrincipal") {
                        Some(set) => principals.push((set, removal)),
                        None => usable = false,
                    }
                }
                "Condition" => match self.conditions(value) {
                    Some(read) => conditions = read,
                    None => usable = false,
                },
                // An element AWS does not know (a misspelt `Condition`, say) would be ignored
                // here and change what the statement means: the statement is left out.
                _ => {
                    self.unknown_element(member, &KNOWN, "a statement");
                    usable = false;
                }
            }
        }
        let statement_start = Span::new(node.span.start, node.span.start + 1);
        if !effect_written {
            self.error(
                "missing-effect",
                "the statement has no `Effect`".into(),
                &format!("add \"Effect\": \"Allow\" or \"Deny\"; {LEFT_OUT}"),
                statement_start,
            );
            let separator = if members.is_empty() { "" } else { ", " };
            let at = Span::new(statement_start.end, statement_start.end);
            self.offer(["Allow", "Deny"].map(|effect| {
                (
                    format!("add \"Effect\": \"{effect}\""),
                    at,
                    format!("\"Effect\": \"{effect}\"{separator}"),
                )
            }));
        }
        // An element written but unreadable has its finding already: one finding per mistake.
        let action = if action_written && actions.is_empty() {
            None
        } else {
            self.exactly_one(actions, "Action", "NotAction", statement_start)
        };
        // A role's trust policy has no `Resource`: it guards the role it is attached to.
        let trust_shaped =
            !resource_written && principals.len() == 1 && action.as_ref().is_some_and(assumes_role);
        let resource = if trust_shaped {
            None
        } else if resource_written && resources.is_empty() {
            Some(None)
        } else {
            Some(self.exactly_one(resources, "Resource", "NotResource", statement_start))
        };
        let principal = match principals.len() {
            0 => None,
            1 => principals.pop().map(|(set, _)| set),
            _ => {
                self.error(
                    "principal-and-not-principal",
                    "a statement cannot have both `Principal` and `NotPrincipal`".into(),
                    &format!("keep one of them; {LEFT_OUT}"),
                    statement_start,
                );
                let written: Vec<(bool, Span)> = principals
                    .iter()
                    .map(|(set, removal)| (set.negated, *removal))
                    .collect();
                self.removal_repairs(&written, "Principal", "NotPrincipal");
                return None;
            }
        };
        let effect = head.effect?;
        let action = action?;
        let resource = match resource {
            Some(resource) => Some(resource?),
            None => None,
        };
        if !usable {
            return None;
        }
        Some(Statement {
            index,
            sid: head.sid.clone(),
            sid_span: head.sid_span,
            effect,
            action,
            resource,
            principal,
            conditions,
            span: node.span,
        })
    }

    /// For an element written both ways: the repairs that remove one of them, each given as
    /// whether it is the `Not…` form and the span that removes it.
    fn removal_repairs(&mut self, written: &[(bool, Span)], positive: &str, negative: &str) {
        let removals: Vec<(String, Span, String)> = written
            .iter()
            .map(|&(negated, removal)| {
                let name = if negated { negative } else { positive };
                (format!("remove `{name}`"), removal, String::new())
            })
            .collect();
        self.offer(removals);
    }

    fn exactly_one(
        &mut self,
        mut lists: Vec<(MatchList, Span)>,
        positive: &str,
        negative: &str,
        span: Span,
    ) -> Option<MatchList> {
        match lists.len() {
            1 => lists.pop().map(|(list, _)| list),
            0 => {
                self.error(
                    if positive == "Action" {
                        "missing-action"
                    } else {
                        "missing-resource"
                    },
                    format!("the statement has no `{positive}` or `{negative}`"),
                    &format!("add \"{positive}\"; {LEFT_OUT}"),
                    span,
                );
                None
            }
            _ => {
                self.error(
                    if positive == "Action" {
                        "action-and-not-action"
                    } else {
                        "resource-and-not-resource"
                    },
                    format!("a statement cannot have both `{positive}` and `{negative}`"),
                    &format!("keep one of them; {LEFT_OUT}"),
                    span,
                );
                let written: Vec<(bool, Span)> = lists
                    .iter()
                    .map(|(list, removal)| (list.negated, *removal))
                    .collect();
                self.removal_repairs(&written, positive, negative);
                None
            }
        }
    }

    fn effect(&mut self, node: &Node) -> Option<Effect> {
        match &node.value {
            Value::String(text) if text == "Allow" => Some(Effect::Allow),
            Value::String(text) if text == "Deny" => Some(Effect::Deny),
            Value::String(text) => {
                self.error(
                    "invalid-effect",
                    format!("`Effect` must be \"Allow\" or \"Deny\", not `{text}`"),
                    &format!(
                        "the value is case-sensitive: write \"Allow\" or \"Deny\"; {LEFT_OUT}"
                    ),
                    node.span,
                );
                self.effect_repairs(text, node.span);
                None
            }
            _ => {
                self.wrong_type("`Effect`", "a string", node);
                self.effect_repairs("", node.span);
                None
            }
        }
    }

    /// Repairs that write `"Allow"` or `"Deny"` in place of `written`, the likelier first.
    fn effect_repairs(&mut self, written: &str, span: Span) {
        let lower = written.to_ascii_lowercase();
        let denies = ["den", "forbid", "reject", "block", "refuse"]
            .iter()
            .any(|word| lower.contains(word));
        let order = if denies {
            ["Deny", "Allow"]
        } else {
            ["Allow", "Deny"]
        };
        self.offer(
            order.map(|effect| (format!("write \"{effect}\""), span, format!("\"{effect}\""))),
        );
    }

    /// Strings of a string-or-array element, with spans; `None` after a finding.
    fn strings<'n>(&mut self, what: &str, node: &'n Node<'_>) -> Option<Vec<(&'n str, Span)>> {
        match &node.value {
            Value::String(text) => Some(vec![(&**text, node.span)]),
            Value::Array(items) if !items.is_empty() => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match &item.value {
                        Value::String(text) => out.push((&**text, item.span)),
                        _ => {
                            self.wrong_type(&format!("each entry of {what}"), "a string", item);
                            return None;
                        }
                    }
                }
                Some(out)
            }
            Value::Array(_) => {
                self.error(
                    "empty-element",
                    format!("{what} is an empty list"),
                    &format!("give at least one value; {LEFT_OUT}"),
                    node.span,
                );
                None
            }
            _ => {
                self.wrong_type(what, "a string or an array of strings", node);
                None
            }
        }
    }

    fn match_list(&mut self, member: &Member, negated: bool, is_action: bool) -> Option<MatchList> {
        let what = format!("`{}`", member.name);
        let values = self.strings(&what, &member.value)?;
        let variables = self.variables_allowed();
        let mut patterns = Vec::with_capacity(values.len());
        for (text, span) in values {
            if is_action {
                if text != "*" && !is_action_shaped(text) {
                    self.error(
                        "invalid-action",
                        format!("`{text}` is not an action: actions are written `service:ActionName`"),
                        "write the service prefix, a colon and the action, e.g. `s3:GetObject` or `dynamodb:*`",
                        span,
                    );
                }
                // Actions match case-insensitively and never hold variables.
                patterns.push(Spanned {
                    value: Pattern::without_variables(text.to_ascii_lowercase(), true),
                    text: text.to_owned(),
                    span,
                });
            } else {
                let outside = variables && variable_before_resource_part(text);
                if outside {
                    self.findings.push(Finding::new(
                        "variable-outside-resource-part",
                        Severity::Warning,
                        format!("`{text}` has a policy variable before the resource part of the ARN; AWS substitutes variables only after the fifth colon, so here it is plain text"),
                        "write the account or region itself, or `*` with a condition on `aws:PrincipalAccount` or `aws:ResourceAccount`",
                        span,
                    ));
                }
                let pattern = Pattern::parse(
                    text,
                    Syntax {
                        wildcards: true,
                        variables: variables && !outside,
                    },
                );
                self.check_variables(&pattern, text, span);
                patterns.push(Spanned {
                    value: pattern,
                    text: text.to_owned(),
                    span,
                });
            }
        }
        Some(MatchList {
            negated,
            patterns,
            span: member.name_span,
        })
    }

    fn check_variables(&mut self, pattern: &Pattern, text: &str, span: Span) {
        if !self.variables_allowed() && text.contains("${") {
            self.findings.push(Finding::new(
                "variable-in-old-version",
                Severity::Warning,
                format!("`{text}` looks like a policy variable, but variables work only in \"Version\": \"2012-10-17\" policies; here it is plain text"),
                "set \"Version\": \"2012-10-17\" to substitute policy variables",
                span,
            ));
        }
        for problem in pattern.problems() {
            let (message, help) = match problem {
                VariableProblem::Unclosed => (
                    format!("`${{` in `{text}` is never closed, so it is plain text"),
                    "close the variable with `}`, or write `${$}` for a literal `$`".to_owned(),
                ),
                VariableProblem::Empty => (
                    format!("`${{}}` in `{text}` names no key"),
                    "write a key inside, e.g. `${aws:username}`".to_owned(),
                ),
                VariableProblem::BadDefault(default) => (
                    format!("the default `{default}` in `{text}` is not in single quotes"),
                    format!("write the default as `'{default}'`"),
                ),
            };
            self.findings.push(Finding::new(
                "variable-syntax",
                Severity::Warning,
                message,
                help,
                span,
            ));
        }
    }

    fn principal(&mut self, node: &Node, negated: bool) -> Option<PrincipalSet> {
        let mut ids = Vec::new();
        match &node.value {
            Value::String(text) if text == "*" => ids.push(PrincipalId {
                namespace: PrincipalNamespace::Aws,
                value: "*".into(),
                span: node.span,
            }),
            Value::String(text) => {
                let namespace = if text.ends_with(".amazonaws.com") {
                    "Service"
                } else {
                    "AWS"
                };
                self.error(
                    "invalid-principal",
                    format!("a principal written as a plain string must be \"*\", not `{text}`"),
                    &format!("write {{\"{namespace}\": \"{text}\"}} (or \"Service\", \"Federated\", \"CanonicalUser\"); {LEFT_OUT}"),
                    node.span,
                );
                self.offer([(
                    format!("write {{\"{namespace}\": \"{text}\"}}"),
                    node.span,
                    format!("{{\"{namespace}\": {}}}", json_string(text)),
                )]);
                return None;
            }
            Value::Object(_) => {
                let members = self.members("`Principal`", node)?;
                for member in members {
                    let Some(namespace) = PrincipalNamespace::from_key(&member.name) else {
                        self.unknown_element(
                            member,
                            &["AWS", "Service", "Federated", "CanonicalUser"],
                            "`Principal`",
                        );
                        return None;
                    };
                    for (value, span) in
                        self.strings(&format!("`{}`", member.name), &member.value)?
                    {
                        if value != "*" && value.contains('*') {
                            self.findings.push(Finding::new(
                                "partial-wildcard-principal",
                                Severity::Error,
                                format!("`{value}` has a wildcard in part of a principal, which AWS does not support; it matches no principal"),
                                "write \"*\" and limit callers with a condition such as `ArnLike` on `aws:PrincipalArn`",
                                span,
                            ));
                        }
                        ids.push(PrincipalId {
                            namespace,
                            value: value.to_owned(),
                            span,
                        });
                    }
                }
            }
            _ => {
                self.wrong_type("`Principal`", "\"*\" or an object", node);
                return None;
            }
        }
        Some(PrincipalSet {
            negated,
            ids,
            span: node.span,
        })
    }

    /// The statement's conditions; `None` (after findings) when any part of the block cannot be
    /// read: leaving it out would make the statement apply more widely than written.
    fn conditions(&mut self, node: &Node) -> Option<Vec<Condition>> {
        let operators = self.members("`Condition`", node)?;
        let mut conditions = Vec::new();
        let mut readable = true;
        for operator_member in operators {
            let operator = match Operator::parse(&operator_member.name) {
                Ok(operator) => operator,
                Err(error) => {
                    self.unknown_operator(operator_member, error);
                    readable = false;
                    continue;
                }
            };
            let Some(keys) = self.members(
                &format!("`{}`", operator_member.name),
                &operator_member.value,
            ) else {
                readable = false;
                continue;
            };
            for key_member in keys {
                match self.condition(operator, &operator_member.name, key_member) {
                    Some(condition) => conditions.push(condition),
                    None => readable = false,
                }
            }
        }
        readable.then_some(conditions)
    }

    fn unknown_operator(&mut self, member: &Member, error: OperatorError) {
        let (message, help) = match error {
            OperatorError::Unknown { suggestion: Some(name) } => {
                self.offer([(
                    format!("write `{name}`"),
                    member.name_span,
                    json_string(&name),
                )]);
                let help = if name.eq_ignore_ascii_case(&member.name) {
                    format!("operator names are case-sensitive: write `{name}`")
                } else {
                    format!("did you mean `{name}`?")
                };
                (
                    format!("unknown condition operator `{}`", member.name),
                    help,
                )
            }
            OperatorError::Unknown { suggestion: None } => (
                format!("unknown condition operator `{}`", member.name),
                "use one of AWS's operators, e.g. StringEquals, StringLike, ArnLike, IpAddress, Bool, NumericLessThan, DateGreaterThan, Null".to_owned(),
            ),
            OperatorError::UnknownQualifier(prefix) => (
                format!("unknown set qualifier `{prefix}` in `{}`", member.name),
                "the qualifiers are `ForAllValues:` and `ForAnyValue:`".to_owned(),
            ),
        };
        self.error(
            "unknown-operator",
            message,
            &format!("{help}; {LEFT_OUT}"),
            member.name_span,
        );
    }

    fn condition(
        &mut self,
        operator: Operator,
        operator_text: &str,
        member: &Member,
    ) -> Option<Condition> {
        let node = &member.value;
        let raw_values: Vec<Option<(String, Span)>> = match &node.value {
            Value::Array(items) => items.iter().map(|item| self.scalar(item)).collect(),
            _ => vec![self.scalar(node)],
        };
        // A value of the wrong type is reported; the condition is unusable without it.
        let raw_values: Vec<(String, Span)> = raw_values.into_iter().collect::<Option<_>>()?;
        let variables = self.variables_allowed();
        let mut values = Vec::with_capacity(raw_values.len());
        let mut readable = true;
        for (text, span) in raw_values {
            let operand = Operand::parse(operator.kind, &text, variables);
            match &operand {
                Operand::Invalid => {
                    self.invalid_value(operator, &text, span);
                    readable = false;
                }
                Operand::Text(pattern) => self.check_variables(pattern, &text, span),
                _ => {}
            }
            values.push((operand, text, span));
        }
        // A value the operator cannot read would make a negated operator always hold.
        if !readable {
            return None;
        }
        Some(Condition {
            operator,
            operator_text: operator_text.to_owned(),
            key: member.name.to_string(),
            key_lower: member.name.to_lowercase(),
            values,
            span: Span::new(member.name_span.start, node.span.end),
        })
    }

    fn scalar(&mut self, node: &Node) -> Option<(String, Span)> {
        match &node.value {
            Value::String(text) => Some((text.to_string(), node.span)),
            Value::Number(text) => Some(((*text).to_owned(), node.span)),
            Value::Bool(value) => Some((value.to_string(), node.span)),
            _ => {
                self.wrong_type("a condition value", "a string, number or boolean", node);
                None
            }
        }
    }

    fn invalid_value(&mut self, operator: Operator, text: &str, span: Span) {
        let expected = match operator.kind.value_type() {
            ValueType::Numeric => "a number, e.g. `10` or `2.5`",
            ValueType::Date => "an ISO 8601 date such as `2026-01-31T00:00:00Z`, or epoch seconds",
            ValueType::Bool | ValueType::Null => "`true` or `false`",
            ValueType::Ip => "an IPv4 or IPv6 address or CIDR range, e.g. `203.0.113.0/24`",
            ValueType::String | ValueType::Arn | ValueType::Binary => "text",
        };
        self.error(
            "invalid-condition-value",
            format!("`{text}` cannot be read by `{}`", operator.kind.name()),
            &format!("write {expected}; {LEFT_OUT}"),
            span,
        );
    }
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The span whose removal takes `members[position]` out of its object and leaves valid JSON:
/// up to the next member's name, or from the end of the previous member's value.
fn removal_span(members: &[Member], position: usize) -> Span {
    let member = &members[position];
    match (position.checked_sub(1), members.get(position + 1)) {
        (_, Some(next)) => Span::new(member.name_span.start, next.name_span.start),
        (Some(previous), None) => {
            Span::new(members[previous].value.span.end, member.value.span.end)
        }
        (None, None) => Span::new(member.name_span.start, member.value.span.end),
    }
}

/// Whether a `${…}` comes before the resource part of an ARN (its fifth colon): AWS substitutes
/// policy variables only in the resource part.
fn variable_before_resource_part(text: &str) -> bool {
    if !text.starts_with("arn:") {
        return false;
    }
    let resource_part = text
        .match_indices(':')
        .nth(4)
        .map_or(text.len(), |(colon, _)| colon + 1);
    text[..resource_part].contains("${")
}

/// Whether `action` lists only STS actions, as a role's trust policy does
/// (`sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:TagSession`, …).
fn assumes_role(action: &MatchList) -> bool {
    !action.negated
        && action
            .patterns
            .iter()
            .all(|pattern| pattern.text.to_ascii_lowercase().starts_with("sts:"))
}

fn is_action_shaped(text: &str) -> bool {
    match text.split_once(':') {
        Some((service, action)) => {
            !service.is_empty()
                && !action.is_empty()
                && service
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !action.contains(':')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        parse_policy(text).findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn parses_a_seed_policy() {
        let parsed = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","Action":"dynamodb:*",
            "Resource":"arn:aws:dynamodb:us-east-1:111122223333:table/*",
            "Condition":{"StringNotEquals":{"aws:sourceVpce":"vpce-11aa22bb"}}}]}"#,
        );
        assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
        let policy = parsed.policy.unwrap();
        let statement = &policy.statements[0];
        assert_eq!(statement.effect, Effect::Deny);
        assert_eq!(statement.conditions[0].key_lower, "aws:sourcevpce");
    }

    #[test]
    fn single_statement_object_is_accepted() {
        let parsed = parse_policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
        );
        assert_eq!(parsed.policy.unwrap().statements.len(), 1);
    }

    #[test]
    fn structural_findings() {
        assert_eq!(codes("{"), ["json-syntax"]);
        assert_eq!(codes("[]"), ["wrong-type"]);
        assert_eq!(codes(r#"{"Version":"2012-10-17"}"#), ["missing-statement"]);
        assert_eq!(
            codes(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:*","Resource":"*"}]}"#
            ),
            // One finding per mistake: the effect is there, but not one AWS accepts.
            ["invalid-effect"]
        );
        assert_eq!(
            codes(r#"{"Version":"2012-10-17","Statement":[{"Action":"s3:*","Resource":"*"}]}"#),
            ["missing-effect"]
        );
        // An element written with a value of the wrong type is not also said to be missing.
        assert_eq!(
            codes(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":5,"Resource":[]}]}"#
            ),
            ["wrong-type", "empty-element"]
        );
        assert_eq!(
            codes(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}]}"#
            ),
            ["action-and-not-action"]
        );
        assert_eq!(
            codes(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"a":"b"}}}]}"#
            ),
            ["unknown-operator"]
        );
        assert_eq!(
            codes(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}}]}"#
            ),
            ["invalid-condition-value"]
        );
        assert_eq!(
            codes(
                r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}]}"#
            ),
            ["variable-in-old-version"]
        );
        assert_eq!(
            codes(r#"{"Version":"2012-10-17","Statment":[]}"#),
            ["missing-statement", "unknown-element"]
        );
    }

    #[test]
    fn version_belongs_to_the_document_not_a_statement() {
        let parsed = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Version":"2012-10-17","Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        );
        let finding = &parsed.findings[0];
        assert_eq!(finding.code, "unknown-element");
        assert!(!finding.help.contains("Version"), "{}", finding.help);
    }

    #[test]
    fn unknown_operator_suggests_the_right_case() {
        let parsed = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"stringequals":{"a":"b"}}}]}"#,
        );
        assert!(parsed.findings[0].help.contains("`StringEquals`"));
    }

    #[test]
    fn a_variable_before_an_arns_resource_part_is_plain_text() {
        let parsed = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":["arn:aws:iam::${aws:PrincipalAccount}:user/*","arn:aws:iam::111122223333:user/${aws:username}","arn:aws:s3:::${aws:username}/*"]}]}"#,
        );
        let codes: Vec<&str> = parsed.findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["variable-outside-resource-part"]);
        let resource = parsed.policy.unwrap().statements[0]
            .resource
            .clone()
            .unwrap();
        let vars = crate::condition::NoVariables;
        assert!(resource.patterns[0]
            .value
            .is_match("arn:aws:iam::${aws:PrincipalAccount}:user/bob", &vars));
    }

    #[test]
    fn a_partial_wildcard_in_a_principal_is_an_error() {
        assert_eq!(
            codes(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/*","*"]},"Action":"s3:*","Resource":"*"}]}"#
            ),
            ["partial-wildcard-principal"]
        );
    }

    #[test]
    fn a_trust_policy_statement_needs_no_resource() {
        let trust = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#,
        );
        assert!(trust.findings.is_empty(), "{:?}", trust.findings);
        assert!(trust.policy.unwrap().statements[0].resource.is_none());
        // Other statements still need one: without a Principal, or for other actions.
        assert_eq!(
            codes(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#
            ),
            ["missing-resource"]
        );
        assert_eq!(
            codes(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["sts:AssumeRole","s3:GetObject"]}]}"#
            ),
            ["missing-resource"]
        );
    }

    #[test]
    fn a_condition_block_that_cannot_be_read_leaves_its_statement_out() {
        // Dropping only the unreadable part would make the statement apply unconditionally.
        for (condition, code) in [
            (
                r#"{"StringEqualz":{"aws:PrincipalTag/team":"a"}}"#,
                "unknown-operator",
            ),
            (
                r#"{"ForAllValue:StringEquals":{"aws:TagKeys":"a"}}"#,
                "unknown-operator",
            ),
            (
                r#"{"NullIfExists":{"aws:TagKeys":"true"}}"#,
                "unknown-operator",
            ),
            (
                r#"{"StringEquals":{"aws:PrincipalTag/team":"a"},"stringequals":{"aws:username":"b"}}"#,
                "unknown-operator",
            ),
            (r#""StringEquals""#, "wrong-type"),
            (r#"{"StringEquals":"aws:PrincipalTag/team"}"#, "wrong-type"),
            (
                r#"{"StringEquals":{"aws:PrincipalTag/team":["a",{"b":1}]}}"#,
                "wrong-type",
            ),
            // A negated operator with a value it cannot read would hold for every request.
            (
                r#"{"NumericNotEquals":{"s3:max-keys":"ten"}}"#,
                "invalid-condition-value",
            ),
            (
                r#"{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","not an address"]}}"#,
                "invalid-condition-value",
            ),
        ] {
            let parsed = parse_policy(&format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{condition}}},{{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}]}}"#
            ));
            let statements = &parsed.policy.as_ref().unwrap().statements;
            assert_eq!(statements.len(), 1, "{condition}");
            assert_eq!(statements[0].index, 1, "{condition}");
            assert_eq!(
                parsed.findings.len(),
                1,
                "{condition}: {:?}",
                parsed.findings
            );
            assert_eq!(parsed.findings[0].code, code, "{condition}");
        }
        let unknown = parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"a":"b"}}}]}"#,
        );
        assert!(
            unknown.findings[0].help.ends_with(LEFT_OUT),
            "{}",
            unknown.findings[0].help
        );
    }

    /// The repaired text of statement 0 of `text` for each of its repairs.
    fn repaired(text: &str) -> Vec<String> {
        let policy = parse_policy(text).policy.unwrap();
        policy.left_out[0]
            .repairs
            .iter()
            .map(|repair| repair.apply_to(text).unwrap())
            .collect()
    }

    #[test]
    fn a_left_out_statement_keeps_its_place_reasons_and_repairs() {
        let text = r#"{"Version":"2012-10-17","Statement":[
            {"Sid":"Fine","Effect":"Allow","Action":"s3:*","Resource":"*"},
            {"Sid":"Typo","Effect":"Permit","Action":"s3:GetObject","Resource":"*"}]}"#;
        let policy = parse_policy(text).policy.unwrap();
        assert_eq!(policy.statements.len(), 1);
        let left = &policy.left_out[0];
        assert_eq!(
            (left.index, left.label(), left.effect),
            (1, "Typo".into(), None)
        );
        assert_eq!(&text[left.span.start..left.span.start + 8], r#"{"Sid":""#);
        let codes: Vec<&str> = left.reasons.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["invalid-effect"]);
        let summaries: Vec<&str> = left.repairs.iter().map(|r| r.summary.as_str()).collect();
        assert_eq!(summaries, [r#"write "Allow""#, r#"write "Deny""#]);
        let mended = left.repairs[0].apply_to(text).unwrap();
        assert!(mended.contains(r#""Effect":"Allow","Action":"s3:GetObject""#));
        let reparsed = parse_policy(&mended);
        assert!(reparsed.findings.is_empty(), "{:?}", reparsed.findings);
        assert_eq!(reparsed.policy.unwrap().statements.len(), 2);
    }

    #[test]
    fn a_deny_like_effect_offers_deny_first() {
        let text = r#"{"Statement":[{"Effect":"Denied","Action":"s3:*","Resource":"*"}]}"#;
        let policy = parse_policy(text).policy.unwrap();
        assert_eq!(policy.left_out[0].repairs[0].summary, r#"write "Deny""#);
    }

    #[test]
    fn repairs_mend_each_kind_of_left_out_statement() {
        let base =
            |statement: &str| format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#);
        let cases = [
            // A misspelt operator: the nearest one, with its qualifier.
            (
                r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue:StringEqualz":{"aws:TagKeys":"a"}}}"#,
                r#""ForAnyValue:StringEquals""#,
            ),
            // `Action` beside `NotAction`: remove either one.
            (
                r#"{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}"#,
                r#"{"Effect":"Allow","NotAction":"s3:Get*","Resource":"*"}"#,
            ),
            // A plain-string principal: the object AWS reads.
            (
                r#"{"Effect":"Allow","Principal":"arn:aws:iam::111122223333:root","Action":"s3:*","Resource":"*"}"#,
                r#""Principal":{"AWS": "arn:aws:iam::111122223333:root"}"#,
            ),
            (
                r#"{"Effect":"Allow","Principal":"logs.amazonaws.com","Action":"s3:*","Resource":"*"}"#,
                r#"{"Service": "logs.amazonaws.com"}"#,
            ),
            // No effect at all: one is added.
            (
                r#"{"Action":"s3:*","Resource":"*"}"#,
                r#"{"Effect": "Allow", "Action":"s3:*""#,
            ),
            // A misspelt element name in its case.
            (
                r#"{"Effect":"Allow","action":"s3:*","Resource":"*"}"#,
                r#""Action":"s3:*""#,
            ),
        ];
        for (statement, expected) in cases {
            let text = base(statement);
            let mended = repaired(&text);
            let first = &mended[0];
            assert!(first.contains(expected), "{statement}: {first}");
            let reparsed = parse_policy(first);
            assert_eq!(reparsed.policy.unwrap().left_out.len(), 0, "{first}");
        }
        // Both removals of a doubled element read back as a statement.
        let text = base(
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"arn:aws:s3:::b"}"#,
        );
        for mended in repaired(&text) {
            assert_eq!(
                parse_policy(&mended).policy.unwrap().statements.len(),
                1,
                "{mended}"
            );
        }
    }

    #[test]
    fn an_error_with_no_known_repair_has_none() {
        let text = r#"{"Statement":[{"Effect":"Allow","Resource":"*"}]}"#;
        let policy = parse_policy(text).policy.unwrap();
        assert_eq!(policy.left_out[0].reasons[0].code, "missing-action");
        assert!(policy.left_out[0].repairs.is_empty());
    }
}
