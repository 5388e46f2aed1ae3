//! The client: N new TCP connections to the VIP from the client's
//! namespace, a few dozen at a time, each ending in one of the fates a
//! client can tell apart: answered (by which pod, seen from which address),
//! timed out (nothing answered the SYN: kube-proxy's DROP, or a load
//! balancer that sends nothing), refused (ICMP port unreachable: REJECT).

use std::io::Read as _;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use trafficlab_core::Scenario;

use crate::error::LabError;
use crate::netns;
use crate::topology::Lab;

/// Longer than a SYN round trip on a loaded machine, shorter than patience:
/// the kernel retransmits the SYN after 1 s, and that copy meets the same
/// rules (conntrack pins the load balancer's pick).
const CONNECT_TIMEOUT: Duration = Duration::from_millis(1500);
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections in flight at once.
const WORKERS: u64 = 48;

/// What the client saw of one connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seen {
    Answered {
        pod: String,
        source: Ipv4Addr,
    },
    TimedOut,
    Refused,
    /// Anything else (an unreachable network, a garbled answer): never expected.
    Failed(String),
}

/// Opens `connections` connections from the client's namespace.
pub(crate) fn connect(s: &Scenario, lab: &Lab, connections: u64) -> Result<Vec<Seen>, LabError> {
    let vip = SocketAddr::V4(SocketAddrV4::new(s.load_balancer.ip, s.service.port));
    let next = Arc::new(AtomicU64::new(0));
    let seen = Arc::new(Mutex::new(Vec::with_capacity(connections as usize)));
    let workers: Vec<_> = (0..WORKERS.min(connections))
        .map(|_| {
            let (ns, next, seen) = (lab.client.clone(), Arc::clone(&next), Arc::clone(&seen));
            thread::spawn(move || -> Result<(), LabError> {
                netns::enter(&ns)?;
                while next.fetch_add(1, Ordering::Relaxed) < connections {
                    let one = once(vip);
                    if let Ok(mut all) = seen.lock() {
                        all.push(one);
                    }
                }
                Ok(())
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap_or_else(|_| Err(LabError::command("client", "a client thread panicked")))?;
    }
    let seen = seen.lock().map(|all| all.clone()).unwrap_or_default();
    Ok(seen)
}

fn once(vip: SocketAddr) -> Seen {
    match TcpStream::connect_timeout(&vip, CONNECT_TIMEOUT) {
        Ok(stream) => read_answer(stream),
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => Seen::Refused,
        Err(e) if e.kind() == std::io::ErrorKind::TimedOut => Seen::TimedOut,
        Err(e) => Seen::Failed(e.to_string()),
    }
}

fn read_answer(mut stream: TcpStream) -> Seen {
    let _ = stream.set_read_timeout(Some(ANSWER_TIMEOUT));
    let mut text = String::new();
    if let Err(e) = stream.read_to_string(&mut text) {
        return Seen::Failed(format!("connected, but no answer: {e}"));
    }
    parse_answer(&text)
}

/// `web-1 10.244.1.1` → the pod and the source it saw.
pub(crate) fn parse_answer(text: &str) -> Seen {
    let mut words = text.split_whitespace();
    match (words.next(), words.next().and_then(|w| w.parse().ok()), words.next()) {
        (Some(pod), Some(source), None) => Seen::Answered { pod: pod.to_string(), source },
        _ => Seen::Failed(format!("unexpected answer {text:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_parse_or_say_what_was_wrong() {
        assert_eq!(
            parse_answer("web-1 10.244.1.1\n"),
            Seen::Answered { pod: "web-1".into(), source: Ipv4Addr::new(10, 244, 1, 1) }
        );
        for bad in ["", "web-1", "web-1 not-an-ip", "web-1 10.0.0.1 extra"] {
            assert!(matches!(parse_answer(bad), Seen::Failed(_)), "{bad:?}");
        }
    }
}
