//! Finding a node by the name given on the command line; an unknown name is an
//! error that lists the names there are.

use trafficlab_core::{NodeId, Scenario};

use crate::error::CliError;

/// How many node names an error lists before it abbreviates.
const NAMES_SHOWN: usize = 20;

/// The node named `name`, for the option `option` (`--entry`, `--node`).
pub fn node(scenario: &Scenario, name: &str, option: &str) -> Result<NodeId, CliError> {
    scenario.node_id(name).ok_or_else(|| {
        let nodes = scenario.nodes();
        let names: Vec<&str> = nodes.iter().take(NAMES_SHOWN).map(|n| n.name.as_str()).collect();
        let more = nodes.len().saturating_sub(NAMES_SHOWN);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        CliError::new(format!("{option} `{name}`: there is no node by that name (nodes: {}{more})", names.join(", ")))
    })
}
