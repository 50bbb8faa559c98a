//! The scenario as it stood before a change, kept for undo. A snapshot shares every part (a
//! policy, a request, an entry of the account model) that the snapshot next to it already
//! holds, so a step costs what it changed rather than the whole scenario: a 20 MB import edited
//! a hundred times holds one copy of its unchanged policies, not a hundred.

use std::collections::HashSet;
use std::rc::Rc;

use precedence::scenario::{
    Group, Lesson, ManagedPolicy, PlacedAccount, Principal, Resource, Unit,
};
use precedence::scenario::{Suppression, SwitchOff};
use serde::Serialize;

use super::{AccountModel, EditablePolicy, EditableRequest, PlaygroundState};

/// A part of a snapshot and the bytes it holds (an estimate: its text's length).
#[derive(Debug)]
struct Part<T> {
    value: T,
    weight: usize,
}

/// A part several snapshots may hold.
type Shared<T> = Rc<Part<T>>;

/// How far ahead in the neighbouring snapshot a part is looked for: a change removes or moves
/// a few parts at a time (a level of SCPs), and the rest keep their order.
const LOOK_AHEAD: usize = 8;

/// What every part costs beyond its text: the allocation and the fields that are not text.
const PART_OVERHEAD: usize = 64;

/// The scenario's own fields, which are not lists.
#[derive(Debug, PartialEq)]
struct Head {
    name: String,
    description: String,
    management_account: String,
    member_accounts: String,
    organization_id: Option<String>,
    lesson: Option<Lesson>,
}

/// The scenario being edited as it stood, and the request then selected.
#[derive(Debug)]
pub(super) struct Snapshot {
    head: Shared<Head>,
    /// The policies without their keys (so a suggestion that renumbers them all still shares
    /// their texts), and the keys apart.
    policies: Vec<Shared<EditablePolicy>>,
    policy_keys: Vec<u32>,
    requests: Vec<Shared<EditableRequest>>,
    request_keys: Vec<u32>,
    units: Vec<Shared<Unit>>,
    placed_accounts: Vec<Shared<PlacedAccount>>,
    managed_policies: Vec<Shared<ManagedPolicy>>,
    groups: Vec<Shared<Group>>,
    principals: Vec<Shared<Principal>>,
    resources: Vec<Shared<Resource>>,
    suppressions: Vec<Shared<Suppression>>,
    switched_off: Vec<Shared<SwitchOff>>,
    selected: usize,
    /// The bytes of every part, shared ones included.
    weight: usize,
}

impl Snapshot {
    /// The scenario of `state`, sharing the parts `near` holds that have not changed.
    pub(super) fn capture(state: &PlaygroundState, near: Option<&Snapshot>) -> Self {
        // Every field is named, so a field added to the state is a decision here, not a loss.
        let PlaygroundState {
            name,
            description,
            lesson,
            management_account,
            member_accounts,
            policies,
            requests,
            model,
            selected,
            notice: _,
            revision: _,
            edited: _,
            replaced: _,
            next_key: _,
            // Compare mode is a way of looking, like the notice: undo leaves it as it is.
            compare: _,
        } = state;
        let AccountModel {
            organization_id,
            units,
            placed_accounts,
            managed_policies,
            groups,
            principals,
            resources,
            suppressions,
            switched_off,
        } = model;
        let head = Head {
            name: name.clone(),
            description: description.clone(),
            management_account: management_account.clone(),
            member_accounts: member_accounts.clone(),
            organization_id: organization_id.clone(),
            lesson: lesson.clone(),
        };
        let head = match near {
            Some(near) if near.head.value == head => Rc::clone(&near.head),
            _ => {
                let weight = head.name.len()
                    + head.description.len()
                    + head.management_account.len()
                    + head.member_accounts.len()
                    + head.organization_id.as_ref().map_or(0, String::len)
                    + head.lesson.as_ref().map_or(0, |lesson| {
                        lesson.question.len()
                            + lesson.hint.len()
                            + lesson.teaches.len()
                            + lesson.source.len()
                    })
                    + PART_OVERHEAD;
                Rc::new(Part {
                    value: head,
                    weight,
                })
            }
        };
        let mut snapshot = Snapshot {
            head,
            policies: share(
                policies,
                near.map(|n| &n.policies[..]),
                EditablePolicy::same_but_key,
                |p| EditablePolicy {
                    key: 0,
                    ..p.clone()
                },
                policy_weight,
            ),
            policy_keys: policies.iter().map(|p| p.key).collect(),
            requests: share(
                requests,
                near.map(|n| &n.requests[..]),
                EditableRequest::same_but_key,
                |r| EditableRequest {
                    key: 0,
                    ..r.clone()
                },
                request_weight,
            ),
            request_keys: requests.iter().map(|r| r.key).collect(),
            units: share_model(units, near.map(|n| &n.units[..])),
            placed_accounts: share_model(placed_accounts, near.map(|n| &n.placed_accounts[..])),
            managed_policies: share_model(managed_policies, near.map(|n| &n.managed_policies[..])),
            groups: share_model(groups, near.map(|n| &n.groups[..])),
            principals: share_model(principals, near.map(|n| &n.principals[..])),
            resources: share_model(resources, near.map(|n| &n.resources[..])),
            suppressions: share_model(suppressions, near.map(|n| &n.suppressions[..])),
            switched_off: share_model(switched_off, near.map(|n| &n.switched_off[..])),
            selected: *selected,
            weight: 0,
        };
        snapshot.weight = snapshot.parts().map(|(_, weight)| weight).sum();
        snapshot
    }

    /// Put the snapshot's scenario back into `state`. Keys stay unique (new ones are never
    /// taken from a snapshot); what is not the scenario (the notice, the revision) is left.
    pub(super) fn restore(&self, state: &mut PlaygroundState) {
        let head = &self.head.value;
        state.name = head.name.clone();
        state.description = head.description.clone();
        state.lesson = head.lesson.clone();
        state.management_account = head.management_account.clone();
        state.member_accounts = head.member_accounts.clone();
        state.policies = self
            .policies
            .iter()
            .zip(&self.policy_keys)
            .map(|(part, &key)| EditablePolicy {
                key,
                ..part.value.clone()
            })
            .collect();
        state.requests = self
            .requests
            .iter()
            .zip(&self.request_keys)
            .map(|(part, &key)| EditableRequest {
                key,
                ..part.value.clone()
            })
            .collect();
        state.model = AccountModel {
            organization_id: head.organization_id.clone(),
            units: values(&self.units),
            placed_accounts: values(&self.placed_accounts),
            managed_policies: values(&self.managed_policies),
            groups: values(&self.groups),
            principals: values(&self.principals),
            resources: values(&self.resources),
            suppressions: values(&self.suppressions),
            switched_off: values(&self.switched_off),
        };
        state.selected = self.selected;
    }

    /// The bytes the snapshot holds, counting parts it shares with others.
    pub(super) fn weight(&self) -> usize {
        self.weight
    }

    /// Every part as (its address, its weight): the address tells a shared part from a copy.
    fn parts(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        fn each<T>(parts: &[Shared<T>]) -> impl Iterator<Item = (usize, usize)> + '_ {
            parts
                .iter()
                .map(|part| (Rc::as_ptr(part) as *const () as usize, part.weight))
        }
        std::iter::once((
            Rc::as_ptr(&self.head) as *const () as usize,
            self.head.weight,
        ))
        .chain(each(&self.policies))
        .chain(each(&self.requests))
        .chain(each(&self.units))
        .chain(each(&self.placed_accounts))
        .chain(each(&self.managed_policies))
        .chain(each(&self.groups))
        .chain(each(&self.principals))
        .chain(each(&self.resources))
        .chain(each(&self.suppressions))
        .chain(each(&self.switched_off))
    }
}

/// The bytes `snapshots` hold together, each shared part counted once.
pub(super) fn footprint<'a>(snapshots: impl Iterator<Item = &'a Snapshot>) -> usize {
    let mut seen = HashSet::new();
    snapshots
        .flat_map(Snapshot::parts)
        .filter(|(address, _)| seen.insert(*address))
        .map(|(_, weight)| weight)
        .sum()
}

/// `items` as parts: where the neighbouring snapshot holds the same item (`same`), its part;
/// else a new part of the item as `stored`. The neighbour is walked in step with `items`, a
/// few places ahead (removals) or one behind (an insertion).
fn share<T>(
    items: &[T],
    near: Option<&[Shared<T>]>,
    same: impl Fn(&T, &T) -> bool,
    stored: impl Fn(&T) -> T,
    weigh: impl Fn(&T) -> usize,
) -> Vec<Shared<T>> {
    let near = near.unwrap_or_default();
    let mut at: usize = 0;
    items
        .iter()
        .map(|item| {
            let found = (at.saturating_sub(1)..(at + LOOK_AHEAD).min(near.len()))
                .find(|&i| same(item, &near[i].value));
            match found {
                Some(i) => {
                    at = i + 1;
                    Rc::clone(&near[i])
                }
                None => {
                    at += 1;
                    Rc::new(Part {
                        value: stored(item),
                        weight: weigh(item),
                    })
                }
            }
        })
        .collect()
}

/// Entries of the account model as parts, weighed by their JSON.
fn share_model<T: Clone + PartialEq + Serialize>(
    items: &[T],
    near: Option<&[Shared<T>]>,
) -> Vec<Shared<T>> {
    share(items, near, T::eq, T::clone, |item| {
        json_len(item) + PART_OVERHEAD
    })
}

/// The length of `item` as JSON. Written through a `serde_json::Value`, as scenarios are, so
/// the bundle holds no serializer of its own for each kind of entry.
fn json_len<T: Serialize>(item: &T) -> usize {
    serde_json::to_value(item).map_or(0, |value| value.to_string().len())
}

fn values<T: Clone>(parts: &[Shared<T>]) -> Vec<T> {
    parts.iter().map(|part| part.value.clone()).collect()
}

fn policy_weight(policy: &EditablePolicy) -> usize {
    policy.text.len()
        + policy.id.len()
        + policy.level.len()
        + policy.vpc.len()
        + policy.target.len()
        + PART_OVERHEAD
}

fn request_weight(request: &EditableRequest) -> usize {
    let texts = [
        &request.name,
        &request.principal,
        &request.action,
        &request.resource,
        &request.resource_account,
        &request.via_endpoint,
    ];
    let session = request.session.as_ref().map_or(0, json_len);
    texts.iter().map(|text| text.len()).sum::<usize>()
        + request
            .context
            .iter()
            .map(|row| row.key.len() + row.value.len() + PART_OVERHEAD)
            .sum::<usize>()
        + session
        + PART_OVERHEAD
}

impl EditablePolicy {
    /// Whether two policies are the same but for their keys. Every field is named, so a new
    /// field cannot be forgotten here.
    fn same_but_key(&self, other: &Self) -> bool {
        let Self {
            key: _,
            policy_type,
            id,
            text,
            level,
            vpc,
            endpoint_type,
            target,
        } = self;
        *policy_type == other.policy_type
            && *endpoint_type == other.endpoint_type
            && text.len() == other.text.len()
            && *id == other.id
            && *level == other.level
            && *vpc == other.vpc
            && *target == other.target
            && *text == other.text
    }
}

impl EditableRequest {
    /// Whether two requests are the same but for their keys.
    fn same_but_key(&self, other: &Self) -> bool {
        let Self {
            key: _,
            name,
            principal,
            action,
            resource,
            resource_account,
            via_endpoint,
            context,
            expect,
            session,
            expect_stage,
            switched_off_context,
        } = self;
        *name == other.name
            && *principal == other.principal
            && *action == other.action
            && *resource == other.resource
            && *resource_account == other.resource_account
            && *via_endpoint == other.via_endpoint
            && *context == other.context
            && *expect == other.expect
            && *session == other.session
            && *expect_stage == other.expect_stage
            && *switched_off_context == other.switched_off_context
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, PolicyField};

    fn state() -> PlaygroundState {
        let scenario = crate::examples::load("seed003-scp-break-glass-exception").unwrap();
        PlaygroundState::from_scenario(&scenario)
    }

    #[test]
    fn a_snapshot_restores_the_scenario_and_the_selection() {
        let mut state = state();
        state.apply(Action::Select(1));
        let snapshot = Snapshot::capture(&state, None);
        let before = state.clone();
        let key = state.policies[0].key;
        state.apply(Action::EditPolicy(key, PolicyField::Text, "{ half".into()));
        state.apply(Action::RemovePolicy(state.policies[1].key));
        state.apply(Action::Select(0));
        snapshot.restore(&mut state);
        assert_eq!(state.to_scenario(), before.to_scenario());
        assert_eq!(state.policies, before.policies, "keys come back too");
        assert_eq!(state.selected, 1);
    }

    #[test]
    fn unchanged_parts_are_shared_and_changed_ones_copied() {
        let mut state = state();
        let first = Snapshot::capture(&state, None);
        let key = state.policies[0].key;
        state.apply(Action::EditPolicy(key, PolicyField::Text, "{}".into()));
        let second = Snapshot::capture(&state, Some(&first));
        assert!(!Rc::ptr_eq(&first.policies[0], &second.policies[0]));
        for (a, b) in first.policies.iter().zip(&second.policies).skip(1) {
            assert!(Rc::ptr_eq(a, b), "an unchanged policy is shared");
        }
        assert!(Rc::ptr_eq(&first.head, &second.head));
        let both = footprint([&first, &second].into_iter());
        let changed = policy_weight(&state.policies[0]);
        assert_eq!(both, first.weight() + changed);
    }

    #[test]
    fn parts_are_found_after_a_removal_and_an_insertion_and_a_renumbering() {
        let mut state = state();
        let first = Snapshot::capture(&state, None);
        state.apply(Action::RemovePolicy(state.policies[0].key));
        let removed = Snapshot::capture(&state, Some(&first));
        assert_eq!(footprint([&first, &removed].into_iter()), first.weight());
        // A renumbered scenario (as a suggestion makes) still shares every text.
        let next_key = state.next_key;
        state.rekey(next_key);
        let renumbered = Snapshot::capture(&state, Some(&removed));
        assert_eq!(
            footprint([&removed, &renumbered].into_iter()),
            removed.weight()
        );
        state.apply(Action::AddPolicy(precedence::PolicyType::Scp, None));
        let added = Snapshot::capture(&state, Some(&renumbered));
        let new_policy = state
            .policies
            .iter()
            .find(|p| !renumbered.policy_keys.contains(&p.key))
            .map(policy_weight)
            .unwrap();
        assert_eq!(
            footprint([&renumbered, &added].into_iter()),
            renumbered.weight() + new_policy
        );
    }
}
