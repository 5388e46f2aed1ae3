//! Importing a realistic large kubectl List: 1 000 nodes and 30 000 pods
//! with full bodies (about 350 MB of `kubectl get ... -o json`, made by the
//! `kubectl_list` example), from the text to the checked scenario of
//! `shop/web` (3 000 pods). Target: median under 1 s natively.
//!
//! Run: `make bench-import` (or `cargo bench -p trafficlab-kube --bench import`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use trafficlab_kube::{read, Input};

#[path = "../examples/kubectl_list.rs"]
#[allow(dead_code)]
mod kubectl_list;

fn import(c: &mut Criterion) {
    let text = kubectl_list::generate(1_000, 30_000);
    let mut group = c.benchmark_group("import_1000_nodes_30000_pods");
    group.sample_size(10).measurement_time(Duration::from_secs(15));
    group.throughput(criterion::Throughput::Bytes(text.len() as u64));
    group.bench_function("read_and_import_shop_web", |b| {
        b.iter(|| {
            let cluster = read(&[Input::new("cluster.json", black_box(&text))]).expect("the generated List reads");
            cluster.import(Some("shop/web")).expect("shop/web imports")
        })
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
