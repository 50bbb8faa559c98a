//! Compare mode's data, apart from the page: the before evaluated beside the after, what the
//! two decide differently (the core's [`precedence::diff::diff_up_to`], which `precedence diff`
//! calls through [`precedence::diff::diff`]), and both versions' policies paired, each changed
//! one line by line.

use precedence::catalog::Catalog;
use precedence::diff::{diff_up_to, Change, Diff, MAX_GENERATED};
use precedence::load::LoadedPolicy;
use precedence::{Decision, PolicyType, Stage};
use similar::{capture_diff_slices, Algorithm, ChangeTag};

use crate::analysis::{Analysis, Shared};

/// How many generated requests are compared while editing: about a quarter of a second in the
/// browser (some 25 µs each), so a pause in typing never freezes the page for long. All of
/// them (up to [`MAX_GENERATED`], seconds) are compared when asked.
pub const WHILE_EDITING: usize = 10_000;

/// The two versions and what they decide differently.
pub struct Comparison {
    /// The before, evaluated.
    pub before: Shared<Analysis>,
    /// The after: the playground's own analysis of the scenario on screen.
    pub after: Shared<Analysis>,
    /// The requests that gain or lose access, and what was covered.
    pub diff: Diff,
    /// The most generated requests it compared.
    pub limit: usize,
}

impl Comparison {
    /// Compare `before` with `after` over the requests both suggest (see
    /// [`precedence::diff`]): at most [`WHILE_EDITING`] generated ones, or, `thorough`, as
    /// many as `precedence diff` compares.
    pub fn new(
        catalog: &Catalog,
        before: Shared<Analysis>,
        after: Shared<Analysis>,
        thorough: bool,
    ) -> Self {
        let limit = if thorough {
            MAX_GENERATED
        } else {
            WHILE_EDITING
        };
        let found = diff_up_to(
            catalog,
            (&before.scenario, &before.engine),
            (&after.scenario, &after.engine),
            limit,
        );
        Self {
            before,
            after,
            diff: found,
            limit,
        }
    }

    /// Whether it stopped at [`WHILE_EDITING`] generated requests where `precedence diff`
    /// would have gone on.
    pub fn cut_short(&self) -> bool {
        self.limit < MAX_GENERATED && self.diff.coverage.generated >= self.limit
    }
}

/// Whether a change gives access or takes it away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Denied before, allowed after.
    Gains,
    /// Allowed before, denied after.
    Loses,
}

impl Direction {
    /// Of a change of the diff.
    pub fn of(change: &Change) -> Self {
        if change.after == Decision::Allowed {
            Direction::Gains
        } else {
            Direction::Loses
        }
    }

    /// The mark that says it without colour: `▲ gains access` / `▼ loses access`.
    pub fn mark(self) -> &'static str {
        match self {
            Direction::Gains => "▲",
            Direction::Loses => "▼",
        }
    }

    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Gains => "gains access",
            Direction::Loses => "loses access",
        }
    }

    /// As a class name and a `data-direction` value.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Gains => "gains",
            Direction::Loses => "loses",
        }
    }
}

/// A decision with the stages that deny it: `explicitDeny (scp)`.
pub fn decision_text(decision: Decision, blocked_by: &[Stage]) -> String {
    if blocked_by.is_empty() {
        decision.name().to_owned()
    } else {
        let stages: Vec<&str> = blocked_by.iter().map(|s| s.name()).collect();
        format!("{} ({})", decision.name(), stages.join(", "))
    }
}

/// How a policy differs between the versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairChange {
    /// The same text in both.
    Same,
    /// In both, with different texts.
    Changed,
    /// Only in the before: the after removed it.
    Removed,
    /// Only in the after: the after added it.
    Added,
}

impl PairChange {
    /// In words, as a tag beside the policy.
    pub fn label(self) -> &'static str {
        match self {
            PairChange::Same => "unchanged",
            PairChange::Changed => "changed",
            PairChange::Removed => "removed in the after",
            PairChange::Added => "added in the after",
        }
    }
}

/// A line of a policy's text, as the two versions have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// In both, only in the before (`Delete`) or only in the after (`Insert`).
    pub tag: ChangeTag,
    /// The line, without its end.
    pub text: String,
    /// Its 1-based number in the before's text, if it is there.
    pub before: Option<usize>,
    /// Its 1-based number in the after's text, if it is there.
    pub after: Option<usize>,
}

/// One policy as the two versions have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyPair {
    /// Its type.
    pub policy_type: PolicyType,
    /// `service control policy `Deny` (level account)`, `… of arn:…`.
    pub title: String,
    /// How it differs.
    pub change: PairChange,
    /// Its lines, both versions' merged: unchanged lines once, changed ones as removed then
    /// added.
    pub lines: Vec<Line>,
}

/// The policies of both versions: each policy of the before with the after's of the same
/// type, owner and id (in order, the first not yet paired), then the after's that have no
/// pair.
pub fn pair(before: &[LoadedPolicy], after: &[LoadedPolicy]) -> Vec<PolicyPair> {
    let key = |p: &LoadedPolicy| (p.policy_type, p.owner.clone(), p.id.clone());
    let mut paired = vec![false; after.len()];
    let mut pairs = Vec::new();
    for old in before {
        let found = after
            .iter()
            .enumerate()
            .position(|(at, new)| !paired[at] && key(new) == key(old));
        let change = match found {
            Some(at) => {
                paired[at] = true;
                if after[at].text == old.text {
                    PairChange::Same
                } else {
                    PairChange::Changed
                }
            }
            None => PairChange::Removed,
        };
        let new_text = found.map_or("", |at| after[at].text.as_str());
        pairs.push(PolicyPair {
            policy_type: old.policy_type,
            title: title(old),
            change,
            lines: match change {
                PairChange::Removed => lines(&old.text, None),
                _ => lines(&old.text, Some(new_text)),
            },
        });
    }
    for (new, _) in after.iter().zip(&paired).filter(|(_, paired)| !**paired) {
        pairs.push(PolicyPair {
            policy_type: new.policy_type,
            title: title(new),
            change: PairChange::Added,
            lines: lines("", Some(&new.text)),
        });
    }
    pairs
}

fn title(policy: &LoadedPolicy) -> String {
    let mut title = format!("{} `{}`", policy.policy_type.title(), policy.id);
    if let Some(level) = &policy.level {
        title.push_str(&format!(" (level {level})"));
    }
    if let Some(owner) = policy.owner.as_deref().filter(|o| *o != policy.id) {
        title.push_str(&format!(" of `{owner}`"));
    }
    title
}

/// The lines of `old` against those of `new` (`None`: `old` alone, every line removed).
fn lines(old: &str, new: Option<&str>) -> Vec<Line> {
    let old_lines: Vec<&str> = old.lines().collect();
    let Some(new) = new else {
        return old_lines
            .iter()
            .enumerate()
            .map(|(index, text)| Line {
                tag: ChangeTag::Delete,
                text: (*text).to_owned(),
                before: Some(index + 1),
                after: None,
            })
            .collect();
    };
    let new_lines: Vec<&str> = new.lines().collect();
    capture_diff_slices(Algorithm::Myers, &old_lines, &new_lines)
        .iter()
        .flat_map(|op| op.iter_changes(&old_lines, &new_lines))
        .map(|change| Line {
            tag: change.tag(),
            text: change.value().to_owned(),
            before: change.old_index().map(|i| i + 1),
            after: change.new_index().map(|i| i + 1),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::test_catalog as catalog;
    use crate::state::{Action, BeforeOrigin, CompareAction, PlaygroundState, PolicyField};
    use std::rc::Rc;

    fn break_glass() -> PlaygroundState {
        let scenario =
            crate::examples::load("seed003-scp-break-glass-exception").expect("the example");
        PlaygroundState::from_scenario(&scenario)
    }

    fn versions(state: &PlaygroundState) -> (Shared<Analysis>, Shared<Analysis>) {
        let before = state
            .compare
            .as_ref()
            .expect("a before")
            .before
            .scenario
            .clone();
        (
            Shared(Rc::new(Analysis::of_scenario((*before).clone()))),
            Shared(Rc::new(Analysis::of_scenario(state.to_scenario()))),
        )
    }

    fn compare(state: &PlaygroundState) -> (Comparison, Vec<PolicyPair>) {
        let (before, after) = versions(state);
        let found = Comparison::new(catalog(), before, after, false);
        let pairs = pair(
            found.before.engine.policies(),
            found.after.engine.policies(),
        );
        (found, pairs)
    }

    #[test]
    fn widening_the_break_glass_exception_gains_access_and_shows_the_changed_line() {
        let mut state = break_glass();
        // The same example as the before: its texts read as the editors hold them, so nothing
        // differs.
        let example =
            crate::examples::load("seed003-scp-break-glass-exception").expect("the example");
        state.apply(Action::Compare(CompareAction::LoadBefore(
            Box::new(example),
            BeforeOrigin::Example("Seed 003".into()),
        )));
        let (unchanged, pairs) = compare(&state);
        assert!(unchanged.diff.gains.is_empty() && unchanged.diff.losses.is_empty());
        assert!(pairs.iter().all(|p| p.change == PairChange::Same));

        state.replace_in_policy("DenyDynamoDBOutsideVPC", "role/BreakGlassRole", "role/*");
        let (widened, pairs) = compare(&state);
        // AppRole outside the VPC: the scenario's own request, denied by the SCP before.
        let own = widened
            .diff
            .gains
            .iter()
            .find(|c| c.given && c.request.principal.ends_with("role/AppRole"))
            .expect("AppRole gains access");
        assert_eq!(Direction::of(own), Direction::Gains);
        assert_eq!(
            decision_text(own.before, &own.before_blocked_by),
            "explicitDeny (scp)"
        );
        assert!(widened.diff.losses.is_empty());
        assert!(!widened.cut_short(), "2040 generated requests fit");
        assert!(widened.diff.coverage.summary().starts_with("compared "));
        // The SCP is the one changed policy, and its one changed line is removed then added.
        let changed: Vec<&PolicyPair> = pairs
            .iter()
            .filter(|p| p.change != PairChange::Same)
            .collect();
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].change, PairChange::Changed);
        assert!(changed[0]
            .title
            .contains("`DenyDynamoDBOutsideVPC` (level account)"));
        let marked: Vec<(ChangeTag, &str)> = changed[0]
            .lines
            .iter()
            .filter(|l| l.tag != ChangeTag::Equal)
            .map(|l| (l.tag, l.text.trim()))
            .collect();
        assert_eq!(
            marked,
            [
                (
                    ChangeTag::Delete,
                    "\"aws:PrincipalArn\": \"arn:aws:iam::*:role/BreakGlassRole\""
                ),
                (
                    ChangeTag::Insert,
                    "\"aws:PrincipalArn\": \"arn:aws:iam::*:role/*\""
                )
            ]
        );
        let line = changed[0]
            .lines
            .iter()
            .find(|l| l.tag == ChangeTag::Insert)
            .expect("the added line");
        assert_eq!(line.before, None);
        assert!(line.after.is_some());
    }

    #[test]
    fn policies_only_in_one_version_are_said_to_be_added_or_removed() {
        let mut state = break_glass();
        state.apply(Action::Compare(CompareAction::Open));
        let identity = state
            .policies
            .iter()
            .find(|p| p.id == "AppPermissions")
            .expect("the identity policy")
            .key;
        state.apply(Action::RemovePolicy(identity));
        state.apply(Action::AddPolicy(PolicyType::Boundary, None));
        // A narrow boundary: the starter's `*` would have the diff ask about every action.
        let boundary = state
            .policies
            .iter()
            .find(|p| p.policy_type == PolicyType::Boundary)
            .expect("the boundary")
            .clone();
        state.apply(Action::EditPolicy(
            boundary.key,
            PolicyField::Text,
            boundary
                .text
                .replace("\"Action\": \"*\"", "\"Action\": \"s3:GetObject\""),
        ));
        let (_, pairs) = compare(&state);
        let added: Vec<&PolicyPair> = pairs
            .iter()
            .filter(|p| p.change == PairChange::Added)
            .collect();
        assert!(added.iter().any(|p| p.policy_type == PolicyType::Boundary
            && p.lines.iter().all(|l| l.tag == ChangeTag::Insert)));
        let removed = pairs
            .iter()
            .find(|p| p.change == PairChange::Removed)
            .expect("the removed policy");
        assert!(removed.lines.iter().all(|l| l.tag == ChangeTag::Delete));
        assert!(removed.title.contains("`AppPermissions`"));
        assert!(!removed.lines.is_empty());
    }

    #[test]
    fn while_editing_a_wide_change_is_compared_in_part_and_in_full_when_asked() {
        let mut state = break_glass();
        state.apply(Action::Compare(CompareAction::Open));
        // A statement that names every action: the diff asks about all of them.
        state.replace_in_policy("DenyDynamoDBOutsideVPC", "\"dynamodb:*\"", "\"*\"");
        let (before, after) = versions(&state);
        let quick = Comparison::new(catalog(), before.clone(), after.clone(), false);
        assert!(quick.cut_short());
        assert_eq!(quick.diff.coverage.generated, WHILE_EDITING);
        assert!(quick
            .diff
            .coverage
            .not_covered
            .iter()
            .any(|note| note.contains(&format!("only the first {WHILE_EDITING}"))));
        let full = Comparison::new(catalog(), before, after, true);
        assert!(full.diff.coverage.generated > WHILE_EDITING);
        assert!(!full.cut_short());
    }
}
