//! The playground's components, one per file.

pub mod action_assist;
pub mod gallery;
pub mod policy_editor;
pub mod policy_panel;
pub mod request_panel;
pub mod scenario_info;
pub mod suggestion_list;
pub mod toolbar;
pub mod trace_view;
