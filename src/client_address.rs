//! Keeping the client's address, as edits of a scenario: the load balancer's
//! PROXY protocol, whether the app expects a header, the data path, an
//! ingress controller in front, and applying a fix from the comparison. Each
//! helper keeps the scenario one the file format accepts, or refuses with a
//! sentence; the reducer (`state.rs`) calls them. Also the words a packet
//! carries besides its addresses (its PROXY header, `X-Forwarded-For`).

use trafficlab_core::{
    data_path_allowed, ControllerPod, DataPath, EndpointState, ExternalTrafficPolicy, Fix, Hop, Ingress, ProxyHeader,
    ProxyProtocol, Scenario, ServiceType,
};

/// Turns the load balancer's PROXY protocol on (`v1`, `v2`) or off, refused
/// where the provider cannot send that version.
pub fn set_proxy_protocol(s: &mut Scenario, version: Option<ProxyProtocol>) -> Result<String, String> {
    let Some(version) = version else {
        s.load_balancer.proxy_protocol = None;
        return Ok("PROXY protocol off".into());
    };
    if s.service.service_type == ServiceType::NodePort {
        return Err("PROXY protocol: a NodePort Service has no load balancer to send it".into());
    }
    if let Some(reason) = s.load_balancer.provider.proxy_protocol_refusal(version) {
        return Err(format!("PROXY protocol {version}: {reason}"));
    }
    s.load_balancer.proxy_protocol = Some(version);
    Ok(format!("PROXY protocol {version} on the load balancer"))
}

/// Whether the app's pods expect a PROXY header (`None`: as the LB sends).
pub fn set_expect_proxy_protocol(s: &mut Scenario, expect: Option<bool>) -> String {
    s.expect_proxy_protocol = expect;
    match expect {
        None => "The app expects a PROXY header exactly when one is sent to it".into(),
        Some(true) => "The app expects a PROXY header".into(),
        Some(false) => "The app does not expect a PROXY header".into(),
    }
}

/// The data path on the nodes, refused behind a load balancer it cannot work with.
pub fn set_data_path(s: &mut Scenario, data_path: DataPath) -> Result<String, String> {
    if !data_path_allowed(s.load_balancer.provider, data_path) {
        return Err(format!(
            "{}: it needs packets that reach the node still addressed to the VIP, and {} does not send them so",
            data_path.title(),
            s.load_balancer.provider.kind().title()
        ));
    }
    s.data_path = data_path;
    Ok(format!("Data path: {}", data_path.title()))
}

/// An ingress controller in front (one Ready controller pod per node, as a
/// DaemonSet places them, on `Local`), or none.
pub fn set_ingress(s: &mut Scenario, on: bool) -> Result<String, String> {
    if !on {
        s.set_ingress(None).map_err(|e| e.to_string())?;
        return Ok("Ingress controller removed: the app's Service takes the traffic again".into());
    }
    if s.ingress().is_some() {
        return Ok("An ingress controller is already in front".into());
    }
    let pods = s
        .node_ids()
        .zip(s.nodes())
        .map(|(node, n)| ControllerPod {
            name: format!("ingress-nginx-controller-{}", n.name),
            node,
            state: EndpointState::Ready,
        })
        .collect();
    let ingress = Ingress { external_traffic_policy: ExternalTrafficPolicy::Local, use_proxy_protocol: None, pods };
    s.set_ingress(Some(ingress)).map_err(|e| e.to_string())?;
    Ok("Ingress controller in front: one pod per node, its Service on Local".into())
}

/// The ingress controller Service's `externalTrafficPolicy`.
pub fn set_ingress_policy(s: &mut Scenario, policy: ExternalTrafficPolicy) -> Result<String, String> {
    let mut ingress = s.ingress().cloned().ok_or("There is no ingress controller in front")?;
    ingress.external_traffic_policy = policy;
    s.set_ingress(Some(ingress)).map_err(|e| e.to_string())?;
    Ok(format!("Ingress controller Service: externalTrafficPolicy {policy}"))
}

/// The scenario a fix from the comparison gives.
pub fn apply_fix(s: &mut Scenario, fix: Fix) -> Result<String, String> {
    let fixed = fix.apply(s).ok_or_else(|| format!("{} does not apply to this board", fix.title()))?;
    *s = fixed;
    Ok(format!("Applied: {}", fix.title()))
}

/// Drops the settings a new provider or Service type cannot have (a PROXY
/// version it cannot send, a data path it cannot carry), and says which.
pub fn keep_valid(s: &mut Scenario) -> Option<String> {
    let mut dropped = Vec::new();
    if let Some(version) = s.load_balancer.proxy_protocol {
        let nodeport = s.service.service_type == ServiceType::NodePort;
        if nodeport || s.load_balancer.provider.proxy_protocol_refusal(version).is_some() {
            s.load_balancer.proxy_protocol = None;
            dropped.push(format!("PROXY protocol {version}"));
        }
    }
    if !data_path_allowed(s.load_balancer.provider, s.data_path) {
        dropped.push(s.data_path.title().to_string());
        s.data_path = DataPath::KubeProxy;
    }
    (!dropped.is_empty()).then(|| format!("{} turned off: this load balancer cannot carry it", dropped.join(" and ")))
}

/// A packet label's extra lines: the PROXY header it starts with, and the
/// `X-Forwarded-For` an ingress controller wrote.
pub fn payload_notes(hop: &Hop) -> Vec<String> {
    let mut notes: Vec<String> = hop.proxy_header.iter().map(header_label).collect();
    notes.extend(hop.x_forwarded_for.map(|xff| format!("X-Forwarded-For: {xff}")));
    notes
}

/// `PROXY TCP4 203.0.113.10 198.51.100.10 51000 80`, or for v2
/// `PROXY v2 (28 B): 203.0.113.10:51000 → 198.51.100.10:80`.
pub fn header_label(header: &ProxyHeader) -> String {
    match header.version {
        ProxyProtocol::V1 => header.to_string(),
        ProxyProtocol::V2 => {
            format!("PROXY v2 ({} B): {} → {}", header.bytes().len(), header.source, header.destination)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trafficlab_core::{MetallbL2, Provider};

    fn board() -> Scenario {
        Scenario::from_layout(ExternalTrafficPolicy::Cluster, &[vec![EndpointState::Ready], vec![EndpointState::Ready]])
            .unwrap()
    }

    #[test]
    fn proxy_protocol_is_refused_where_the_provider_cannot_send_it() {
        let mut s = board();
        assert!(set_proxy_protocol(&mut s, Some(ProxyProtocol::V2)).is_ok());
        s.load_balancer.provider = Provider::MetallbL2(MetallbL2);
        assert_eq!(
            keep_valid(&mut s).as_deref(),
            Some("PROXY protocol v2 turned off: this load balancer cannot carry it")
        );
        let refusal = set_proxy_protocol(&mut s, Some(ProxyProtocol::V1)).unwrap_err();
        assert!(refusal.contains("MetalLB does not proxy"), "{refusal}");
    }

    #[test]
    fn an_ingress_puts_one_controller_on_each_node() {
        let mut s = board();
        set_ingress(&mut s, true).unwrap();
        assert_eq!(s.ingress().unwrap().pods.len(), 2);
        set_ingress(&mut s, false).unwrap();
        assert!(s.ingress().is_none());
    }
}
