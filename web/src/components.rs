//! The playground's components, one per file.

pub mod access_map;
pub mod action_assist;
pub mod announcer;
pub mod catalog_notice;
pub mod gallery;
pub mod gutter;
pub mod history_buttons;
pub mod import_report;
pub mod link_too_large;
pub mod model_entry;
pub mod model_panel;
pub mod org_tree;
pub mod policy_editor;
pub mod policy_panel;
pub mod recent_menu;
pub mod request_panel;
pub mod save_notice;
pub mod scenario_info;
pub mod skip_link;
pub mod suggestion_list;
pub mod tag_rows;
pub mod toolbar;
pub mod trace_view;
pub mod undo_offer;
pub mod who_can;
