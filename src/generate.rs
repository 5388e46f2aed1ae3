//! Generated clusters for demos and benchmarks: `?generate=100x2000` opens a
//! scenario with 100 nodes and 2 000 pods dealt out unevenly (node i gets a
//! share proportional to i mod 4 + 1), under Local, where the imbalance shows.

use trafficlab_core::{EndpointState, ExternalTrafficPolicy, Scenario, ScenarioError, MAX_NODES, MAX_PODS};

/// Reads `generate=NODESxPODS` from a query string (`?a=b&generate=3x6`).
/// `None` when absent; `Some(Err)` with a fix when malformed or too large.
pub fn parse(query: &str) -> Option<Result<(usize, usize), String>> {
    let value = query.trim_start_matches('?').split('&').find_map(|pair| pair.strip_prefix("generate="))?;
    let parsed = value.split_once(['x', 'X']).and_then(|(n, p)| Some((n.parse().ok()?, p.parse().ok()?)));
    Some(match parsed {
        Some((nodes, pods)) if (1..=MAX_NODES).contains(&nodes) && pods <= MAX_PODS => Ok((nodes, pods)),
        Some(_) => Err(format!("?generate={value}: use 1 to {MAX_NODES} nodes and at most {MAX_PODS} pods")),
        None => Err(format!("?generate={value} is not NODESxPODS: write it like ?generate=100x2000")),
    })
}

/// `nodes` nodes holding `pods` Ready pods, unevenly.
pub fn scenario(nodes: usize, pods: usize) -> Result<Scenario, ScenarioError> {
    let weights: Vec<usize> = (0..nodes).map(|i| i % 4 + 1).collect();
    let total: usize = weights.iter().sum();
    let mut layout: Vec<Vec<EndpointState>> =
        weights.iter().map(|w| vec![EndpointState::Ready; pods * w / total]).collect();
    // Deal out what integer division left over, one per node.
    let placed: usize = layout.iter().map(Vec::len).sum();
    for i in 0..pods - placed {
        layout[i % nodes].push(EndpointState::Ready);
    }
    let mut scenario = Scenario::from_layout(ExternalTrafficPolicy::Local, &layout)?;
    scenario.title = Some(format!("Generated: {nodes} nodes, {pods} pods"));
    Ok(scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_parameter_among_others() {
        assert_eq!(parse("?embed=1&generate=100x2000"), Some(Ok((100, 2000))));
        assert_eq!(parse("generate=3X6"), Some(Ok((3, 6))));
        assert_eq!(parse("?other=1"), None);
    }

    #[test]
    fn malformed_or_huge_values_say_how_to_fix_them() {
        assert!(parse("?generate=lots").unwrap().unwrap_err().contains("?generate=100x2000"));
        assert!(parse("?generate=0x5").unwrap().is_err());
        assert!(parse("?generate=9999x1").unwrap().unwrap_err().contains("5000"));
        assert!(parse("?generate=3x-1").unwrap().is_err());
    }

    #[test]
    fn generates_exactly_the_requested_sizes_unevenly() {
        let s = scenario(100, 2000).unwrap();
        assert_eq!((s.nodes().len(), s.pods().len()), (100, 2000));
        let first: Vec<usize> = s.node_ids().take(4).map(|n| s.pods_on(n).count()).collect();
        assert!(first[3] > first[0], "{first:?}");
        assert_eq!(scenario(3, 0).unwrap().pods().len(), 0);
    }
}
