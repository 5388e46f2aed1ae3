//! The seeded simulation converges to the exact shares: a chi-square
//! goodness-of-fit test at n = 100 000 connections, with fixed seeds, over every
//! preset (which between them cover Cluster, Local, drops, rejects, failing open
//! and pods-per-node weighting), and over every load-balancer provider (the
//! provider fixtures, zones with and without cross-zone, failing open and
//! closed, IP targets, `trafficDistribution`).

use std::path::{Path, PathBuf};

use trafficlab_core::{
    AwsNlbInstance, AwsNlbIp, EndpointState, ExternalTrafficPolicy, Provider, ProviderKind, Scenario,
    TrafficDistribution,
};

const CONNECTIONS: u64 = 100_000;

/// The chi-square critical value at p = 0.001 (Wilson–Hilferty approximation,
/// accurate to well under 1% for the degrees of freedom used here).
fn chi_square_critical(df: usize) -> f64 {
    let k = df as f64;
    let z = 3.090_232; // the standard normal's 0.999 quantile
    k * (1.0 - 2.0 / (9.0 * k) + z * (2.0 / (9.0 * k)).sqrt()).powi(3)
}

/// Observed against expected counts, over the outcomes the exact shares allow.
fn chi_square(observed: &[u64], expected_shares: &[f64]) -> (f64, usize) {
    let mut stat = 0.0;
    let mut cells = 0usize;
    for (&o, &p) in observed.iter().zip(expected_shares) {
        if p == 0.0 {
            assert_eq!(o, 0, "an outcome with share 0 happened");
            continue;
        }
        let e = p * CONNECTIONS as f64;
        stat += (o as f64 - e).powi(2) / e;
        cells += 1;
    }
    (stat, cells.saturating_sub(1))
}

/// The simulation of `scenario` against its exact pod shares, drops and
/// rejects, and against its exact LB spread over nodes.
fn assert_converges(what: &str, scenario: &Scenario) {
    let shares = scenario.shares();
    let sim = scenario.simulate(20_261_122, CONNECTIONS);
    assert_eq!(sim.pods.iter().sum::<u64>() + sim.dropped + sim.rejected, CONNECTIONS);

    let mut observed = sim.pods.clone();
    observed.extend([sim.dropped, sim.rejected]);
    let mut expected = shares.pods.clone();
    expected.extend([shares.dropped, shares.rejected]);
    let (stat, df) = chi_square(&observed, &expected);
    if df > 0 {
        let critical = chi_square_critical(df);
        assert!(stat < critical, "{what}: chi² = {stat:.2} ≥ {critical:.2} (df {df})");
    }
    let lb: Vec<f64> = shares.nodes.iter().map(|n| n.lb).collect();
    let (stat, df) = chi_square(&sim.nodes, &lb);
    if df > 0 {
        assert!(stat < chi_square_critical(df), "{what}: LB spread chi² = {stat:.2}");
    }
}

fn scenarios_in(dir: &Path) -> Vec<(String, Scenario)> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    found.sort();
    found
        .into_iter()
        .map(|path| (path.display().to_string(), Scenario::from_slice(&std::fs::read(&path).unwrap()).unwrap()))
        .collect()
}

#[test]
fn simulation_matches_exact_shares_on_every_preset() {
    let presets = scenarios_in(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/scenarios"));
    for (path, scenario) in &presets {
        assert_converges(path, scenario);
    }
    assert!(presets.len() >= 8, "only {} presets found", presets.len());
}

/// Nodes holding 3, 1, 0, 2 and 1 pods (one of node-d's Terminating, node-e's
/// NotReady) in zones a, a, a, b and b.
fn zoned_layout(policy: ExternalTrafficPolicy, provider: Provider) -> Scenario {
    use EndpointState::{NotReady, Ready, Terminating};
    let layout = [vec![Ready; 3], vec![Ready], vec![], vec![Ready, Terminating], vec![NotReady]];
    let mut s = Scenario::from_layout(policy, &layout).unwrap();
    s.load_balancer.provider = provider;
    s.set_zones(Some(["a", "a", "a", "b", "b"].map(String::from).to_vec())).unwrap();
    s
}

#[test]
fn simulation_matches_exact_shares_behind_every_provider() {
    let fixtures = scenarios_in(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/providers"));
    for (path, scenario) in &fixtures {
        assert_converges(path, scenario);
    }
    let mut providers: Vec<Provider> = ProviderKind::ALL.iter().map(|&k| Provider::from(k)).collect();
    providers.push(Provider::AwsNlbInstance(AwsNlbInstance { cross_zone: true }));
    providers.push(Provider::AwsNlbIp(AwsNlbIp { cross_zone: true, preserve_client_ip: true }));
    for provider in providers {
        for policy in [ExternalTrafficPolicy::Cluster, ExternalTrafficPolicy::Local] {
            let mut s = zoned_layout(policy, provider);
            assert_converges(&format!("{provider:?} {policy}"), &s);
            s.service.traffic_distribution = Some(TrafficDistribution::PreferClose);
            assert_converges(&format!("{provider:?} {policy} PreferClose"), &s);
            // Every Ready pod gone: each provider fails open, closed, or has no one to answer.
            for pod in s.pod_ids().collect::<Vec<_>>() {
                s.set_pod_state(pod, EndpointState::Terminating).unwrap();
            }
            assert_converges(&format!("{provider:?} {policy} all Terminating"), &s);
        }
    }
}

#[test]
fn a_biased_simulation_would_fail_the_test() {
    // The test has teeth: 1/3 vs 1/6 counts judged against an even split fail it.
    let observed = [33_333, 16_667, 16_667, 33_333];
    let (stat, df) = chi_square(&observed, &[0.25; 4]);
    assert!(stat > chi_square_critical(df));
}

#[test]
fn the_same_seed_gives_the_same_counts() {
    let scenario = Scenario::from_layout(
        trafficlab_core::ExternalTrafficPolicy::Cluster,
        &[vec![trafficlab_core::EndpointState::Ready; 3], vec![trafficlab_core::EndpointState::Ready]],
    )
    .unwrap();
    assert_eq!(scenario.simulate(9, 10_000), scenario.simulate(9, 10_000));
    assert_ne!(scenario.simulate(9, 10_000), scenario.simulate(10, 10_000));
}
