//! The scenarios the app offers as presets: the files in `static/scenarios/`,
//! compiled in so the page works offline and from any static host.

use trafficlab_core::{Scenario, ScenarioError};

/// A preset: a stable id (its file name, used in URLs) and its JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub id: &'static str,
    pub json: &'static str,
}

macro_rules! presets {
    ($($id:literal),+ $(,)?) => {
        &[$(Preset { id: $id, json: include_str!(concat!("../static/scenarios/", $id, ".json")) }),+]
    };
}

/// In teaching order: the imbalance first, then its causes and cures, then
/// what each load balancer provider and zones change.
pub const PRESETS: &[Preset] = presets![
    "local-crowded-nodes-starve",
    "cluster-even-but-snat",
    "local-empty-node-health-checked",
    "local-empty-node-no-health-check",
    "local-pods-per-node-weighting",
    "rolling-update-all-terminating",
    "nodeport-local",
    "no-pods-rejected",
    "metallb-l2-cluster-one-node-takes-all",
    "metallb-l2-local-pods-off-the-leader",
    "nlb-instance-local-two-zones",
    "nlb-ip-targets-pod-sees-the-nlb",
    "azure-rolling-update-fail-closed",
    "prefer-close-uneven-zones",
    "nlb-proxy-v2-cluster-keeps-client",
    "ingress-local-controllers-skewed-app-even",
];

/// What the page opens with: 3 nodes holding 1, 2 and 3 pods.
pub const DEFAULT_PRESET: &str = "local-crowded-nodes-starve";

impl Preset {
    pub fn by_id(id: &str) -> Option<&'static Preset> {
        PRESETS.iter().find(|p| p.id == id)
    }

    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        Scenario::from_json(self.json)
    }
}

/// The default scenario. The presets are checked by the tests below, so this
/// cannot fail in a released build; if it ever did, the error is shown.
pub fn default_scenario() -> Result<Scenario, ScenarioError> {
    Preset::by_id(DEFAULT_PRESET)
        .map_or_else(|| Err(ScenarioError::new("", format!("no preset named {DEFAULT_PRESET}"))), Preset::scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_has_a_title() {
        for preset in PRESETS {
            let scenario = preset.scenario().unwrap_or_else(|e| panic!("{}: {e}", preset.id));
            assert!(scenario.title.is_some(), "{}", preset.id);
        }
    }

    #[test]
    fn every_scenario_file_is_offered_as_a_preset() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/static/scenarios");
        let count = std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "json"))
            .count();
        assert_eq!(count, PRESETS.len());
    }

    #[test]
    fn the_default_is_three_nodes_with_one_two_and_three_pods() {
        let s = default_scenario().unwrap();
        let per_node: Vec<usize> = s.node_ids().map(|n| s.pods_on(n).count()).collect();
        assert_eq!(per_node, [1, 2, 3]);
    }
}
