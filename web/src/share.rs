//! Share links: the whole scenario in the URL fragment, deflated and base64url-encoded, and
//! after it the view (`&r=` the selected request, `&open=` and `&closed=` the trace's stages
//! opened or closed by hand, `&mode=predict` predict mode: a question to answer).
//!
//! Decoding never trusts the link: sizes are bounded before and after inflating, and every
//! failure becomes a message that says what is wrong and what to do. Writing checks the same
//! bounds first, so the playground never hands out a link it would refuse to open.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;
use precedence::{Scenario, ScenarioFile};

/// The fragment's key: `#s=…`.
const KEY: &str = "s=";

/// Longest link payload (the characters after `#s=`) written or read. A browser opens an
/// address only up to its own limit: Chromium 2 MiB (2,097,152 characters; measured: a longer
/// one is not navigated to), Firefox 1 MiB (its `network.standard-url.max-length` default,
/// 1,048,576). The payload keeps under Firefox's with 48,576 characters to spare for the
/// site's address and `?embed=1#s=`, so a link opens in both.
pub const MAX_LINK_CHARACTERS: usize = 1_000_000;

/// Largest scenario a link may unpack to (bytes of JSON): the bound that keeps a hostile link
/// from inflating without end. A larger scenario is shared as a file.
pub const MAX_SCENARIO_BYTES: usize = 4 * 1024 * 1024;

/// Why a scenario gets no share link: it would be longer than a link may be, or unpack to
/// more than a link may hold. Either way the scenario is shared as a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooLarge {
    /// Its JSON is larger than [`MAX_SCENARIO_BYTES`].
    Scenario {
        /// The size of its JSON.
        bytes: usize,
    },
    /// Deflated and encoded, it is longer than [`MAX_LINK_CHARACTERS`].
    Link {
        /// The size of its JSON.
        bytes: usize,
        /// The length the link's payload would have.
        characters: usize,
    },
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            TooLarge::Scenario { bytes } => write!(
                f,
                "This scenario is {} ({} bytes of JSON); a share link holds at most {} ({} bytes). Export it as a file and share the file instead.",
                megabytes(bytes),
                thousands(bytes),
                megabytes(MAX_SCENARIO_BYTES),
                thousands(MAX_SCENARIO_BYTES)
            ),
            TooLarge::Link { bytes, characters } => write!(
                f,
                "This scenario ({}) packs into a link of {} characters; a share link may be at most {} characters, the longest address both Chromium and Firefox open. Export it as a file and share the file instead.",
                megabytes(bytes),
                thousands(characters),
                thousands(MAX_LINK_CHARACTERS)
            ),
        }
    }
}

/// `4.6 MB`: bytes in megabytes of 2^20 bytes, one decimal.
fn megabytes(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10 + (1 << 19)) >> 20;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// `4,194,304`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The view's keys, after the scenario: `&r=1&open=scp,identity&closed=explicitDeny`.
const SELECTED: &str = "r";
const OPEN: &str = "open";
const CLOSED: &str = "closed";
const MODE: &str = "mode";
/// The value of `mode` for predict mode.
pub const PREDICT: &str = "predict";

/// What a link shows beyond its scenario: the selected request and the stages of its trace
/// opened or closed by hand (the others open where the trace opens them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    /// The selected request's position.
    pub selected: Option<usize>,
    /// Stage names (`scp`), each opened (`true`) or closed by hand.
    pub stages: Vec<(String, bool)>,
    /// Whether the link asks its request as a question (predict mode).
    pub predict: bool,
}

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

/// The fragment (without `#`) that reproduces `scenario`, or why there is none: only a link
/// [`decode`] opens is ever written. A scenario over [`MAX_SCENARIO_BYTES`] is refused before
/// deflating it (a whole account's import: deflating it after every edit would cost seconds).
pub fn link(scenario: &Scenario) -> Result<String, TooLarge> {
    let json = scenario_json(scenario, false).unwrap_or_default();
    link_of_json(&json)
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
    if view.predict {
        out.push_str(&format!("&{MODE}={PREDICT}"));
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
            MODE => view.predict = value == PREDICT,
            _ => {}
        }
    }
    view
}

fn link_of_json(json: &str) -> Result<String, TooLarge> {
    let bytes = json.len();
    if bytes > MAX_SCENARIO_BYTES {
        return Err(TooLarge::Scenario { bytes });
    }
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let payload = URL_SAFE_NO_PAD.encode(packed);
    if payload.len() > MAX_LINK_CHARACTERS {
        return Err(TooLarge::Link {
            bytes,
            characters: payload.len(),
        });
    }
    Ok(format!("{KEY}{payload}"))
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
    if payload.len() > MAX_LINK_CHARACTERS {
        return Err(format!(
            "this link is {} characters long, more than the {} a scenario link can be; ask for the scenario as a file (Export JSON), or load an example",
            thousands(payload.len()),
            thousands(MAX_LINK_CHARACTERS)
        ));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|error| {
            format!("this link is damaged ({error}); it was probably cut short when copied; {HELP}")
        })?;
    // One byte over the bound tells a scenario of exactly the bound from a larger one.
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_SCENARIO_BYTES + 1)
        .map_err(|error| match error.status {
            TINFLStatus::HasMoreOutput => too_large_to_unpack(),
            _ => format!("this link is damaged and cannot be unpacked; {HELP}"),
        })?;
    if json.len() > MAX_SCENARIO_BYTES {
        return Err(too_large_to_unpack());
    }
    let text = String::from_utf8(json)
        .map_err(|_| format!("this link does not unpack to text; {HELP}"))?;
    ScenarioFile::from_text(&text)
        .map(|file| file.scenario)
        .map_err(|error| format!("this link holds a scenario that cannot be read: {error}; {HELP}"))
}

fn too_large_to_unpack() -> String {
    format!(
        "this link unpacks to more than {} bytes, more than a scenario link may hold; ask for the scenario as a file (Export JSON), or load an example",
        thousands(MAX_SCENARIO_BYTES)
    )
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
        let fragment = link(&scenario).unwrap();
        assert!(is_share_fragment(&fragment));
        assert_eq!(decode(&fragment).unwrap(), scenario);
    }

    /// An example with a description of `length` characters from `character`.
    fn with_description(length: usize, character: impl Fn(usize) -> char) -> Scenario {
        let mut scenario =
            crate::examples::load("seed001-allow-from-account").expect("the example");
        scenario.description = (0..length).map(character).collect();
        scenario
    }

    fn json_bytes(scenario: &Scenario) -> usize {
        scenario_json(scenario, false).unwrap().len()
    }

    #[test]
    fn a_scenario_of_exactly_the_bound_round_trips_and_one_byte_more_is_refused_by_the_writer() {
        // `x` compresses to almost nothing: only the unpacked size binds.
        // (An empty description is left out of the JSON: measure around one character.)
        let base = json_bytes(&with_description(1, |_| 'x')) - 1;
        let at_bound = with_description(MAX_SCENARIO_BYTES - base, |_| 'x');
        assert_eq!(json_bytes(&at_bound), MAX_SCENARIO_BYTES);
        let fragment = link(&at_bound).expect("a link at the bound");
        assert_eq!(decode(&fragment).unwrap(), at_bound);
        let over = with_description(MAX_SCENARIO_BYTES - base + 1, |_| 'x');
        assert_eq!(
            link(&over),
            Err(TooLarge::Scenario {
                bytes: MAX_SCENARIO_BYTES + 1
            })
        );
        let said = TooLarge::Scenario { bytes: 4_812_345 }.to_string();
        assert!(
            said.starts_with("This scenario is 4.6 MB (4,812,345 bytes of JSON); a share link holds at most 4.0 MB (4,194,304 bytes). Export it as a file"),
            "{said}"
        );
    }

    /// Characters deflate cannot pack much: base64's alphabet in a fixed pseudo-random order.
    fn noise(at: usize) -> char {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut x = (at as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
        x ^= x >> 31;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 29;
        char::from(ALPHABET[(x % 64) as usize])
    }

    /// The payload length of a link for a noisy description of `length` characters.
    fn payload_length(length: usize) -> Result<usize, TooLarge> {
        link(&with_description(length, noise)).map(|fragment| fragment.len() - KEY.len())
    }

    #[test]
    fn a_link_just_under_the_longest_round_trips_and_one_just_over_is_refused_by_the_writer() {
        // Noise packs at about one payload character per character: find the length whose
        // link sits just under the limit by two measurements and a straight line.
        let (short, long) = (600_000, 700_000);
        let (a, b) = (
            payload_length(short).unwrap(),
            payload_length(long).unwrap(),
        );
        let per_character = (b - a) as f64 / (long - short) as f64;
        let length_for =
            |payload: usize| long + ((payload as f64 - b as f64) / per_character) as usize;
        let under = with_description(length_for(MAX_LINK_CHARACTERS - 500), noise);
        let fragment = link(&under).expect("a link just under the limit");
        let payload = fragment.len() - KEY.len();
        assert!(
            payload <= MAX_LINK_CHARACTERS && payload > MAX_LINK_CHARACTERS - 2_000,
            "{payload}"
        );
        assert_eq!(decode(&fragment).unwrap(), under);
        match payload_length(length_for(MAX_LINK_CHARACTERS + 500)) {
            Err(TooLarge::Link { characters, .. }) => assert!(
                characters > MAX_LINK_CHARACTERS && characters < MAX_LINK_CHARACTERS + 2_000,
                "{characters}"
            ),
            other => panic!("just over the limit: {other:?}"),
        }
    }

    #[test]
    fn the_reader_refuses_what_the_writer_would_not_write() {
        let long = format!("s={}", "A".repeat(MAX_LINK_CHARACTERS + 1));
        let said = decode(&long).unwrap_err();
        assert!(said.contains("1,000,001 characters long"), "{said}");
        // A deflate bomb stops at the bound.
        let zeros = vec![b' '; MAX_SCENARIO_BYTES + 10];
        let bomb = format!(
            "s={}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&zeros, 9))
        );
        assert!(decode(&bomb)
            .unwrap_err()
            .contains("unpacks to more than 4,194,304 bytes"));
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
            predict: false,
        };
        let fragment = with_view(link(&scenario).unwrap(), &view);
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
        let old = link(&scenario).unwrap();
        assert_eq!(decode(&old).unwrap(), scenario);
        assert_eq!(super::view(&old), View::default());
        // A garbled view is left to the defaults, the scenario still opens.
        let garbled = format!("{old}&r=x&open=<img>,scp&zzz");
        assert_eq!(decode(&garbled).unwrap(), scenario);
        assert_eq!(
            super::view(&garbled),
            View {
                selected: None,
                stages: vec![("scp".into(), true)],
                predict: false,
            }
        );
        assert_eq!(with_view(String::new(), &view), "", "no scenario, no view");
    }

    #[test]
    fn predict_mode_travels_in_the_link_and_another_mode_reads_as_none() {
        let scenario = crate::examples::load("seed001-allow-from-account").expect("the example");
        let view = View {
            selected: Some(1),
            predict: true,
            ..View::default()
        };
        let fragment = with_view(link(&scenario).unwrap(), &view);
        assert!(fragment.ends_with("&r=1&mode=predict"), "{fragment}");
        assert_eq!(decode(&fragment).unwrap(), scenario);
        assert_eq!(super::view(&fragment), view);
        let other = format!("{}&mode=explain", link(&scenario).unwrap());
        assert!(!super::view(&other).predict);
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
