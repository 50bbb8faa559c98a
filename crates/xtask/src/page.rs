//! Turns the root `index.html` (written for Trunk: `<link data-trunk …>` asset tags) into the
//! page the site serves, and the list of files the site needs beside it.

use std::collections::BTreeMap;

/// What the page asks of the build.
#[derive(Debug, PartialEq, Eq)]
pub struct Page {
    /// The page as served: every `data-trunk` tag replaced by what it stands for.
    pub html: String,
    /// Files copied into the site as they are: (source path from the repository root, name in
    /// the site).
    pub copies: Vec<(String, String)>,
    /// The Rust app the page runs (`rel="rust"`).
    pub app: Option<App>,
}

/// A `<link data-trunk rel="rust">` tag: the crate built to wasm.
#[derive(Debug, PartialEq, Eq)]
pub struct App {
    /// The crate's manifest, from the repository root.
    pub manifest: String,
    /// The binary target (also the stem of the generated files).
    pub bin: String,
}

/// A page the build cannot read; the line is 1-based.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PageError {
    /// A `data-trunk` tag sharing its line with something else.
    #[error("index.html:{0}: put each `data-trunk` tag on a line of its own")]
    NotAlone(usize),
    /// A `data-trunk` tag without the attribute it needs.
    #[error("index.html:{line}: the `data-trunk` tag has no `{attribute}` attribute")]
    Missing {
        line: usize,
        attribute: &'static str,
    },
    /// A `data-trunk` asset kind this build does not know.
    #[error("index.html:{line}: `data-trunk rel=\"{rel}\"` is not one this build knows (rust, css, copy-file)")]
    UnknownKind { line: usize, rel: String },
}

/// Reads the page: the served HTML and the assets it names.
pub fn read(source: &str) -> Result<Page, PageError> {
    let mut html = String::with_capacity(source.len());
    let mut copies = Vec::new();
    let mut app = None;
    for (index, line) in source.split_inclusive('\n').enumerate() {
        let number = index + 1;
        if !line.contains("data-trunk") {
            html.push_str(line);
            continue;
        }
        let tag = line.trim();
        let alone = tag.starts_with("<link") && tag.ends_with('>') && tag.matches('<').count() == 1;
        if !alone {
            return Err(PageError::NotAlone(number));
        }
        let attributes = attributes(tag);
        let get = |attribute: &'static str| {
            attributes
                .get(attribute)
                .cloned()
                .ok_or(PageError::Missing {
                    line: number,
                    attribute,
                })
        };
        let href = get("href")?;
        match get("rel")?.as_str() {
            "rust" => {
                app = Some(App {
                    manifest: href,
                    bin: get("data-bin")?,
                });
            }
            "css" => {
                let name = file_name(&href);
                let indent = &line[..line.len() - line.trim_start().len()];
                html.push_str(&format!(
                    "{indent}<link rel=\"stylesheet\" href=\"{name}\">\n"
                ));
                copies.push((href, name));
            }
            "copy-file" => {
                let name = file_name(&href);
                copies.push((href, name));
            }
            rel => {
                return Err(PageError::UnknownKind {
                    line: number,
                    rel: rel.to_owned(),
                })
            }
        }
    }
    Ok(Page { html, copies, app })
}

/// A tag's attributes, `name="value"` or bare `name` (value empty).
fn attributes(tag: &str) -> BTreeMap<String, String> {
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let mut found = BTreeMap::new();
    let mut rest = inner.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_owned();
        rest = &rest[name_end..];
        if let Some(after) = rest.strip_prefix('=') {
            let (value, after) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            found.insert(name, value.to_owned());
            rest = after;
        } else {
            found.insert(name, String::new());
        }
    }
    found
}

/// The last part of a path: the name the file has in the site.
fn file_name(href: &str) -> String {
    href.rsplit('/').next().unwrap_or(href).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<head>\n  <link rel=\"icon\" href=\"data:,\">\n  <link data-trunk rel=\"rust\" href=\"web/Cargo.toml\" data-bin=\"app\" data-wasm-opt=\"0\">\n  <link data-trunk rel=\"css\" href=\"web/style.css\">\n  <link data-trunk rel=\"copy-file\" href=\"web/boot.js\">\n  <script async src=\"boot.js\"></script>\n</head>\n";

    #[test]
    fn trunk_tags_become_the_served_page_and_its_files() {
        let page = read(PAGE).unwrap();
        assert_eq!(
            page.html,
            "<head>\n  <link rel=\"icon\" href=\"data:,\">\n  <link rel=\"stylesheet\" href=\"style.css\">\n  <script async src=\"boot.js\"></script>\n</head>\n"
        );
        assert_eq!(
            page.copies,
            vec![
                ("web/style.css".to_owned(), "style.css".to_owned()),
                ("web/boot.js".to_owned(), "boot.js".to_owned())
            ]
        );
        assert_eq!(
            page.app,
            Some(App {
                manifest: "web/Cargo.toml".to_owned(),
                bin: "app".to_owned()
            })
        );
    }

    #[test]
    fn the_repository_page_names_the_web_app_and_its_assets() {
        let source = include_str!("../../../index.html");
        let page = read(source).unwrap();
        assert!(!page.html.contains("data-trunk"));
        assert_eq!(
            page.app.map(|app| app.bin).as_deref(),
            Some("precedence-web")
        );
        let names: Vec<&str> = page.copies.iter().map(|(_, name)| name.as_str()).collect();
        for needed in ["style.css", "boot.js", "catalog.txt"] {
            assert!(names.contains(&needed), "{needed} in {names:?}");
        }
    }

    #[test]
    fn unknown_kinds_missing_attributes_and_shared_lines_say_which_line() {
        let unknown = read("<p>\n<link data-trunk rel=\"sass\" href=\"a.scss\">");
        let kind = PageError::UnknownKind {
            line: 2,
            rel: "sass".to_owned(),
        };
        assert_eq!(unknown, Err(kind));
        let missing = read("<link data-trunk rel=\"css\">\n");
        let attribute = "href";
        assert_eq!(missing, Err(PageError::Missing { line: 1, attribute }));
        let shared = read("<p><link data-trunk rel=\"css\" href=\"a.css\"></p>");
        assert_eq!(shared, Err(PageError::NotAlone(1)));
    }

    #[test]
    fn attributes_read_quoted_bare_and_single_quoted_values() {
        let found = attributes("<link data-trunk rel='css' href=a.css defer>");
        assert_eq!(found.get("rel").map(String::as_str), Some("css"));
        assert_eq!(found.get("href").map(String::as_str), Some("a.css"));
        assert_eq!(found.get("defer").map(String::as_str), Some(""));
        assert!(found.contains_key("data-trunk"));
    }
}
