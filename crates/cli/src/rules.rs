//! `trafficlab rules`: the ruleset kube-proxy writes on one node, from the
//! core's `rules` (`iptables-restore` or `nft -f` input).

use trafficlab_core::Scenario;

use crate::error::CliError;
use crate::lookup;
use crate::options::RulesOptions;

pub fn render(scenario: &Scenario, options: &RulesOptions) -> Result<String, CliError> {
    if !scenario.data_path.uses_kube_proxy_rules() {
        return Err(CliError::new(format!(
            "dataPath: {} replaces kube-proxy, which then writes no rules for the Service. \
             Fix: remove dataPath (or set it to kubeProxy) to see kube-proxy's rules",
            scenario.data_path
        )));
    }
    let node = lookup::node(scenario, &options.node, "--node")?;
    scenario.rules(node, options.mode).ok_or_else(|| CliError::new(format!("node `{}` has no rules", options.node)))
}
