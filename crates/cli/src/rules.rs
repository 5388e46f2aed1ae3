//! `trafficlab rules`: the ruleset kube-proxy writes on one node, from the
//! core's `rules` (`iptables-restore` or `nft -f` input).

use crate::args::RulesArgs;
use crate::error::CliError;
use crate::{input, lookup};

pub fn render(args: RulesArgs) -> Result<String, CliError> {
    let scenario = input::load(&args.scenario.input("rules")?)?;
    let node = lookup::node(&scenario, &args.node, "--node")?;
    scenario.rules(node, args.mode).ok_or_else(|| CliError::new(format!("node `{}` has no rules", args.node)))
}
