//! Scenario file bytes → read → load → prepare each request → decide and evaluate: never panics,
//! and the fast path (`decide`) reaches the same decision as the traced path (`evaluate`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use precedence::{Engine, ScenarioFile};

fuzz_target!(|data: &[u8]| {
    let Ok(file) = ScenarioFile::from_bytes(data) else {
        return;
    };
    // `from_bytes` accepted it, so it is UTF-8.
    let Ok(text) = std::str::from_utf8(data) else {
        panic!("ScenarioFile::from_bytes accepted bytes that are not UTF-8");
    };
    let engine = Engine::from_file(&file, text);
    for request in &file.scenario.requests {
        let Ok(prepared) = engine.prepare(request) else {
            continue;
        };
        let fast = engine.decide(&prepared);
        let traced = engine.evaluate(&prepared);
        assert_eq!(
            fast.decision, traced.decision,
            "decide and evaluate disagree on {request:?}"
        );
        assert_eq!(
            fast.blocked_by, traced.blocked_by,
            "decide and evaluate block differently on {request:?}"
        );
    }
});
