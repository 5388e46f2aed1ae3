//! A connection kube-proxy (or Cilium) delivers to a pod: the DNAT, the
//! masquerade the data path makes (`datapath`), the hop across nodes, and the
//! reply, which retraces the path through the receiving node, or under DSR
//! leaves the pod's node straight to the client with the service address as
//! its source.

use std::net::SocketAddrV4;

use super::{Direction, Outcome, Packet, Path, Place, Protocol, Rewrite};
use crate::ids::{NodeId, PodId};
use crate::model::ExternalTrafficPolicy;
use crate::router::Router;

impl Router<'_> {
    pub(super) fn deliver(
        &self,
        path: &mut Path,
        entry: NodeId,
        pod: PodId,
        client: SocketAddrV4,
        service_addr: SocketAddrV4,
    ) -> Option<Outcome> {
        let s = self.scenario();
        let target = s.pod(pod)?;
        let entry_node = s.node(entry)?;
        let endpoint = SocketAddrV4::new(target.ip, s.service.target_port);
        let masquerade_to = match s.service.external_traffic_policy {
            policy if !s.data_path.masquerades(policy) => None,
            ExternalTrafficPolicy::Local => None,
            ExternalTrafficPolicy::Cluster if target.node == entry => Some(entry_node.pod_cidr.gateway()),
            ExternalTrafficPolicy::Cluster => Some(entry_node.ip),
        };
        let seen = SocketAddrV4::new(masquerade_to.unwrap_or(*client.ip()), client.port());

        let mut rewrites = vec![Rewrite::Dnat { from: service_addr, to: endpoint }];
        rewrites.extend(masquerade_to.map(|to| Rewrite::Snat { from: *client.ip(), to }));
        let forwarded = Packet { protocol: Protocol::Tcp, src: seen, dst: endpoint };
        if target.node != entry {
            path.hop(Direction::Request, Place::Node(entry), Place::Node(target.node), rewrites, forwarded);
            path.hop(Direction::Request, Place::Node(target.node), Place::Pod(pod), Vec::new(), forwarded);
        } else {
            path.hop(Direction::Request, Place::Node(entry), Place::Pod(pod), rewrites, forwarded);
        }

        let reply = Packet { protocol: Protocol::Tcp, src: endpoint, dst: seen };
        path.hop(Direction::Reply, Place::Pod(pod), Place::Node(target.node), Vec::new(), reply);
        if s.data_path.direct_server_return() {
            // DSR: the pod's node restores the service address and replies
            // straight to the client, skipping the receiving node and the LB.
            let un_dnat = vec![Rewrite::UnDnat { from: endpoint, to: service_addr }];
            let direct = Packet { protocol: Protocol::Tcp, src: service_addr, dst: client };
            path.hop(Direction::Reply, Place::Node(target.node), Place::Client, un_dnat, direct);
            return Some(Outcome::Delivered { pod, seen_source: *seen.ip() });
        }
        if target.node != entry {
            path.hop(Direction::Reply, Place::Node(target.node), Place::Node(entry), Vec::new(), reply);
        }
        let mut un_nat = vec![Rewrite::UnDnat { from: endpoint, to: service_addr }];
        un_nat.extend(masquerade_to.map(|from| Rewrite::UnSnat { from, to: *client.ip() }));
        let restored = Packet { protocol: Protocol::Tcp, src: service_addr, dst: client };
        path.back_to_client(entry, un_nat, restored);
        Some(Outcome::Delivered { pod, seen_source: *seen.ip() })
    }
}
