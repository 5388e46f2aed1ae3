//! The iptables rules a connection matches on the node it arrives at: the walk
//! through kube-proxy's chains that [`Trace::rules`](crate::Trace::rules) records.
//!
//! Chain names and rules are those of kube-proxy's iptables mode,
//! `pkg/proxy/iptables/proxier.go` (`portProtoHash`,
//! `servicePortEndpointChainName`, `syncProxyRules`, `writeServiceToEndpointRules`):
//! - `KUBE-SVC-`, `KUBE-SVL-`, `KUBE-EXT-` + `portProtoHash(servicePortName, "tcp")`:
//!   the first 16 characters of base32(sha256(servicePortName + protocol)), RFC 4648
//!   standard alphabet (Go's `base32.StdEncoding`). `servicePortName` is
//!   `namespace/name`, plus `:portName` only for a named port (ours is unnamed).
//! - `KUBE-SEP-` + the same over servicePortName + protocol + `"podIP:targetPort"`.
//!
//! The walk on the receiving node, as the request meets the rules:
//! 1. nat `KUBE-SERVICES` (from PREROUTING): the rule for the LB's VIP, or for a
//!    packet addressed to `nodeIP:nodePort` (a NodePort Service, or an NLB with
//!    instance targets, which rewrites the VIP to it) the catch-all jump to
//!    `KUBE-NODEPORTS` and the rule for the node port.
//!    Both lead to `KUBE-EXT-*`, and exist only while the Service has an endpoint.
//! 2. `KUBE-EXT-*`: under Cluster it jumps to `KUBE-MARK-MASQ` (which ORs in the
//!    mark `0x00004000`), then to `KUBE-SVC-*`; under Local straight to `KUBE-SVL-*`.
//! 3. `KUBE-SVC-*` / `KUBE-SVL-*`: rule i (0-based) of n matches with probability
//!    `1/(n-i)` (Go's `%0.10f`); the last has no `statistic` match.
//! 4. `KUBE-SEP-*`: DNAT to the endpoint. (Its first rule, `-s podIP -j
//!    KUBE-MARK-MASQ`, is for hairpin traffic and does not match a client.)
//! 5. nat `KUBE-POSTROUTING`, for a marked packet: MASQUERADE. (Before it, `-j MARK
//!    --xor-mark 0x00004000` clears the mark; that bookkeeping rule is not listed.)
//!
//! Under Local on a node without a local endpoint, `KUBE-EXT-*` has no rule for
//! an outside client: proxier.go writes its jump to `KUBE-SVL-*` only when there
//! are local endpoints. The packet leaves nat un-DNATed and filter
//! `KUBE-EXTERNAL-SERVICES` (from INPUT and FORWARD, for new connections) DROPs
//! it. With no usable endpoint anywhere kube-proxy writes no nat rule for the
//! Service at all (a NodePort packet still takes the catch-all jump to an
//! empty-handed `KUBE-NODEPORTS`), and the same chain REJECTs it.
//!
//! Notation: the VIP rule is shown in iptables-save's order; the others in the
//! order proxier.go writes them (as proxier_test.go lists them), with
//! iptables-save's `/32` on destination addresses. A real `iptables-save` also
//! moves `-p tcp` first, quotes every comment containing `/`, prints the mark
//! rule as `--set-xmark 0x4000/0x4000` and probabilities quantised to 2⁻³¹
//! (`0.33333333349`).

use std::fmt;
use std::net::{Ipv4Addr, SocketAddrV4};

use sha2::{Digest, Sha256};

use crate::ids::{NodeId, PodId};
use crate::model::{ExternalTrafficPolicy, Service};
use crate::router::Fate;
use crate::scenario::Scenario;

/// An iptables table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    Nat,
    Filter,
}

/// One rule a packet matched on the receiving node, in `-A CHAIN ...` rule
/// notation (see the module doc for how it differs from `iptables-save` output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleStep {
    pub table: Table,
    /// The chain the rule sits in, e.g. `KUBE-SVC-LOLE4ISW44XBNF3G`.
    pub chain: String,
    /// The rule, e.g. `-A KUBE-SERVICES -d 198.51.100.10/32 -p tcp -m comment
    /// --comment "default/web loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-LOLE4ISW44XBNF3G`.
    pub rule: String,
    /// One short sentence on what the rule does to this packet.
    pub meaning: String,
}

/// The protocol as kube-proxy spells it in chain hashes and matches.
const PROTOCOL: &str = "tcp";
/// kube-proxy's masquerade mark: bit 14, `--iptables-masquerade-bit`'s default.
/// Bit 14 (`--iptables-masquerade-bit`'s default) as kube-proxy writes it,
/// with Go's `%#08x` (`cmd/kube-proxy/app/server.go`): `0x00004000`.
pub(crate) const MASQUERADE_MARK: &str = "0x00004000";
const SERVICES: &str = "KUBE-SERVICES";
const NODE_PORTS: &str = "KUBE-NODEPORTS";
const MARK_MASQ: &str = "KUBE-MARK-MASQ";
const POSTROUTING: &str = "KUBE-POSTROUTING";
const EXTERNAL_SERVICES: &str = "KUBE-EXTERNAL-SERVICES";
/// The comment on `KUBE-SERVICES`' last rule, the catch-all jump to `KUBE-NODEPORTS`.
const NODE_PORTS_COMMENT: &str = "kubernetes service nodeports; NOTE: this must be the last rule in this chain";
const TO_NODE_PORTS: &str = "a packet to one of this node's own addresses: on to the node-port rules";
const NODE_PORTS_WITHOUT_RULE: &str = "a packet to one of this node's own addresses: on to KUBE-NODEPORTS, \
                                       which has no rule for this Service (no endpoints)";

/// kube-proxy's `portProtoHash`: the 16-character suffix of a Service port's
/// `KUBE-SVC-`, `KUBE-SVL-`, `KUBE-EXT-` and `KUBE-FW-` chains.
pub fn port_proto_hash(service_port_name: &str, protocol: &str) -> String {
    hash16(&[service_port_name, protocol])
}

/// The 16-character suffix of the `KUBE-SEP-` chain for `endpoint` (`"IP:port"`),
/// as `servicePortEndpointChainName` computes it.
pub fn endpoint_hash(service_port_name: &str, protocol: &str, endpoint: &str) -> String {
    hash16(&[service_port_name, protocol, endpoint])
}

fn hash16(parts: &[&str]) -> String {
    let mut sha = Sha256::new();
    for part in parts {
        sha.update(part.as_bytes());
    }
    let mut encoded = base32(&sha.finalize());
    encoded.truncate(16);
    encoded
}

/// RFC 4648 base32, standard alphabet, `=`-padded: Go's `base32.StdEncoding`.
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        // Five bytes are 40 bits, eight 5-bit symbols; a short chunk is zero-filled.
        let bits = (0..5).fold(0u64, |acc, i| acc << 8 | u64::from(chunk.get(i).copied().unwrap_or(0)));
        let symbols = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            let symbol = char::from(ALPHABET[((bits >> (35 - 5 * i)) & 31) as usize]);
            out.push(if i < symbols { symbol } else { '=' });
        }
    }
    out
}

/// The names of one Service port's chains, the same on every node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceChains {
    /// `namespace/name` (a named port would add `:portName`; ours has no name).
    pub service_port_name: String,
    /// `KUBE-SVC-*`: picks among all endpoints (Cluster policy).
    pub cluster: String,
    /// `KUBE-SVL-*`: picks among this node's endpoints (Local policy).
    pub local: String,
    /// `KUBE-EXT-*`: where external traffic (VIP, node port) goes first.
    pub external: String,
}

impl ServiceChains {
    pub fn of(service: &Service) -> Self {
        let service_port_name = format!("{}/{}", service.namespace, service.name);
        let hash = port_proto_hash(&service_port_name, PROTOCOL);
        ServiceChains {
            cluster: format!("KUBE-SVC-{hash}"),
            local: format!("KUBE-SVL-{hash}"),
            external: format!("KUBE-EXT-{hash}"),
            service_port_name,
        }
    }

    /// The `KUBE-SEP-*` chain that DNATs to `endpoint`.
    pub fn endpoint(&self, endpoint: SocketAddrV4) -> String {
        format!("KUBE-SEP-{}", endpoint_hash(&self.service_port_name, PROTOCOL, &endpoint.to_string()))
    }
}

/// One connection as it arrives at its receiving node: all the walk needs.
pub(crate) struct Arrival<'a> {
    pub scenario: &'a Scenario,
    pub entry: NodeId,
    pub fate: Fate,
    /// The endpoints kube-proxy on `entry` picks from, in rule order.
    pub candidates: &'a [PodId],
    /// The source address MASQUERADE chose (the trace's SNAT), if any.
    pub masquerade_to: Option<Ipv4Addr>,
    /// The packet is addressed to `nodeIP:nodePort` (a NodePort Service, or an
    /// LB that rewrote the VIP to it), not to the VIP.
    pub via_node_port: bool,
    /// The zone whose endpoints `trafficDistribution` keeps, if it filters here.
    pub zone: Option<&'a str>,
}

/// The rules the request of `arrival` matches on its receiving node, in order.
pub(crate) fn walk(arrival: &Arrival) -> Vec<RuleStep> {
    let walk = Walk { arrival, chains: ServiceChains::of(&arrival.scenario.service) };
    let mut steps = Vec::new();
    match arrival.fate {
        Fate::Delivered(pod) => {
            walk.entrance(&mut steps);
            walk.to_endpoint(pod, &mut steps);
        }
        Fate::Dropped => {
            walk.entrance(&mut steps);
            steps.push(walk.refusal(Refusal::Drop));
        }
        Fate::Rejected => {
            if walk.node_port() {
                steps.push(walk.node_ports_jump(NODE_PORTS_WITHOUT_RULE));
            }
            steps.push(walk.refusal(Refusal::Reject));
        }
    }
    steps
}

/// The two ways filter `KUBE-EXTERNAL-SERVICES` turns a packet away.
#[derive(Clone, Copy)]
enum Refusal {
    Drop,
    Reject,
}

struct Walk<'a> {
    arrival: &'a Arrival<'a>,
    chains: ServiceChains,
}

fn step(table: Table, chain: &str, rule: String, meaning: impl Into<String>) -> RuleStep {
    RuleStep { table, chain: chain.to_string(), rule, meaning: meaning.into() }
}

impl Walk<'_> {
    fn service(&self) -> &Service {
        &self.arrival.scenario.service
    }

    fn spn(&self) -> &str {
        &self.chains.service_port_name
    }

    fn node_port(&self) -> bool {
        self.arrival.via_node_port
    }

    /// nat `KUBE-SERVICES` (and `KUBE-NODEPORTS`) up to the Service's `KUBE-EXT-*`.
    fn entrance(&self, steps: &mut Vec<RuleStep>) {
        let (spn, ext) = (self.spn(), &self.chains.external);
        if self.node_port() {
            steps.push(self.node_ports_jump(TO_NODE_PORTS));
            let port = self.service().node_port;
            let rule = format!(
                "-A {NODE_PORTS} -m comment --comment {spn} -m {PROTOCOL} -p {PROTOCOL} --dport {port} -j {ext}"
            );
            steps.push(step(
                Table::Nat,
                NODE_PORTS,
                rule,
                format!("node port {port}: go to the Service's external chain"),
            ));
        } else {
            let vip = self.arrival.scenario.load_balancer.ip;
            let port = self.service().port;
            let comment = format!("-m comment --comment \"{spn} loadbalancer IP\"");
            let rule =
                format!("-A {SERVICES} -d {vip}/32 -p {PROTOCOL} {comment} -m {PROTOCOL} --dport {port} -j {ext}");
            steps.push(step(Table::Nat, SERVICES, rule, "the LB's VIP: go to the Service's external chain"));
        }
    }

    /// The last rule of `KUBE-SERVICES`, which sends packets for local addresses to `KUBE-NODEPORTS`.
    fn node_ports_jump(&self, meaning: &str) -> RuleStep {
        let rule = format!(
            "-A {SERVICES} -m comment --comment \"{NODE_PORTS_COMMENT}\" -m addrtype --dst-type LOCAL -j {NODE_PORTS}"
        );
        step(Table::Nat, SERVICES, rule, meaning)
    }

    /// From `KUBE-EXT-*` to the DNAT (and, under Cluster, the MASQUERADE).
    fn to_endpoint(&self, pod: PodId, steps: &mut Vec<RuleStep>) {
        let ext = &self.chains.external;
        let policy_chain = match self.service().external_traffic_policy {
            ExternalTrafficPolicy::Cluster => {
                self.mark_for_masquerade(steps);
                let rule = format!("-A {ext} -j {}", self.chains.cluster);
                let meaning = match self.arrival.zone {
                    None => "then pick among all the Service's endpoints (Cluster policy)".to_string(),
                    Some(zone) => format!(
                        "then pick among the Service's Ready endpoints in zone {zone}, this node's \
                         (Cluster policy, trafficDistribution: {})",
                        self.service().traffic_distribution.map_or_else(String::new, |t| t.to_string())
                    ),
                };
                steps.push(step(Table::Nat, ext, rule, meaning));
                &self.chains.cluster
            }
            ExternalTrafficPolicy::Local => {
                let rule = format!("-A {ext} -j {}", self.chains.local);
                let meaning = "Local policy: pick among this node's endpoints only, keeping the client's address";
                steps.push(step(Table::Nat, ext, rule, meaning));
                &self.chains.local
            }
        };
        let Some(target) = self.arrival.scenario.pod(pod) else { return };
        let endpoint = SocketAddrV4::new(target.ip, self.service().target_port);
        let candidates = self.arrival.candidates;
        if candidates.contains(&pod) {
            let index = self.rule_index(endpoint);
            steps.push(self.dispatch(policy_chain, index, candidates.len(), endpoint));
        }
        let sep = self.chains.endpoint(endpoint);
        let rule = format!(
            "-A {sep} -m comment --comment {} -m {PROTOCOL} -p {PROTOCOL} -j DNAT --to-destination {endpoint}",
            self.spn()
        );
        steps.push(step(Table::Nat, &sep, rule, format!("DNAT to pod {} at {endpoint}", target.name)));
        if let Some(to) = self.arrival.masquerade_to {
            steps.push(self.masquerade(to, target.node != self.arrival.entry));
        }
    }

    /// Where `endpoint`'s rule sits among the candidates' rules: kube-proxy
    /// writes them sorted by their `IP:port` text (`byEndpoint` in
    /// `pkg/proxy/endpointslicecache.go`), so `10.244.1.10` comes before
    /// `10.244.1.2`, as in `trafficlab rules`. Counted without allocating:
    /// a trace runs for every animated packet, on boards of any size.
    fn rule_index(&self, endpoint: SocketAddrV4) -> usize {
        let port = self.service().target_port;
        let key = AddressText::of(endpoint);
        let pods = self.arrival.candidates.iter().filter_map(|&c| self.arrival.scenario.pod(c));
        pods.filter(|p| AddressText::of(SocketAddrV4::new(p.ip, port)) < key).count()
    }

    /// Cluster policy's first two rules: mark the packet for MASQUERADE.
    fn mark_for_masquerade(&self, steps: &mut Vec<RuleStep>) {
        let ext = &self.chains.external;
        let rule = format!(
            "-A {ext} -m comment --comment \"masquerade traffic for {} external destinations\" -j {MARK_MASQ}",
            self.spn()
        );
        let meaning = "Cluster policy: the endpoint may be on another node, so mark the packet for masquerading";
        steps.push(step(Table::Nat, ext, rule, meaning));
        let rule = format!("-A {MARK_MASQ} -j MARK --or-mark {MASQUERADE_MARK}");
        steps.push(step(
            Table::Nat,
            MARK_MASQ,
            rule,
            format!("set the masquerade bit {MASQUERADE_MARK} in the packet's mark"),
        ));
    }

    /// Rule `index` (0-based) of the `n` in `chain` (`KUBE-SVC-*` or `KUBE-SVL-*`).
    fn dispatch(&self, chain: &str, index: usize, n: usize, endpoint: SocketAddrV4) -> RuleStep {
        let sep = self.chains.endpoint(endpoint);
        let comment = format!("-m comment --comment \"{} -> {endpoint}\"", self.spn());
        let (number, left) = (index + 1, n - index);
        let earlier = if index == 1 { "rule 1 was".to_string() } else { format!("rules 1–{index} were") };
        let (rule, meaning) = if number < n {
            let statistic = format!("-m statistic --mode random --probability {:.10}", 1.0 / left as f64);
            let meaning = if index == 0 {
                format!("rule 1 of {n}: taken with probability 1/{n}")
            } else {
                let taken = format!("taken with probability 1/{left} if {earlier} not");
                format!("rule {number} of {n}: {taken}, so every endpoint gets 1/{n}")
            };
            (format!("-A {chain} {comment} {statistic} -j {sep}"), meaning)
        } else if n == 1 {
            (format!("-A {chain} {comment} -j {sep}"), "the only endpoint: always taken".to_string())
        } else {
            let meaning = format!("rule {n} of {n}: taken whenever {earlier} not, so every endpoint gets 1/{n}");
            (format!("-A {chain} {comment} -j {sep}"), meaning)
        };
        step(Table::Nat, chain, rule, meaning)
    }

    /// nat POSTROUTING's MASQUERADE of a marked packet, to `to`.
    fn masquerade(&self, to: Ipv4Addr, cross_node: bool) -> RuleStep {
        let comment = "-m comment --comment \"kubernetes service traffic requiring SNAT\"";
        let rule = format!("-A {POSTROUTING} {comment} -j MASQUERADE --random-fully");
        let meaning = if cross_node {
            format!("marked, so MASQUERADE: the source becomes {to}, this node's IP, on the way to another node")
        } else {
            format!("marked, so MASQUERADE: the source becomes {to}, the pod-CIDR gateway, on the way to a local pod")
        };
        step(Table::Nat, POSTROUTING, rule, meaning)
    }

    /// filter `KUBE-EXTERNAL-SERVICES`: DROP (no local endpoint) or REJECT (none at all).
    fn refusal(&self, refusal: Refusal) -> RuleStep {
        let spn = self.spn();
        let (comment, target, meaning) = match refusal {
            Refusal::Drop => (
                format!("{spn} has no local endpoints"),
                "DROP",
                format!(
                    "no local endpoint (Local policy): {} has no jump to {} here, so nothing DNATed the packet; \
                     dropped, the client times out",
                    self.chains.external, self.chains.local
                ),
            ),
            Refusal::Reject => (
                format!("{spn} has no endpoints"),
                "REJECT",
                "no usable endpoint anywhere: rejected with ICMP port unreachable".to_string(),
            ),
        };
        let destination = if self.node_port() {
            format!("-m addrtype --dst-type LOCAL -m {PROTOCOL} -p {PROTOCOL} --dport {}", self.service().node_port)
        } else {
            let vip = self.arrival.scenario.load_balancer.ip;
            format!("-m {PROTOCOL} -p {PROTOCOL} -d {vip}/32 --dport {}", self.service().port)
        };
        let rule = format!("-A {EXTERNAL_SERVICES} -m comment --comment \"{comment}\" {destination} -j {target}");
        step(Table::Filter, EXTERNAL_SERVICES, rule, meaning)
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Table::Nat => "nat",
            Table::Filter => "filter",
        })
    }
}

/// An `IP:port` as text in a fixed buffer. The derived order is the text's:
/// the unused tail is zeros, below every character the text can hold.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct AddressText {
    bytes: [u8; 21],
    len: usize,
}

impl AddressText {
    fn of(address: SocketAddrV4) -> Self {
        use std::fmt::Write;
        let mut text = AddressText { bytes: [0; 21], len: 0 };
        // "255.255.255.255:65535" is 21 bytes: the write always fits.
        let _ = write!(text, "{address}");
        text
    }
}

impl std::fmt::Write for AddressText {
    fn write_str(&mut self, part: &str) -> fmt::Result {
        let end = self.len + part.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(part.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_matches_rfc_4648() {
        let vectors = [
            ("", ""),
            ("f", "MY======"),
            ("fo", "MZXQ===="),
            ("foo", "MZXW6==="),
            ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI======"),
        ];
        for (input, encoded) in vectors {
            assert_eq!(base32(input.as_bytes()), encoded, "{input:?}");
        }
        assert_eq!(base32(&[0xff; 5]), "77777777");
        assert_eq!(base32(&[0; 32]).len(), 56);
    }

    #[test]
    fn chain_names_share_one_hash() {
        let chains = ServiceChains::of(&Service::default());
        assert_eq!(chains.service_port_name, "default/web");
        assert_eq!(chains.cluster, "KUBE-SVC-LOLE4ISW44XBNF3G");
        assert_eq!(chains.local, "KUBE-SVL-LOLE4ISW44XBNF3G");
        assert_eq!(chains.external, "KUBE-EXT-LOLE4ISW44XBNF3G");
        assert!(chains.endpoint("10.244.1.2:8080".parse().unwrap()).starts_with("KUBE-SEP-"));
    }

    #[test]
    fn probabilities_are_formatted_like_go() {
        // Go's "%0.10f" rounds the exact binary value half to even, as Rust does.
        assert_eq!(format!("{:.10}", 1.0 / 3.0), "0.3333333333");
        assert_eq!(format!("{:.10}", 1.0 / 2.0), "0.5000000000");
        assert_eq!(format!("{:.10}", 1.0 / 2048.0), "0.0004882812");
    }
}
