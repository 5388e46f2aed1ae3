//! `trafficlab completions SHELL`: a script for each shell that knows the
//! subcommands and their options.

mod common;

use common::run;

#[test]
fn each_shell_gets_a_script_that_names_the_commands_and_options() {
    for (shell, marker) in [("bash", "complete -F"), ("zsh", "#compdef trafficlab"), ("fish", "complete -c trafficlab")]
    {
        let script = run(&["completions", shell], None).ok().to_string();
        assert!(script.contains(marker), "{shell}: {script}");
        for command in ["shares", "trace", "health", "completions"] {
            assert!(script.contains(command), "the {shell} script should mention {command}");
        }
        for option in ["entry", "seed", "node", "json", "spread"] {
            // fish spells a long option `-l entry`.
            let spelled = if shell == "fish" { format!("-l {option}") } else { format!("--{option}") };
            assert!(script.contains(&spelled), "the {shell} script should mention {spelled}");
        }
    }
}

#[test]
fn bash_accepts_the_script() {
    // bash is there wherever these tests run (the Makefile's shell); `-n` only parses.
    let script = run(&["completions", "bash"], None).ok().to_string();
    let status = std::process::Command::new("bash").args(["-n", "-c", &script]).status().expect("bash runs");
    assert!(status.success(), "bash -n rejected the completion script");
}
