//! The hops of a trace as they are built: client → load balancer → node and
//! back, with the load balancer's own destination rewrite when it makes one.

use std::net::SocketAddrV4;

use super::{Direction, Hop, Packet, Place, Protocol, Rewrite};
use crate::ids::NodeId;

/// The hops built so far, whether a load balancer sits in front, and the
/// destination rewrite it makes (`VIP:port` → `nodeIP:nodePort`), if any.
pub(super) struct Path {
    pub hops: Vec<Hop>,
    pub lb: bool,
    pub lb_dnat: Option<(SocketAddrV4, SocketAddrV4)>,
}

impl Path {
    pub fn new(lb: bool) -> Self {
        Path { hops: Vec::new(), lb, lb_dnat: None }
    }

    pub fn hop(&mut self, direction: Direction, from: Place, to: Place, rewrites: Vec<Rewrite>, packet: Packet) {
        self.hops.push(Hop { direction, from, to, rewrites, packet, proxy_header: None, x_forwarded_for: None });
    }

    pub fn towards_node(&mut self, entry: NodeId, packet: Packet) {
        if !self.lb {
            self.hop(Direction::Request, Place::Client, Place::Node(entry), Vec::new(), packet);
            return;
        }
        self.hop(Direction::Request, Place::Client, Place::LoadBalancer, Vec::new(), packet);
        match self.lb_dnat {
            Some((from, to)) => {
                let rewritten = Packet { dst: to, ..packet };
                let dnat = vec![Rewrite::Dnat { from, to }];
                self.hop(Direction::Request, Place::LoadBalancer, Place::Node(entry), dnat, rewritten);
            }
            None => self.hop(Direction::Request, Place::LoadBalancer, Place::Node(entry), Vec::new(), packet),
        }
    }

    pub fn back_to_client(&mut self, entry: NodeId, rewrites: Vec<Rewrite>, packet: Packet) {
        if !self.lb {
            self.hop(Direction::Reply, Place::Node(entry), Place::Client, rewrites, packet);
            return;
        }
        self.hop(Direction::Reply, Place::Node(entry), Place::LoadBalancer, rewrites, packet);
        match self.lb_dnat {
            Some((vip, node_port)) if packet.protocol == Protocol::Tcp => {
                let restored = Packet { src: vip, ..packet };
                let un_dnat = vec![Rewrite::UnDnat { from: node_port, to: vip }];
                self.hop(Direction::Reply, Place::LoadBalancer, Place::Client, un_dnat, restored);
            }
            _ => self.hop(Direction::Reply, Place::LoadBalancer, Place::Client, Vec::new(), packet),
        }
    }
}
