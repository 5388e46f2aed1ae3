//! One component per file. The board and its parts draw the cluster; the
//! panels around it set options and show numbers. All numbers come from the
//! core (memoised in `app`); components only place them.

pub mod board;
mod board_handler;
mod board_levels;
mod chip_cache;
pub mod client_ip_controls;
pub mod compare_panel;
pub mod controller_layer;
pub mod controls;
pub mod embed_strip;
pub mod health_tip;
pub mod import_dialog;
pub mod ingress_table;
pub mod inspector;
pub mod lb_controls;
pub mod lesson_panel;
pub mod links;
pub mod modal;
pub mod node_box;
pub mod node_counts;
pub mod node_grid;
pub mod observed_panel;
pub mod packet_layer;
pub mod pod_chip;
pub mod policy_toggle;
pub mod presenter_strip;
pub mod proxy_header_view;
pub mod select;
pub mod share_chart;
pub mod share_panel;
pub mod shares_table;
pub mod shortcuts_help;
pub mod status;
pub mod summary;
pub mod toolbar;
pub mod trace_panel;
pub mod traffic_controls;
mod virtual_table;
