//! The policy text as coloured pieces: JSON structure, the policy's element names, condition
//! operators and keys, service prefixes and actions, ARNs and `${…}` variables. One pass over
//! the bytes that tolerates any text (half-typed JSON included): what it cannot place is
//! classed [`Class::Invalid`] and the scan goes on.

use std::ops::Range;

use precedence::condition::Operator;

/// What a piece of the text is, for its colour: each is a CSS class ([`Class::css`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// `{`, `}`, `[` or `]`.
    Bracket,
    /// `:` or `,`.
    Punct,
    /// A member name the policy grammar does not give a meaning (inside free-form objects).
    Key,
    /// A policy element's name where it belongs (`Effect` in a statement).
    Element,
    /// A member name where only element names belong, that is none of them.
    UnknownElement,
    /// A condition operator AWS knows.
    Operator,
    /// A member of a `Condition` block that is no condition operator.
    UnknownOperator,
    /// A condition key (the members under an operator).
    ConditionKey,
    /// A string with no more particular meaning.
    String,
    /// `Allow` or `Deny` as an `Effect`.
    Effect,
    /// A value where only a few are allowed (an `Effect`, an action) that is none of them.
    UnknownValue,
    /// The service prefix of an action, with its colon (`s3:`).
    Service,
    /// An action's name (`GetObject`).
    Action,
    /// `*` or `?` in an action, or a lone `*`.
    Wildcard,
    /// A string that starts `arn:`.
    Arn,
    /// A policy variable, `${aws:username}`.
    Variable,
    /// A number.
    Number,
    /// `true`, `false` or `null`.
    Literal,
    /// Text that is not JSON.
    Invalid,
}

impl Class {
    /// The CSS class the piece is drawn with.
    pub fn css(self) -> &'static str {
        match self {
            Class::Bracket => "tok-bracket",
            Class::Punct => "tok-punct",
            Class::Key => "tok-key",
            Class::Element => "tok-element",
            Class::UnknownElement => "tok-unknown-element",
            Class::Operator => "tok-operator",
            Class::UnknownOperator => "tok-unknown-operator",
            Class::ConditionKey => "tok-condition-key",
            Class::String => "tok-string",
            Class::Effect => "tok-effect",
            Class::UnknownValue => "tok-unknown-value",
            Class::Service => "tok-service",
            Class::Action => "tok-action",
            Class::Wildcard => "tok-wildcard",
            Class::Arn => "tok-arn",
            Class::Variable => "tok-variable",
            Class::Number => "tok-number",
            Class::Literal => "tok-literal",
            Class::Invalid => "tok-invalid",
        }
    }
}

/// One coloured piece: bytes `start..end` of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// First byte.
    pub start: usize,
    /// Byte after the last.
    pub end: usize,
    /// What it is.
    pub class: Class,
}

/// What a whole text is: a policy document, or a scenario file whose policy documents are
/// written inline (as objects) under `document`, `trust_policy` and `policy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grammar {
    /// A policy document.
    #[default]
    Policy,
    /// A scenario.
    Scenario,
}

impl Grammar {
    /// The role of the text's outermost value.
    fn root(self) -> Role {
        match self {
            Grammar::Policy => Role::Document,
            Grammar::Scenario => Role::Scenario,
        }
    }
}

/// What the values under a member (or the members of an object) mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A scenario's own objects and lists, around its policy documents.
    Scenario,
    /// The policy document (the outermost object of a policy).
    Document,
    /// A statement (or the `Statement` list).
    Statement,
    /// `Effect`.
    Effect,
    /// `Action` or `NotAction`.
    Action,
    /// `Resource` or `NotResource`.
    Resource,
    /// `Principal` or `NotPrincipal`.
    Principal,
    /// The values under `AWS`, `Service`, … in a principal.
    PrincipalValue,
    /// The `Condition` block.
    Condition,
    /// The block under one operator (its members are condition keys).
    Operator,
    /// The values of a condition key.
    ConditionValue,
    /// `Version`.
    Version,
    /// Anything else.
    Plain,
}

/// The element names of a policy document.
pub const DOCUMENT_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
/// The element names of a statement.
pub const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
/// The kinds of principal.
pub const PRINCIPAL_ELEMENTS: [&str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

/// The element names allowed in an object of `role`, if it has a fixed set.
pub fn elements_of(role: Role) -> Option<&'static [&'static str]> {
    match role {
        Role::Document => Some(&DOCUMENT_ELEMENTS),
        Role::Statement => Some(&STATEMENT_ELEMENTS),
        Role::Principal => Some(&PRINCIPAL_ELEMENTS),
        _ => None,
    }
}

/// What the value of member `name` of an object of `role` means.
fn member_role(role: Role, name: &str) -> Role {
    match (role, name) {
        (Role::Scenario, "document" | "trust_policy" | "policy") => Role::Document,
        (Role::Scenario, _) => Role::Scenario,
        (Role::Document, "Statement") => Role::Statement,
        (Role::Document, "Version") => Role::Version,
        (Role::Statement, "Effect") => Role::Effect,
        (Role::Statement, "Action" | "NotAction") => Role::Action,
        (Role::Statement, "Resource" | "NotResource") => Role::Resource,
        (Role::Statement, "Principal" | "NotPrincipal") => Role::Principal,
        (Role::Statement, "Condition") => Role::Condition,
        (Role::Principal, _) => Role::PrincipalValue,
        (Role::Condition, _) => Role::Operator,
        (Role::Operator, _) => Role::ConditionValue,
        _ => Role::Plain,
    }
}

/// The class of member name `name` in an object of `role`.
fn key_class(role: Role, name: &str) -> Class {
    match role {
        Role::Condition if Operator::parse(name).is_ok() => Class::Operator,
        Role::Condition => Class::UnknownOperator,
        Role::Operator => Class::ConditionKey,
        _ => match elements_of(role) {
            Some(names) if names.contains(&name) => Class::Element,
            Some(_) => Class::UnknownElement,
            None => Class::Key,
        },
    }
}

/// An open object or array.
#[derive(Debug, Clone, Copy)]
enum Frame {
    Object {
        role: Role,
        /// The role of the member being written, once its name is.
        member: Option<Role>,
        /// Whether a member name comes next.
        expect_key: bool,
        /// Where the `{` is.
        start: usize,
    },
    Array {
        role: Role,
    },
}

/// Where a string or a gap of the text stands in the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A member name of an object of this role.
    Key(Role),
    /// A value of this role.
    Value(Role),
}

/// What [`context_at`] found at an offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// Key or value, and of what.
    pub slot: Slot,
    /// The contents of the string the offset is in (quotes excluded), if it is in one.
    pub string: Option<Range<usize>>,
    /// The action strings (contents) of the statement the offset is in.
    pub statement_actions: Vec<Range<usize>>,
}

/// The scanner's state: the open objects and arrays, what it found.
struct Scanner<'t> {
    text: &'t str,
    /// The role of the outermost value.
    root: Role,
    stack: Vec<Frame>,
    tokens: Vec<Token>,
    /// Action strings (contents), each with the start of its statement.
    actions: Vec<(usize, Range<usize>)>,
    /// What to look for: an offset, and what was found there.
    probe: Option<(usize, Option<Found>)>,
}

/// What the probe found: the slot, the string it is in, and its statement's start.
type Found = (Slot, Option<Range<usize>>, Option<usize>);

/// The pieces of `text`, a text of `grammar`, in order, not overlapping; whitespace is in none.
pub fn tokenize(text: &str, grammar: Grammar) -> Vec<Token> {
    let mut scanner = Scanner::new(text, grammar, None);
    scanner.run();
    scanner.tokens
}

/// Where `offset` (a byte offset) stands: in which kind of string or gap, and the actions of
/// its statement (for the condition keys and ARN formats they support), in a text of `grammar`.
pub fn context_at(text: &str, offset: usize, grammar: Grammar) -> Context {
    let mut scanner = Scanner::new(text, grammar, Some(offset.min(text.len())));
    scanner.run();
    let found = scanner.probe.take().and_then(|(_, found)| found);
    let (slot, string, statement) = match found {
        Some(found) => found,
        None => (scanner.slot(), None, scanner.statement_start()),
    };
    let statement_actions = statement
        .map(|start| {
            scanner
                .actions
                .iter()
                .filter(|(of, _)| *of == start)
                .map(|(_, range)| range.clone())
                .collect()
        })
        .unwrap_or_default();
    Context {
        slot,
        string,
        statement_actions,
    }
}

/// Where the string starting at byte `start` (a `"`) ends: after its closing quote, or at the
/// end of its line when it has none (strings do not span lines).
pub(super) fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'"' => return at + 1,
            b'\n' => return at,
            b'\\' if bytes.get(at + 1).is_some_and(|&next| next != b'\n') => at += 2,
            _ => at += 1,
        }
    }
    bytes.len()
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str, grammar: Grammar, probe: Option<usize>) -> Self {
        Scanner {
            text,
            root: grammar.root(),
            stack: Vec::new(),
            tokens: Vec::with_capacity(text.len() / 6),
            actions: Vec::new(),
            probe: probe.map(|at| (at, None)),
        }
    }

    fn run(&mut self) {
        let bytes = self.text.as_bytes();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            if let Some((offset, None)) = self.probe {
                if at >= offset {
                    self.found(self.slot(), None);
                }
            }
            match byte {
                b' ' | b'\t' | b'\n' | b'\r' => at += 1,
                b'"' => {
                    let end = string_end(bytes, at);
                    self.string(at, end);
                    at = end;
                }
                b'{' | b'[' => {
                    self.push(at, at + 1, Class::Bracket);
                    self.open(byte == b'{', at);
                    at += 1;
                }
                b'}' | b']' => {
                    self.push(at, at + 1, Class::Bracket);
                    self.stack.pop();
                    at += 1;
                }
                b':' => {
                    self.push(at, at + 1, Class::Punct);
                    at += 1;
                }
                b',' => {
                    self.push(at, at + 1, Class::Punct);
                    if let Some(Frame::Object {
                        member, expect_key, ..
                    }) = self.stack.last_mut()
                    {
                        *member = None;
                        *expect_key = true;
                    }
                    at += 1;
                }
                _ => {
                    let end = bytes[at..]
                        .iter()
                        .position(|b| b" \t\r\n{}[]:,\"".contains(b))
                        .map_or(bytes.len(), |length| at + length);
                    let word = &self.text[at..end];
                    let class = match word {
                        "true" | "false" | "null" => Class::Literal,
                        _ if word.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => {
                            Class::Number
                        }
                        _ => Class::Invalid,
                    };
                    self.push(at, end, class);
                    at = end;
                }
            }
        }
        if let Some((_, None)) = self.probe {
            self.found(self.slot(), None);
        }
    }

    /// Record what the probe found, once.
    fn found(&mut self, slot: Slot, string: Option<Range<usize>>) {
        let statement = self.statement_start();
        if let Some((_, found @ None)) = &mut self.probe {
            *found = Some((slot, string, statement));
        }
    }

    /// What comes next where the scan is.
    fn slot(&self) -> Slot {
        match self.stack.last() {
            None => Slot::Value(self.root),
            Some(Frame::Object {
                role,
                expect_key: true,
                ..
            }) => Slot::Key(*role),
            Some(Frame::Object { member, .. }) => Slot::Value(member.unwrap_or(Role::Plain)),
            Some(Frame::Array { role }) => Slot::Value(*role),
        }
    }

    /// Where the innermost open statement starts.
    fn statement_start(&self) -> Option<usize> {
        self.stack.iter().rev().find_map(|frame| match frame {
            Frame::Object {
                role: Role::Statement,
                start,
                ..
            } => Some(*start),
            _ => None,
        })
    }

    fn open(&mut self, object: bool, at: usize) {
        let role = match self.slot() {
            Slot::Value(role) => role,
            Slot::Key(_) => Role::Plain,
        };
        let frame = if object {
            let role = match role {
                Role::Scenario
                | Role::Document
                | Role::Statement
                | Role::Principal
                | Role::Condition
                | Role::Operator => role,
                _ => Role::Plain,
            };
            Frame::Object {
                role,
                member: None,
                expect_key: true,
                start: at,
            }
        } else {
            Frame::Array { role }
        };
        self.stack.push(frame);
    }

    /// A string from its opening quote at `start` to `end`.
    fn string(&mut self, start: usize, end: usize) {
        let closed = end > start + 1 && self.text.as_bytes()[end - 1] == b'"';
        let contents = start + 1..if closed { end - 1 } else { end };
        let slot = self.slot();
        if let Some((offset, None)) = self.probe {
            if offset > start && offset <= contents.end {
                self.found(slot, Some(contents.clone()));
            }
        }
        match slot {
            Slot::Key(role) => {
                let name = &self.text[contents.clone()];
                self.push(start, end, key_class(role, name));
                if let Some(Frame::Object {
                    member, expect_key, ..
                }) = self.stack.last_mut()
                {
                    *member = Some(member_role(role, name));
                    *expect_key = false;
                }
            }
            Slot::Value(role) => {
                if role == Role::Action {
                    if let Some(statement) = self.statement_start() {
                        self.actions.push((statement, contents.clone()));
                    }
                }
                self.value(start, contents, end, role);
            }
        }
    }

    /// A string value: its quotes and contents, in pieces by what it means.
    fn value(&mut self, start: usize, contents: Range<usize>, end: usize, role: Role) {
        let inner = &self.text[contents.clone()];
        let base = match role {
            Role::Effect if matches!(inner, "Allow" | "Deny") => Class::Effect,
            Role::Effect => Class::UnknownValue,
            Role::Action if inner == "*" || inner.contains(':') => Class::Action,
            Role::Action => Class::UnknownValue,
            _ if inner.starts_with("arn:") => Class::Arn,
            _ => Class::String,
        };
        self.push(start, contents.start, base);
        if role == Role::Action && base == Class::Action {
            let name_start = match inner.find(':') {
                Some(colon) => {
                    self.push(contents.start, contents.start + colon + 1, Class::Service);
                    contents.start + colon + 1
                }
                None => contents.start,
            };
            for (offset, ch) in self.text[name_start..contents.end].char_indices() {
                let at = name_start + offset;
                let class = if matches!(ch, '*' | '?') {
                    Class::Wildcard
                } else {
                    Class::Action
                };
                self.push(at, at + ch.len_utf8(), class);
            }
        } else if base != Class::Effect && base != Class::UnknownValue {
            self.variables(contents.clone(), base);
        } else {
            self.push(contents.start, contents.end, base);
        }
        self.push(contents.end, end, base);
    }

    /// `range` of a string in `base`, its `${…}` variables picked out (a lone `*` too).
    fn variables(&mut self, range: Range<usize>, base: Class) {
        let text = self.text;
        if &text[range.clone()] == "*" {
            self.push(range.start, range.end, Class::Wildcard);
            return;
        }
        let mut at = range.start;
        while let Some(found) = text[at..range.end].find("${") {
            let open = at + found;
            let Some(length) = text[open..range.end].find('}') else {
                break;
            };
            self.push(at, open, base);
            self.push(open, open + length + 1, Class::Variable);
            at = open + length + 1;
        }
        self.push(at, range.end, base);
    }

    /// Add a piece, joined to the one before when it is of the same class and touches it.
    fn push(&mut self, start: usize, end: usize, class: Class) {
        if start >= end {
            return;
        }
        match self.tokens.last_mut() {
            Some(last) if last.end == start && last.class == class => last.end = end,
            _ => self.tokens.push(Token { start, end, class }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces of `text` as (text, class) pairs.
    fn pieces(text: &str) -> Vec<(&str, Class)> {
        tokenize(text, Grammar::Policy)
            .into_iter()
            .map(|token| (&text[token.start..token.end], token.class))
            .collect()
    }

    fn class_of(found: &[(&str, Class)], piece: &str) -> Class {
        found
            .iter()
            .find(|(text, _)| *text == piece)
            .map(|(_, class)| *class)
            .unwrap_or_else(|| panic!("no piece `{piece}` in {found:?}"))
    }

    const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["s3:Get*", "*"],
    "Resource": "arn:aws:s3:::b/${aws:username}/*",
    "Condition": {"StringLikeIfExists": {"aws:PrincipalTag/team": "x"}, "StringEqualz": {}},
    "Colour": 3
  }]
}"#;

    #[test]
    fn classes_elements_operators_keys_and_values() {
        let found = pieces(POLICY);
        assert_eq!(class_of(&found, "\"Version\""), Class::Element);
        assert_eq!(class_of(&found, "\"Effect\""), Class::Element);
        assert_eq!(class_of(&found, "\"Allow\""), Class::Effect);
        assert_eq!(class_of(&found, "s3:"), Class::Service);
        assert_eq!(class_of(&found, "Get"), Class::Action);
        assert_eq!(class_of(&found, "\"StringLikeIfExists\""), Class::Operator);
        assert_eq!(class_of(&found, "\"StringEqualz\""), Class::UnknownOperator);
        assert_eq!(
            class_of(&found, "\"aws:PrincipalTag/team\""),
            Class::ConditionKey
        );
        assert_eq!(class_of(&found, "\"Colour\""), Class::UnknownElement);
        assert_eq!(class_of(&found, "3"), Class::Number);
        assert_eq!(class_of(&found, "${aws:username}"), Class::Variable);
        assert_eq!(class_of(&found, "\"arn:aws:s3:::b/"), Class::Arn);
        assert_eq!(class_of(&found, "\"2012-10-17\""), Class::String);
    }

    #[test]
    fn wildcards_in_actions_and_a_lone_star_stand_out() {
        let found = pieces(r#"{"Statement": {"Action": ["s3:Get*", "*"], "Resource": "*"}}"#);
        let stars: Vec<_> = found
            .iter()
            .filter(|(_, class)| *class == Class::Wildcard)
            .collect();
        assert_eq!(stars.len(), 3, "{found:?}");
    }

    #[test]
    fn unknown_values_and_half_typed_text_are_classed_not_dropped() {
        let text = "{\"Statement\": {\"Effect\": \"Alow\", \"Action\": \"s3Get\nnonsense";
        let found = pieces(text);
        assert_eq!(class_of(&found, "\"Alow\""), Class::UnknownValue);
        // An unfinished string stops at the end of its line.
        assert_eq!(class_of(&found, "\"s3Get"), Class::UnknownValue);
        assert_eq!(class_of(&found, "nonsense"), Class::Invalid);
        // Every non-blank byte is in a piece.
        let covered: usize = tokenize(text, Grammar::Policy)
            .iter()
            .map(|t| t.end - t.start)
            .sum();
        let blank = text.bytes().filter(|b| b.is_ascii_whitespace()).count();
        assert_eq!(covered + blank, text.len());
    }

    #[test]
    fn pieces_are_in_order_and_on_character_boundaries() {
        let text = "{\"Sid\": \"é€😀\", \"x\": [1, -2.5e3, true], \"Statement\": []}";
        let tokens = tokenize(text, Grammar::Policy);
        for pair in tokens.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
        for token in &tokens {
            assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
        }
    }

    #[test]
    fn an_escaped_quote_does_not_end_a_string() {
        let found = pieces(r#"{"Statement": {"Sid": "a\"b", "Effect": "Deny"}}"#);
        assert_eq!(class_of(&found, r#""a\"b""#), Class::String);
        assert_eq!(class_of(&found, "\"Deny\""), Class::Effect);
    }

    #[test]
    fn knows_the_slot_and_the_statements_actions_at_an_offset() {
        let key = POLICY.find("Effect").expect("present");
        let context = context_at(POLICY, key + 2, Grammar::Policy);
        assert_eq!(context.slot, Slot::Key(Role::Statement));
        let range = context.string.expect("in a string");
        assert_eq!(&POLICY[range], "Effect");
        let actions: Vec<&str> = context
            .statement_actions
            .iter()
            .map(|range| &POLICY[range.clone()])
            .collect();
        assert_eq!(actions, ["s3:Get*", "*"]);

        let condition_key = POLICY.find("aws:PrincipalTag").expect("present");
        assert_eq!(
            context_at(POLICY, condition_key, Grammar::Policy).slot,
            Slot::Key(Role::Operator)
        );
        let operator = POLICY.find("StringLike").expect("present");
        assert_eq!(
            context_at(POLICY, operator, Grammar::Policy).slot,
            Slot::Key(Role::Condition)
        );
        let effect = POLICY.find("Allow").expect("present");
        assert_eq!(
            context_at(POLICY, effect, Grammar::Policy).slot,
            Slot::Value(Role::Effect)
        );
        // Between members, a key comes next.
        let gap = POLICY.find("\"Allow\",").expect("present") + "\"Allow\",".len();
        let context = context_at(POLICY, gap, Grammar::Policy);
        assert_eq!(context.slot, Slot::Key(Role::Statement));
        assert_eq!(context.string, None);
    }

    #[test]
    fn a_scenario_is_plain_json_around_policy_aware_inline_documents() {
        let text = r#"{"name": "x", "Statement": 1, "principals": [{"arn": "arn:aws:iam::1:role/R",
            "trust_policy": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}}],
            "policies": {"identity": [{"id": "A", "document": "{ \"Effect\": 1 }"}]}}"#;
        let found: Vec<(&str, Class)> = tokenize(text, Grammar::Scenario)
            .into_iter()
            .map(|token| (&text[token.start..token.end], token.class))
            .collect();
        // The scenario's own member names are keys, none of them an unknown element.
        for key in [
            "\"name\"",
            "\"Statement\"",
            "\"principals\"",
            "\"policies\"",
            "\"id\"",
        ] {
            assert_eq!(class_of(&found, key), Class::Key, "{key}");
        }
        assert_eq!(class_of(&found, "\"arn:aws:iam::1:role/R\""), Class::Arn);
        assert_eq!(class_of(&found, "{"), Class::Bracket);
        assert_eq!(class_of(&found, "1"), Class::Number);
        // Inside an inline document the policy grammar holds.
        assert_eq!(class_of(&found, "\"Effect\""), Class::Element);
        assert_eq!(class_of(&found, "\"Allow\""), Class::Effect);
        assert_eq!(class_of(&found, "sts:"), Class::Service);
        let action = text.find("AssumeRole").expect("present");
        assert_eq!(
            context_at(text, action, Grammar::Scenario).slot,
            Slot::Value(Role::Action)
        );
        let top = text.find("name").expect("present");
        assert_eq!(
            context_at(text, top, Grammar::Scenario).slot,
            Slot::Key(Role::Scenario)
        );
        // The same text read as a policy calls the scenario's names unknown elements.
        let as_policy = tokenize(text, Grammar::Policy);
        let name = as_policy
            .iter()
            .find(|t| &text[t.start..t.end] == "\"name\"")
            .expect("a piece");
        assert_eq!(name.class, Class::UnknownElement);
    }

    #[test]
    fn an_unfinished_string_at_the_end_is_where_the_caret_is() {
        let text = "{\"Statement\": {\"Action\": \"s3:Ge";
        let context = context_at(text, text.len(), Grammar::Policy);
        assert_eq!(context.slot, Slot::Value(Role::Action));
        assert_eq!(context.string.map(|r| &text[r]), Some("s3:Ge"));
    }
}
