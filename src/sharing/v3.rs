//! Link format 3, frozen: format 2's record followed by what keeps the
//! client's address: the load balancer's PROXY protocol version, whether the
//! app expects a header, the data path (kube-proxy or Cilium DSR) and the
//! ingress controller in front, if any.
//!
//! As with format 2, these are written into the scenario file before it is
//! checked, so a link cannot hold a board a file could not (PROXY protocol on
//! MetalLB, say, or a controller pod on a node that does not exist).

use serde::{Deserialize, Serialize};
use trafficlab_core::{
    AppFile, ControllerPodFile, DataPath, EndpointState, ExternalTrafficPolicy, IngressFile, ProxyProtocol,
};

use super::link::{Link, LinkError};
use super::v1::{number, numbered};
use super::v2;

// Format 3's numbering: the value is the index.
const PROXY_PROTOCOLS: [Option<ProxyProtocol>; 3] = [None, Some(ProxyProtocol::V1), Some(ProxyProtocol::V2)];
const CHOICES: [Option<bool>; 3] = [None, Some(false), Some(true)];
const DATA_PATHS: [DataPath; 2] = [DataPath::KubeProxy, DataPath::CiliumDsr];
const POLICIES: [ExternalTrafficPolicy; 2] = [ExternalTrafficPolicy::Cluster, ExternalTrafficPolicy::Local];
const STATES: [EndpointState; 3] = [EndpointState::Ready, EndpointState::Terminating, EndpointState::NotReady];

#[derive(Serialize, Deserialize)]
struct ExtraV3 {
    proxy_protocol: u8,
    /// `app.expectProxyProtocol`: 0 absent, 1 false, 2 true.
    expect_proxy_protocol: u8,
    data_path: u8,
    ingress: Option<IngressV3>,
}

#[derive(Serialize, Deserialize)]
struct IngressV3 {
    external_traffic_policy: u8,
    /// 0 absent, 1 false, 2 true.
    use_proxy_protocol: u8,
    /// Name, index into the nodes, state.
    pods: Vec<(String, u32, u8)>,
}

pub(super) fn encode(link: &Link) -> Vec<u8> {
    let s = &link.scenario;
    let extra = ExtraV3 {
        proxy_protocol: number(s.load_balancer.proxy_protocol, &PROXY_PROTOCOLS),
        expect_proxy_protocol: number(s.expect_proxy_protocol, &CHOICES),
        data_path: number(s.data_path, &DATA_PATHS),
        ingress: s.ingress().map(|ingress| IngressV3 {
            external_traffic_policy: number(ingress.external_traffic_policy, &POLICIES),
            use_proxy_protocol: number(ingress.use_proxy_protocol, &CHOICES),
            pods: ingress.pods.iter().map(|p| (p.name.clone(), p.node.0, number(p.state, &STATES))).collect(),
        }),
    };
    let mut bytes = v2::encode(link);
    // Writing plain structs into a Vec cannot fail.
    bytes.extend(postcard::to_allocvec(&extra).unwrap_or_default());
    bytes
}

pub(super) fn decode(bytes: &[u8]) -> Result<Link, LinkError> {
    let (record, extra2, rest) = v2::take(bytes)?;
    let (extra, rest): (ExtraV3, &[u8]) =
        postcard::take_from_bytes(rest).map_err(|e| LinkError::Unreadable(e.to_string()))?;
    if !rest.is_empty() {
        return Err(LinkError::Unreadable(format!("{} bytes follow the board", rest.len())));
    }
    v2::link_with(record, extra2, |file| {
        file.load_balancer.proxy_protocol = numbered(extra.proxy_protocol, &PROXY_PROTOCOLS, "PROXY protocol")?;
        let expect = numbered(extra.expect_proxy_protocol, &CHOICES, "expectProxyProtocol")?;
        file.app = expect.map(|e| AppFile { expect_proxy_protocol: Some(e) });
        file.data_path = Some(numbered(extra.data_path, &DATA_PATHS, "data path")?);
        file.ingress = match extra.ingress {
            None => None,
            Some(ingress) => Some(ingress_file(ingress, &file.nodes)?),
        };
        Ok(())
    })
}

fn ingress_file(ingress: IngressV3, nodes: &[trafficlab_core::NodeFile]) -> Result<IngressFile, LinkError> {
    let mut pods = Vec::with_capacity(ingress.pods.len());
    for (name, node, state) in ingress.pods {
        let node = nodes.get(node as usize).ok_or_else(|| {
            LinkError::Unreadable(format!("controller pod {name} is on node {node}, which is not there"))
        })?;
        let state = numbered(state, &STATES, "pod state")?;
        pods.push(ControllerPodFile { name, node: node.name.clone(), state: Some(state) });
    }
    Ok(IngressFile {
        external_traffic_policy: Some(numbered(ingress.external_traffic_policy, &POLICIES, "policy")?),
        use_proxy_protocol: numbered(ingress.use_proxy_protocol, &CHOICES, "useProxyProtocol")?,
        pods,
    })
}
