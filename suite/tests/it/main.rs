//! Every integration test of the suite crate in one test binary (`cargo test -p harp-conformance
//! --test it`): one link instead of one per file. Each former `tests/<name>.rs` is a module here;
//! the support modules are shared once. Tests run in parallel threads of this one process, so runs
//! against a real gateway take [`gateway_support::real_gateway`] to never overlap.

mod bundled_support;
mod cli_support;
mod engine_support;
mod fixture_support;
mod gateway_support;

mod catalog_gate;
mod certify_e2e;
mod certify_html;
mod certify_levels;
mod certify_sign;
mod check_json_time;
mod check_schemas;
mod engine_e2e;
mod engine_exit;
mod engine_skip;
mod engine_tls;
mod ext_switched_off;
mod harbor_handshake;
mod harbor_profile;
mod transport_http;
mod transport_sse;
mod transport_sse_parser;
mod transport_tls;
mod transport_ws;
