//! `kubeProxy`: kube-proxy's iptables or nftables rules, as the rest of the
//! core describes them (docs/model.md; kubernetes `pkg/proxy/iptables/proxier.go`).
//! Under `Cluster` every external connection is marked for masquerade
//! (`KUBE-EXT-*` starts with `KUBE-MARK-MASQ`), so the reply must come back
//! through the receiving node, which un-NATs it. Under `Local` nothing is
//! masqueraded.

use super::Forwarding;
use crate::model::ExternalTrafficPolicy;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct KubeProxy;

impl Forwarding for KubeProxy {
    fn masquerades(&self, policy: ExternalTrafficPolicy) -> bool {
        policy == ExternalTrafficPolicy::Cluster
    }

    fn direct_server_return(&self) -> bool {
        false
    }

    fn uses_kube_proxy_rules(&self) -> bool {
        true
    }

    fn requirements(&self) -> &'static str {
        "none: kube-proxy runs on every node by default"
    }

    fn title(&self) -> &'static str {
        "kube-proxy"
    }
}
