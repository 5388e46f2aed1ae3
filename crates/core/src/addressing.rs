//! Deterministic addresses for a scenario that gives none, and the pod CIDR type.
//!
//! The defaults are the ones a kubeadm + flannel cluster hands out, extended
//! arithmetically past 255 nodes as a larger cluster CIDR would:
//! client `203.0.113.10` (TEST-NET-3), load balancer VIP `198.51.100.10:80`
//! (TEST-NET-2), node *i* (1-based) `10.0.0.(10+i)` with pod CIDR
//! `10.244.i.0/24`, whose first address `10.244.i.1` is the bridge/gateway that
//! MASQUERADE picks for a same-node pod (docs/model.md, "The source address the pod sees"). Pods take the lowest
//! free address from `.2` up, like a host-local IPAM.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

pub const DEFAULT_CLIENT_IP: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 10);
pub const DEFAULT_LB_IP: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 10);
pub const DEFAULT_PORT: u16 = 80;
pub const DEFAULT_TARGET_PORT: u16 = 8080;
pub const DEFAULT_NODE_PORT: u16 = 30080;
pub const DEFAULT_HEALTH_CHECK_NODE_PORT: u16 = 32080;
/// `--service-node-port-range`'s default, which both node ports come from.
pub const NODE_PORT_RANGE: std::ops::RangeInclusive<u16> = 30000..=32767;

/// The default name of the node at `index`: `node-a` … `node-z`, then `node-27`, ….
pub fn default_node_name(index: usize) -> String {
    match u8::try_from(index) {
        Ok(i) if i < 26 => format!("node-{}", char::from(b'a' + i)),
        _ => format!("node-{}", index + 1),
    }
}

/// The default IP of the node at `index` (0-based): `10.0.0.(11 + index)`.
pub fn default_node_ip(index: usize) -> Ipv4Addr {
    offset(Ipv4Addr::new(10, 0, 0, 11), index as u32)
}

/// The default pod CIDR of the node at `index` (0-based): `10.244.(index+1).0/24`.
pub fn default_pod_cidr(index: usize) -> PodCidr {
    // Wrapping: past 2^24 nodes the blocks wrap around IPv4 instead of panicking.
    let network = offset(Ipv4Addr::new(10, 244, 0, 0), (index as u32).wrapping_add(1).wrapping_shl(8));
    PodCidr { network, prefix_len: 24 }
}

fn offset(base: Ipv4Addr, by: u32) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(base).wrapping_add(by))
}

/// A node's `spec.podCIDR`: the range its pods' IPs come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PodCidr {
    network: Ipv4Addr,
    prefix_len: u8,
}

impl PodCidr {
    /// The shortest prefix accepted: a /8 is already far beyond kubelet's
    /// `maxPods`; the longest, /30, still leaves the gateway and one pod.
    pub const PREFIX_LENS: std::ops::RangeInclusive<u8> = 8..=30;

    pub fn network(self) -> Ipv4Addr {
        self.network
    }

    pub fn prefix_len(self) -> u8 {
        self.prefix_len
    }

    /// The first address, which the CNI bridge takes and MASQUERADE uses for a
    /// packet that leaves towards a pod on the same node.
    pub fn gateway(self) -> Ipv4Addr {
        offset(self.network, 1)
    }

    pub fn contains(self, ip: Ipv4Addr) -> bool {
        let mask = u32::MAX << (32 - self.prefix_len);
        u32::from(ip) & mask == u32::from(self.network)
    }

    /// The first and last address of the range, as numbers.
    pub(crate) fn span(self) -> (u32, u32) {
        let first = u32::from(self.network);
        (first, first | !(u32::MAX << (32 - self.prefix_len)))
    }

    /// Addresses a pod may take: all but the network, gateway and broadcast.
    pub fn pod_addresses(self) -> impl Iterator<Item = Ipv4Addr> {
        let size = 1u32 << (32 - self.prefix_len);
        (2..size - 1).map(move |i| offset(self.network, i))
    }

    pub fn pod_capacity(self) -> usize {
        (1usize << (32 - self.prefix_len)) - 3
    }
}

impl fmt::Display for PodCidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix_len)
    }
}

impl FromStr for PodCidr {
    type Err = String;

    /// Parses `10.244.1.0/24`; the address must be the network's first.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (addr, len) =
            text.split_once('/').ok_or_else(|| format!("`{text}` is not a CIDR: write it as 10.244.1.0/24"))?;
        let network: Ipv4Addr = addr.parse().map_err(|_| format!("`{addr}` in `{text}` is not an IPv4 address"))?;
        let prefix_len: u8 = len
            .parse()
            .ok()
            .filter(|l| Self::PREFIX_LENS.contains(l))
            .ok_or_else(|| format!("the prefix length in `{text}` must be a number from 8 to 30"))?;
        let cidr = PodCidr { network, prefix_len };
        if !cidr.contains(network) || u32::from(network) & !(u32::MAX << (32 - prefix_len)) != 0 {
            let mask = u32::MAX << (32 - prefix_len);
            let fixed = Ipv4Addr::from(u32::from(network) & mask);
            return Err(format!("`{text}` has host bits set: did you mean {fixed}/{prefix_len}?"));
        }
        Ok(cidr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_documented_scheme() {
        assert_eq!(default_node_ip(0), Ipv4Addr::new(10, 0, 0, 11));
        assert_eq!(default_node_ip(2), Ipv4Addr::new(10, 0, 0, 13));
        assert_eq!(default_pod_cidr(0).to_string(), "10.244.1.0/24");
        assert_eq!(default_pod_cidr(1).gateway(), Ipv4Addr::new(10, 244, 2, 1));
        // Past 255 nodes the scheme carries into the next octet instead of wrapping.
        assert_eq!(default_pod_cidr(255).to_string(), "10.245.0.0/24");
        assert_eq!(default_node_ip(300), Ipv4Addr::new(10, 0, 1, 55));
    }

    #[test]
    fn pod_addresses_skip_network_gateway_and_broadcast() {
        let cidr: PodCidr = "10.244.3.0/24".parse().unwrap();
        let all: Vec<_> = cidr.pod_addresses().collect();
        assert_eq!(all.first(), Some(&Ipv4Addr::new(10, 244, 3, 2)));
        assert_eq!(all.last(), Some(&Ipv4Addr::new(10, 244, 3, 254)));
        assert_eq!(all.len(), cidr.pod_capacity());
        assert!(cidr.contains(Ipv4Addr::new(10, 244, 3, 77)));
        assert!(!cidr.contains(Ipv4Addr::new(10, 244, 4, 1)));
    }

    #[test]
    fn bad_cidrs_say_how_to_fix_them() {
        for (text, hint) in [
            ("10.244.1.0", "write it as"),
            ("10.244.1.5/24", "did you mean 10.244.1.0/24"),
            ("10.244.1.0/33", "from 8 to 30"),
            ("10.244.1/24", "not an IPv4 address"),
        ] {
            let err = text.parse::<PodCidr>().unwrap_err();
            assert!(err.contains(hint), "{text}: {err}");
        }
    }
}
