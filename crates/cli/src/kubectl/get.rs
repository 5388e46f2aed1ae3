//! Running `kubectl get nodes,services,endpointslices,pods -A -o json`: its
//! output, read up to the import's size limit, or a clear error when kubectl
//! is missing, fails, or says too much.

use std::io::{self, ErrorKind, Read};
use std::path::Path;
use std::process::{Command, Stdio};

use trafficlab_kube::MAX_KUBECTL_BYTES;

use crate::error::CliError;

/// What the plugin asks kubectl for: every kind the import reads, in every namespace.
pub const GET: [&str; 5] = ["get", "nodes,services,endpointslices,pods", "-A", "-o", "json"];

/// How much of kubectl's stderr an error repeats.
const STDERR_SHOWN: u64 = 4096;

/// kubectl's output for [`GET`], with `--context` and `--kubeconfig` passed on.
pub fn cluster_state(context: Option<&str>, kubeconfig: Option<&Path>) -> Result<Vec<u8>, CliError> {
    let mut command = Command::new("kubectl");
    command.args(GET);
    if let Some(context) = context {
        command.arg("--context").arg(context);
    }
    if let Some(kubeconfig) = kubeconfig {
        command.arg("--kubeconfig").arg(kubeconfig);
    }
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| {
            CliError::new(match e.kind() {
                ErrorKind::NotFound => "cannot run `kubectl`: it is not on the PATH. Fix: install kubectl \
                                        (https://kubernetes.io/docs/tasks/tools/) or add its directory to PATH"
                    .to_string(),
                _ => format!("cannot run `kubectl`: {e}"),
            })
        })?;
    // stderr on a thread of its own, so neither pipe fills while the other is read.
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut shown = Vec::new();
            let _ = (&mut pipe).take(STDERR_SHOWN).read_to_end(&mut shown);
            let _ = io::copy(&mut pipe, &mut io::sink());
            String::from_utf8_lossy(&shown).trim().to_string()
        })
    });
    let mut output = Vec::new();
    let limit = MAX_KUBECTL_BYTES as u64;
    let read = child.stdout.take().map(|pipe| pipe.take(limit + 1).read_to_end(&mut output));
    if output.len() as u64 > limit {
        let _ = child.kill();
    }
    let status = child.wait().map_err(|e| CliError::new(format!("kubectl did not finish: {e}")))?;
    let said = stderr.and_then(|thread| thread.join().ok()).unwrap_or_default();
    let asked = format!("`kubectl {}`", GET.join(" "));
    if output.len() as u64 > limit {
        return Err(CliError::new(format!(
            "{asked} printed more than {} MiB, the most an import reads. Fix: use `trafficlab --from-kubectl` \
             on `kubectl get nodes,services,endpointslices -A -o json` (without the pods)",
            limit / (1024 * 1024)
        )));
    }
    if !status.success() {
        let said = if said.is_empty() { String::new() } else { format!(": {said}") };
        return Err(CliError::new(format!(
            "{asked} failed ({status}){said}. Fix: check that kubectl reaches the cluster (`kubectl get nodes`)"
        )));
    }
    if let Some(Err(e)) = read {
        return Err(CliError::new(format!("cannot read kubectl's output: {e}")));
    }
    Ok(output)
}
