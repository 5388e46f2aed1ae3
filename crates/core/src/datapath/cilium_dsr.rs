//! `ciliumDsr`: Cilium's kube-proxy replacement in direct server return mode
//! (`loadBalancer.mode=dsr`), from cilium/cilium
//! `Documentation/network/kubernetes/kubeproxy-free.rst`:
//!
//! - "the backends reply directly to the external client without taking the
//!   extra hop, meaning, backends reply by using the service IP/port as a
//!   source", and "the client's source IP is preserved": no masquerade, under
//!   `Cluster` as under `Local`;
//! - the receiving node tells the backend's node the service address in a
//!   Cilium IPv4 option (`dsrDispatch=opt`, which needs native routing) or a
//!   Geneve option (`dsrDispatch=geneve`); for TCP only the SYN carries it.
//!
//! So the request still crosses from the receiving node to the pod's node,
//! but the reply leaves the pod's node straight to the client: the path is
//! asymmetric. Backend choice is Cilium's (random, or Maglev within 1/16381),
//! uniform over the candidates kube-proxy would have, so the shares are
//! unchanged. Cilium has no iptables chains for Services: a trace lists no
//! kube-proxy rules. Left out: what Cilium does under `Local` on a node with
//! no local backend (the model keeps kube-proxy's drop), hybrid mode (DSR for
//! TCP, SNAT for UDP: the same for this TCP model) and SNAT mode.

use super::Forwarding;
use crate::model::ExternalTrafficPolicy;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CiliumDsr;

impl Forwarding for CiliumDsr {
    fn masquerades(&self, _policy: ExternalTrafficPolicy) -> bool {
        false
    }

    fn direct_server_return(&self) -> bool {
        true
    }

    fn uses_kube_proxy_rules(&self) -> bool {
        false
    }

    fn requirements(&self) -> &'static str {
        "Cilium as the CNI replacing kube-proxy, with loadBalancer.mode=dsr and either native routing \
         (dsrDispatch=opt) or Geneve tunnelling (dsrDispatch=geneve)"
    }

    fn title(&self) -> &'static str {
        "Cilium DSR"
    }
}
