//! Share links: the whole scenario in the URL fragment, deflated and base64url-encoded, and
//! after it the view (`&r=` the selected request, `&open=` and `&closed=` the trace's stages
//! opened or closed by hand).
//!
//! Decoding never trusts the link: sizes are bounded before and after inflating, and every
//! failure becomes a message that says what is wrong and what to do.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use precedence::{Scenario, ScenarioFile};

/// The fragment's key: `#s=…`.
const KEY: &str = "s=";
/// The view's keys, after the scenario: `&r=1&open=scp,identity&closed=explicitDeny`.
const SELECTED: &str = "r";
const OPEN: &str = "open";
const CLOSED: &str = "closed";

/// What a link shows beyond its scenario: the selected request and the stages of its trace
/// opened or closed by hand (the others open where the trace opens them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// The selected request's position.
    pub selected: Option<usize>,
    /// Stage names (`scp`), each opened (`true`) or closed by hand.
    pub stages: Vec<(String, bool)>,
}
/// Longest fragment accepted (characters).
const MAX_FRAGMENT: usize = 2_000_000;
/// Largest scenario a link may inflate to (bytes).
const MAX_SCENARIO: usize = 4 * 1024 * 1024;

/// `scenario` as JSON, the CLI's scenario format: compact for a link, or `pretty` for a file and
/// the autosave. Written out through a `serde_json::Value`, whose writers the policy texts use
/// too, so the bundle holds one serializer of scenarios rather than one per layout.
pub fn scenario_json(scenario: &Scenario, pretty: bool) -> Option<String> {
    let value = serde_json::to_value(scenario).ok()?;
    if pretty {
        serde_json::to_string_pretty(&value).ok()
    } else {
        Some(value.to_string())
    }
}

/// The fragment (without `#`) that reproduces `scenario`.
pub fn encode(scenario: &Scenario) -> String {
    encode_json(&scenario_json(scenario, false).unwrap_or_default())
}

/// The fragment that reproduces `scenario`, or `None` when it is larger than a link may
/// inflate to (a whole account's import): such a link could not be opened, and deflating it
/// after every edit would cost seconds.
pub fn link(scenario: &Scenario) -> Option<String> {
    let json = scenario_json(scenario, false)?;
    (json.len() <= MAX_SCENARIO).then(|| encode_json(&json))
}

/// A scenario's fragment with `view` after it; a fragment without a scenario stays empty.
pub fn with_view(fragment: String, view: &View) -> String {
    if fragment.is_empty() {
        return fragment;
    }
    let mut out = fragment;
    if let Some(selected) = view.selected {
        out.push_str(&format!("&{SELECTED}={selected}"));
    }
    for (key, open) in [(OPEN, true), (CLOSED, false)] {
        let names: Vec<&str> = view
            .stages
            .iter()
            .filter(|(_, is_open)| *is_open == open)
            .map(|(name, _)| name.as_str())
            .collect();
        if !names.is_empty() {
            out.push_str(&format!("&{key}={}", names.join(",")));
        }
    }
    out
}

/// The view a fragment holds after its scenario: none in a link made before views travelled,
/// and parts that do not read as a view (a stray or garbled one) are left to the defaults.
pub fn view(fragment: &str) -> View {
    let mut view = View::default();
    for (key, value) in fragment
        .split('&')
        .skip(1)
        .filter_map(|p| p.split_once('='))
    {
        match key {
            SELECTED => view.selected = value.parse().ok(),
            OPEN | CLOSED => view.stages.extend(
                value
                    .split(',')
                    .filter(|name| {
                        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic())
                    })
                    .map(|name| (name.to_owned(), key == OPEN)),
            ),
            _ => {}
        }
    }
    view
}

fn encode_json(json: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{KEY}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Whether a fragment (without `#`) is meant as a share link: one that holds a scenario, or
/// any `key=value` fragment (a damaged link, to report rather than ignore).
pub fn is_share_fragment(fragment: &str) -> bool {
    fragment.starts_with(KEY) || fragment.contains('=')
}

/// The scenario a fragment (without `#`) holds.
pub fn decode(fragment: &str) -> Result<Scenario, String> {
    const HELP: &str = "ask for a fresh link, or load an example";
    let scenario = fragment.split('&').next().unwrap_or_default();
    let Some(payload) = scenario.strip_prefix(KEY) else {
        return Err(format!(
            "this link does not hold a scenario (it should start with `#{KEY}`); {HELP}"
        ));
    };
    if payload.len() > MAX_FRAGMENT {
        return Err(format!(
            "this link is {} characters long, more than a scenario link can be; {HELP}",
            payload.len()
        ));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|error| {
            format!("this link is damaged ({error}); it was probably cut short when copied; {HELP}")
        })?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_SCENARIO)
        .map_err(|_| format!("this link is damaged or too large to unpack; {HELP}"))?;
    let text = String::from_utf8(json)
        .map_err(|_| format!("this link does not unpack to text; {HELP}"))?;
    ScenarioFile::from_text(&text)
        .map(|file| file.scenario)
        .map_err(|error| format!("this link holds a scenario that cannot be read: {error}; {HELP}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_a_scenario() {
        let scenario: Scenario = serde_json::from_str(
            r#"{"name": "x", "policies": {"identity": [{"id": "A", "document": "{ \"Statement\": [ "}]},
                "requests": [{"principal": "p", "action": "a:b", "resource": "*"}]}"#,
        )
        .unwrap();
        let fragment = encode(&scenario);
        assert!(is_share_fragment(&fragment));
        assert_eq!(decode(&fragment).unwrap(), scenario);
    }

    #[test]
    fn the_view_travels_after_the_scenario_and_old_links_still_open() {
        let scenario = crate::examples::load("seed001-allow-from-account").expect("the example");
        let view = View {
            selected: Some(2),
            stages: vec![
                ("scp".into(), true),
                ("explicitDeny".into(), false),
                ("identity".into(), true),
            ],
        };
        let fragment = with_view(encode(&scenario), &view);
        assert!(
            fragment.ends_with("&r=2&open=scp,identity&closed=explicitDeny"),
            "{fragment}"
        );
        assert_eq!(decode(&fragment).unwrap(), scenario);
        let read = super::view(&fragment);
        assert_eq!(read.selected, Some(2));
        assert_eq!(
            read.stages,
            [
                ("scp".into(), true),
                ("identity".into(), true),
                ("explicitDeny".into(), false)
            ]
        );
        // A link without a view opens with the defaults.
        let old = encode(&scenario);
        assert_eq!(decode(&old).unwrap(), scenario);
        assert_eq!(super::view(&old), View::default());
        // A garbled view is left to the defaults, the scenario still opens.
        let garbled = format!("{old}&r=x&open=<img>,scp&zzz");
        assert_eq!(decode(&garbled).unwrap(), scenario);
        assert_eq!(
            super::view(&garbled),
            View {
                selected: None,
                stages: vec![("scp".into(), true)]
            }
        );
        assert_eq!(with_view(String::new(), &view), "", "no scenario, no view");
    }

    #[test]
    fn a_scenario_too_large_to_open_from_a_link_gets_none() {
        let small = crate::examples::load("seed001-allow-from-account").expect("the example");
        assert_eq!(link(&small), Some(encode(&small)));
        let mut large = small.clone();
        large.description = "x".repeat(MAX_SCENARIO);
        assert_eq!(link(&large), None);
    }

    #[test]
    fn damaged_links_count_as_links_and_page_anchors_do_not() {
        for fragment in ["s=", "s=garbage", "x=1"] {
            assert!(is_share_fragment(fragment), "{fragment}");
        }
        for fragment in ["", "top", "embed"] {
            assert!(!is_share_fragment(fragment), "{fragment}");
        }
    }

    #[test]
    fn scenario_json_is_serdes_own_output_and_reads_back_as_the_same_scenario() {
        let scenario = crate::examples::load("seed001-allow-from-account").expect("the example");
        let pretty = scenario_json(&scenario, true).unwrap();
        assert_eq!(pretty, serde_json::to_string_pretty(&scenario).unwrap());
        assert_eq!(ScenarioFile::from_text(&pretty).unwrap().scenario, scenario);
        let compact = scenario_json(&scenario, false).unwrap();
        assert_eq!(compact, serde_json::to_string(&scenario).unwrap());
    }

    #[test]
    fn hostile_links_get_messages_not_panics() {
        for fragment in ["", "x=1", "s=%%%garbage", "s=AAAA", "s=", "s=////////////"] {
            let error = decode(fragment).unwrap_err();
            assert!(error.contains("link"), "{fragment}: {error}");
        }
        // A deflate bomb stops at the limit.
        let zeros = vec![b' '; MAX_SCENARIO + 10];
        let bomb = format!(
            "s={}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&zeros, 9))
        );
        assert!(decode(&bomb).unwrap_err().contains("too large"));
        // Valid JSON of the wrong shape says where.
        let wrong = format!(
            "s={}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(
                br#"{"requests": 5}"#,
                9
            ))
        );
        assert!(decode(&wrong).unwrap_err().contains("requests"));
    }
}
