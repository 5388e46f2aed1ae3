//! kube-proxy's `healthCheckNodePort` answer, byte for byte.

use trafficlab_core::{EndpointState, ExternalTrafficPolicy, Scenario};

fn local(layout: &[Vec<EndpointState>]) -> Scenario {
    Scenario::from_layout(ExternalTrafficPolicy::Local, layout).unwrap()
}

#[test]
fn a_node_with_ready_endpoints_answers_200_with_the_weight_header() {
    use EndpointState::*;
    let s = local(&[vec![Ready, Ready, Terminating]]);
    let response = s.health_check(s.node_id("node-a").unwrap()).unwrap();
    assert_eq!(response.check.status, 200);
    assert_eq!(response.check.local_endpoints, 2, "Terminating endpoints are not counted");
    assert_eq!(
        response.to_string(),
        "HTTP/1.1 200 OK\n\
         Content-Length: 114\n\
         Content-Type: application/json\n\
         X-Content-Type-Options: nosniff\n\
         X-Load-Balancing-Endpoint-Weight: 2\n\
         \n\
         {\n\t\"service\": {\n\t\t\"namespace\": \"default\",\n\t\t\"name\": \"web\"\n\t},\n\t\"localEndpoints\": 2,\n\t\"serviceProxyHealthy\": true\n}"
    );
    let body: serde_json::Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(body["localEndpoints"], 2);
    assert_eq!(body["service"]["name"], "web");
    assert_eq!(response.body.len().to_string(), response.headers[0].1);
}

#[test]
fn a_node_with_only_terminating_or_no_endpoints_answers_503() {
    use EndpointState::*;
    let s = local(&[vec![Terminating], vec![], vec![NotReady]]);
    for node in s.node_ids() {
        let response = s.health_check(node).unwrap();
        assert_eq!(response.check.status, 503);
        assert!(response.to_string().starts_with("HTTP/1.1 503 Service Unavailable\n"));
        assert!(response.body.contains("\"localEndpoints\": 0"));
    }
}

#[test]
fn only_loadbalancer_with_local_has_the_port() {
    let mut s = local(&[vec![EndpointState::Ready]]);
    s.service.external_traffic_policy = ExternalTrafficPolicy::Cluster;
    assert!(s.health_check(s.node_id("node-a").unwrap()).is_none());
}
