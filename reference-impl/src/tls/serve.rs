//! The HTTPS/WSS server: rustls in front, the framing guard on the decrypted byte stream (so
//! ambiguous framing is refused over TLS exactly as over plain TCP), the connection's verified client
//! certificate on every request (for certificate-bound credentials), HSTS on every response, and the
//! same graceful shutdown as the plain server.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use axum::http::HeaderValue;
use axum::http::header::STRICT_TRANSPORT_SECURITY;
use axum::middleware::map_response;
use axum::response::Response;
use axum_server::Handle;
use axum_server::accept::Accept;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use tokio::net::{TcpListener, TcpStream};
use tower_http::add_extension::AddExtension;

use crate::auth::ClientCertificate;
use crate::faults::Fault;

use crate::framing::listener::GuardedStream;
use crate::{AppState, app, reaper};

/// `Strict-Transport-Security` value sent on every HTTPS response (one year).
pub const HSTS: &str = "max-age=31536000";

/// The rustls handshake, then the framing guard around the decrypted stream; every request of the
/// connection carries its [`ClientCertificate`].
#[derive(Clone, Debug)]
pub struct GuardedTlsAcceptor {
    tls: RustlsAcceptor,
    /// False only under the `framing-guard-off` fault.
    guard: bool,
}

impl GuardedTlsAcceptor {
    pub fn new(config: Arc<rustls::ServerConfig>, guard: bool) -> Self {
        Self {
            tls: RustlsAcceptor::new(RustlsConfig::from_config(config)),
            guard,
        }
    }
}

type TlsOf<S> = <RustlsAcceptor as Accept<TcpStream, S>>::Stream;
type Accepted<S> = io::Result<(GuardedStream<TlsOf<S>>, AddExtension<S, ClientCertificate>)>;

impl<S: Send + 'static> Accept<TcpStream, S> for GuardedTlsAcceptor {
    type Stream = GuardedStream<TlsOf<S>>;
    type Service = AddExtension<S, ClientCertificate>;
    type Future = Pin<Box<dyn Future<Output = Accepted<S>> + Send>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        let handshake = self.tls.accept(stream, service);
        let guard = self.guard;
        Box::pin(async move {
            let (tls, service) = handshake.await?;
            let peer = tls.get_ref().1.peer_certificates();
            let cert =
                ClientCertificate::from_der(peer.and_then(|c| c.first()).map(|c| c.as_ref()));
            let stream = match guard {
                true => GuardedStream::new(tls),
                false => GuardedStream::unguarded(tls),
            };
            Ok((stream, AddExtension::new(service, cert)))
        })
    }
}

async fn add_hsts(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    response
}

/// Serves `state` over TLS on `listener` (plus the expiry reaper) until `shutdown` resolves, then
/// lets open connections finish for up to `settings.shutdown_grace`.
pub async fn run_tls(
    listener: TcpListener,
    tls: Arc<rustls::ServerConfig>,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let reaper = tokio::spawn(reaper::run(state.clone()));
    let handle: Handle<SocketAddr> = Handle::new();
    let grace = state.settings.shutdown_grace;
    let (trigger, stopper) = (state.clone(), handle.clone());
    let watcher = tokio::spawn(async move {
        shutdown.await;
        trigger.begin_shutdown();
        stopper.graceful_shutdown(Some(grace));
    });
    let guard = !state.faults.on(Fault::FramingGuardOff);
    let router = match state.faults.on(Fault::HstsMissing) {
        true => app(state),
        false => app(state).layer(map_response(add_hsts)),
    };
    let result = axum_server::Server::from_listener(listener)
        .acceptor(GuardedTlsAcceptor::new(tls, guard))
        .handle(handle)
        .serve(router.into_make_service())
        .await;
    watcher.abort();
    reaper.abort();
    result
}
