//! `slack-example`: runs the demo against an embedded mock Slack webhook, or posts
//! one message to a real one. `slack-example --help` explains both.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use slack_example::{Message, Report, SlackClient, demo};
use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;
use tracing_subscriber::fmt::writer::BoxMakeWriter;
use tracing_subscriber::prelude::*;

mod args;

use args::Command;

/// Invalid arguments or webhook URL.
const USAGE_ERROR: u8 = 2;

#[tokio::main]
async fn main() -> ExitCode {
    let env_webhook_url = std::env::var("SLACK_WEBHOOK_URL").ok().filter(|url| !url.is_empty());
    let command = match args::parse(std::env::args_os().skip(1), env_webhook_url) {
        Ok(command) => command,
        Err(problem) => {
            eprintln!("error: {problem}\n\nRun `slack-example --help` for usage.");
            return ExitCode::from(USAGE_ERROR);
        }
    };

    match command {
        Command::Help => {
            print!("{}", args::HELP);
            ExitCode::SUCCESS
        }
        Command::Demo => {
            install_log(BoxMakeWriter::new(std::io::stdout), std::io::stdout().is_terminal());
            match demo::run().await {
                Ok(()) => ExitCode::SUCCESS,
                Err(unexpected) => {
                    eprintln!("error: {unexpected}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Send { webhook_url, message } => send(&webhook_url, &message).await,
    }
}

async fn send(webhook_url: &str, message: &Message) -> ExitCode {
    let client = match SlackClient::new(webhook_url) {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {}", Report(&error));
            return ExitCode::from(USAGE_ERROR);
        }
    };
    install_log(BoxMakeWriter::new(std::io::stderr), std::io::stderr().is_terminal());
    tracing::info!("posting to {}", client.webhook_url());

    match client.send_msg(message).await {
        Ok(answer) => {
            // The answer is the server's text: shown escaped so it cannot drive the
            // terminal.
            println!("{}", answer.escape_debug());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}", Report(&error));
            ExitCode::FAILURE
        }
    }
}

/// Logs the retry loop's events (target `retry`) and this crate's, the library's
/// and the binary's alike, to `writer`,
/// each stamped with the seconds since the program started.
fn install_log(writer: BoxMakeWriter, ansi: bool) {
    let shown = Targets::new()
        .with_target("retry", Level::DEBUG)
        .with_target("slack_example", Level::DEBUG);
    let log = tracing_subscriber::fmt::layer()
        .with_target(false)
        .with_timer(SinceStart(Instant::now()))
        .with_ansi(ansi)
        .with_writer(writer);
    tracing_subscriber::registry().with(log.with_filter(shown)).init();
}

/// Timestamps log lines with the time since the program started, so the waits
/// between attempts can be read straight off the log.
struct SinceStart(Instant);

impl FormatTime for SinceStart {
    fn format_time(&self, w: &mut Writer<'_>) -> std::fmt::Result {
        write!(w, "{:7.3}s", self.0.elapsed().as_secs_f64())
    }
}
