//! `shares` at Kubernetes' documented scalability limits: 5 000 nodes and
//! 150 000 pods (30 per node, every tenth one Terminating, every 50th node
//! empty). Target: median under 2 ms natively.
//!
//! Run: `make bench-core` (or `cargo bench -p trafficlab-core --bench shares`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use trafficlab_core::{EndpointState, ExternalTrafficPolicy, Rng, Router, Scenario};

const NODES: usize = 5_000;
const PODS_PER_NODE: usize = 30;

fn cluster_at_the_limits(policy: ExternalTrafficPolicy) -> Scenario {
    let per_node: Vec<EndpointState> = (0..PODS_PER_NODE)
        .map(|i| if i % 10 == 9 { EndpointState::Terminating } else { EndpointState::Ready })
        .collect();
    // Every 50th node is empty; its pods go to the next node, keeping 150 000 in all.
    let layout: Vec<Vec<EndpointState>> = (0..NODES)
        .map(|n| match n % 50 {
            0 => Vec::new(),
            1 => [per_node.as_slice(), per_node.as_slice()].concat(),
            _ => per_node.clone(),
        })
        .collect();
    let scenario = Scenario::from_layout(policy, &layout).expect("the layout is within the limits");
    assert_eq!(scenario.pods().len(), NODES * PODS_PER_NODE);
    scenario
}

fn shares(c: &mut Criterion) {
    let mut group = c.benchmark_group("shares_5000_nodes_150000_pods");
    for policy in [ExternalTrafficPolicy::Local, ExternalTrafficPolicy::Cluster] {
        let scenario = cluster_at_the_limits(policy);
        group.bench_function(policy.to_string(), |b| b.iter(|| black_box(&scenario).shares()));
    }
    group.finish();
}

fn connections(c: &mut Criterion) {
    let scenario = cluster_at_the_limits(ExternalTrafficPolicy::Local);
    let router = Router::new(&scenario);
    let mut rng = Rng::new(1);
    c.bench_function("router_new_5000_nodes_150000_pods", |b| b.iter(|| Router::new(black_box(&scenario))));
    c.bench_function("connect_one", |b| b.iter(|| router.connect(black_box(&mut rng))));
}

criterion_group!(benches, shares, connections);
criterion_main!(benches);
