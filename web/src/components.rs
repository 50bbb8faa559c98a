//! The playground's components, one per file.

pub mod access_map;
pub mod action_assist;
pub mod change_list;
pub mod compare_view;
pub mod gallery;
pub mod import_report;
pub mod model_entry;
pub mod model_panel;
pub mod org_tree;
pub mod policy_editor;
pub mod policy_panel;
pub mod request_panel;
pub mod request_trace;
pub mod scenario_info;
pub mod suggestion_list;
pub mod tag_rows;
pub mod toolbar;
pub mod trace_view;
pub mod who_can;
