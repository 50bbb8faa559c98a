//! What the catalog holds: access levels and key types (public values), and the compact records
//! the parser fills, which point into the catalog's text instead of owning strings.

use std::fmt;

use serde::{Serialize, Serializer};

/// How much an action can do, as AWS's Service Authorization Reference classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum AccessLevel {
    /// Lists resources (`ListTables`).
    List,
    /// Reads resources or their metadata (`GetItem`).
    Read,
    /// Creates, changes or deletes resources (`PutItem`, `DeleteTable`).
    Write,
    /// Changes only tags (`TagResource`).
    Tagging,
    /// Changes who may do what (`PutResourcePolicy`).
    #[serde(rename = "Permissions management")]
    PermissionsManagement,
}

impl AccessLevel {
    /// The level as the reference writes it: `List`, `Read`, `Write`, `Tagging`,
    /// `Permissions management`.
    pub fn label(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::PermissionsManagement => "Permissions management",
        }
    }

    /// The level from its one-letter code in the catalog file.
    pub(super) fn from_code(code: &str) -> Option<AccessLevel> {
        Some(match code {
            "L" => AccessLevel::List,
            "R" => AccessLevel::Read,
            "W" => AccessLevel::Write,
            "T" => AccessLevel::Tagging,
            "P" => AccessLevel::PermissionsManagement,
            _ => return None,
        })
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The kind of value a condition key holds, which decides the operators that fit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    /// Text: `String*` operators.
    String,
    /// An ARN: `Arn*` operators (or `String*`).
    Arn,
    /// `true` or `false`: `Bool`.
    Bool,
    /// A number: `Numeric*` operators.
    Numeric,
    /// A date and time: `Date*` operators.
    Date,
    /// An IP address: `IpAddress`, `NotIpAddress`.
    IpAddress,
}

impl ScalarType {
    /// The type's name as the reference writes it.
    pub fn label(self) -> &'static str {
        match self {
            ScalarType::String => "String",
            ScalarType::Arn => "ARN",
            ScalarType::Bool => "Bool",
            ScalarType::Numeric => "Numeric",
            ScalarType::Date => "Date",
            ScalarType::IpAddress => "IPAddress",
        }
    }

    fn from_label(label: &str) -> Option<ScalarType> {
        Some(match label {
            "String" => ScalarType::String,
            "ARN" => ScalarType::Arn,
            "Bool" => ScalarType::Bool,
            "Numeric" => ScalarType::Numeric,
            "Date" => ScalarType::Date,
            "IPAddress" => ScalarType::IpAddress,
            _ => return None,
        })
    }
}

/// A condition key's type: a scalar type, or a list of them (`ArrayOfString`), which a request
/// may carry several values of and which `ForAllValues:`/`ForAnyValue:` are for. Serialized as
/// its name (`ArrayOfString`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyType {
    /// The type of each value.
    pub scalar: ScalarType,
    /// Whether the key holds a list of values.
    pub is_array: bool,
}

impl KeyType {
    /// The type from the reference's name: `String`, `ArrayOfARN`, `IPAddress`…
    pub fn from_label(label: &str) -> Option<KeyType> {
        let (is_array, scalar) = match label.strip_prefix("ArrayOf") {
            Some(scalar) => (true, scalar),
            None => (false, label),
        };
        ScalarType::from_label(scalar).map(|scalar| KeyType { scalar, is_array })
    }
}

impl Serialize for KeyType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_array {
            f.write_str("ArrayOf")?;
        }
        f.write_str(self.scalar.label())
    }
}

/// A stretch of the catalog's text, or of one of its record lists, as `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Run {
    pub start: u32,
    pub end: u32,
}

impl Run {
    /// The run from `start` to `end`; both fit in `u32` because the parser refuses larger files
    /// and lists.
    pub fn new(start: usize, end: usize) -> Run {
        Run {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The run as indexes.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text the run covers in `text`.
    pub fn of(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or_default()
    }
}

/// A condition key: its name in the text, its type, and whether the name has placeholders.
#[derive(Debug, Clone, Copy)]
pub(super) struct KeyRecord {
    pub name: Run,
    pub key_type: KeyType,
    pub templated: bool,
}

/// A service: its prefix and name in the text, and its runs of keys, resource types and actions.
#[derive(Debug, Clone, Copy)]
pub(super) struct ServiceRecord {
    pub prefix: Run,
    pub name: Run,
    pub keys: Run,
    pub resource_types: Run,
    pub actions: Run,
}

/// A resource type: its name, its keys (a run of service-relative key indexes) and its ARN
/// formats (a run of the catalog's formats).
#[derive(Debug, Clone, Copy)]
pub(super) struct ResourceTypeRecord {
    pub name: Run,
    pub keys: Run,
    pub arn_formats: Run,
}

/// An action: its name, access level, resource types (a run of references) and keys (a run of
/// service-relative key indexes).
#[derive(Debug, Clone, Copy)]
pub(super) struct ActionRecord {
    pub name: Run,
    pub access_level: AccessLevel,
    pub resource_types: Run,
    pub keys: Run,
}

/// An action's use of one of its service's resource types.
#[derive(Debug, Clone, Copy)]
pub(super) struct TypeReference {
    pub index: u16,
    pub required: bool,
}
