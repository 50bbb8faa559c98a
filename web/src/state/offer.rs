//! What a change that takes something away (a removal, an applied suggestion) says, with an
//! Undo button beside it: the thing by name, so it is clear what Undo brings back.

use super::{Action, InlineOwner, ModelEdit, PlaygroundState, TagOwner};

/// The sentence offering to undo `action` on `before`, or `None` for a change that takes
/// nothing away. Names are between backticks, shown as code.
pub(super) fn undo_offer(before: &PlaygroundState, action: &Action) -> Option<String> {
    let named = |kind: &str, name: &str| {
        if name.trim().is_empty() {
            format!("Removed a {kind}.")
        } else {
            format!("Removed the {kind} `{name}`.")
        }
    };
    match action {
        Action::RemovePolicy(key) => {
            let policy = before.policies.iter().find(|p| p.key == *key)?;
            Some(named(policy.policy_type.title(), &policy.id))
        }
        Action::RemoveLevel(policy_type, level) => {
            let count = before
                .policies
                .iter()
                .filter(|p| p.policy_type == *policy_type && p.level == *level)
                .count();
            let policies = if count == 1 { "policy" } else { "policies" };
            Some(format!(
                "Removed the level `{level}` and its {count} {policies}."
            ))
        }
        Action::RemoveRequest(key) => {
            let request = before.requests.iter().find(|r| r.key == *key)?;
            Some(named("request", &request.name))
        }
        Action::RemoveContextRow(key, row) => {
            let request = before.requests.iter().find(|r| r.key == *key)?;
            Some(named("context key", &request.context.get(*row)?.key))
        }
        Action::EditModel(edit) => model_offer(before, edit),
        Action::ApplySuggestion(suggestion) => Some(format!("Applied: {}", suggestion.title)),
        Action::ApplyJson(_) => Some("Replaced the scenario with the JSON you applied.".to_owned()),
        _ => None,
    }
}

fn model_offer(before: &PlaygroundState, edit: &ModelEdit) -> Option<String> {
    let model = &before.model;
    let removed = |kind: &str, name: &str| Some(format!("Removed the {kind} `{name}`."));
    match edit {
        ModelEdit::RemovePrincipal(i) => removed("principal", &model.principals.get(*i)?.arn),
        ModelEdit::RemoveGroup(i) => removed("group", &model.groups.get(*i)?.arn),
        ModelEdit::RemoveManaged(i) => {
            removed("managed policy", &model.managed_policies.get(*i)?.arn)
        }
        ModelEdit::RemoveResource(i) => removed("resource", &model.resources.get(*i)?.arn),
        ModelEdit::RemoveUnit(i) => removed("OU", &model.units.get(*i)?.id),
        ModelEdit::RemoveAccount(i) => removed("account", &model.placed_accounts.get(*i)?.id),
        ModelEdit::RemoveInline(owner, i) => {
            let inline = match owner {
                InlineOwner::Principal(p) => &model.principals.get(*p)?.inline_policies,
                InlineOwner::Group(g) => &model.groups.get(*g)?.inline_policies,
            };
            removed("inline policy", &inline.get(*i)?.name)
        }
        ModelEdit::RemoveTag(owner, key) => {
            let arn = match owner {
                TagOwner::Principal(p) => &model.principals.get(*p)?.arn,
                TagOwner::Resource(r) => &model.resources.get(*r)?.arn,
            };
            Some(format!("Removed the tag `{key}` of `{arn}`."))
        }
        ModelEdit::SetTrust(i, false) => {
            let principal = model.principals.get(*i)?;
            principal
                .trust_policy
                .as_ref()
                .map(|_| format!("Removed the trust policy of `{}`.", principal.arn))
        }
        ModelEdit::SetResourcePolicy(i, false) => {
            let resource = model.resources.get(*i)?;
            resource
                .policy
                .as_ref()
                .map(|_| format!("Removed the policy of `{}`.", resource.arn))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removals_name_what_they_remove() {
        let scenario = crate::examples::load("seed003-scp-break-glass-exception").unwrap();
        let state = PlaygroundState::from_scenario(&scenario);
        let policy = &state.policies[0];
        assert_eq!(
            undo_offer(&state, &Action::RemovePolicy(policy.key)),
            Some(format!(
                "Removed the {} `{}`.",
                policy.policy_type.title(),
                policy.id
            ))
        );
        let level = state.policies[0].level.clone();
        let offer = undo_offer(
            &state,
            &Action::RemoveLevel(policy.policy_type, level.clone()),
        );
        assert!(
            offer.is_some_and(|o| o.starts_with(&format!("Removed the level `{level}` and its ")))
        );
        let request = &state.requests[0];
        assert_eq!(
            undo_offer(&state, &Action::RemoveRequest(request.key)),
            Some(format!("Removed the request `{}`.", request.name))
        );
        assert_eq!(undo_offer(&state, &Action::RemovePolicy(u32::MAX)), None);
        assert_eq!(undo_offer(&state, &Action::AddRequest), None);
    }
}
