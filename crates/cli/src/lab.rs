//! `trafficlab lab`: the command line over `trafficlab-lab`, which builds the
//! scenario in network namespaces (Linux only). This file only loads the
//! scenario, passes the options on, and maps the report to the exit status.

use crate::args::LabArgs;
use crate::error::CliError;
use crate::Answer;

#[cfg(target_os = "linux")]
pub fn run(args: LabArgs) -> Result<Answer, CliError> {
    use trafficlab_lab::LabOptions;

    let lab_error = |e: trafficlab_lab::LabError| CliError::new(e.to_string());
    if args.cleanup {
        let removed = trafficlab_lab::cleanup_leftovers().map_err(lab_error)?;
        let text = match removed.len() {
            0 => "lab: no leftover network namespaces\n".to_string(),
            n => format!("lab: removed {n} leftover network namespaces: {}\n", removed.join(" ")),
        };
        return Ok(Answer::text(text));
    }
    let loaded = args.scenario.source("lab")?.load(&mut crate::input::Stdin::Process)?;
    let options = LabOptions { connections: args.connections, seed: args.seed, mode: args.mode };
    let report = trafficlab_lab::run(&loaded.scenario, &options).map_err(lab_error)?;
    let notes = loaded.notes.unwrap_or_default();
    Ok(Answer { text: report.to_string(), notes, differs: !report.agrees })
}

#[cfg(not(target_os = "linux"))]
pub fn run(_args: LabArgs) -> Result<Answer, CliError> {
    Err(CliError::new("lab: needs Linux network namespaces. Fix: run it on a Linux machine (or VM) as root"))
}
