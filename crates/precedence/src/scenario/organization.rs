//! The organization a scenario's accounts belong to: its id, management account, OU tree and
//! where each account sits, from which each account's path from the root is read.

use serde::{Deserialize, Serialize};

/// The organization the accounts belong to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// The organization's id (`o-a1b2c3d4e5`): with it, `aws:PrincipalOrgID` and
    /// `aws:ResourceOrgID` are derived for member accounts, and with the OU tree the
    /// `…OrgPaths` keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The management account: SCPs do not apply to its principals, nor RCPs to its resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_account: Option<String>,
    /// The organizational units, each under its parent (the root `r-…` or another OU).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Unit>,
    /// The accounts of the organization: an id, or an id with the OU it sits in. When listed,
    /// SCPs apply only to principals of these accounts and RCPs only to their resources; when
    /// not, every account but the management account is taken to be a member.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Account>,
}

/// An organizational unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The OU's id (`ou-ab12-11111111`), or the root's (`r-ab12`) for the root itself.
    pub id: String,
    /// Its name, for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The id of the root or OU it sits in; none for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// A member account: its id alone, or with its name and the OU it sits in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Account {
    /// The 12-digit account id.
    Id(String),
    /// The account with where it sits.
    Placed(PlacedAccount),
}

/// An account placed in the OU tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacedAccount {
    /// The 12-digit account id.
    pub id: String,
    /// Its name, for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The id of the root or OU it sits in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Account {
    /// The account id.
    pub fn id(&self) -> &str {
        match self {
            Account::Id(id) => id,
            Account::Placed(placed) => &placed.id,
        }
    }

    /// The root or OU the account sits in, if given.
    pub fn unit(&self) -> Option<&str> {
        match self {
            Account::Id(_) => None,
            Account::Placed(placed) => placed.unit.as_deref(),
        }
    }
}

impl Organization {
    /// Whether `account` may be a member account: every account is when none are listed, and
    /// an unknown account (`None`) is not ruled out.
    pub fn has_member(&self, account: Option<&str>) -> bool {
        self.accounts.is_empty()
            || account.is_none_or(|id| self.accounts.iter().any(|a| a.id() == id))
    }

    /// The root's id: the unit without a parent (one whose id reads as a root's, `r-…`, before
    /// an OU whose parent is not given), else the parent named by a unit that is no unit itself
    /// and reads as a root id.
    pub fn root(&self) -> Option<&str> {
        let orphans = || self.units.iter().filter(|unit| unit.parent.is_none());
        orphans()
            .find(|unit| unit.id.starts_with("r-"))
            .or_else(|| orphans().next())
            .map(|unit| unit.id.as_str())
            .or_else(|| {
                self.units
                    .iter()
                    .filter_map(|unit| unit.parent.as_deref())
                    .find(|parent| parent.starts_with("r-") && self.unit(parent).is_none())
            })
    }

    /// The unit with `id`.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|unit| unit.id == id)
    }

    /// The path from the root to `account`: the root, each OU down to the one holding the
    /// account, then the account itself. `None` when the account is not placed in the tree.
    /// A cycle in the tree ends the walk (the reference check reports it).
    pub fn path_of(&self, account: &str) -> Option<Vec<String>> {
        let unit = self.accounts.iter().find(|a| a.id() == account)?.unit()?;
        let mut path = vec![account.to_owned()];
        let mut at = Some(unit.to_owned());
        while let Some(id) = at {
            if path.contains(&id) || path.len() > self.units.len() + 2 {
                break;
            }
            at = self.unit(&id).and_then(|u| u.parent.clone());
            path.push(id);
        }
        path.reverse();
        Some(path)
    }

    /// `o-…/r-…/ou-…/…/` for `account`: the value of `aws:PrincipalOrgPaths` and
    /// `aws:ResourceOrgPaths`, when the organization's id is given and the account is placed.
    pub fn org_path_of(&self, account: &str) -> Option<String> {
        let id = self.id.as_deref()?;
        let path = self.path_of(account)?;
        let mut text = format!("{id}/");
        for node in &path[..path.len().saturating_sub(1)] {
            text.push_str(node);
            text.push('/');
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn organization() -> Organization {
        serde_json::from_str(
            r#"{"id": "o-a1b2c3d4e5",
                "units": [{"id": "ou-prod", "parent": "r-ab12"},
                          {"id": "ou-web", "parent": "ou-prod"}],
                "accounts": ["999988887777", {"id": "111122223333", "unit": "ou-web"}]}"#,
        )
        .unwrap_or_default()
    }

    #[test]
    fn an_accounts_path_runs_from_the_root_through_its_units() {
        let organization = organization();
        assert_eq!(organization.root(), Some("r-ab12"));
        assert_eq!(
            organization.path_of("111122223333").unwrap_or_default(),
            ["r-ab12", "ou-prod", "ou-web", "111122223333"]
        );
        assert_eq!(
            organization.org_path_of("111122223333").as_deref(),
            Some("o-a1b2c3d4e5/r-ab12/ou-prod/ou-web/")
        );
        assert_eq!(organization.path_of("999988887777"), None, "not placed");
        assert!(organization.has_member(Some("999988887777")));
        assert!(!organization.has_member(Some("444455556666")));
    }

    #[test]
    fn a_cycle_ends_the_walk() {
        let organization: Organization = serde_json::from_str(
            r#"{"units": [{"id": "ou-a", "parent": "ou-b"}, {"id": "ou-b", "parent": "ou-a"}],
                "accounts": [{"id": "111122223333", "unit": "ou-a"}]}"#,
        )
        .unwrap_or_default();
        let path = organization.path_of("111122223333").unwrap_or_default();
        assert_eq!(path, ["ou-b", "ou-a", "111122223333"]);
    }
}
