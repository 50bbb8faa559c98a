//! What the trace says about `dependsOn`: the context keys whose value could change the
//! decision, one sentence per statement the decision hangs on.

use precedence::dependence::Dependence;

/// One statement the decision hangs on, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependsLine {
    /// The statement's keys, each with whether the request had it.
    pub keys: Vec<(String, bool)>,
    /// "statement `X` of `policy` (stage)".
    pub statement: String,
    /// "were its conditions false: allowed".
    pub otherwise: String,
}

/// The lines of `depends_on`, in its order.
pub fn lines(depends_on: &[Dependence]) -> Vec<DependsLine> {
    depends_on
        .iter()
        .map(|dependence| DependsLine {
            keys: dependence
                .keys
                .iter()
                .zip(dependence.present.iter().chain(std::iter::repeat(&false)))
                .map(|(key, present)| (key.clone(), *present))
                .collect(),
            statement: format!(
                "statement `{}` of `{}` ({})",
                dependence.statement,
                dependence.policy_id,
                dependence.stage.name()
            ),
            otherwise: format!(
                "were its conditions {}: {}",
                if dependence.holds { "false" } else { "true" },
                dependence.otherwise.name()
            ),
        })
        .collect()
}

/// How a key stands in the request: "`aws:SourceVpce` (not in the request)".
pub fn key_text(key: &str, present: bool) -> String {
    if present {
        format!("`{key}` (in the request)")
    } else {
        format!("`{key}` (not in the request)")
    }
}

#[cfg(test)]
mod tests {
    use precedence::{Engine, ScenarioFile};

    use super::*;

    /// A role allowed S3 only through one endpoint, asked without the endpoint key.
    fn evaluation_of(context: &str) -> precedence::Evaluation {
        let text = format!(
            r#"{{
              "policies": {{"identity": [{{"id": "vpce-only", "document": {{
                "Version": "2012-10-17",
                "Statement": [{{"Sid": "ThroughEndpoint", "Effect": "Allow", "Action": "s3:GetObject",
                  "Resource": "*", "Condition": {{"StringEquals": {{"aws:SourceVpce": "vpce-1a2b3c4d"}}}}}}]
              }}}}]}},
              "requests": [{{"name": "read", "principal": "arn:aws:iam::111122223333:role/reader",
                "action": "s3:GetObject", "resource": "arn:aws:s3:::reports-bucket/a.csv"{context}}}]
            }}"#
        );
        let scenario = ScenarioFile::from_text(&text).unwrap().scenario;
        let engine = Engine::from_scenario(&scenario);
        let prepared = engine.prepare(&scenario.requests[0]).unwrap();
        engine.evaluate(&prepared)
    }

    #[test]
    fn an_absent_key_reads_as_not_in_the_request_and_the_decision_otherwise() {
        let evaluation = evaluation_of("");
        let found = lines(&evaluation.depends_on);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].keys, vec![("aws:SourceVpce".to_owned(), false)]);
        assert_eq!(
            key_text(&found[0].keys[0].0, found[0].keys[0].1),
            "`aws:SourceVpce` (not in the request)"
        );
        assert_eq!(
            found[0].statement,
            "statement `ThroughEndpoint` of `vpce-only` (identity)"
        );
        assert_eq!(found[0].otherwise, "were its conditions true: allowed");
    }

    #[test]
    fn a_present_key_that_holds_says_what_false_would_give() {
        let evaluation = evaluation_of(r#", "context": {"aws:SourceVpce": "vpce-1a2b3c4d"}"#);
        let found = lines(&evaluation.depends_on);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].keys, vec![("aws:SourceVpce".to_owned(), true)]);
        assert_eq!(
            found[0].otherwise,
            "were its conditions false: implicitDeny"
        );
    }
}
