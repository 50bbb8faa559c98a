//! Templated condition keys: in a key's name, `${…}` and `<…>` stand for one or more
//! characters (`aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`), as the package's
//! `conditionPatterns.json` has them (`.+?`; the generator checks that it does).

use crate::pattern::wildcard_match;

/// Whether `key` is an instance of `template`; both given lowercased.
pub(super) fn is_instance(template: &str, key: &str) -> bool {
    let mut glob = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(ch) = rest.chars().next() {
        let placeholder_end = match ch {
            '$' if rest.starts_with("${") => rest.find('}'),
            '<' => rest.find('>'),
            _ => None,
        };
        if let Some(close) = placeholder_end {
            glob.push_str("?*");
            rest = &rest[close + 1..];
        } else {
            glob.push(ch);
            rest = &rest[ch.len_utf8()..];
        }
    }
    wildcard_match(&glob, key)
}

#[cfg(test)]
mod tests {
    use super::is_instance;

    #[test]
    fn placeholders_stand_for_one_or_more_characters() {
        assert!(is_instance(
            "aws:resourcetag/${tagkey}",
            "aws:resourcetag/team"
        ));
        assert!(is_instance(
            "aws:resourcetag/${tagkey}",
            "aws:resourcetag/a/b:c"
        ));
        assert!(!is_instance(
            "aws:resourcetag/${tagkey}",
            "aws:resourcetag/"
        ));
        assert!(!is_instance(
            "aws:resourcetag/${tagkey}",
            "aws:requesttag/team"
        ));
        assert!(is_instance(
            "s3:existingobjecttag/<key>",
            "s3:existingobjecttag/owner"
        ));
        assert!(is_instance(
            "codebuild:secondarysources/${sourceidentifier}.location",
            "codebuild:secondarysources/src1.location"
        ));
        assert!(!is_instance(
            "codebuild:secondarysources/${sourceidentifier}.location",
            "codebuild:secondarysources/src1.type"
        ));
    }
}
