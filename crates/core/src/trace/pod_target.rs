//! The path of a connection that an NLB with IP targets sends straight to a
//! pod: across the pod's node with no kube-proxy rule, rewritten only by the
//! load balancer (see `lb::aws_nlb_ip`).

use std::net::SocketAddrV4;

use super::{Direction, Outcome, Packet, Path, Place, Protocol, Rewrite, Trace};
use crate::lb::{self, Delivery, Target};
use crate::router::{Connection, Fate, Router};

impl Router<'_> {
    /// A connection an NLB with IP targets sends straight to a pod: across the
    /// pod's node, with no kube-proxy rule on the way.
    pub(super) fn trace_to_pod(
        &self,
        connection: Connection,
        client: SocketAddrV4,
        vip: SocketAddrV4,
    ) -> Option<Trace> {
        let s = self.scenario();
        let (balancer, counts, spread) = (lb::of(s), self.counts(), self.spread());
        let entry = connection.entry;
        let request = Packet { protocol: Protocol::Tcp, src: client, dst: vip };
        let mut path = Path::new(true);
        path.hop(Direction::Request, Place::Client, Place::LoadBalancer, Vec::new(), request);
        let Fate::Delivered(pod) = connection.fate else {
            // Asked about a node none of whose pods is a target: the NLB never sends there.
            return Some(Trace {
                connection,
                hops: path.hops,
                outcome: Outcome::Dropped { node: entry },
                entry_skipped_by_lb: true,
                rules: Vec::new(),
                lb_step: balancer.explain(s, counts, spread, Some(Target::Node(entry))),
                unanswered: spread.unanswered,
                candidates: Vec::new(),
                ingress: None,
            });
        };
        let target = s.pod(pod)?;
        let endpoint = SocketAddrV4::new(target.ip, s.service.target_port);
        let snat_to = match balancer.delivery(s, counts, Target::Pod(pod)) {
            Delivery::LbToPod { snat_to } => snat_to,
            _ => None,
        };
        let seen = SocketAddrV4::new(snat_to.unwrap_or(*client.ip()), client.port());
        let mut rewrites = vec![Rewrite::Dnat { from: vip, to: endpoint }];
        rewrites.extend(snat_to.map(|to| Rewrite::Snat { from: *client.ip(), to }));
        let forwarded = Packet { protocol: Protocol::Tcp, src: seen, dst: endpoint };
        path.hop(Direction::Request, Place::LoadBalancer, Place::Node(target.node), rewrites, forwarded);
        path.hop(Direction::Request, Place::Node(target.node), Place::Pod(pod), Vec::new(), forwarded);
        let reply = Packet { protocol: Protocol::Tcp, src: endpoint, dst: seen };
        path.hop(Direction::Reply, Place::Pod(pod), Place::Node(target.node), Vec::new(), reply);
        path.hop(Direction::Reply, Place::Node(target.node), Place::LoadBalancer, Vec::new(), reply);
        let mut un_nat = vec![Rewrite::UnDnat { from: endpoint, to: vip }];
        un_nat.extend(snat_to.map(|from| Rewrite::UnSnat { from, to: *client.ip() }));
        let restored = Packet { protocol: Protocol::Tcp, src: vip, dst: client };
        path.hop(Direction::Reply, Place::LoadBalancer, Place::Client, un_nat, restored);
        let outcome = Outcome::Delivered { pod, seen_source: *seen.ip() };
        Some(Trace {
            connection,
            hops: path.hops,
            outcome,
            entry_skipped_by_lb: self.lb_share(entry) == 0.0,
            rules: Vec::new(),
            lb_step: balancer.explain(s, counts, spread, Some(Target::Pod(pod))),
            unanswered: None,
            candidates: self.delivered_candidates(entry, outcome),
            ingress: None,
        })
    }
}
