//! Strict JSON with positions: every value keeps the byte range it was parsed from.

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::span::Span;

/// A JSON value with the span of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it stands in the text.
    pub span: Span,
}

/// The kinds of JSON value; objects keep their members in written order, duplicates included.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object's members in order.
    Object(Vec<Member>),
}

/// One `"name": value` member of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member name, unescaped.
    pub name: String,
    /// The span of the name (with its quotes).
    pub name_span: Span,
    /// The value.
    pub value: Node,
}

/// A JSON syntax error with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong, lowercase.
    pub message: String,
    /// Where.
    pub span: Span,
}

impl Value {
    /// A short name for the kind of value, for messages ("a string", "an array").
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Parse strict JSON (no comments, no trailing commas) into a located tree.
///
/// Nesting deeper than the parser's limit (512) is a syntax error, never a stack overflow.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict).map_err(|error| {
            let range = error.range();
            SyntaxError {
                message: lowercase_first(&error.kind().to_string()),
                span: Span::new(range.start, range.end),
            }
        })?;
    match parsed.value {
        Some(value) => Ok(convert(value)),
        None => Err(SyntaxError {
            message: "expected a JSON value, found nothing".into(),
            span: Span::new(text.len(), text.len()),
        }),
    }
}

fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn span_of(range: jsonc_parser::common::Range) -> Span {
    Span::new(range.start, range.end)
}

fn convert(value: ast::Value<'_>) -> Node {
    match value {
        ast::Value::StringLit(lit) => Node {
            span: span_of(lit.range),
            value: Value::String(lit.value.into_owned()),
        },
        ast::Value::NumberLit(lit) => Node {
            span: span_of(lit.range),
            value: Value::Number(lit.value.to_owned()),
        },
        ast::Value::BooleanLit(lit) => Node {
            span: span_of(lit.range),
            value: Value::Bool(lit.value),
        },
        ast::Value::NullKeyword(lit) => Node {
            span: span_of(lit.range),
            value: Value::Null,
        },
        ast::Value::Array(array) => Node {
            span: span_of(array.range),
            value: Value::Array(array.elements.into_iter().map(convert).collect()),
        },
        ast::Value::Object(object) => Node {
            span: span_of(object.range),
            value: Value::Object(
                object
                    .properties
                    .into_iter()
                    .map(|property| {
                        let (name, name_span) = match property.name {
                            ast::ObjectPropName::String(lit) => {
                                (lit.value.into_owned(), span_of(lit.range))
                            }
                            ast::ObjectPropName::Word(word) => {
                                (word.value.to_owned(), span_of(word.range))
                            }
                        };
                        Member {
                            name,
                            name_span,
                            value: convert(property.value),
                        }
                    })
                    .collect(),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_of_members() {
        let node = parse(r#"{"a": [1, "x"]}"#).unwrap();
        let Value::Object(members) = node.value else {
            panic!("not an object")
        };
        assert_eq!(members[0].name, "a");
        assert_eq!(members[0].name_span, Span::new(1, 4));
        assert_eq!(members[0].value.span, Span::new(6, 14));
    }

    #[test]
    fn rejects_trailing_commas_and_comments_with_a_location() {
        let error = parse("{\"a\": 1,}").unwrap_err();
        assert!(
            error.message.contains("trailing comma"),
            "{}",
            error.message
        );
        assert!(parse("// hi\n{}").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(parse(&text).is_err());
    }

    #[test]
    fn empty_text_is_an_error() {
        assert_eq!(
            parse("  ").unwrap_err().message,
            "expected a JSON value, found nothing"
        );
    }
}
