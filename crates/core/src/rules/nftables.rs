//! kube-proxy's nftables mode: the transaction it runs on a node's first full
//! sync (`pkg/proxy/nftables/proxier.go`: `setupNFTables`, `syncProxyRules`,
//! `writeServiceToEndpointRules`), in the text `knftables` hands to `nft -f`.
//!
//! Everything lives in the table `ip kube-proxy`. Chain names are not the
//! iptables `KUBE-*` hashes: `servicePortChainNameBase` writes
//! `HASH-namespace/name/tcp/portName` (HASH: the first 8 characters of
//! base32(sha256) of the rest; our port is unnamed, so the name ends in `/`),
//! prefixed `service-`, `local-`, `external-`; endpoint chains add
//! `__IP/port`. Endpoints are picked with `numgen random mod N vmap`.
//!
//! Left out of the transaction: the one-time add-and-delete of each base chain
//! that kube-proxy does on its first sync to reset their properties.

use std::fmt::Write as _;
use std::net::SocketAddrV4;

use super::{NodeRules, Refusal};
use crate::chains::{port_proto_hash, MASQUERADE_MARK};
use crate::model::ExternalTrafficPolicy;

const TABLE: &str = "ip kube-proxy";
/// `knftables.NameLengthMax` (256) minus the longest prefix (16).
const CHAIN_NAME_BASE_MAX: usize = 240;

/// The base chains: name, type, hook, priority (`dstnat` is -100, `srcnat` 100).
const BASE_CHAINS: [(&str, &str, &str, i32); 8] = [
    ("filter-prerouting", "filter", "prerouting", -110),
    ("filter-input", "filter", "input", -110),
    ("filter-forward", "filter", "forward", -110),
    ("filter-output", "filter", "output", -110),
    ("filter-output-post-dnat", "filter", "output", -90),
    ("nat-prerouting", "nat", "prerouting", -100),
    ("nat-output", "nat", "output", -100),
    ("nat-postrouting", "nat", "postrouting", 100),
];

/// `nftablesJumpChains`: the regular chain, the base chain that jumps to it, the match.
const JUMP_CHAINS: [(&str, &str, &str); 11] = [
    ("nodeport-endpoints-check", "filter-input", "ct state new "),
    ("service-endpoints-check", "filter-input", "ct state new "),
    ("service-endpoints-check", "filter-forward", "ct state new "),
    ("service-endpoints-check", "filter-output", "ct state new "),
    ("firewall-check", "filter-prerouting", "ct state new "),
    ("firewall-check", "filter-output", "ct state new "),
    ("services", "nat-output", ""),
    ("services", "nat-prerouting", ""),
    ("masquerading", "nat-postrouting", ""),
    ("cluster-ips-check", "filter-forward", "ct state new "),
    ("cluster-ips-check", "filter-output-post-dnat", "ct state new "),
];

/// A `knftables` transaction being written, with the chains it already created.
struct Transaction {
    out: String,
    created: Vec<String>,
}

impl Transaction {
    fn line(&mut self, line: impl AsRef<str>) {
        self.out.push_str(line.as_ref());
        self.out.push('\n');
    }

    /// `ensureChain`: add and flush a chain once per transaction.
    fn ensure_chain(&mut self, chain: &str) {
        if self.created.iter().any(|c| c == chain) {
            return;
        }
        self.created.push(chain.to_string());
        self.line(format!("add chain {TABLE} {chain}"));
        self.line(format!("flush chain {TABLE} {chain}"));
    }

    fn rule(&mut self, chain: &str, rule: &str) {
        self.line(format!("add rule {TABLE} {chain} {rule}"));
    }

    fn map(&mut self, name: &str, key: &str, comment: &str) {
        self.line(format!("add map {TABLE} {name} {{ type {key} : verdict ; comment \"{comment}\" ; }}"));
    }

    fn element(&mut self, map: &str, key: &str, comment: Option<&str>, verdict: &str) {
        let comment = comment.map_or_else(String::new, |c| format!(" comment \"{c}\""));
        self.line(format!("add element {TABLE} {map} {{ {key}{comment} : {verdict} }}"));
    }
}

pub(super) fn render(r: &NodeRules) -> String {
    let mut tx = Transaction { out: String::new(), created: Vec::new() };
    let _ = writeln!(
        tx.out,
        "# kube-proxy (nftables mode) on node {}: the rules for Service {}.\n\
         # Written by trafficlab from kube-proxy's proxier.go; load with nft -f.",
        r.node,
        r.service_port_name()
    );
    setup(&mut tx);
    service(r, &mut tx);
    tx.out
}

/// `setupNFTables`: the table, base chains, jumps and the Service-independent rules.
fn setup(tx: &mut Transaction) {
    tx.line(format!("add table {TABLE} {{ comment \"rules for kube-proxy\" ; }}"));
    for (name, kind, hook, priority) in BASE_CHAINS {
        tx.line(format!("add chain {TABLE} {name} {{ type {kind} hook {hook} priority {priority} ; }}"));
        tx.line(format!("flush chain {TABLE} {name}"));
    }
    for (chain, from, condition) in JUMP_CHAINS {
        tx.ensure_chain(chain);
        tx.rule(from, &format!("{condition}jump {chain}"));
    }
    for chain in ["services", "cluster-ips-check", "masquerading", "mark-for-masquerade"] {
        tx.ensure_chain(chain);
    }
    tx.rule("mark-for-masquerade", &format!("mark set mark or {MASQUERADE_MARK}"));
    tx.rule("masquerading", &format!("mark and {MASQUERADE_MARK} == 0 return"));
    tx.rule("masquerading", &format!("mark set mark xor {MASQUERADE_MARK}"));
    tx.rule("masquerading", "masquerade fully-random");
    tx.line(format!("add set {TABLE} cluster-ips {{ type ipv4_addr ; comment \"Active ClusterIPs\" ; }}"));
    tx.rule(
        "cluster-ips-check",
        "ip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"",
    );
    // `--nodeport-addresses` unset: kube-proxy adds the set and deletes it again.
    tx.line(format!(
        "add set {TABLE} nodeport-ips {{ type ipv4_addr ; comment \"IPs that accept NodePort traffic\" ; }}"
    ));
    tx.line(format!("delete set {TABLE} nodeport-ips"));
    let three = "ipv4_addr . inet_proto . inet_service";
    tx.map("no-endpoint-services", three, "vmap to drop or reject packets to services with no endpoints");
    tx.map(
        "no-endpoint-nodeports",
        "inet_proto . inet_service",
        "vmap to drop or reject packets to service nodeports with no endpoints",
    );
    tx.line(format!(
        "add chain {TABLE} reject-chain {{ comment \"helper for @no-endpoint-services / @no-endpoint-nodeports\" ; }}"
    ));
    tx.line(format!("flush chain {TABLE} reject-chain"));
    tx.rule("reject-chain", "reject");
    tx.rule("service-endpoints-check", "ip daddr . meta l4proto . th dport vmap @no-endpoint-services");
    tx.rule("nodeport-endpoints-check", "ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports");
    tx.map("firewall-ips", three, "destinations that are subject to LoadBalancerSourceRanges");
    tx.rule("firewall-check", "ip daddr . meta l4proto . th dport vmap @firewall-ips");
    tx.map("service-ips", three, "ClusterIP, ExternalIP and LoadBalancer IP traffic");
    tx.map("service-nodeports", "inet_proto . inet_service", "NodePort traffic");
    tx.rule("services", "ip daddr . meta l4proto . th dport vmap @service-ips");
    tx.rule("services", "fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports");
    tx.line(format!("flush set {TABLE} cluster-ips"));
    for map in ["service-ips", "firewall-ips", "no-endpoint-services", "no-endpoint-nodeports", "service-nodeports"] {
        tx.line(format!("flush map {TABLE} {map}"));
    }
}

/// The Service's chains, map elements and rules.
fn service(r: &NodeRules, tx: &mut Transaction) {
    let names = Names::of(r);
    let reachable = r.reachable_endpoints();
    for &endpoint in &reachable {
        tx.ensure_chain(&names.endpoint(endpoint));
    }
    if !r.cluster_endpoints.is_empty() {
        tx.ensure_chain(&names.cluster);
    }
    let uses_local = r.policy == ExternalTrafficPolicy::Local && !r.local_endpoints.is_empty();
    if uses_local {
        tx.ensure_chain(&names.local);
    }
    if r.has_endpoints {
        tx.ensure_chain(&names.external);
    }
    elements(r, &names, tx);
    if r.has_endpoints {
        external_chain(r, &names, tx);
    }
    if !r.cluster_endpoints.is_empty() {
        to_endpoints(&names, &names.cluster, &r.cluster_endpoints, tx);
    }
    if uses_local {
        to_endpoints(&names, &names.local, &r.local_endpoints, tx);
    }
    for endpoint in reachable {
        let chain = names.endpoint(endpoint);
        tx.rule(&chain, &format!("ip saddr {} jump mark-for-masquerade", endpoint.ip()));
        tx.rule(&chain, &format!("meta l4proto tcp dnat to {endpoint}"));
    }
}

/// The Service's entries in the dispatch and no-endpoint verdict maps.
fn elements(r: &NodeRules, names: &Names, tx: &mut Transaction) {
    let spn = r.service_port_name();
    let verdict = r.external_refusal().map(|refusal| match refusal {
        Refusal::Drop => "drop",
        Refusal::Reject => "goto reject-chain",
    });
    let to_external = format!("goto {}", names.external);
    if let Some(vip) = r.load_balancer_ip {
        let key = format!("{vip} . tcp . {}", r.port);
        if r.has_endpoints {
            tx.element("service-ips", &key, None, &to_external);
        }
        if let Some(verdict) = verdict {
            tx.element("no-endpoint-services", &key, Some(spn), verdict);
        }
    }
    let key = format!("tcp . {}", r.node_port);
    if r.has_endpoints {
        tx.element("service-nodeports", &key, None, &to_external);
    }
    if let Some(verdict) = verdict {
        tx.element("no-endpoint-nodeports", &key, Some(spn), verdict);
    }
}

/// `external-*`: as `KUBE-EXT-*` in the iptables mode.
fn external_chain(r: &NodeRules, names: &Names, tx: &mut Transaction) {
    let (ext, svc) = (&names.external, &names.cluster);
    match r.policy {
        ExternalTrafficPolicy::Cluster => tx.rule(ext, "jump mark-for-masquerade"),
        ExternalTrafficPolicy::Local => {
            tx.rule(ext, &format!("ip saddr {} goto {svc} comment \"short-circuit pod traffic\"", r.pod_cidr));
            tx.rule(ext, "fib saddr type local jump mark-for-masquerade comment \"masquerade local traffic\"");
            tx.rule(ext, &format!("fib saddr type local goto {svc} comment \"short-circuit local traffic\""));
        }
    }
    if r.has_external_endpoints() {
        let policy_chain = match r.policy {
            ExternalTrafficPolicy::Cluster => svc,
            ExternalTrafficPolicy::Local => &names.local,
        };
        tx.rule(ext, &format!("goto {policy_chain}"));
    }
}

/// `numgen random mod N vmap { 0 : goto …, 1 : goto … }`: one uniform draw per new connection.
fn to_endpoints(names: &Names, chain: &str, endpoints: &[SocketAddrV4], tx: &mut Transaction) {
    let arms: Vec<String> =
        endpoints.iter().enumerate().map(|(i, &e)| format!("{i} : goto {}", names.endpoint(e))).collect();
    tx.rule(chain, &format!("numgen random mod {} vmap {{ {} }}", endpoints.len(), arms.join(" , ")));
}

/// The Service port's chain names in the nftables mode.
struct Names {
    /// `namespace/name/tcp/` (empty port name).
    base: String,
    cluster: String,
    local: String,
    external: String,
}

impl Names {
    fn of(r: &NodeRules) -> Self {
        let base = format!("{}/tcp/", r.service_port_name());
        let hashed = hash_and_truncate(&base);
        Names {
            cluster: format!("service-{hashed}"),
            local: format!("local-{hashed}"),
            external: format!("external-{hashed}"),
            base,
        }
    }

    /// `servicePortEndpointChainNameBase`: `endpoint-HASH-ns/name/tcp/__IP/port`.
    fn endpoint(&self, endpoint: SocketAddrV4) -> String {
        let name = format!("{}__{}/{}", self.base, endpoint.ip(), endpoint.port());
        format!("endpoint-{}", hash_and_truncate(&name))
    }
}

/// `hashAndTruncate`: 8 characters of base32(sha256(name)), `-`, the name,
/// cut to 240 characters with `...` if longer.
pub(crate) fn hash_and_truncate(name: &str) -> String {
    let hash = port_proto_hash(name, "");
    let mut out = format!("{}-{name}", &hash[..8]);
    if out.len() > CHAIN_NAME_BASE_MAX {
        let mut cut = CHAIN_NAME_BASE_MAX - 3;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_names_match_kube_proxy_tests() {
        // pkg/proxy/nftables/proxier_test.go: ns1/svc1 port p80 and its endpoint 10.180.0.1:80.
        assert_eq!(hash_and_truncate("ns1/svc1/tcp/p80"), "ULMVA6XW-ns1/svc1/tcp/p80");
        assert_eq!(hash_and_truncate("ns1/svc1/tcp/p80__10.180.0.1/80"), "5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
        assert_eq!(hash_and_truncate("ns2/svc2/tcp/p80"), "42NFTM6N-ns2/svc2/tcp/p80");
    }

    #[test]
    fn long_names_are_cut_like_kube_proxy() {
        let long = "n".repeat(300);
        let cut = hash_and_truncate(&long);
        assert_eq!(cut.len(), CHAIN_NAME_BASE_MAX);
        assert!(cut.ends_with("..."));
    }
}
