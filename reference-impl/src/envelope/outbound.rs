//! Gateway-emitted envelopes. Every one gets a fresh uuid v4 msgId, except the deliverables
//! (`approval.request`, `decision.deliver`) whose stored msgId is reused on redelivery.

use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::raw::to_raw;
use crate::clock;
use crate::error::ApiError;
use crate::store::{ApprovalMessage, DeliverMessage, StatusView};

pub const APPROVAL_REQUEST: &str = "approval.request";
pub const DECISION_DELIVER: &str = "decision.deliver";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<'a, B> {
    msg_id: String,
    msg_type: &'a str,
    request_id: &'a str,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<&'a str>,
    sender: Sender<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recipient: Option<Recipient<'a>>,
    body: B,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sender<'a> {
    gateway_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Recipient<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    enforcer_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    approver_id: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ApprovalBody<'a> {
    artifact_type: &'a str,
    artifact_hash: &'a str,
    ciphertext: &'a RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<&'a RawValue>,
    expires_at: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InboxItem<'a> {
    request_id: &'a str,
    msg_id: &'a str,
    status: &'a str,
    created_at: &'a str,
    expires_at: &'a str,
    artifact_type: &'a str,
    artifact_hash: &'a str,
    ciphertext: &'a RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<&'a RawValue>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InboxPage<'a> {
    items: Vec<InboxItem<'a>>,
    next_cursor: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusBody<'a> {
    request_id: &'a str,
    state: &'a str,
    created_at: &'a str,
    expires_at: &'a str,
    artifact_hash: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<&'a RawValue>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a Value>,
}

fn fresh_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn serialize<T: Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value)
        .map_err(|e| ApiError::internal(format!("cannot encode envelope: {e}")))
}

fn raw(text: &str) -> Result<&RawValue, ApiError> {
    to_raw(text).map_err(|e| ApiError::internal(format!("stored JSON is corrupt: {e}")))
}

fn raw_opt(text: Option<&str>) -> Result<Option<&RawValue>, ApiError> {
    text.map(raw).transpose()
}

/// A reply envelope (`artifact.accepted`, `decision.accepted`, `ack.accepted`) with a small body.
pub fn reply(
    gateway_id: &str,
    msg_type: &str,
    request_id: &str,
    body: Value,
) -> Result<String, ApiError> {
    serialize(&Envelope {
        msg_id: fresh_id(),
        msg_type,
        request_id,
        created_at: clock::format_ms(clock::now_ms()),
        expires_at: None,
        sender: Sender { gateway_id },
        recipient: None,
        body,
    })
}

/// The `approval.request` for one approver.
pub fn approval_request(gateway_id: &str, m: &ApprovalMessage) -> Result<String, ApiError> {
    serialize(&Envelope {
        msg_id: m.msg_id.clone(),
        msg_type: APPROVAL_REQUEST,
        request_id: &m.request_id,
        created_at: m.created_at.clone(),
        expires_at: Some(&m.expires_at),
        sender: Sender { gateway_id },
        recipient: Some(Recipient {
            enforcer_id: None,
            approver_id: Some(&m.approver_id),
        }),
        body: ApprovalBody {
            artifact_type: &m.artifact_type,
            artifact_hash: &m.artifact_hash,
            ciphertext: raw(&m.ciphertext)?,
            metadata: raw_opt(m.metadata.as_deref())?,
            expires_at: &m.expires_at,
        },
    })
}

/// The `decision.deliver` for the exchange's enforcer; `body` is the submitted decision verbatim.
pub fn decision_deliver(gateway_id: &str, m: &DeliverMessage) -> Result<String, ApiError> {
    serialize(&Envelope {
        msg_id: m.msg_id.clone(),
        msg_type: DECISION_DELIVER,
        request_id: &m.request_id,
        created_at: m.created_at.clone(),
        expires_at: Some(&m.expires_at),
        sender: Sender { gateway_id },
        recipient: Some(Recipient {
            enforcer_id: Some(&m.enforcer_id),
            approver_id: None,
        }),
        body: raw(&m.body)?,
    })
}

/// An `inbox.page` of pending items.
pub fn inbox_page(
    gateway_id: &str,
    items: &[ApprovalMessage],
    next_cursor: Option<String>,
) -> Result<String, ApiError> {
    inbox_page_of(gateway_id, items, next_cursor, "Pending")
}

/// An `inbox.page` whose items carry `status` (`Pending`; `Expired` in the expired inbox).
pub fn inbox_page_of(
    gateway_id: &str,
    items: &[ApprovalMessage],
    next_cursor: Option<String>,
    status: &str,
) -> Result<String, ApiError> {
    let items = items
        .iter()
        .map(|m| {
            Ok(InboxItem {
                request_id: &m.request_id,
                msg_id: &m.msg_id,
                status,
                created_at: &m.created_at,
                expires_at: &m.expires_at,
                artifact_type: &m.artifact_type,
                artifact_hash: &m.artifact_hash,
                ciphertext: raw(&m.ciphertext)?,
                metadata: raw_opt(m.metadata.as_deref())?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    // An inbox page concerns no single exchange: its envelope requestId is a fresh id (C-23).
    let page_id = fresh_id();
    serialize(&Envelope {
        msg_id: fresh_id(),
        msg_type: "inbox.page",
        request_id: &page_id,
        created_at: clock::format_ms(clock::now_ms()),
        expires_at: None,
        sender: Sender { gateway_id },
        recipient: None,
        body: InboxPage { items, next_cursor },
    })
}

/// An `exchange.status`; the body has exactly the schema members.
pub fn exchange_status(gateway_id: &str, v: &StatusView) -> Result<String, ApiError> {
    serialize(&Envelope {
        msg_id: fresh_id(),
        msg_type: "exchange.status",
        request_id: &v.request_id,
        created_at: clock::format_ms(clock::now_ms()),
        expires_at: None,
        sender: Sender { gateway_id },
        recipient: None,
        body: StatusBody {
            request_id: &v.request_id,
            state: v.state.as_str(),
            created_at: &v.created_at,
            expires_at: &v.expires_at,
            artifact_hash: &v.artifact_hash,
            decision: raw_opt(v.decision.as_deref())?,
        },
    })
}

/// The `error` envelope for `err`; the envelope requestId is the exchange's, or a fresh uuid.
pub fn error(gateway_id: &str, err: &ApiError) -> String {
    let fallback_id = fresh_id();
    let env = Envelope {
        msg_id: fresh_id(),
        msg_type: "error",
        request_id: err.request_id.as_deref().unwrap_or(&fallback_id),
        created_at: clock::format_ms(clock::now_ms()),
        expires_at: None,
        sender: Sender { gateway_id },
        recipient: None,
        body: ErrorBody {
            code: err.code.as_str(),
            message: &err.message,
            request_id: err.request_id.as_deref(),
            details: err.details.as_deref(),
        },
    };
    serde_json::to_string(&env).unwrap_or_else(|_| {
        format!(
            "{{\"msgType\":\"error\",\"requestId\":\"{fallback_id}\",\"body\":{{\"code\":\"InternalError\",\"message\":\"cannot encode error\"}}}}"
        )
    })
}
