//! The data path on the nodes: what forwards an external connection from the
//! node that received it to the chosen pod, and how the reply gets back. One
//! file per variant, one shared trait ([`Forwarding`]) here:
//!
//! - [`kube_proxy`]: kube-proxy's iptables/nftables rules (the default, and
//!   what every other part of the core describes): under `Cluster` the client
//!   address is masqueraded and the reply retraces the path through the node
//!   that received the connection;
//! - [`cilium_dsr`]: Cilium's kube-proxy replacement with
//!   `loadBalancer.mode=dsr`: no masquerade, and the reply leaves the pod's
//!   node straight to the client with the VIP as its source.
//!
//! Which pod gets a connection does not depend on the data path: Cilium picks
//! uniformly over the same candidates (random selection by default, Maglev to
//! within 1/16381 per backend), so the shares are kube-proxy's.

mod cilium_dsr;
mod kube_proxy;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use cilium_dsr::CiliumDsr;
pub use kube_proxy::KubeProxy;

use crate::model::ExternalTrafficPolicy;

/// `dataPath` in a scenario file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DataPath {
    #[default]
    KubeProxy,
    CiliumDsr,
}

impl DataPath {
    pub const ALL: [DataPath; 2] = [DataPath::KubeProxy, DataPath::CiliumDsr];

    /// The model of this data path: the one place that dispatches on it.
    pub(crate) fn forwarding(self) -> &'static dyn Forwarding {
        match self {
            DataPath::KubeProxy => &KubeProxy,
            DataPath::CiliumDsr => &CiliumDsr,
        }
    }

    /// Whether an external connection under `policy` reaches the pod with its
    /// source masqueraded to the receiving node.
    pub fn masquerades(self, policy: ExternalTrafficPolicy) -> bool {
        self.forwarding().masquerades(policy)
    }

    /// Whether the reply goes from the pod's node straight to the client.
    pub fn direct_server_return(self) -> bool {
        self.forwarding().direct_server_return()
    }

    /// Whether kube-proxy's rules carry the traffic (so `rules` and the lab
    /// apply), rather than a replacement for kube-proxy.
    pub fn uses_kube_proxy_rules(self) -> bool {
        self.forwarding().uses_kube_proxy_rules()
    }

    /// What the data path needs from the cluster, in words.
    pub fn requirements(self) -> &'static str {
        self.forwarding().requirements()
    }

    /// The name people know it by.
    pub fn title(self) -> &'static str {
        self.forwarding().title()
    }
}

/// The file name: `kubeProxy`, `ciliumDsr`.
impl fmt::Display for DataPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DataPath::KubeProxy => "kubeProxy",
            DataPath::CiliumDsr => "ciliumDsr",
        })
    }
}

/// What one data path models (see the module list above).
pub(crate) trait Forwarding {
    fn masquerades(&self, policy: ExternalTrafficPolicy) -> bool;
    fn direct_server_return(&self) -> bool;
    /// Whether kube-proxy's iptables chains exist to be walked (`chains`).
    fn uses_kube_proxy_rules(&self) -> bool;
    fn requirements(&self) -> &'static str;
    fn title(&self) -> &'static str;
}
