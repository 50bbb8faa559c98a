//! From policy text to the policy model, with a finding for everything that is not as AWS
//! accepts it. Parts that cannot be understood are left out and said to be left out.

use crate::condition::{Condition, Operand, Operator, OperatorError, ValueType};
use crate::finding::{sort_by_position, Finding, Severity};
use crate::json::{self, Member, Node, Value};
use crate::pattern::{Pattern, Syntax, VariableProblem};
use crate::policy::{
    Effect, MatchList, Policy, PolicyVersion, PrincipalId, PrincipalNamespace, PrincipalSet,
    Spanned, Statement,
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
}

impl Parser {
    fn error(&mut self, code: &'static str, message: String, help: &str, span: Span) {
        self.findings
            .push(Finding::new(code, Severity::Error, message, help, span));
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
        let statements = statement_nodes
            .into_iter()
            .enumerate()
            .filter_map(|(index, node)| self.statement(index, node))
            .collect();
        Some(Policy {
            version,
            statements,
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

    fn statement(&mut self, index: usize, node: &Node) -> Option<Statement> {
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
        let mut sid = None;
        let mut effect = None;
        let mut actions: Vec<MatchList> = Vec::new();
        let mut resources: Vec<MatchList> = Vec::new();
        let mut principals: Vec<PrincipalSet> = Vec::new();
        let mut conditions = Vec::new();
        let mut usable = true;
        for member in members {
            let value = &member.value;
            match &*member.name {
                "Sid" => match &value.value {
                    Value::String(text) => sid = Some(text.to_string()),
                    _ => self.wrong_type("`Sid`", "a string", value),
                },
                "Effect" => effect = self.effect(value),
                "Action" | "NotAction" => {
                    let negated = member.name == "NotAction";
                    match self.match_list(member, negated, true) {
                        Some(list) => actions.push(list),
                        None => usable = false,
                    }
                }
                "Resource" | "NotResource" => {
                    let negated = member.name == "NotResource";
                    match self.match_list(member, negated, false) {
                        Some(list) => resources.push(list),
                        None => usable = false,
                    }
                }
                "Principal" | "NotPrincipal" => {
                    match self.principal(value, member.name == "NotPrincipal") {
                        Some(set) => principals.push(set),
                        None => usable = false,
                    }
                }
                "Condition" => match self.conditions(value) {
                    Some(read) => conditions = read,
                    None => usable = false,
                },
                _ => self.unknown_element(member, &KNOWN, "a statement"),
            }
        }
        let statement_start = Span::new(node.span.start, node.span.start + 1);
        let Some(effect) = effect else {
            self.error(
                "missing-effect",
                "the statement has no valid `Effect`".into(),
                &format!("add \"Effect\": \"Allow\" or \"Deny\"; {LEFT_OUT}"),
                statement_start,
            );
            return None;
        };
        let action = self.exactly_one(actions, "Action", "NotAction", statement_start)?;
        // A role's trust policy has no `Resource`: it guards the role it is attached to.
        let resource = if resources.is_empty() && principals.len() == 1 && assumes_role(&action) {
            None
        } else {
            Some(self.exactly_one(resources, "Resource", "NotResource", statement_start)?)
        };
        let principal = match principals.len() {
            0 => None,
            1 => principals.pop(),
            _ => {
                self.error(
                    "principal-and-not-principal",
                    "a statement cannot have both `Principal` and `NotPrincipal`".into(),
                    &format!("keep one of them; {LEFT_OUT}"),
                    statement_start,
                );
                return None;
            }
        };
        if !usable {
            return None;
        }
        Some(Statement {
            index,
            sid,
            effect,
            action,
            resource,
            principal,
            conditions,
            span: node.span,
        })
    }

    fn exactly_one(
        &mut self,
        mut lists: Vec<MatchList>,
        positive: &str,
        negative: &str,
        span: Span,
    ) -> Option<MatchList> {
        match lists.len() {
            1 => lists.pop(),
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
                    "the value is case-sensitive: write \"Allow\" or \"Deny\"",
                    node.span,
                );
                None
            }
            _ => {
                self.wrong_type("`Effect`", "a string", node);
                None
            }
        }
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
                self.error(
                    "invalid-principal",
                    format!("a principal written as a plain string must be \"*\", not `{text}`"),
                    &format!("write {{\"AWS\": \"{text}\"}} (or \"Service\", \"Federated\", \"CanonicalUser\"); {LEFT_OUT}"),
                    node.span,
                );
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
            OperatorError::Unknown { suggestion: Some(name) } => (
                format!("unknown condition operator `{}`", member.name),
                format!("operator names are case-sensitive: did you mean `{name}`?"),
            ),
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
            ["missing-effect", "invalid-effect"]
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
}
