//! One connection, hop by hop, with every address rewrite named: what the
//! animation draws and `trafficlab trace` prints (docs/model.md, "kube-proxy on the receiving node").
//!
//! The model of the path:
//! - Client → load balancer → node, where the load balancer is whatever the
//!   provider puts there (`lb`; for MetalLB, the router in front of the
//!   nodes). How the packet arrives depends on the provider: still addressed
//!   to the VIP (passthrough, floating IP, a node that owns the VIP), so
//!   kube-proxy matches the VIP in `KUBE-SERVICES`; or rewritten by the LB to
//!   `nodeIP:nodePort` (an NLB with instance targets), so it takes
//!   `KUBE-NODEPORTS`. `NodePort` has no load balancer: client → node,
//!   addressed to `nodeIP:nodePort`.
//! - On the receiving node kube-proxy DNATs to `podIP:targetPort`. Under
//!   Cluster it also marks the packet for MASQUERADE, which takes the address of
//!   the interface the packet leaves by: the node IP towards another node, the
//!   pod-CIDR gateway (bridge) towards a local pod. The source port is kept
//!   (MASQUERADE only changes it on a clash).
//! - An NLB with IP targets rewrites the destination to the pod itself (and,
//!   without client IP preservation, the source to its own address): the
//!   packet crosses the pod's node with no kube-proxy rule, so `rules` is empty.
//! - The reply retraces the path; conntrack on the receiving node undoes
//!   kube-proxy's rewrites, the LB its own.
//! - [`Trace::rules`] lists the kube-proxy rules behind those rewrites (`chains`).
//! - [`Trace::candidates`] lists the endpoints the entry node's rules could
//!   have picked, with their chances (`candidates`).
//! - Under Cilium DSR (`datapath`) nothing is masqueraded, no kube-proxy rule
//!   exists, and the reply leaves the pod's node straight to the client with
//!   the service address as its source: it skips the receiving node and the LB.
//! - A load balancer that sends the PROXY protocol puts its header on the
//!   request hops after it ([`Hop::proxy_header`]); an ingress controller in
//!   front adds a second leg with `X-Forwarded-For` (`ingress`).
//! - DROP ends the trace at the node (the client times out). REJECT sends an
//!   ICMP port unreachable back from the node IP (Linux `icmp_send` picks the
//!   outgoing interface's address for a destination that is not local).
//!   A connection nothing answers (see [`NoAnswer`]) ends at the load balancer.

use std::net::{Ipv4Addr, SocketAddrV4};

mod deliver;
mod notation;
mod path;
mod pod_target;

use path::Path;

use crate::candidates::Candidate;
use crate::chains::{self, Arrival, RuleStep};
use crate::ids::{NodeId, PodId};
use crate::ingress::IngressLeg;
use crate::lb::{self, Delivery, LbStep, NoAnswer, Target, Targets};
use crate::proxy_protocol::ProxyHeader;
use crate::rng::Rng;
use crate::router::{Connection, Fate, Router};
use crate::scenario::Scenario;

/// Where a packet is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Client,
    LoadBalancer,
    Node(NodeId),
    Pod(PodId),
    /// An ingress controller pod: an index into the pods of
    /// [`Scenario::controller_scenario`].
    Controller(PodId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Request,
    Reply,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Protocol {
    Tcp,
    /// ICMP destination unreachable, code 3 (port unreachable): has no ports.
    IcmpPortUnreachable,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Packet {
    pub protocol: Protocol,
    pub src: SocketAddrV4,
    pub dst: SocketAddrV4,
}

/// An address rewrite, done where a hop starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rewrite {
    /// kube-proxy's `KUBE-SEP-*` DNAT of the destination to the chosen endpoint.
    Dnat { from: SocketAddrV4, to: SocketAddrV4 },
    /// MASQUERADE of the source (`KUBE-MARK-MASQ`, then `KUBE-POSTROUTING`).
    Snat { from: Ipv4Addr, to: Ipv4Addr },
    /// conntrack restores the reply's source (undoes the DNAT).
    UnDnat { from: SocketAddrV4, to: SocketAddrV4 },
    /// conntrack restores the reply's destination (undoes the SNAT).
    UnSnat { from: Ipv4Addr, to: Ipv4Addr },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    pub direction: Direction,
    pub from: Place,
    pub to: Place,
    /// Rewrites applied at `from` before the packet leaves.
    pub rewrites: Vec<Rewrite>,
    /// The packet as it travels this hop.
    pub packet: Packet,
    /// The PROXY protocol header at the start of the connection's first data
    /// segment, on the hops between the load balancer that writes it and the
    /// pod (or ingress controller) that reads it.
    pub proxy_header: Option<ProxyHeader>,
    /// The `X-Forwarded-For` (and `X-Real-IP`) value an ingress controller
    /// writes on the request it sends on to the app.
    pub x_forwarded_for: Option<Ipv4Addr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Reached `pod`, which sees `seen_source` as the client's address.
    Delivered { pod: PodId, seen_source: Ipv4Addr },
    /// Dropped on `node`; the client times out. `node` is [`NodeId::NONE`]
    /// when nothing answered the connection ([`Trace::unanswered`]).
    Dropped { node: NodeId },
    /// Rejected on `node` with ICMP port unreachable; the client fails fast.
    Rejected { node: NodeId },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    pub connection: Connection,
    pub hops: Vec<Hop>,
    pub outcome: Outcome,
    /// The LB would not send new connections to this entry node (it failed
    /// its health check): the trace shows what would happen if one arrived.
    pub entry_skipped_by_lb: bool,
    /// The kube-proxy iptables rules the request matched on the receiving
    /// node, in the order it met them (see `chains`); empty when kube-proxy
    /// played no part.
    pub rules: Vec<RuleStep>,
    /// The load balancer's step (or ARP's, or the routers'), in words with the rule behind it.
    pub lb_step: LbStep,
    /// Why nothing answered the connection, when so: the hops end at the
    /// load balancer and no node ever saw the packet.
    pub unanswered: Option<NoAnswer>,
    /// The endpoints the entry node's rules could have picked for this
    /// connection, with their chances ([`Router::weighted_candidates`]);
    /// empty unless it was delivered.
    pub candidates: Vec<Candidate>,
    /// With an ingress controller in front: the controller pod that took the
    /// connection and what it did with the request. The hops then go client
    /// → controller (stage 1), controller → app pod and back (stage 2), and
    /// back to the client.
    pub ingress: Option<IngressLeg>,
}

impl Trace {
    /// The PROXY protocol header the connection carries, if any.
    pub fn proxy_header(&self) -> Option<ProxyHeader> {
        self.hops.iter().find_map(|h| h.proxy_header)
    }

    /// The `X-Forwarded-For` value the app receives, with an ingress controller in front.
    pub fn x_forwarded_for(&self) -> Option<Ipv4Addr> {
        self.hops.iter().find_map(|h| h.x_forwarded_for)
    }

    /// Whether the request never got past the load balancer (nothing
    /// answered it, or the trace asked about a node the LB never sends to).
    pub fn stopped_at_load_balancer(&self) -> bool {
        let last_request = self.hops.iter().rev().find(|h| h.direction == Direction::Request);
        matches!(self.outcome, Outcome::Dropped { .. }) && last_request.is_some_and(|h| h.to == Place::LoadBalancer)
    }

    /// The source address kube-proxy's MASQUERADE gave the request, if it
    /// did (Cluster). A load balancer's own source rewrite (an NLB with IP
    /// targets) is not kube-proxy's and does not count.
    pub fn masquerade(&self) -> Option<Ipv4Addr> {
        masquerade_in(&self.hops)
    }
}

/// The source of the first SNAT made on a node: kube-proxy's MASQUERADE.
fn masquerade_in(hops: &[Hop]) -> Option<Ipv4Addr> {
    hops.iter().filter(|h| matches!(h.from, Place::Node(_))).flat_map(|h| &h.rewrites).find_map(|r| match r {
        Rewrite::Snat { to, .. } => Some(*to),
        _ => None,
    })
}

impl Scenario {
    /// A place as people name it: `client 203.0.113.10`, `load balancer`
    /// (or the provider's: `AWS NLB`, `router (ARP)`, …), `node-b (10.0.0.12)`,
    /// `pod web-3 (10.244.2.3)`; an id that is not in this scenario is named by its id.
    pub fn place_name(&self, place: Place) -> String {
        match place {
            Place::Client => format!("client {}", self.client.ip),
            Place::LoadBalancer => lb::of(self).place_name().to_string(),
            Place::Node(id) => self.node(id).map_or_else(|| id.to_string(), |n| format!("{} ({})", n.name, n.ip)),
            Place::Pod(id) => self.pod(id).map_or_else(|| id.to_string(), |p| format!("pod {} ({})", p.name, p.ip)),
            Place::Controller(id) => self
                .controller_scenario()
                .and_then(|c| c.pod(id).map(|p| format!("ingress controller {} ({})", p.name, p.ip)))
                .unwrap_or_else(|| id.to_string()),
        }
    }

    /// A connection that arrives at `entry`, with the endpoint and the client
    /// port drawn from a generator seeded with `seed`. `None` if `entry` is not
    /// a node of this scenario.
    pub fn trace(&self, entry: NodeId, seed: u64) -> Option<Trace> {
        self.node(entry)?;
        if let Some(stage1) = self.controller_scenario() {
            return crate::ingress::trace_through(self, &stage1, entry, seed);
        }
        let router = Router::new(self);
        let connection = router.connect_via(entry, &mut Rng::new(seed));
        router.trace(connection)
    }
}

impl Router<'_> {
    /// The hops of `connection`, which this router produced; `None` if its
    /// node or pod is not in this router's scenario.
    pub fn trace(&self, connection: Connection) -> Option<Trace> {
        let mut trace = self.trace_hops(connection)?;
        let s = self.scenario();
        if let (Some(version), Outcome::Delivered { .. }) = (s.load_balancer.proxy_protocol, trace.outcome) {
            let header = ProxyHeader {
                version,
                source: SocketAddrV4::new(s.client.ip, connection.client_port),
                destination: SocketAddrV4::new(s.load_balancer.ip, s.service.port),
            };
            let after_lb =
                trace.hops.iter_mut().filter(|h| h.direction == Direction::Request && h.from != Place::Client);
            after_lb.for_each(|h| h.proxy_header = Some(header));
        }
        Some(trace)
    }

    fn trace_hops(&self, connection: Connection) -> Option<Trace> {
        let s = self.scenario();
        let client = SocketAddrV4::new(s.client.ip, connection.client_port);
        let vip = SocketAddrV4::new(s.load_balancer.ip, s.service.port);
        let request = Packet { protocol: Protocol::Tcp, src: client, dst: vip };
        let (balancer, counts, spread) = (lb::of(s), self.counts(), self.spread());
        if connection.entry == NodeId::NONE {
            let unanswered = spread.unanswered?;
            let mut path = Path::new(true);
            path.hop(Direction::Request, Place::Client, Place::LoadBalancer, Vec::new(), request);
            return Some(Trace {
                connection,
                hops: path.hops,
                outcome: Outcome::Dropped { node: NodeId::NONE },
                entry_skipped_by_lb: false,
                rules: Vec::new(),
                lb_step: balancer.explain(s, counts, spread, None),
                unanswered: Some(unanswered),
                candidates: Vec::new(),
                ingress: None,
            });
        }
        s.node(connection.entry)?;
        if spread.targets == Targets::Pods {
            return self.trace_to_pod(connection, client, vip);
        }
        let lb_step = balancer.explain(s, counts, spread, Some(Target::Node(connection.entry)));
        self.trace_through_node(connection, client, lb_step)
    }

    /// A connection the LB hands to a node, where kube-proxy takes over.
    fn trace_through_node(&self, connection: Connection, client: SocketAddrV4, lb_step: LbStep) -> Option<Trace> {
        let s = self.scenario();
        let entry = connection.entry;
        let entry_node = s.node(entry)?;
        let vip = SocketAddrV4::new(s.load_balancer.ip, s.service.port);
        let node_port = SocketAddrV4::new(entry_node.ip, s.service.node_port);
        let delivery = lb::of(s).delivery(s, self.counts(), Target::Node(entry));
        let (mut path, service_addr) = match delivery {
            Delivery::NodePort => (Path::new(false), node_port),
            Delivery::LbToNodePort => (Path { lb_dnat: Some((vip, node_port)), ..Path::new(true) }, node_port),
            Delivery::Vip | Delivery::LbToPod { .. } => (Path::new(true), vip),
        };
        let request = Packet { protocol: Protocol::Tcp, src: client, dst: if path.lb { vip } else { node_port } };
        path.towards_node(entry, request);

        let outcome = match connection.fate {
            Fate::Dropped => Outcome::Dropped { node: entry },
            Fate::Rejected => {
                let icmp = Packet {
                    protocol: Protocol::IcmpPortUnreachable,
                    src: SocketAddrV4::new(entry_node.ip, 0),
                    dst: SocketAddrV4::new(*client.ip(), 0),
                };
                path.back_to_client(entry, Vec::new(), icmp);
                Outcome::Rejected { node: entry }
            }
            Fate::Delivered(pod) => self.deliver(&mut path, entry, pod, client, service_addr)?,
        };
        let masquerade_to = masquerade_in(&path.hops);
        let zone = self.counts().cluster_zone_at(entry).and_then(|z| self.counts().zones.name(z));
        let kube_proxy_rules = s.data_path.forwarding().uses_kube_proxy_rules();
        let rules = if !kube_proxy_rules {
            Vec::new()
        } else {
            chains::walk(&Arrival {
                scenario: s,
                entry,
                fate: connection.fate,
                candidates: self.candidates(entry),
                masquerade_to,
                via_node_port: matches!(delivery, Delivery::NodePort | Delivery::LbToNodePort),
                zone,
            })
        };
        let entry_skipped_by_lb = self.lb_share(entry) == 0.0;
        let candidates = self.delivered_candidates(entry, outcome);
        Some(Trace {
            connection,
            hops: path.hops,
            outcome,
            entry_skipped_by_lb,
            rules,
            lb_step,
            unanswered: None,
            candidates,
            ingress: None,
        })
    }
}
