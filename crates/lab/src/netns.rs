//! Network namespaces the lab owns, and the commands it runs in them.
//!
//! Every namespace is named `tlab-<pid>-<role>` and lives under `/run/netns`
//! (`ip netns add`), so nothing is created in the host's own namespace: links
//! are made inside namespaces (`ip -n`), rules are loaded with
//! `ip netns exec`, and sysctls are written by a thread that entered the
//! namespace with setns(2), which is what `/proc/sys/net` follows.
//!
//! Removal is guaranteed three ways: [`Namespaces`] deletes its own on drop;
//! [`install_guards`] adds a panic hook and a thread that waits for SIGINT,
//! SIGTERM or SIGHUP, both of which delete the namespaces of every live lab;
//! and [`cleanup_leftovers`] deletes any `tlab-` namespace (after a SIGKILL).

use std::fs::File;
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::thread;

use nix::sched::{setns, CloneFlags};
use nix::sys::signal::{pthread_sigmask, SigSet, SigmaskHow, Signal};
use trafficlab_core::rules::ProxyMode;

use crate::error::LabError;

/// What every lab namespace's name starts with.
pub const NAMESPACE_PREFIX: &str = "tlab-";

/// The name prefixes of the labs running in this process.
static LIVE: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The namespaces of one lab run; deleted on drop.
pub(crate) struct Namespaces {
    prefix: String,
    created: Vec<String>,
}

impl Namespaces {
    pub fn new() -> Self {
        static RUNS: Mutex<u32> = Mutex::new(0);
        let run = RUNS.lock().map(|mut n| {
            *n += 1;
            *n
        });
        let prefix = format!("{NAMESPACE_PREFIX}{}-{}-", std::process::id(), run.unwrap_or(0));
        if let Ok(mut live) = LIVE.lock() {
            live.push(prefix.clone());
        }
        Namespaces { prefix, created: Vec::new() }
    }

    /// Creates the namespace `<prefix><role>` and brings its loopback up.
    pub fn add(&mut self, role: &str) -> Result<String, LabError> {
        let name = format!("{}{role}", self.prefix);
        run("ip", &["netns", "add", &name], None)?;
        self.created.push(name.clone());
        run("ip", &["-n", &name, "link", "set", "lo", "up"], None)?;
        Ok(name)
    }
}

impl Drop for Namespaces {
    fn drop(&mut self) {
        for name in self.created.drain(..).rev() {
            let _ = run("ip", &["netns", "delete", &name], None);
        }
        if let Ok(mut live) = LIVE.lock() {
            live.retain(|p| *p != self.prefix);
        }
    }
}

/// Runs `program args…` (with `stdin` if given) and returns its stdout.
pub(crate) fn run(program: &str, args: &[&str], stdin: Option<&str>) -> Result<String, LabError> {
    let what = format!("{program} {}", args.join(" "));
    let mut child = Command::new(program)
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| LabError::command(&what, &e.to_string()))?;
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(text.as_bytes()).map_err(|e| LabError::command(&what, &e.to_string()))?;
    }
    let output = child.wait_with_output().map_err(|e| LabError::command(&what, &e.to_string()))?;
    if !output.status.success() {
        return Err(LabError::command(&what, &String::from_utf8_lossy(&output.stderr)));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs `ip` commands (one per line, without the leading `ip`) inside `ns`.
pub(crate) fn ip_batch(ns: &str, commands: &[String]) -> Result<(), LabError> {
    if commands.is_empty() {
        return Ok(());
    }
    let script = commands.join("\n") + "\n";
    run("ip", &["-n", ns, "-batch", "-"], Some(&script)).map(drop)
}

/// Moves the calling thread into the network namespace `ns`.
pub(crate) fn enter(ns: &str) -> Result<(), LabError> {
    let path = format!("/run/netns/{ns}");
    let file = File::open(&path).map_err(|e| LabError::command(&format!("open {path}"), &e.to_string()))?;
    setns(&file, CloneFlags::CLONE_NEWNET).map_err(|e| LabError::command(&format!("setns {ns}"), &e.to_string()))
}

/// Writes `value` to `/proc/sys/net/…` `key` inside `ns`, from a thread that entered it.
pub(crate) fn sysctl(ns: &str, key: &str, value: &str) -> Result<(), LabError> {
    let (ns, key, value) = (ns.to_string(), key.to_string(), value.to_string());
    thread::spawn(move || {
        enter(&ns)?;
        let path = format!("/proc/sys/{}", key.replace('.', "/"));
        std::fs::write(&path, &value).map_err(|e| LabError::command(&format!("write {path} in {ns}"), &e.to_string()))
    })
    .join()
    .unwrap_or_else(|_| Err(LabError::command("sysctl", "the thread panicked")))
}

/// Deletes every namespace whose name starts with [`NAMESPACE_PREFIX`], and
/// returns their names: the leftovers of a lab that was killed.
pub fn cleanup_leftovers() -> Result<Vec<String>, LabError> {
    require_root()?;
    delete_matching(&[NAMESPACE_PREFIX.to_string()])
}

fn delete_matching(prefixes: &[String]) -> Result<Vec<String>, LabError> {
    let list = run("ip", &["netns", "list"], None)?;
    let mut deleted = Vec::new();
    for name in list.lines().filter_map(|l| l.split_whitespace().next()) {
        if prefixes.iter().any(|p| name.starts_with(p.as_str())) {
            run("ip", &["netns", "delete", name], None)?;
            deleted.push(name.to_string());
        }
    }
    Ok(deleted)
}

fn delete_live() {
    let prefixes = LIVE.lock().map(|l| l.clone()).unwrap_or_default();
    if !prefixes.is_empty() {
        let _ = delete_matching(&prefixes);
    }
}

/// Once per process: a panic hook and a signal thread that delete the
/// namespaces of every live lab. Call it before starting other threads, so
/// that they inherit the blocked signals and only the signal thread takes them.
pub fn install_guards() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            delete_live();
            previous(info);
        }));
        let mut signals = SigSet::empty();
        for signal in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
            signals.add(signal);
        }
        if pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&signals), None).is_ok() {
            thread::spawn(move || {
                if let Ok(signal) = signals.wait() {
                    delete_live();
                    eprintln!("lab: {signal}: removed the lab's network namespaces");
                    std::process::exit(128 + signal as i32);
                }
            });
        }
    });
}

/// Root, and the tools the lab runs: `ip`, `iptables-restore` (the load
/// balancer's rules, and the nodes' in iptables mode), `nft` in nftables mode.
pub(crate) fn check_system(mode: ProxyMode) -> Result<(), LabError> {
    require_root()?;
    let mut tools = vec![("ip", "iproute2"), ("iptables-restore", "iptables")];
    if mode == ProxyMode::Nftables {
        tools.push(("nft", "nftables"));
    }
    let missing: Vec<&str> = tools.iter().filter(|(tool, _)| !on_path(tool)).map(|(tool, _)| *tool).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let packages: Vec<&str> = tools.iter().filter(|(t, _)| missing.contains(t)).map(|(_, p)| *p).collect();
    Err(LabError::new(
        "lab",
        format!("needs {} on PATH", missing.join(" and ")),
        format!("install them, e.g. `sudo apt-get install -y {}`", packages.join(" ")),
    ))
}

fn require_root() -> Result<(), LabError> {
    if nix::unistd::geteuid().is_root() {
        return Ok(());
    }
    Err(LabError::new(
        "lab",
        "needs root to create and remove network namespaces and load netfilter rules",
        "run it with sudo, e.g. `sudo trafficlab lab FILE`",
    ))
}

fn on_path(tool: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let extra = ["/usr/sbin", "/sbin"].map(std::path::PathBuf::from);
    std::env::split_paths(&path).chain(extra).any(|dir| dir.join(tool).is_file())
}

#[cfg(all(test, feature = "kernel"))]
mod tests {
    use super::*;

    fn listed(prefix: &str) -> bool {
        run("ip", &["netns", "list"], None).is_ok_and(|list| list.lines().any(|l| l.starts_with(prefix)))
    }

    #[test]
    fn a_panic_removes_the_namespaces_of_live_labs() {
        install_guards();
        let mut namespaces = Namespaces::new();
        let name = namespaces.add("panic").expect("a namespace");
        assert!(listed(&name));
        let caught = std::panic::catch_unwind(|| panic!("on purpose: the hook must clean up"));
        assert!(caught.is_err());
        assert!(!listed(&name), "the panic hook left {name}");
        drop(namespaces);
    }
}
