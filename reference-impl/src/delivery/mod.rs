//! Getting messages to principals: live channels, the most-recent rule, wake-ups, redelivery.

pub mod presence;
pub mod push;
pub mod registry;
pub mod routing;
pub mod token_routing;
pub mod waiters;

pub use registry::{ChannelHandle, Outbound, Registry};
pub use waiters::Waiters;
