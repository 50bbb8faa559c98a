//! Policy text → parse → lint as every policy type: never panics, and every finding's span lies
//! within the text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use precedence::load::LoadedPolicy;
use precedence::parse::parse_policy;
use precedence::scenario::{Document, EndpointType, PolicyEntry};
use precedence::PolicyType;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_policy(text);
    for finding in &parsed.findings {
        assert!(
            finding.span.start <= finding.span.end && finding.span.end <= text.len(),
            "finding span {:?} outside a text of {} bytes",
            finding.span,
            text.len()
        );
    }
    for policy_type in PolicyType::ALL {
        let endpoint_types: &[Option<EndpointType>] = if policy_type == PolicyType::Endpoint {
            &[None, Some(EndpointType::Interface)]
        } else {
            &[None]
        };
        for &endpoint_type in endpoint_types {
            let entry = PolicyEntry {
                id: "fuzz".to_owned(),
                document: Document::Text(text.to_owned()),
                level: Some("root".to_owned()),
                vpc: Some("vpc-12345678".to_owned()),
                endpoint_type,
            };
            let loaded = LoadedPolicy::new(&entry, policy_type, text.to_owned(), None);
            for finding in &loaded.findings {
                assert!(
                    finding.span.start <= finding.span.end && finding.span.end <= text.len(),
                    "{} finding span {:?} outside a text of {} bytes",
                    policy_type.name(),
                    finding.span,
                    text.len()
                );
                let _ = loaded.position(finding.span);
            }
        }
    }
});
