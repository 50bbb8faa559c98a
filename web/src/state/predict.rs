//! Predict, then reveal: in predict mode the selected request's decision stays out of the page
//! until the learner says what AWS decides (and, for a deny, which stage decides), then the
//! reveal says whether that was right. The answer belongs to the selected request as it is:
//! selecting another request or editing the scenario takes it back to unanswered. Lessons are
//! scenarios of the course opened in predict mode; one is done once each of its requests was
//! answered right.

use precedence::{Decision, Outcome, Stage};

/// What the learner says AWS decides, as far as picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Answer {
    /// The decision picked.
    pub decision: Option<Decision>,
    /// For a deny, the stage picked as the one that decides.
    pub stage: Option<Stage>,
}

impl Answer {
    /// Whether the answer can be revealed: a decision, and for a deny its stage.
    pub fn is_complete(&self) -> bool {
        match self.decision {
            None => false,
            Some(Decision::Allowed) => true,
            Some(_) => self.stage.is_some(),
        }
    }
}

/// An answer set against what the evaluator decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judged {
    /// The learner's answer.
    pub answer: Answer,
    /// What the evaluator decided.
    pub outcome: Outcome,
    /// Whether the decision picked is the evaluator's.
    pub decision_right: bool,
    /// Whether the stage picked is among those that blocked; `None` when no stage was asked
    /// (the learner said allowed) or none blocked (a rule outside the policies decided).
    pub stage_right: Option<bool>,
}

impl Judged {
    /// Whether the whole answer is right.
    pub fn is_right(&self) -> bool {
        self.decision_right && self.stage_right != Some(false)
    }
}

/// Set `answer` against `outcome`; `None` while the answer is incomplete.
pub fn judge(answer: Answer, outcome: Outcome) -> Option<Judged> {
    if !answer.is_complete() {
        return None;
    }
    let stage_right = answer
        .stage
        .filter(|_| answer.decision != Some(Decision::Allowed))
        .filter(|_| !outcome.blocked_by.is_empty())
        .map(|stage| outcome.blocked_by.contains(stage));
    Some(Judged {
        answer,
        outcome,
        decision_right: answer.decision == Some(outcome.decision),
        stage_right,
    })
}

/// The stages a learner may pick as the one that decides a deny: every stage with policies
/// (the explicit-deny point only gathers their Deny statements), in AWS's order.
pub fn deciding_stages() -> impl Iterator<Item = Stage> {
    Stage::ALL
        .into_iter()
        .filter(|stage| *stage != Stage::ExplicitDeny)
}

/// Changes to predict mode and the lessons.
#[derive(Debug, Clone, PartialEq)]
pub enum PredictAction {
    /// Turn predict mode on or off (off leaves the lesson too).
    SetMode(bool),
    /// Pick the decision.
    Decide(Decision),
    /// Pick the stage that decides a deny.
    PickStage(Stage),
    /// Reveal the answer, against what the evaluator decided for the selected request.
    Reveal(Outcome),
    /// Hide the answer again, to answer anew.
    TryAgain,
    /// Show the lesson's hint.
    ShowHint,
    /// Open lesson `index` (0-based) of the course in predict mode.
    OpenLesson(usize),
    /// Forget every lesson answered right.
    ResetProgress,
}

/// Predict mode, the lesson open and the progress through the course.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Predict {
    /// Whether predict mode is on.
    pub on: bool,
    /// The selected request's answer, as far as picked.
    pub answer: Answer,
    /// The answer revealed, once it is.
    pub revealed: Option<Judged>,
    /// The lesson on screen (0-based), if any.
    pub lesson: Option<usize>,
    /// Whether the lesson's hint is shown.
    pub hint: bool,
    /// The lesson's requests (by position) answered right since it was opened or last edited.
    pub right: Vec<usize>,
    /// The stems of the lessons answered right, in the order they were.
    pub completed: Vec<String>,
}

impl Predict {
    /// Whether the selected request's decision and trace are kept out of the page.
    pub fn hides(&self) -> bool {
        self.on && self.revealed.is_none()
    }

    /// Whether lesson `index` was answered right.
    pub fn is_completed(&self, index: usize) -> bool {
        crate::lessons::stem(index).is_some_and(|stem| self.completed.iter().any(|c| c == stem))
    }

    /// The selected request is another one, or the scenario changed: its answer is taken back.
    pub fn forget_answer(&mut self) {
        self.answer = Answer::default();
        self.revealed = None;
    }

    /// Another scenario than the lesson is on screen.
    pub fn leave_lesson(&mut self) {
        self.lesson = None;
        self.hint = false;
        self.right.clear();
    }

    /// Lesson `index` is on screen, freshly loaded.
    pub fn enter_lesson(&mut self, index: usize) {
        self.on = true;
        self.lesson = Some(index);
        self.hint = false;
        self.right.clear();
        self.forget_answer();
    }

    /// Apply `action` (all but [`PredictAction::OpenLesson`], which loads a scenario) with
    /// request `selected` of `requests` selected; `false` when nothing changes.
    pub fn apply(
        &mut self,
        action: PredictAction,
        selected: Option<usize>,
        requests: usize,
    ) -> bool {
        let before = self.clone();
        match action {
            PredictAction::SetMode(on) => {
                self.on = on;
                if !on {
                    self.leave_lesson();
                    self.forget_answer();
                }
            }
            PredictAction::Decide(decision) if self.revealed.is_none() => {
                self.answer.decision = Some(decision);
                if decision == Decision::Allowed {
                    self.answer.stage = None;
                }
            }
            PredictAction::PickStage(stage) if self.revealed.is_none() => {
                self.answer.stage = Some(stage);
            }
            PredictAction::Reveal(outcome) if self.on && self.revealed.is_none() => {
                let Some(judged) = judge(self.answer, outcome) else {
                    return false;
                };
                self.revealed = Some(judged);
                self.note_right(judged, selected, requests);
            }
            PredictAction::TryAgain => self.forget_answer(),
            PredictAction::ShowHint => self.hint = self.lesson.is_some(),
            PredictAction::ResetProgress => {
                self.completed.clear();
                self.right.clear();
            }
            PredictAction::Decide(_)
            | PredictAction::PickStage(_)
            | PredictAction::Reveal(_)
            | PredictAction::OpenLesson(_) => {}
        }
        *self != before
    }

    /// In a lesson, a right answer counts for its request, and once every request of the
    /// lesson counts, the lesson is done.
    fn note_right(&mut self, judged: Judged, selected: Option<usize>, requests: usize) {
        let (Some(lesson), Some(selected)) = (self.lesson, selected) else {
            return;
        };
        if !judged.is_right() || self.right.contains(&selected) {
            return;
        }
        self.right.push(selected);
        let all = (0..requests).all(|index| self.right.contains(&index));
        if let Some(stem) = crate::lessons::stem(lesson).filter(|_| all) {
            if !self.completed.iter().any(|done| done == stem) {
                self.completed.push(stem.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use precedence::trace::StageSet;

    fn outcome(decision: Decision, blocked_by: &[Stage]) -> Outcome {
        let mut set = StageSet::default();
        for stage in blocked_by {
            set.insert(*stage);
        }
        Outcome {
            decision,
            blocked_by: set,
        }
    }

    fn answer(decision: Decision, stage: Option<Stage>) -> Answer {
        Answer {
            decision: Some(decision),
            stage,
        }
    }

    #[test]
    fn an_answer_is_complete_with_a_decision_and_for_a_deny_its_stage() {
        assert!(!Answer::default().is_complete());
        assert!(answer(Decision::Allowed, None).is_complete());
        assert!(!answer(Decision::ExplicitDeny, None).is_complete());
        assert!(answer(Decision::ImplicitDeny, Some(Stage::Scp)).is_complete());
    }

    #[test]
    fn the_stage_is_right_when_it_is_among_those_that_blocked() {
        let denied = outcome(Decision::ImplicitDeny, &[Stage::Scp, Stage::Identity]);
        let judged = judge(
            answer(Decision::ImplicitDeny, Some(Stage::Identity)),
            denied,
        );
        assert_eq!(
            judged.map(|j| (j.decision_right, j.stage_right)),
            Some((true, Some(true)))
        );
        assert!(judged.is_some_and(|j| j.is_right()));
        let wrong_stage = judge(
            answer(Decision::ImplicitDeny, Some(Stage::Boundary)),
            denied,
        );
        assert_eq!(wrong_stage.map(|j| j.stage_right), Some(Some(false)));
        assert!(!wrong_stage.is_some_and(|j| j.is_right()));
        // The right stage with the wrong kind of deny is still wrong.
        let wrong_kind = judge(answer(Decision::ExplicitDeny, Some(Stage::Scp)), denied);
        assert!(wrong_kind.is_some_and(|j| !j.decision_right && j.stage_right == Some(true)));
        assert!(!wrong_kind.is_some_and(|j| j.is_right()));
        // Saying allowed asks no stage; a deny no stage blocked (a rule did) asks none either.
        let allowed = outcome(Decision::Allowed, &[]);
        assert_eq!(
            judge(answer(Decision::Allowed, None), allowed).map(|j| j.is_right()),
            Some(true)
        );
        assert_eq!(
            judge(answer(Decision::Allowed, None), denied).map(|j| j.is_right()),
            Some(false)
        );
        let by_rule = outcome(Decision::ImplicitDeny, &[]);
        let judged = judge(answer(Decision::ImplicitDeny, Some(Stage::Scp)), by_rule);
        assert_eq!(
            judged.map(|j| (j.stage_right, j.is_right())),
            Some((None, true))
        );
        assert_eq!(judge(answer(Decision::ExplicitDeny, None), denied), None);
    }

    #[test]
    fn the_explicit_deny_point_is_not_a_stage_to_pick() {
        let stages: Vec<&str> = deciding_stages().map(Stage::name).collect();
        assert_eq!(
            stages,
            ["rcp", "scp", "resource", "identity", "boundary", "session", "endpoint"]
        );
    }

    #[test]
    fn picking_then_revealing_keeps_the_judgement_and_the_answer_is_frozen_once_revealed() {
        let mut predict = Predict {
            on: true,
            ..Predict::default()
        };
        let denied = outcome(Decision::ExplicitDeny, &[Stage::Scp]);
        assert!(predict.hides());
        assert!(
            !predict.apply(PredictAction::Reveal(denied), Some(0), 1),
            "nothing picked yet"
        );
        assert!(predict.apply(PredictAction::Decide(Decision::ExplicitDeny), Some(0), 1));
        assert!(
            !predict.apply(PredictAction::Reveal(denied), Some(0), 1),
            "a deny needs its stage"
        );
        assert!(predict.apply(PredictAction::PickStage(Stage::Scp), Some(0), 1));
        // Saying allowed drops the stage; saying a deny again asks for it again.
        predict.apply(PredictAction::Decide(Decision::Allowed), Some(0), 1);
        assert_eq!(predict.answer.stage, None);
        predict.apply(PredictAction::Decide(Decision::ExplicitDeny), Some(0), 1);
        predict.apply(PredictAction::PickStage(Stage::Scp), Some(0), 1);
        assert!(predict.apply(PredictAction::Reveal(denied), Some(0), 1));
        assert!(!predict.hides());
        assert!(predict.revealed.is_some_and(|j| j.is_right()));
        assert!(!predict.apply(PredictAction::Decide(Decision::Allowed), Some(0), 1));
        assert!(!predict.apply(PredictAction::Reveal(denied), Some(0), 1));
        assert!(predict.apply(PredictAction::TryAgain, Some(0), 1));
        assert!(predict.hides());
        assert_eq!(predict.answer, Answer::default());
    }

    #[test]
    fn outside_predict_mode_nothing_is_hidden_or_revealed_and_leaving_it_leaves_the_lesson() {
        let mut predict = Predict::default();
        assert!(!predict.hides());
        predict.apply(PredictAction::Decide(Decision::Allowed), Some(0), 1);
        assert!(!predict.apply(
            PredictAction::Reveal(outcome(Decision::Allowed, &[])),
            Some(0),
            1
        ));
        predict.enter_lesson(0);
        assert!(predict.on && predict.lesson == Some(0));
        assert!(predict.apply(PredictAction::ShowHint, Some(0), 1));
        assert!(predict.apply(PredictAction::SetMode(false), Some(0), 1));
        assert_eq!((predict.lesson, predict.hint), (None, false));
        assert!(
            !predict.apply(PredictAction::ShowHint, Some(0), 1),
            "no lesson, no hint"
        );
    }

    #[test]
    fn a_lesson_is_done_once_each_of_its_requests_was_answered_right() {
        let Some(first) = crate::lessons::stem(0) else {
            return;
        };
        let allowed = outcome(Decision::Allowed, &[]);
        let mut predict = Predict::default();
        predict.enter_lesson(0);
        let reveal = |predict: &mut Predict, selected: usize, said: Decision| {
            predict.forget_answer();
            predict.apply(PredictAction::Decide(said), Some(selected), 2);
            predict.apply(PredictAction::PickStage(Stage::Identity), Some(selected), 2);
            predict.apply(PredictAction::Reveal(allowed), Some(selected), 2);
        };
        reveal(&mut predict, 0, Decision::Allowed);
        assert_eq!(predict.right, [0]);
        assert!(!predict.is_completed(0), "one of two requests");
        reveal(&mut predict, 1, Decision::ImplicitDeny);
        assert!(!predict.is_completed(0), "a wrong answer does not count");
        reveal(&mut predict, 1, Decision::Allowed);
        assert!(predict.is_completed(0));
        assert_eq!(predict.completed, [first]);
        reveal(&mut predict, 1, Decision::Allowed);
        assert_eq!(predict.completed, [first], "counted once");
        assert!(predict.apply(PredictAction::ResetProgress, Some(1), 2));
        assert!(!predict.is_completed(0));
        assert!(predict.right.is_empty());
    }
}
