//! The pods' TCP servers: one thread per pod, inside the pod's namespace,
//! listening on `targetPort` and answering every connection with one line,
//! `<pod name> <peer IP>`: which pod took it and the source address it saw
//! (the client's, or the address MASQUERADE gave it).

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use trafficlab_core::Scenario;

use crate::error::LabError;
use crate::netns;
use crate::topology::Lab;

/// How long an idle server sleeps between looks for a new connection.
const POLL: Duration = Duration::from_millis(1);

/// The running servers; [`Servers::stop`] ends them.
pub(crate) struct Servers {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Servers {
    pub fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// Starts every pod's server and waits until all of them listen.
pub(crate) fn start(s: &Scenario, lab: &Lab) -> Result<Servers, LabError> {
    let stop = Arc::new(AtomicBool::new(false));
    let (ready, listening) = mpsc::channel();
    let mut servers = Servers { stop: Arc::clone(&stop), threads: Vec::new() };
    for (pod, ns) in s.pods().iter().zip(&lab.pods) {
        let (name, ns, port) = (pod.name.clone(), ns.clone(), s.service.target_port);
        let (stop, ready) = (Arc::clone(&stop), ready.clone());
        servers.threads.push(thread::spawn(move || match listen(&ns, port) {
            Ok(listener) => {
                let _ = ready.send(Ok(()));
                serve(&listener, &name, &stop);
            }
            Err(e) => {
                let _ = ready.send(Err(e));
            }
        }));
    }
    for _ in 0..s.pods().len() {
        match listening.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                servers.stop();
                return Err(e);
            }
            Err(_) => {
                servers.stop();
                return Err(LabError::command("pod server", "a server thread ended before listening"));
            }
        }
    }
    Ok(servers)
}

fn listen(ns: &str, port: u16) -> Result<TcpListener, LabError> {
    netns::enter(ns)?;
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::UNSPECIFIED, port)))
        .map_err(|e| LabError::command(&format!("listen on port {port} in {ns}"), &e.to_string()))?;
    listener.set_nonblocking(true).map_err(|e| LabError::command("set_nonblocking", &e.to_string()))?;
    Ok(listener)
}

fn serve(listener: &TcpListener, name: &str, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, peer)) => answer(stream, name, peer),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => thread::sleep(POLL),
            Err(_) => thread::sleep(POLL),
        }
    }
}

fn answer(mut stream: TcpStream, name: &str, peer: SocketAddr) {
    let _ = stream.set_nonblocking(false);
    let _ = writeln!(stream, "{name} {}", peer.ip());
}
