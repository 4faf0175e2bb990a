//! Client envelopes: parsing and validation of `artifact.submit`, `decision.submit`, `ack.submit`
//! per the gateway schemas (closed envelope, closed submit bodies, open `ciphertext`/`metadata`).

use serde_json::{Map, Value};

use super::fields::Obj;
use super::raw;
use crate::clock::Instant;
use crate::error::{ApiError, ErrorCode};
use crate::faults::{Fault, Faults};

pub const ARTIFACT_SUBMIT: &str = "artifact.submit";
pub const DECISION_SUBMIT: &str = "decision.submit";
pub const ACK_SUBMIT: &str = "ack.submit";

const ENVELOPE_MEMBERS: &[&str] = &[
    "msgId",
    "msgType",
    "requestId",
    "createdAt",
    "expiresAt",
    "sender",
    "recipient",
    "trace",
    "body",
];

/// A validated `artifact.submit`.
#[derive(Clone, Debug)]
pub struct ArtifactSubmit {
    pub request_id: String,
    pub enforcer_id: String,
    /// Envelope `recipient.approverId`, if addressed there.
    pub recipient_approver: Option<String>,
    pub artifact_type: String,
    pub artifact_hash: String,
    /// `body.ciphertext` as compact raw JSON (relayed byte-identically).
    pub ciphertext_raw: String,
    pub metadata: Option<Map<String, Value>>,
    pub expires: Instant,
}

/// A validated `decision.submit`.
#[derive(Clone, Debug)]
pub struct DecisionSubmit {
    pub request_id: String,
    pub approver_id: String,
    pub artifact_hash: String,
    pub decision: String,
    pub signer_key_id: String,
    pub nonce: String,
    pub decision_hash: Option<String>,
    /// The whole `body` as compact raw JSON, member order kept.
    pub body_raw: String,
}

/// A validated `ack.submit`.
#[derive(Clone, Debug)]
pub struct AckSubmit {
    pub request_id: String,
    pub enforcer_id: Option<String>,
    pub approver_id: Option<String>,
    pub msg_id: String,
    pub status: String,
}

/// The envelope members every submission shares.
struct Envelope {
    request_id: String,
    sender: Map<String, Value>,
    recipient: Option<Map<String, Value>>,
    body: Map<String, Value>,
    body_raw: String,
}

/// The `msgType` of a frame, for WebSocket dispatch (errors as the REST endpoints would give).
pub fn peek_msg_type(bytes: &[u8]) -> Result<String, ApiError> {
    let map = parse_object(bytes)?;
    Obj::new(&map, "").required("msgType").map(str::to_owned)
}

fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidJson,
            format!("body is not valid JSON: {e}"),
        )
    })?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(ApiError::validation("the envelope must be a JSON object")),
    }
}

fn parse(bytes: &[u8], expected: &str, faults: Faults) -> Result<Envelope, ApiError> {
    let mut map = parse_object(bytes)?;
    let env = Obj::new(&map, "");
    let tolerant = faults.on(Fault::UnknownEnvelopeMembersIgnored);
    if !faults.on(Fault::UnknownMembersAccepted) && !tolerant {
        env.closed(ENVELOPE_MEMBERS)?;
    }
    let msg_type = env.required("msgType")?;
    if msg_type != expected && !faults.on(Fault::WrongMsgTypeAccepted) {
        return Err(ApiError::validation(format!(
            "msgType `{msg_type}` does not belong here; expected `{expected}`"
        )));
    }
    let request_id = match env.required("requestId") {
        Err(_) if faults.on(Fault::MissingRequestIdAccepted) => uuid::Uuid::new_v4().to_string(),
        Err(_) if faults.on(Fault::EmptyRequestIdAccepted) => env
            .string("requestId", true, false)?
            .unwrap_or_default()
            .to_owned(),
        r => r?.to_owned(),
    };
    if faults.on(Fault::CreatedAtUnchecked) {
        env.string("createdAt", true, false)?;
    } else {
        env.date_time("createdAt", true)?;
    }
    env.string("msgId", false, true)?;
    env.date_time("expiresAt", false)?;
    let sender = env.object("sender", true)?.cloned().unwrap_or_default();
    let s = Obj::new(&sender, "sender");
    if !faults.on(Fault::UnknownMembersAccepted) {
        s.closed(&["enforcerId", "approverId", "gatewayId"])?;
    }
    for key in ["enforcerId", "approverId", "gatewayId"] {
        s.string(key, false, false)?;
    }
    let recipient = env.object("recipient", false)?.cloned();
    if let Some(r) = &recipient {
        let r = Obj::new(r, "recipient");
        r.closed(&["enforcerId", "approverId"])?;
        r.string("enforcerId", false, false)?;
        r.string("approverId", false, false)?;
    }
    env.object("trace", false)?;
    env.object("body", true)?;
    // Keep the raw text of `body` (byte-identical relay); the parsed map drives validation.
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::new(ErrorCode::InvalidJson, "body is not UTF-8"))?;
    let body_raw = raw::members(text)
        .and_then(|mut m| m.remove("body"))
        .ok_or_else(|| ApiError::validation("`body` must be an object"))?;
    let Some(Value::Object(body)) = map.remove("body") else {
        return Err(ApiError::validation("`body` must be an object"));
    };
    Ok(Envelope {
        request_id,
        sender,
        recipient,
        body,
        body_raw,
    })
}

/// Validates an `artifact.submit` envelope (SCH/envelope + SCH/artifact-submit).
pub fn artifact_submit(bytes: &[u8], faults: Faults) -> Result<ArtifactSubmit, ApiError> {
    let env = parse(bytes, ARTIFACT_SUBMIT, faults)?;
    let enforcer_id = Obj::new(&env.sender, "sender")
        .required("enforcerId")?
        .to_owned();
    let recipient_approver = env
        .recipient
        .as_ref()
        .and_then(|r| r.get("approverId"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let body = Obj::new(&env.body, "body");
    if !faults.on(Fault::UnknownMembersAccepted) {
        body.closed(&[
            "artifactType",
            "artifactHash",
            "ciphertext",
            "metadata",
            "expiresAt",
        ])?;
    }
    let artifact_type = body.required("artifactType")?.to_owned();
    let hash_non_empty = !faults.on(Fault::EmptyArtifactHashAccepted);
    let artifact_hash = body
        .string("artifactHash", true, hash_non_empty)?
        .unwrap_or_default()
        .to_owned();
    let ciphertext = body
        .object("ciphertext", true)?
        .cloned()
        .unwrap_or_default();
    let c = Obj::new(&ciphertext, "body.ciphertext");
    c.string("alg", !faults.on(Fault::CiphertextAlgOptional), false)?;
    c.string("data", true, false)?;
    for key in ["nonce", "tag", "aad"] {
        c.string(key, false, false)?;
    }
    let metadata = body.object("metadata", false)?.cloned();
    let expires = body.required_date_time("expiresAt")?;
    let ciphertext_raw = raw::members(&env.body_raw)
        .and_then(|mut m| m.remove("ciphertext"))
        .ok_or_else(|| ApiError::validation("`body.ciphertext` must be an object"))?;
    Ok(ArtifactSubmit {
        request_id: env.request_id,
        enforcer_id,
        recipient_approver,
        artifact_type,
        artifact_hash,
        ciphertext_raw,
        metadata,
        expires,
    })
}

/// Validates a `decision.submit` envelope (SCH/envelope + SCH/decision-submit).
pub fn decision_submit(bytes: &[u8], faults: Faults) -> Result<DecisionSubmit, ApiError> {
    let env = parse(bytes, DECISION_SUBMIT, faults)?;
    let approver_id = Obj::new(&env.sender, "sender")
        .required("approverId")?
        .to_owned();
    let body = Obj::new(&env.body, "body");
    body.closed(&[
        "artifactHash",
        "decision",
        "reason",
        "signerKeyId",
        "nonce",
        "signature",
        "decisionHash",
    ])?;
    let artifact_hash = body.required("artifactHash")?.to_owned();
    let decision = if faults.on(Fault::DecisionValueCaseInsensitive) {
        body.one_of(
            "decision",
            &[
                "approve", "reject", "APPROVE", "REJECT", "Approve", "Reject",
            ],
        )?
        .to_ascii_lowercase()
    } else {
        body.one_of("decision", &["approve", "reject"])?.to_owned()
    };
    body.string("reason", false, false)?;
    let signer_key_id = body
        .string("signerKeyId", true, false)?
        .unwrap_or_default()
        .to_owned();
    let nonce = body
        .string("nonce", true, false)?
        .unwrap_or_default()
        .to_owned();
    body.string(
        "signature",
        !faults.on(Fault::DecisionSignatureOptional),
        false,
    )?;
    let decision_hash = body
        .string("decisionHash", false, false)?
        .map(str::to_owned);
    Ok(DecisionSubmit {
        request_id: env.request_id,
        approver_id,
        artifact_hash,
        decision,
        signer_key_id,
        nonce,
        decision_hash,
        body_raw: env.body_raw,
    })
}

/// Validates an `ack.submit` envelope (SCH/envelope + SCH/ack-submit). The requestId travels in
/// the envelope (C-12).
pub fn ack_submit(bytes: &[u8], faults: Faults) -> Result<AckSubmit, ApiError> {
    let env = parse(bytes, ACK_SUBMIT, faults)?;
    let sender = Obj::new(&env.sender, "sender");
    let enforcer_id = sender.string("enforcerId", false, true)?.map(str::to_owned);
    let approver_id = sender.string("approverId", false, true)?.map(str::to_owned);
    if enforcer_id.is_none() && approver_id.is_none() {
        return Err(ApiError::validation(
            "`sender.enforcerId` or `sender.approverId` is required",
        ));
    }
    let body = Obj::new(&env.body, "body");
    body.closed(&["msgId", "status", "ackAt"])?;
    let msg_id = if faults.on(Fault::AckMsgIdOptional) {
        body.string("msgId", false, false)?
            .unwrap_or_default()
            .to_owned()
    } else {
        body.required("msgId")?.to_owned()
    };
    let status = if faults.on(Fault::AckStatusUnchecked) {
        body.required("status")?.to_owned()
    } else if faults.on(Fault::AckStatusDefaulted) && !body.map.contains_key("status") {
        "received".to_owned()
    } else {
        body.one_of("status", &["received", "processed"])?
            .to_owned()
    };
    if !faults.on(Fault::AckAtUnchecked) {
        body.date_time("ackAt", true)?;
    }
    Ok(AckSubmit {
        request_id: env.request_id,
        enforcer_id,
        approver_id,
        msg_id,
        status,
    })
}
