//! How packets and rewrites are written: iptables-style notation, which the
//! app's labels and `trafficlab trace` print as they are.

use std::fmt;

use super::{Packet, Protocol, Rewrite};

/// iptables-style notation: `DNAT 198.51.100.10:80 → 10.244.2.7:8080`.
impl fmt::Display for Rewrite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rewrite::Dnat { from, to } => write!(f, "DNAT {from} → {to}"),
            Rewrite::Snat { from, to } => write!(f, "SNAT {from} → {to}"),
            Rewrite::UnDnat { from, to } => write!(f, "un-DNAT {from} → {to}"),
            Rewrite::UnSnat { from, to } => write!(f, "un-SNAT {from} → {to}"),
        }
    }
}

/// `203.0.113.10:40000 → 198.51.100.10:80`, or for ICMP without ports.
impl fmt::Display for Packet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.protocol {
            Protocol::Tcp => write!(f, "{} → {}", self.src, self.dst),
            Protocol::IcmpPortUnreachable => {
                write!(f, "{} → {} ICMP port unreachable", self.src.ip(), self.dst.ip())
            }
        }
    }
}
