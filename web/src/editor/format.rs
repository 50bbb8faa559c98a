//! "Format": the same policy re-indented, two spaces a level. Only whitespace between the
//! JSON's pieces changes; every string, number and word is kept byte for byte.

use super::tokens::string_end;

/// The text re-indented, or `None` when it has a string left open (the line break that ends
/// it would be lost, joining what follows to the string).
pub fn format(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let mut at = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            b'"' => {
                let end = string_end(bytes, at);
                if end == at + 1 || bytes.get(end - 1) != Some(&b'"') {
                    return None;
                }
                out.push_str(&text[at..end]);
                at = end;
            }
            b'{' | b'[' => {
                let close = if byte == b'{' { b'}' } else { b']' };
                let next = bytes[at + 1..]
                    .iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .map(|offset| at + 1 + offset);
                out.push(char::from(byte));
                match next {
                    Some(next) if bytes[next] == close => {
                        out.push(char::from(close));
                        at = next + 1;
                    }
                    _ => {
                        depth += 1;
                        newline(&mut out, depth);
                        at += 1;
                    }
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(char::from(byte));
                at += 1;
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
                at += 1;
            }
            b':' => {
                out.push_str(": ");
                at += 1;
            }
            _ => {
                let end = bytes[at..]
                    .iter()
                    .position(|b| b" \t\r\n{}[]:,\"".contains(b))
                    .map_or(bytes.len(), |length| at + length);
                out.push_str(&text[at..end]);
                at = end;
            }
        }
    }
    if text.ends_with('\n') {
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re_indents_two_spaces_a_level_keeping_empty_containers_short() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Condition":{ }}]}"#;
        assert_eq!(
            format(text).as_deref(),
            Some(
                "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [],\n      \"Condition\": {}\n    }\n  ]\n}"
            )
        );
    }

    #[test]
    fn values_are_kept_byte_for_byte() {
        let text = "{ \"Sid\" :\"a , b: {c}\\\" [d]\",\n\t\"n\":  -1.50e3 ,\"t\":true }\n";
        let formatted = format(text).expect("formats");
        assert!(formatted.contains("\"a , b: {c}\\\" [d]\""), "{formatted}");
        assert!(formatted.contains("\"n\": -1.50e3,"), "{formatted}");
        assert!(formatted.ends_with("}\n"));
        // Formatting twice changes nothing more.
        assert_eq!(format(&formatted).as_deref(), Some(formatted.as_str()));
        // Only whitespace changed.
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squeeze(&formatted), squeeze(text));
    }

    #[test]
    fn an_open_string_is_not_formatted() {
        assert_eq!(format("{\"Sid\": \"abc\n}"), None);
        assert_eq!(format("{\"Sid\": \""), None);
    }

    #[test]
    fn unbalanced_brackets_still_format() {
        assert_eq!(
            format("{\"a\": [1}}]").as_deref(),
            Some("{\n  \"a\": [\n    1\n  }\n}\n]")
        );
    }
}
