//! The seeded simulation converges to the exact shares: a chi-square
//! goodness-of-fit test at n = 100 000 connections, with fixed seeds, over every
//! preset (which between them cover Cluster, Local, drops, rejects, failing open
//! and pods-per-node weighting).

use std::path::PathBuf;

use trafficlab_core::Scenario;

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

#[test]
fn simulation_matches_exact_shares_on_every_preset() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../static/scenarios");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let scenario = Scenario::from_slice(&std::fs::read(&path).unwrap()).unwrap();
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
            assert!(stat < critical, "{}: chi² = {stat:.2} ≥ {critical:.2} (df {df})", path.display());
        }
        let lb: Vec<f64> = shares.nodes.iter().map(|n| n.lb).collect();
        let (stat, df) = chi_square(&sim.nodes, &lb);
        if df > 0 {
            assert!(stat < chi_square_critical(df), "{}: LB spread chi² = {stat:.2}", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} presets found");
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
