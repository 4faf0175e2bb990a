//! The refusing plaintext listener (`--plaintext-listen`): every HTTP request, WebSocket upgrades
//! included, is answered 403 with a pointer to the HTTPS URL and never reaches the HARP routes.

use std::future::Future;
use std::io;

use axum::Router;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;

/// Serves the refusal on `listener` until `shutdown` resolves.
pub async fn serve_refusing(
    listener: TcpListener,
    https_base: String,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let message =
        format!("HTTPS required: this gateway serves HARP only over TLS at {https_base}\n");
    let app = Router::new().fallback(move || {
        let message = message.clone();
        async move { refuse(message) }
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

fn refuse(message: String) -> Response {
    (
        StatusCode::FORBIDDEN,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}
