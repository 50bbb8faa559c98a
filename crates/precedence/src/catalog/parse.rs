//! Reading the catalog file (its format is in `crates/precedence/data/README.md`) into records
//! that point into the text: one pass over the lines, checking the order the look-ups rely on,
//! with no string copied except the text itself and its lowercased twin.

use super::error::{CatalogError, CatalogErrorKind};
use super::model::{
    AccessLevel, ActionRecord, KeyRecord, KeyType, ResourceTypeRecord, Run, ServiceRecord,
    TypeReference,
};
use super::Catalog;

/// The first field of the header line.
const HEADER: &str = "precedence-catalog";
/// The format version this parser reads.
const FORMAT_VERSION: &str = "1";

/// Where in the file the parser is: lines must come in this order (per service from `Keys`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Globals,
    Keys,
    ResourceTypes,
    Actions,
}

/// A field of a line: where it starts in the text, and its text.
type Field<'t> = (usize, &'t str);

/// Parse a whole catalog file.
pub(super) fn parse(text: &str) -> Result<Catalog, CatalogError> {
    if u32::try_from(text.len()).is_err() {
        return Err(error(1, CatalogErrorKind::TooLarge));
    }
    let lower = text.to_ascii_lowercase();
    let mut parser = Parser::new(text, &lower);
    let mut fields: Vec<Field<'_>> = Vec::with_capacity(8);
    let mut number = 0;
    let mut field_start = 0;
    // One pass over the bytes: a tab ends a field, a line end a line; the end of the text ends
    // the last line (if it has no line end of its own).
    let end = std::iter::once((text.len(), &b'\n'));
    for (index, &byte) in text.as_bytes().iter().enumerate().chain(end) {
        match byte {
            b'\t' => {
                fields.push((field_start, &text[field_start..index]));
                field_start = index + 1;
            }
            b'\n' => {
                let last = &text[field_start..index];
                let at_end = index == text.len();
                if at_end && fields.is_empty() && last.is_empty() && number > 0 {
                    break;
                }
                fields.push((field_start, last.strip_suffix('\r').unwrap_or(last)));
                number += 1;
                let result = if number == 1 {
                    parser.header(&fields)
                } else if matches!(fields.as_slice(), [(_, "")]) {
                    Err(CatalogErrorKind::EmptyLine)
                } else {
                    parser.line(&fields)
                };
                result.map_err(|kind| error(number, kind))?;
                fields.clear();
                field_start = index + 1;
            }
            _ => {}
        }
    }
    let mut catalog = parser.finish();
    catalog.text = text.into();
    catalog.lower = lower.into_boxed_str();
    Ok(catalog)
}

fn error(line: usize, kind: CatalogErrorKind) -> CatalogError {
    CatalogError { line, kind }
}

/// The records read so far and what the next line may be.
struct Parser<'t> {
    text: &'t str,
    lower: &'t str,
    /// The records read so far; the text is added once the whole file has been read.
    catalog: Catalog,
    place: Place,
    /// The previous name of the current kind of line, for the order check.
    previous: Option<Run>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str, lower: &'t str) -> Self {
        Parser {
            text,
            lower,
            catalog: Catalog {
                text: Box::default(),
                lower: Box::default(),
                package: Run::default(),
                version: Run::default(),
                globals: Vec::new(),
                services: Vec::with_capacity(512),
                keys: Vec::with_capacity(4096),
                resource_types: Vec::with_capacity(4096),
                arn_formats: Vec::with_capacity(4096),
                actions: Vec::with_capacity(32 * 1024),
                key_indexes: Vec::with_capacity(64 * 1024),
                type_references: Vec::with_capacity(32 * 1024),
            },
            place: Place::Globals,
            previous: None,
        }
    }

    fn header(&mut self, fields: &[Field<'_>]) -> Result<(), CatalogErrorKind> {
        let [(_, HEADER), (_, version), package, package_version] = fields else {
            return Err(CatalogErrorKind::MissingHeader);
        };
        if *version != FORMAT_VERSION {
            return Err(CatalogErrorKind::UnsupportedVersion((*version).to_owned()));
        }
        self.catalog.package = name(*package, 2)?;
        self.catalog.version = name(*package_version, 3)?;
        Ok(())
    }

    fn line(&mut self, fields: &[Field<'_>]) -> Result<(), CatalogErrorKind> {
        let record = fields.first().map_or("", |field| field.1);
        match record {
            "g" => self.global(fields),
            "s" => self.service(fields),
            "k" => self.key(fields),
            "r" => self.resource_type(fields),
            "a" => self.action(fields),
            other => Err(CatalogErrorKind::UnknownRecord(other.to_owned())),
        }
    }

    fn global(&mut self, fields: &[Field<'_>]) -> Result<(), CatalogErrorKind> {
        let [_, key, key_type] = exactly(fields, "3")?;
        if self.place != Place::Globals {
            return Err(out_of_place("g", "global keys come before the services"));
        }
        let record = self.key_record(key, key_type)?;
        self.catalog.globals.push(record);
        Ok(())
    }

    fn service(&mut self, fields: &[Field<'_>]) -> Result<(), CatalogErrorKind> {
        let [_, prefix, service_name] = exactly(fields, "3")?;
        let prefix = identifier(prefix, 1)?;
        if let Some(previous) = self.catalog.services.last().map(|service| service.prefix) {
            self.check_order(previous, prefix)?;
        }
        self.close_service();
        let here = |len: usize| Run::new(len, len);
        self.catalog.services.push(ServiceRecord {
            prefix,
            name: name(service_name, 2)?,
            keys: here(self.catalog.keys.len()),
            resource_types: here(self.catalog.resource_types.len()),
            actions: here(self.catalog.actions.len()),
        });
        self.place = Place::Keys;
        self.previous = None;
        Ok(())
    }

    fn key(&mut self, fields: &[Field<'_>]) -> Result<(), CatalogErrorKind> {
        let [_, key, key_type] = exactly(fields, "3")?;
        self.enter("k", Place::Keys)?;
        let record = self.key_record(key, key_type)?;
        self.catalog.keys.push(record);
        Ok(())
    }

    fn resource_type(&mut self, fields: &[Field<'_>]) -> Result<(), CatalogErrorKind> {
        let [_, type_name, keys, formats @ ..] = fields else {
            return Err(field_count(fields, "4 or more"));
        };
        if formats.is_empty() {
            return Err(field_count(fields, "4 or more"));
        }
        self.enter("r", Place::ResourceTypes)?;
        let type_name = name(*type_name, 1)?;
        self.ordered(type_name)?;
        let keys = self.key_indexes(keys.1)?;
        let first_format = self.catalog.arn_formats.len();
        for (number, format) in formats.iter().enumerate() {
            self.catalog.arn_formats.push(name(*format, 3 + number)?);
        }
        self.catalog.resource_types.push(ResourceTypeRecord {
            name: type_name,
            keys,
            arn_formats: Run::new(first_format, self.catalog.arn_formats.len()),
        });
        Ok(())
    }

    fn action(&mut self, fields: &[Field<'_>]) -> Result<(), CatalogErrorKind> {
        let [_, action_name, level, types, keys] = exactly(fields, "5")?;
        self.enter("a", Place::Actions)?;
        let action_name = identifier(action_name, 1)?;
        self.ordered(action_name)?;
        let access_level = AccessLevel::from_code(level.1)
            .ok_or_else(|| CatalogErrorKind::UnknownAccessLevel(level.1.to_owned()))?;
        let resource_types = self.type_references(types.1)?;
        let keys = self.key_indexes(keys.1)?;
        self.catalog.actions.push(ActionRecord {
            name: action_name,
            access_level,
            resource_types,
            keys,
        });
        Ok(())
    }

    /// A `g` or `k` line's key, in order after the previous one.
    fn key_record(
        &mut self,
        key: Field<'_>,
        key_type: Field<'_>,
    ) -> Result<KeyRecord, CatalogErrorKind> {
        let key_name = name(key, 1)?;
        self.ordered(key_name)?;
        let key_type = KeyType::from_label(key_type.1)
            .ok_or_else(|| CatalogErrorKind::UnknownKeyType(key_type.1.to_owned()))?;
        Ok(KeyRecord {
            name: key_name,
            key_type,
            templated: key.1.bytes().any(|byte| byte == b'<')
                || key.1.as_bytes().windows(2).any(|pair| pair == b"${"),
        })
    }

    /// Move on to `place` within the current service, refusing to go back.
    fn enter(&mut self, record: &str, place: Place) -> Result<(), CatalogErrorKind> {
        if self.place == Place::Globals {
            return Err(out_of_place(
                record,
                "it comes before any service (`s`) line",
            ));
        }
        if self.place > place {
            return Err(out_of_place(
                record,
                "a service's keys come first, then its resource types, then its actions",
            ));
        }
        if self.place < place {
            self.place = place;
            self.previous = None;
        }
        Ok(())
    }

    /// Check that `name` comes after the previous name of its kind, and remember it.
    fn ordered(&mut self, name: Run) -> Result<(), CatalogErrorKind> {
        if let Some(previous) = self.previous {
            self.check_order(previous, name)?;
        }
        self.previous = Some(name);
        Ok(())
    }

    fn check_order(&self, previous: Run, name: Run) -> Result<(), CatalogErrorKind> {
        if previous.of(self.lower) < name.of(self.lower) {
            return Ok(());
        }
        Err(CatalogErrorKind::OutOfOrder {
            previous: previous.of(self.text).to_owned(),
            name: name.of(self.text).to_owned(),
        })
    }

    /// How many keys and resource types the current service has so far.
    fn service_counts(&self) -> (usize, usize) {
        self.catalog.services.last().map_or((0, 0), |service| {
            (
                self.catalog.keys.len() - service.keys.start as usize,
                self.catalog.resource_types.len() - service.resource_types.start as usize,
            )
        })
    }

    fn key_indexes(&mut self, list: &str) -> Result<Run, CatalogErrorKind> {
        let (count, _) = self.service_counts();
        let start = self.catalog.key_indexes.len();
        for item in indexes(list) {
            let (index, required) = item?;
            if required {
                return Err(CatalogErrorKind::BadIndexList(list.to_owned()));
            }
            self.catalog
                .key_indexes
                .push(in_range(index, count, "condition keys")?);
        }
        Ok(Run::new(start, self.catalog.key_indexes.len()))
    }

    fn type_references(&mut self, list: &str) -> Result<Run, CatalogErrorKind> {
        let (_, count) = self.service_counts();
        let start = self.catalog.type_references.len();
        for item in indexes(list) {
            let (index, required) = item?;
            let index = in_range(index, count, "resource types")?;
            self.catalog
                .type_references
                .push(TypeReference { index, required });
        }
        Ok(Run::new(start, self.catalog.type_references.len()))
    }

    /// Set where the last service's records end.
    fn close_service(&mut self) {
        let (keys, types, actions) = (
            self.catalog.keys.len(),
            self.catalog.resource_types.len(),
            self.catalog.actions.len(),
        );
        if let Some(service) = self.catalog.services.last_mut() {
            service.keys = Run::new(service.keys.start as usize, keys);
            service.resource_types = Run::new(service.resource_types.start as usize, types);
            service.actions = Run::new(service.actions.start as usize, actions);
        }
    }

    /// The records, in a catalog still without its text.
    fn finish(mut self) -> Catalog {
        self.close_service();
        self.catalog
    }
}

/// The fields of a line that must have exactly `N`.
fn exactly<'f, 't, const N: usize>(
    fields: &'f [Field<'t>],
    expected: &'static str,
) -> Result<[Field<'t>; N], CatalogErrorKind> {
    <[Field<'t>; N]>::try_from(fields).map_err(|_| field_count(fields, expected))
}

fn field_count(fields: &[Field<'_>], expected: &'static str) -> CatalogErrorKind {
    CatalogErrorKind::FieldCount {
        record: fields.first().map_or("", |field| field.1).to_owned(),
        expected,
        found: fields.len(),
    }
}

fn out_of_place(record: &str, rule: &'static str) -> CatalogErrorKind {
    CatalogErrorKind::OutOfPlace {
        record: record.to_owned(),
        rule,
    }
}

/// A non-empty field (`number` counts from 0, the record kind).
fn name((offset, text): Field<'_>, number: usize) -> Result<Run, CatalogErrorKind> {
    if text.is_empty() {
        return Err(CatalogErrorKind::EmptyField(number + 1));
    }
    Ok(Run::new(offset, offset + text.len()))
}

/// A service prefix or action name: not empty, and no `:`, space or wildcard, which would make
/// `service:action` ambiguous.
fn identifier(field: Field<'_>, number: usize) -> Result<Run, CatalogErrorKind> {
    if field
        .1
        .bytes()
        .any(|byte| matches!(byte, b':' | b' ' | b'*' | b'?'))
    {
        return Err(CatalogErrorKind::BadName(field.1.to_owned()));
    }
    name(field, number)
}

/// The items of a comma-separated index list, each with whether it ends in `*`.
fn indexes(list: &str) -> impl Iterator<Item = Result<(usize, bool), CatalogErrorKind>> + '_ {
    list.as_bytes()
        .split(|&byte| byte == b',')
        .filter(move |_| !list.is_empty())
        .map(move |item| index(item).ok_or_else(|| CatalogErrorKind::BadIndexList(list.to_owned())))
}

/// One item of an index list: up to five digits, maybe followed by `*`.
fn index(item: &[u8]) -> Option<(usize, bool)> {
    let (digits, required) = match item.split_last() {
        Some((b'*', digits)) => (digits, true),
        _ => (item, false),
    };
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    digits
        .iter()
        .try_fold(0, |value: usize, &digit| {
            digit
                .is_ascii_digit()
                .then(|| value * 10 + usize::from(digit - b'0'))
        })
        .map(|value| (value, required))
}

fn in_range(index: usize, count: usize, what: &'static str) -> Result<u16, CatalogErrorKind> {
    match u16::try_from(index) {
        Ok(small) if index < count => Ok(small),
        _ => Err(CatalogErrorKind::IndexOutOfRange { index, count, what }),
    }
}
