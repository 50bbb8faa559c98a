//! Every example scenario passes, through the library and through the `precedence` binary, and
//! the teaching course in `examples/lessons/` is a well-formed course.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use precedence::{Decision, Engine, PolicyType, ScenarioFile, Severity};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn lessons_dir() -> PathBuf {
    examples_dir().join("lessons")
}

/// The scenario files directly in `dir`, sorted by name.
fn json_files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the folder exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// Every example: the gallery's and the course's lessons.
fn example_files() -> Vec<PathBuf> {
    let mut files = json_files_in(&examples_dir());
    files.extend(json_files_in(&lessons_dir()));
    files
}

fn load(path: &Path) -> (ScenarioFile, Engine) {
    let text = std::fs::read_to_string(path).expect("readable example");
    let file = ScenarioFile::from_text(&text)
        .map_err(|e| format!("{}: {e}", path.display()))
        .expect("example loads");
    let engine = Engine::from_file(&file, &text);
    (file, engine)
}

#[test]
fn every_expectation_holds_through_the_library() {
    let mut checked = 0;
    for path in example_files() {
        let (file, engine) = load(&path);
        for (index, request) in file.scenario.requests.iter().enumerate() {
            let prepared = engine
                .prepare(request)
                .unwrap_or_else(|e| panic!("{} request {index}: {e}", path.display()));
            let evaluation = engine.evaluate(&prepared);
            assert_eq!(
                engine.decide(&prepared),
                precedence::Outcome {
                    decision: evaluation.decision,
                    blocked_by: evaluation.blocked_by
                }
            );
            if let Some(expected) = request.expect {
                assert_eq!(
                    evaluation.decision,
                    expected,
                    "{} request {index}: {}",
                    path.display(),
                    evaluation.explanation
                );
                if let Some(stage) = request.expect_stage {
                    assert!(
                        evaluation.blocked_by.contains(stage),
                        "{} request {index}: AWS names stage {} but {:?} decided",
                        path.display(),
                        stage.name(),
                        evaluation.blocked_by
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 150, "only {checked} expectations checked");
}

#[test]
fn examples_cite_aws_and_cover_every_seed() {
    let files = example_files();
    for seed in ["seed000", "seed001", "seed002", "seed003"] {
        assert!(
            files.iter().any(|f| f
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(seed))),
            "no example for {seed}"
        );
    }
    for path in &files {
        let (file, engine) = load(path);
        assert!(
            file.scenario
                .description
                .contains("https://docs.aws.amazon.com/"),
            "{} cites no AWS page",
            path.display()
        );
        assert!(
            file.scenario.requests.iter().any(|r| r.expect.is_some()),
            "{} has no expectation",
            path.display()
        );
        for policy in engine.policies() {
            for finding in &policy.findings {
                assert_ne!(
                    finding.severity,
                    Severity::Error,
                    "{} {}: {}",
                    path.display(),
                    policy.id,
                    finding.message
                );
            }
        }
    }
}

#[test]
fn the_binary_passes_every_example() {
    let output = Command::cargo_bin("precedence")
        .expect("binary built")
        .arg("test")
        .arg(examples_dir())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let last = stdout.lines().last().expect("a summary line");
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    let passed: usize = last
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(passed >= 150, "{last}");
}

#[test]
fn the_course_is_numbered_and_every_lesson_can_be_checked() {
    let lessons = json_files_in(&lessons_dir());
    assert!(lessons.len() >= 12, "only {} lessons", lessons.len());
    let mut policy_types = std::collections::BTreeSet::new();
    for (index, path) in lessons.iter().enumerate() {
        let number = index + 1;
        let name = path.file_name().expect("a file name").to_string_lossy();
        assert!(
            name.starts_with(&format!("{number:02}-")),
            "lesson {number} is {name}: the course is numbered 01, 02, … without gaps"
        );
        let (file, engine) = load(path);
        let scenario = &file.scenario;
        assert!(
            scenario.name.starts_with(&format!("Lesson {number}: ")),
            "{name}: its name is {:?}",
            scenario.name
        );
        let lesson = scenario
            .lesson
            .as_ref()
            .unwrap_or_else(|| panic!("{name} has no lesson block"));
        for (field, text) in [
            ("question", &lesson.question),
            ("hint", &lesson.hint),
            ("teaches", &lesson.teaches),
        ] {
            assert!(!text.trim().is_empty(), "{name}: empty {field}");
        }
        assert!(
            lesson.source.starts_with("https://docs.aws.amazon.com/"),
            "{name}: the source {:?} is not an AWS page",
            lesson.source
        );
        assert!(scenario.requests.len() >= 2, "{name}: one question only");
        for request in &scenario.requests {
            let title = request.name.as_deref().unwrap_or_default();
            assert!(!title.is_empty(), "{name}: a request without a name");
            let expect = request
                .expect
                .unwrap_or_else(|| panic!("{name} {title:?}: no expected decision"));
            // A learner predicts the deciding stage of every deny, so the course must know it.
            assert_eq!(
                expect != Decision::Allowed,
                request.expect_stage.is_some(),
                "{name} {title:?}: a deny names its stage, an allow none"
            );
            let lowered = title.to_lowercase();
            for answer in [
                "allowed",
                "denied",
                "explicitdeny",
                "implicitdeny",
                "explicit deny",
                "implicit deny",
            ] {
                assert!(
                    !lowered.contains(answer),
                    "{name} {title:?}: the request's name gives the answer away"
                );
            }
        }
        policy_types.extend(engine.policies().iter().map(|policy| policy.policy_type));
    }
    for policy_type in PolicyType::ALL {
        assert!(
            policy_types.contains(&policy_type),
            "no lesson has a {} policy",
            policy_type.title()
        );
    }
}
