//! ARN formats of the catalog (`arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`)
//! against ARNs and policies' ARN patterns: both become sequences of steps, and two sequences
//! can match the same text when the end is reachable in their product (a search over pairs of
//! positions, so linear in the product of the lengths, never exponential).
//!
//! In a format, a `${…}` placeholder stands for one or more characters: without `:` in the
//! partition, service, region and account (the first five `:`-separated fields), any characters
//! in the resource part (IAM paths, S3 keys and log group names have `/` and `:`). A `*` in a
//! format is any run, within its field in the first five. Letters compare ignoring ASCII case.

/// What one character may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// This character (lowercase).
    Char(char),
    /// Any character.
    Any,
    /// Any character but `:`.
    NotColon,
}

/// One character of a class, or (`repeat`) any number of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Step {
    class: Class,
    repeat: bool,
}

impl Step {
    const fn one(class: Class) -> Step {
        Step {
            class,
            repeat: false,
        }
    }

    const fn any_number(class: Class) -> Step {
        Step {
            class,
            repeat: true,
        }
    }
}

/// An ARN format as steps, with how many literal characters it has (its specificity).
pub(super) struct Format {
    pub steps: Vec<Step>,
    pub literal_chars: usize,
}

/// The number of `:` before an ARN's resource part.
const FIELDS_BEFORE_RESOURCE: usize = 5;

impl Format {
    /// The steps of a format, given lowercased.
    pub fn parse(format: &str) -> Format {
        let mut steps = Vec::with_capacity(format.len());
        let mut literal_chars = 0;
        let mut colons = 0;
        let mut rest = format;
        while let Some(ch) = rest.chars().next() {
            let field = if colons < FIELDS_BEFORE_RESOURCE {
                Class::NotColon
            } else {
                Class::Any
            };
            let placeholder_end = rest.starts_with("${").then(|| rest.find('}')).flatten();
            if let Some(close) = placeholder_end {
                steps.extend([Step::one(field), Step::any_number(field)]);
                rest = &rest[close + 1..];
                continue;
            }
            rest = &rest[ch.len_utf8()..];
            if ch == '*' {
                steps.push(Step::any_number(field));
            } else {
                colons += usize::from(ch == ':');
                literal_chars += 1;
                steps.push(Step::one(Class::Char(ch)));
            }
        }
        Format {
            steps,
            literal_chars,
        }
    }
}

/// A concrete ARN: every character stands for itself.
pub(super) fn literal(arn: &str) -> Vec<Step> {
    arn.chars()
        .map(|ch| Step::one(Class::Char(ch.to_ascii_lowercase())))
        .collect()
}

/// A policy's resource pattern: `*` any run, `?` any character, a policy variable any run
/// (its value is unknown), `${*}`, `${?}` and `${$}` the character itself.
pub(super) fn policy_pattern(pattern: &str) -> Vec<Step> {
    let mut steps = Vec::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(ch) = rest.chars().next() {
        let variable_end = rest.starts_with("${").then(|| rest.find('}')).flatten();
        if let Some(close) = variable_end {
            let step = match rest[2..close].trim() {
                escaped @ ("*" | "?" | "$") => {
                    Step::one(Class::Char(escaped.chars().next().unwrap_or('$')))
                }
                _ => Step::any_number(Class::Any),
            };
            steps.push(step);
            rest = &rest[close + 1..];
            continue;
        }
        rest = &rest[ch.len_utf8()..];
        steps.push(match ch {
            '*' => Step::any_number(Class::Any),
            '?' => Step::one(Class::Any),
            _ => Step::one(Class::Char(ch.to_ascii_lowercase())),
        });
    }
    steps
}

/// Whether some text matches both step sequences.
pub(super) fn intersects(a: &[Step], b: &[Step]) -> bool {
    let width = b.len() + 1;
    let mut seen = vec![false; (a.len() + 1) * width];
    let mut pending = vec![(0, 0)];
    while let Some((i, j)) = pending.pop() {
        match seen.get_mut(i * width + j) {
            Some(seen) if !*seen => *seen = true,
            _ => continue,
        }
        let (step_a, step_b) = (a.get(i), b.get(j));
        if step_a.is_none() && step_b.is_none() {
            return true;
        }
        // A repeated step may also match nothing more.
        if step_a.is_some_and(|step| step.repeat) {
            pending.push((i + 1, j));
        }
        if step_b.is_some_and(|step| step.repeat) {
            pending.push((i, j + 1));
        }
        // Or both take one character that fits both.
        if let (Some(x), Some(y)) = (step_a, step_b) {
            if overlap(x.class, y.class) && !(x.repeat && y.repeat) {
                pending.push((i + usize::from(!x.repeat), j + usize::from(!y.repeat)));
            }
        }
    }
    false
}

/// Whether some character is in both classes.
fn overlap(a: Class, b: Class) -> bool {
    match (a, b) {
        (Class::Char(x), Class::Char(y)) => x == y,
        (Class::Char(ch), Class::NotColon) | (Class::NotColon, Class::Char(ch)) => ch != ':',
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(format: &str, arn: &str) -> bool {
        intersects(
            &Format::parse(&format.to_ascii_lowercase()).steps,
            &literal(arn),
        )
    }

    fn can_match(format: &str, pattern: &str) -> bool {
        intersects(
            &Format::parse(&format.to_ascii_lowercase()).steps,
            &policy_pattern(pattern),
        )
    }

    const TABLE: &str = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";
    const INDEX: &str =
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}";
    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";

    #[test]
    fn placeholders_need_a_character_and_keep_to_their_field() {
        assert!(fits(
            TABLE,
            "arn:aws:dynamodb:us-east-1:111122223333:table/StockTable"
        ));
        assert!(!fits(
            TABLE,
            "arn:aws:dynamodb:us-east-1:111122223333:table/"
        ));
        assert!(!fits(
            TABLE,
            "arn:aws:dynamodb::111122223333:table/StockTable"
        ));
        assert!(!fits(
            TABLE,
            "arn:aws:dynamodb:us:east-1:111122223333:table/StockTable"
        ));
        assert!(!fits(
            TABLE,
            "arn:aws:s3:us-east-1:111122223333:table/StockTable"
        ));
        assert!(fits(BUCKET, "arn:aws:s3:::bucket"));
        assert!(!fits(BUCKET, "arn:aws:s3::111122223333:bucket"));
    }

    #[test]
    fn resource_placeholders_take_slashes_and_colons() {
        assert!(fits(TABLE, "arn:aws:dynamodb:us-east-1:1:table/T/index/I"));
        assert!(fits(INDEX, "arn:aws:dynamodb:us-east-1:1:table/T/index/I"));
        assert!(!fits(INDEX, "arn:aws:dynamodb:us-east-1:1:table/T"));
        assert!(fits(
            "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}",
            "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:*"
        ));
    }

    #[test]
    fn letters_compare_ignoring_case() {
        assert!(fits(TABLE, "ARN:AWS:DYNAMODB:US-EAST-1:1:TABLE/X"));
    }

    #[test]
    fn format_stars_are_runs() {
        let certificate = "arn:${Partition}:dms:${Region}:${Account}:cert:*";
        assert!(fits(certificate, "arn:aws:dms:us-east-1:1:cert:"));
        assert!(fits(certificate, "arn:aws:dms:us-east-1:1:cert:ABC"));
        let recovery = "arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${Id}";
        assert!(fits(recovery, "arn:aws:ec2:us-east-1::snapshot:snap-1"));
    }

    #[test]
    fn policy_patterns_against_formats() {
        assert!(can_match(TABLE, "*"));
        assert!(can_match(TABLE, "arn:aws:dynamodb:*:*:table/*"));
        assert!(can_match(
            TABLE,
            "arn:aws:dynamodb:us-east-?:*:table/Stock*"
        ));
        assert!(can_match(
            TABLE,
            "arn:aws:dynamodb:*:${aws:PrincipalAccount}:table/x"
        ));
        assert!(!can_match(TABLE, "arn:aws:s3:::bucket/*"));
        assert!(!can_match(TABLE, "arn:aws:dynamodb:us-east-1:1:stream/*"));
        // A policy's `*` may span `:` (AWS lets a segment's final `*` do so).
        assert!(can_match(TABLE, "arn:aws:dynamodb:*:stream/*"));
        assert!(!can_match(BUCKET, "arn:aws:s3:us-east-1::bucket"));
        // `?` is one character; the region placeholder needs at least one.
        assert!(!can_match(TABLE, "arn:aws:dynamodb::*:table/x"));
        assert!(can_match(TABLE, "arn:aws:dynamodb:?:*:table/x"));
        // Escapes are the characters themselves.
        assert!(can_match(BUCKET, "arn:aws:s3:::a${*}b"));
        assert!(!can_match(
            "arn:${Partition}:s3:::bucket-${Name}",
            "arn:aws:s3:::${?}*"
        ));
    }

    #[test]
    fn long_patterns_stay_fast() {
        let pattern = "*a".repeat(200);
        let arn = format!("arn:aws:s3:::{}", "a".repeat(2000));
        assert!(can_match(BUCKET, &pattern));
        assert!(intersects(&Format::parse(BUCKET).steps, &literal(&arn)));
    }
}
