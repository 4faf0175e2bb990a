//! `harp-gateway` binary: parse settings, bind, print the contract lines, serve until a signal.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use harp_gateway::faults::Fault;
use harp_gateway::tls::{self, ServerTls};
use harp_gateway::{AppState, config::Cli};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("harp_gateway=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if cli.list_faults {
        print!("{}", harp_gateway::faults::listing());
        return ExitCode::SUCCESS;
    }
    match serve(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("harp-gateway: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.resolve()?;
    for fault in settings.faults.active() {
        eprintln!(
            "harp-gateway: FAULT ACTIVE (not conformant): {}",
            fault.name()
        );
    }
    let listen = settings.listen.clone();
    let plaintext_listen = settings.plaintext_listen.clone();
    let tls = ServerTls::from_settings(&settings)?;
    let started = AppState::open(settings)?;
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener
        .local_addr()
        .context("cannot read the bound address")?;
    // Signal handlers are installed before `listening on` is printed: a supervisor that sends
    // SIGTERM right after reading that line gets a graceful shutdown, not the default kill.
    let shutdown = shutdown_signal()?;
    let mut out = std::io::stdout().lock();
    if let Some(path) = &started.dev_identities {
        writeln!(out, "identities: {}", path.display())?;
    }
    let Some(tls) = tls else {
        writeln!(out, "listening on http://{addr}")?;
        out.flush()?;
        drop(out);
        harp_gateway::run(listener, started.state, shutdown).await?;
        return Ok(());
    };
    if let Some(ca) = &tls.generated_ca {
        writeln!(out, "tls-ca: {}", ca.display())?;
    }
    let https_base = format!("https://{addr}");
    if let Some(plain) = plaintext_listen {
        let plain_listener = tokio::net::TcpListener::bind(&plain)
            .await
            .with_context(|| format!("cannot listen on {plain} (plaintext)"))?;
        let plain_addr = plain_listener.local_addr()?;
        writeln!(out, "plaintext: http://{plain_addr}")?;
        if started.state.faults.on(Fault::PlaintextProcessed) {
            let stop = started.state.shutdown_signal();
            let serving = harp_gateway::run(plain_listener, started.state.clone(), stop);
            tokio::spawn(serving);
        } else {
            let refusing = tls::plaintext::serve_refusing(
                plain_listener,
                https_base.clone(),
                started.state.shutdown_signal(),
            );
            tokio::spawn(async move {
                if let Err(e) = refusing.await {
                    tracing::warn!(error = %e, "plaintext listener stopped");
                }
            });
        }
    }
    writeln!(out, "listening on {https_base}")?;
    out.flush()?;
    drop(out);
    harp_gateway::run_tls(listener, tls.config, started.state, shutdown).await?;
    Ok(())
}

/// Installs the SIGINT and SIGTERM handlers now; the future resolves on either.
#[cfg(unix)]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut int = signal(SignalKind::interrupt()).context("cannot handle SIGINT")?;
    let mut term = signal(SignalKind::terminate()).context("cannot handle SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
        tracing::info!("shutdown signal received");
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown signal received");
    })
}
