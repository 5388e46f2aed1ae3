//! The lessons, as data. Sentences are ours; every number in them is a
//! placeholder the core fills in (see `step`).

use trafficlab_core::EndpointState::Terminating;
use trafficlab_core::ExternalTrafficPolicy::Local;

use super::Source::{Client, Gateway, NodeIp};
use super::{Change, Fact, Lesson, Measure, Question, Setup, Step};

pub const LESSONS: &[Lesson] = &[Lesson {
    id: "external-traffic-policy",
    title: "externalTrafficPolicy in seven steps",
    steps: &[
        Step {
            title: "Cluster spreads evenly, and hides the client",
            preset: "cluster-even-but-snat",
            setup: &[],
            text: "This Service uses externalTrafficPolicy: Cluster, so any node may forward a connection to any of the six pods, wherever they run. The load balancer splits connections evenly over the three nodes.",
            question: Some(Question::Percent {
                prompt: "What share of new connections does web-4 get?",
                measure: Measure::PodShare { pod: "web-4", after: None },
            }),
            explain: "Every pod gets {share web-4}: each node picks among all the Ready pods. The price is the client's address: every connection is masqueraded, so web-4 logs {sees web-4 via node-a} when node-a took the connection and its own pod-CIDR gateway {sees web-4 via node-c} when node-c did, never the client {client}.",
            on_reveal: None,
        },
        Step {
            title: "Local keeps the client's address",
            preset: "local-crowded-nodes-starve",
            setup: &[],
            text: "Now the Service uses externalTrafficPolicy: Local: a node forwards only to its own pods, and kube-proxy leaves the source address alone.",
            question: Some(Question::Choice {
                prompt: "Which source address does web-4 log for a connection that node-c received?",
                options: &[
                    ("{client}, the client's own address", Fact::Sees { pod: "web-4", via: "node-c", source: Client }),
                    ("{ip node-c}, node-c's address", Fact::Sees { pod: "web-4", via: "node-c", source: NodeIp }),
                    ("{gateway node-c}, node-c's pod-CIDR gateway", Fact::Sees { pod: "web-4", via: "node-c", source: Gateway }),
                ],
            }),
            explain: "web-4 sees {sees web-4 via node-c}: nothing is masqueraded ({snat} of connections), and no connection crosses to another node ({crossNode}).",
            on_reveal: None,
        },
        Step {
            title: "Uneven pods make Local uneven",
            preset: "local-crowded-nodes-starve",
            setup: &[],
            text: "The load balancer knows nodes, not pods: it splits new connections evenly over the three nodes. node-a runs one pod, node-b two and node-c three.",
            question: Some(Question::Percent {
                prompt: "What share does the lone pod, web-1, get?",
                measure: Measure::PodShare { pod: "web-1", after: None },
            }),
            explain: "Each node gets {lb node-a}, shared by its own pods: web-1 gets {share web-1}, each pod on node-b {share web-2} and each pod on node-c {share web-4}: the busiest pod carries {imbalance} the load of the least busy.",
            on_reveal: None,
        },
        Step {
            title: "An empty node fails its health check",
            preset: "local-empty-node-health-checked",
            setup: &[],
            text: "Three nodes hold three, one and no pods, and the load balancer probes every node's healthCheckNodePort. node-c has no local endpoint, so it answers {health node-c} with localEndpoints {localEndpoints node-c}.",
            question: Some(Question::Percent {
                prompt: "What share does web-4, the only pod on node-b, get?",
                measure: Measure::PodShare { pod: "web-4", after: None },
            }),
            explain: "web-4 gets {share web-4}: the load balancer skips node-c and splits between the two healthy nodes, so node-a's three pods share the other half ({share web-1} each).",
            on_reveal: None,
        },
        Step {
            title: "Without health checks, an empty node drops",
            preset: "local-empty-node-no-health-check",
            setup: &[],
            text: "The same pods, but the load balancer does not probe the nodes, so it keeps sending node-c its share like any other node. Under Local, node-c has no pod to send it to.",
            question: Some(Question::Percent { prompt: "What share of new connections is dropped?", measure: Measure::Dropped }),
            explain: "node-c drops everything it gets, {dropped} of all new connections, with kube-proxy's rule for a Service that has no local endpoints: those clients time out. web-4 still gets {share web-4}.",
            on_reveal: None,
        },
        Step {
            title: "A rolling update: every pod Terminating",
            preset: "local-crowded-nodes-starve",
            setup: &[Setup::AllPods(Terminating)],
            text: "Every pod is Terminating, as at the end of a rolling update before the new pods are Ready. Health checks count Ready pods only, so every node answers {health node-a}.",
            question: Some(Question::Choice {
                prompt: "What happens to new connections?",
                options: &[
                    ("They time out: the load balancer has no healthy node", Fact::SomeDropped),
                    ("They are refused at once (ICMP port unreachable)", Fact::SomeRejected),
                    ("The Terminating pods still serve them", Fact::AllServed),
                ],
            }),
            explain: "With every node at 503 the load balancer fails open and spreads over all nodes again, and kube-proxy falls back to the Terminating pods that still serve: {dropped} dropped, {rejected} rejected.",
            on_reveal: None,
        },
        Step {
            title: "Fixes: spread the pods, or weight the nodes",
            preset: "local-crowded-nodes-starve",
            setup: &[Setup::Policy(Local), Setup::HealthCheck(true)],
            text: "Back to one, two and three pods under Local: an imbalance of {imbalance}. A topologySpreadConstraint with maxSkew: 1 on kubernetes.io/hostname makes the scheduler keep the nodes' pod counts within one of each other.",
            question: Some(Question::Percent {
                prompt: "Once the six pods are spread, what share does web-1 get?",
                measure: Measure::PodShare { pod: "web-1", after: Some(Change::Spread) },
            }),
            explain: "Two pods per node: every pod gets {share web-1 after spread}, and the imbalance falls to {imbalance after spread}, as the board now shows. Spreading holds only when pods are scheduled: a scale-down or a rollout can bring the skew back. GKE's pods-per-node weighting reaches {imbalance after weighting} without moving a pod.",
            on_reveal: Some(Change::Spread),
        },
    ],
}];
