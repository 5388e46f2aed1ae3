//! `trafficlab rules`: the ruleset kube-proxy writes on one node, from the
//! core's `rules` (`iptables-restore` or `nft -f` input).

use trafficlab_core::Scenario;

use crate::error::CliError;
use crate::lookup;
use crate::options::RulesOptions;

pub fn render(scenario: &Scenario, options: &RulesOptions) -> Result<String, CliError> {
    let node = lookup::node(scenario, &options.node, "--node")?;
    scenario.rules(node, options.mode).ok_or_else(|| CliError::new(format!("node `{}` has no rules", options.node)))
}
