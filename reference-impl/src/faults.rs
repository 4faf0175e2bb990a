//! The fault catalogue: named, deliberate deviations from single requirements, switched on with
//! `--fault NAME` (or `HARP_GATEWAY_FAULTS=a,b`) to prove that the conformance suite catches them.
//! None is ever active by default; each is applied at one code point (`state.faults.on(Fault::X)`).

pub mod http;
mod rewrite;
mod set;
pub mod tls;

pub use rewrite::{
    decision_value, emitted, reencode_base64url, reencode_ciphertext, rewrites_emitted,
    without_member,
};
pub use set::{Faults, UnknownFault, listing};

/// One catalogue entry: the fault, its command-line name, the requirement IDs it violates and
/// what the gateway does wrong when it is active.
#[derive(Debug)]
pub struct FaultInfo {
    pub fault: Fault,
    pub name: &'static str,
    pub requirements: &'static [&'static str],
    pub description: &'static str,
}

macro_rules! catalogue {
    ($( $variant:ident = $name:literal [$($id:literal),+] $desc:literal; )+) => {
        /// A named deviation from the HARP gateway binding.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Fault { $($variant),+ }

        /// Every fault, in listing order.
        pub const CATALOGUE: &[FaultInfo] = &[
            $(FaultInfo {
                fault: Fault::$variant,
                name: $name,
                requirements: &[$($id),+],
                description: $desc,
            }),+
        ];
    };
}

catalogue! {
    // Artifacts and artifact idempotency
    ArtifactAccepted200 = "artifact-accepted-200" ["GW-ART-01", "GW-ERR-05"]
        "a new artifact is answered 200 instead of 202";
    ArtifactConflictAccepted = "artifact-conflict-accepted" ["GW-IDEM-03", "GW-ERR-11"]
        "a requestId reused with another artifactHash is accepted (202) instead of 409";
    ArtifactConflictCode = "artifact-conflict-code" ["GW-IDEM-03"]
        "the 409 for a reused requestId carries code StateConflict instead of AlreadyExistsConflict";
    ArtifactConflictOverwrites = "artifact-conflict-overwrites" ["GW-IDEM-04"]
        "a refused conflicting submission still overwrites the stored artifactHash";
    ArtifactDuplicateReapproval = "artifact-duplicate-reapproval" ["GW-IDEM-02", "TR-WS-04"]
        "an identical resubmission emits a second approval.request (new msgId)";
    RequestIdCaseFolded = "request-id-case-folded" ["GW-ENV-06"]
        "requestIds are looked up case-insensitively, so r1 and R1 are one exchange";
    MissingRequestIdAccepted = "missing-request-id-accepted" ["GW-ART-03", "GW-DEC-02", "GW-ENV-08"]
        "a submission without requestId gets one made up instead of a 400";
    // Envelope and body validation
    UnknownMembersAccepted = "unknown-members-accepted" ["GW-ENV-12"]
        "unknown envelope, sender and body members are ignored instead of refused";
    WrongMsgTypeAccepted = "wrong-msg-type-accepted" ["GW-ENV-09"]
        "a msgType that does not match the endpoint is accepted";
    CreatedAtUnchecked = "created-at-unchecked" ["GW-ENV-10"]
        "createdAt is accepted whatever its format (not checked as RFC 3339)";
    CiphertextAlgOptional = "ciphertext-alg-optional" ["GW-ART-05"]
        "an artifact without ciphertext.alg is accepted";
    EmptyArtifactHashAccepted = "empty-artifact-hash-accepted" ["GW-ART-06"]
        "an empty artifactHash is accepted";
    DecisionValueCaseInsensitive = "decision-value-case-insensitive" ["GW-DEC-05"]
        "decision values are compared case-insensitively (APPROVE is accepted)";
    DecisionSignatureOptional = "decision-signature-optional" ["GW-DEC-04"]
        "a decision without signature is accepted";
    AckStatusUnchecked = "ack-status-unchecked" ["GW-ACK-02"]
        "an ack with any status value is accepted";
    MediaTypeUnchecked = "media-type-unchecked" ["GW-ENV-03"]
        "bodies labelled text/plain (or unlabelled) are processed";
    // Decisions and decision idempotency
    DecisionAccepted202 = "decision-accepted-202" ["GW-DEC-01", "GW-ERR-04"]
        "an accepted decision is answered 202 instead of 200";
    DecisionDuplicateRejected = "decision-duplicate-rejected" ["GW-IDEM-06", "GW-IDEM-09"]
        "an identical decision resubmission is refused with 409 instead of a no-op";
    DecisionDuplicateRedelivered = "decision-duplicate-redelivered" ["GW-IDEM-06"]
        "an identical decision resubmission issues a new decision.deliver (new msgId)";
    DecisionDifferentAccepted = "decision-different-accepted" ["GW-IDEM-07", "GW-SM-05"]
        "a different decision on a decided exchange is accepted and replaces the first";
    DecisionHashMismatchAccepted = "decision-hash-mismatch-accepted" ["GW-DEC-09"]
        "a decision whose artifactHash differs from the exchange's is accepted";
    DecisionOnExpiredAccepted = "decision-on-expired-accepted" ["GW-DEC-08", "GW-SM-09"]
        "an expired exchange still accepts a decision";
    // Payload integrity
    DecisionMemberDropped = "decision-member-dropped" ["TR-INT-01"]
        "decision.deliver drops the decision's signature member";
    CiphertextReencoded = "ciphertext-reencoded" ["TR-INT-02"]
        "ciphertext.data is relayed re-encoded as unpadded base64url";
    ArtifactHashUppercased = "artifact-hash-uppercased" ["GW-INT-05"]
        "approval.request carries the artifactHash upper-cased";
    // Routing and delivery
    DecisionToOldestChannel = "decision-to-oldest-channel" ["GW-RTE-01", "GW-RTE-02", "GW-RTE-07"]
        "decision.deliver goes to the enforcer's oldest channel instead of the most recent";
    DecisionBroadcast = "decision-broadcast" ["GW-RTE-02", "GW-RTE-01", "GW-RTE-07"]
        "decision.deliver goes to every open channel of the enforcer";
    DecisionLostWithoutChannel = "decision-lost-without-channel" ["GW-RTE-04", "GW-DLV-02", "GW-WAIT-01"]
        "a decision made while the enforcer was not waiting is not returned by a later long-poll";
    ApprovalNotPushed = "approval-not-pushed" ["GW-SSE-02", "GW-WS-05", "GW-DLV-01"]
        "approval requests are only listed in the inbox, never pushed to open channels";
    RoutingIgnoresAddressee = "routing-ignores-addressee" ["GW-RTE-06"]
        "an addressed artifact goes to every approver of the tenant";
    RoutingMetadataForwarded = "routing-metadata-forwarded" ["GW-META-01", "GW-META-02", "GW-META-03", "GW-META-07"]
        "routing-only metadata keys (routingToken, approverId, tenantId) reach the approver";
    DisplayMetadataDropped = "display-metadata-dropped" ["GW-META-04", "GW-META-05"]
        "display metadata (workspaceName, repoName, requestLabel) is not forwarded to approvers";
    RedeliveryNewMsgId = "redelivery-new-msg-id" ["GW-DLV-05"]
        "messages replayed on reconnect get fresh msgIds";
    AckIgnored = "ack-ignored" ["GW-DLV-03", "GW-ACK-03", "GW-WS-11"]
        "acks are answered but not recorded, so acked messages are redelivered";
    AckAccepted202 = "ack-accepted-202" ["GW-ACK-01"]
        "an accepted ack is answered 202 instead of 200";
    // Long-poll
    WaitEmpty200 = "wait-empty-200" ["GW-WAIT-02", "GW-ERR-06"]
        "a long-poll that times out answers 200 with an empty body instead of 204";
    WaitNotWoken = "wait-not-woken" ["GW-WAIT-01"]
        "a long-poll is not woken by a decision arriving while it waits";
    // Expiry and the state machine
    ExpiryNotApplied = "expiry-not-applied" ["GW-SM-04", "GW-DEC-08"]
        "exchanges past expiresAt stay pendingApproval";
    DecidedExchangeExpires = "decided-exchange-expires" ["GW-SM-05"]
        "decided exchanges also move to expired when expiresAt passes";
    InboxListsDecided = "inbox-lists-decided" ["GW-INB-04", "GW-WDR-04"]
        "decided and expired items stay in the active inbox";
    StateNameSnakeCase = "state-name-snake-case" ["GW-SM-06", "GW-EXS-02"]
        "state names are sent in snake_case (pending_approval), outside the six-value enum";
    // Emitted envelopes
    MsgIdMissing = "msg-id-missing" ["GW-ENV-14", "GW-ENV-07"]
        "emitted envelopes carry no msgId";
    TimestampsNotRfc3339 = "timestamps-not-rfc3339" ["GW-ENV-05"]
        "emitted createdAt timestamps look like 2026-02-24 10:00:00 (not RFC 3339)";
    SenderCoreShaped = "sender-core-shaped" ["GW-ENV-16"]
        "approval.request and decision.deliver name their sender in HARP-CORE shape (sender.actor)";
    InboxPageExtraMember = "inbox-page-extra-member" ["GW-INB-02"]
        "inbox.page bodies carry an extra `total` member";
    InboxLimitIgnored = "inbox-limit-ignored" ["GW-INB-05"]
        "the inbox `limit` parameter is ignored (every item on one page)";
    // SSE and WebSocket
    SseContentType = "sse-content-type" ["GW-SSE-01"]
        "SSE streams are labelled text/plain instead of text/event-stream";
    SseDataNotEnvelope = "sse-data-not-envelope" ["GW-SSE-02", "GW-SSE-03"]
        "SSE data wraps the envelope in an {event, data} object";
    SseWrongEventName = "sse-wrong-event-name" ["GW-SSE-06", "GW-SSE-02"]
        "SSE events carry no event name (clients see `message`)";
    WsBatchedFrames = "ws-batched-frames" ["GW-WS-04"]
        "WebSocket text frames carry a JSON array of envelopes instead of one envelope";
    WsRoleUnchecked = "ws-role-unchecked" ["GW-WS-03"]
        "a WebSocket upgrade with an unknown role gets the caller's own role";
    WsBadFrameIgnored = "ws-bad-frame-ignored" ["GW-WS-07"]
        "a bad client WebSocket frame is dropped silently (no error envelope, no close)";
    WsOversizeProcessed = "ws-oversize-processed" ["TR-SIZE-05"]
        "WebSocket messages over the size limit are processed";
    // Errors and HTTP semantics
    UnknownRoute200 = "unknown-route-200" ["GW-ERR-01", "GW-ERR-10", "TR-ERR-02"]
        "an unknown route answers 200 with an empty JSON object";
    WrongMethod404 = "wrong-method-404" ["TR-ERR-02", "HB-CTL-02"]
        "a wrong HTTP method on a known route answers 404 instead of 405";
    MalformedJson500 = "malformed-json-500" ["GW-ERR-07", "GW-ERR-13", "GW-ENV-04"]
        "a body that is not JSON answers 500 instead of 400";
    ValidationError422 = "validation-error-422" ["GW-ERR-07"]
        "schema validation errors answer 422 instead of 400";
    ErrorNotEnvelope = "error-not-envelope" ["GW-ERR-01", "GW-ENV-07"]
        "error bodies are bare {error: message} objects: no envelope and no code";
    ErrorRequestIdMissing = "error-request-id-missing" ["GW-ERR-02"]
        "errors about a known exchange do not carry its requestId";
    ContentTypeJson = "content-type-json" ["GW-ENV-01"]
        "HARP responses are labelled application/json instead of application/harp+json";
    NoSizeLimit = "no-size-limit" ["TR-SIZE-01", "TR-SIZE-02"]
        "oversize bodies are read and processed instead of refused with 413";
    TooLargeNotEnvelope = "too-large-not-envelope" ["TR-SIZE-04"]
        "the gateway's own 413 is a bare JSON {status, detail} object, not an error envelope";
    ChunkedRefused = "chunked-refused" ["TR-SIZE-06"]
        "bodies without Content-Length (chunked) are refused with 400";
    // Authentication and authorization
    AuthAfterBody = "auth-after-body" ["TR-AUTH-03"]
        "the body is parsed before authentication, so malformed JSON without credentials gets 400";
    InvalidCredential403 = "invalid-credential-403" ["TR-AUTH-02", "GW-ERR-08"]
        "an invalid credential is answered 403 instead of 401";
    MissingCredential400 = "missing-credential-400" ["TR-AUTH-01", "GW-ERR-08", "GW-PRS-11"]
        "a request without credentials is answered 400 instead of 401";
    CrossApproverInbox = "cross-approver-inbox" ["GW-AUTH-03", "GW-AUTH-02"]
        "an approver may read another approver's inbox";
    EnforcerReadsInbox = "enforcer-reads-inbox" ["GW-AUTH-01"]
        "an enforcer may read an approver inbox";
    CrossApproverStream = "cross-approver-stream" ["GW-AUTH-03", "GW-AUTH-02"]
        "an approver may open another approver's SSE stream";
    TenantUnchecked = "tenant-unchecked" ["GW-AUTH-02", "GW-RTE-05"]
        "exchange status and long-poll skip the tenant and owner check";
    SenderBindingOff = "sender-binding-off" ["GW-AUTH-04"]
        "sender.enforcerId/approverId are trusted: an artifact is bound to the enforcer it names";
    // Harbor control surface
    ControlProtocolVersionMissing = "control-protocol-version-missing" ["HB-VER-02"]
        "control error responses (unknown_method) carry no protocol_version";
    ControlUnknownMethodCode = "control-unknown-method-code" ["HB-CTL-01"]
        "an unknown control method answers 404 with code not_found instead of unknown_method";
    // Follow-up faults: authorization and error mapping
    Authorization401 = "authorization-401" ["GW-ERR-09", "GW-AUTH-01"]
        "authorization refusals (role, owner) are answered 401 instead of 403";
    ArtifactExpired400 = "artifact-expired-400" ["GW-ERR-12", "GW-ART-09"]
        "an artifact whose expiresAt has passed is refused with 400 ValidationError instead of 422";
    ConflictCodeValidation = "conflict-code-validation" ["GW-ERR-03"]
        "409 conflicts carry code ValidationError, so they cannot be told from validation errors";
    DecisionTenantUnchecked = "decision-tenant-unchecked" ["GW-AUTH-02"]
        "an approver of another tenant may decide an exchange";
    RoutingAcrossTenants = "routing-across-tenants" ["GW-AUTH-02", "GW-RTE-06"]
        "an artifact is routed to the approvers of every tenant";
    CrossApproverWebsocket = "cross-approver-websocket" ["GW-AUTH-03"]
        "an approver may open a WebSocket as another approver";
    WsQueryDefaulted = "ws-query-defaulted" ["GW-WS-03"]
        "a WebSocket upgrade without role or id takes the caller's own";
    // Follow-up faults: acks and envelopes
    AckAtUnchecked = "ack-at-unchecked" ["GW-ACK-02", "GW-ENV-10"]
        "an ack's ackAt is not checked (missing, epoch numbers and free text are accepted)";
    AckMsgIdOptional = "ack-msg-id-optional" ["GW-ACK-02", "GW-ENV-11"]
        "an ack without msgId, or with an empty one, is accepted as a no-op";
    AckStatusDefaulted = "ack-status-defaulted" ["GW-ACK-02"]
        "an ack without status is taken as status received";
    AckRepeatRejected = "ack-repeat-rejected" ["GW-ACK-04", "TR-WS-04"]
        "an ack of an already acknowledged message is refused with 409";
    ApproverAckRefused = "approver-ack-refused" ["GW-ACK-03"]
        "acks from approvers (of approval.request) are refused with 403; only enforcers may ack";
    EmptyRequestIdAccepted = "empty-request-id-accepted" ["GW-ENV-11"]
        "an empty requestId is accepted as an exchange id";
    ExpiresAtShifted = "expires-at-shifted" ["GW-ENV-15", "GW-EXS-04"]
        "emitted expiresAt values are local time (UTC+01:00) labelled Z, one hour early";
    ExpiresAtOmitted = "expires-at-omitted" ["GW-ENV-15"]
        "deliverables and exchange.status carry no expiresAt";
    // Follow-up faults: idempotency, state, inbox, long-poll, routing, versioning
    ArtifactDuplicateConflict = "artifact-duplicate-conflict" ["GW-IDEM-01"]
        "an identical resubmission is refused with 409 like a reused requestId";
    UnknownEnvelopeMembersIgnored = "unknown-envelope-members-ignored" ["GW-ENV-12"]
        "unknown top-level envelope members are ignored while sender and body stay closed (inconsistent)";
    ArtifactResubmissionReplaces = "artifact-resubmission-replaces" ["GW-IDEM-05"]
        "a resubmission with the same requestId and hash replaces the stored ciphertext";
    DecisionSameKeyReplaces = "decision-same-key-replaces" ["GW-IDEM-08"]
        "a decision resubmitted under the same idempotency key with another value replaces the first";
    DecidedStateNamedByOutcome = "decided-state-named-by-outcome" ["GW-SM-02"]
        "a decided exchange's status reads approved or rejected instead of decided";
    ExpiredRequestIdReusable = "expired-request-id-reusable" ["GW-SM-08"]
        "a requestId whose exchange expired is accepted again with another artifactHash (202, not 409)";
    ApprovalNeedsLiveChannel = "approval-needs-live-channel" ["GW-INB-03", "GW-DLV-01"]
        "approval requests are only stored for approvers with an open channel";
    InboxHidesPushed = "inbox-hides-pushed" ["GW-INB-09"]
        "the inbox leaves out every item while its approver has a live channel";
    InboxEmptyCursor = "inbox-empty-cursor" ["GW-INB-07"]
        "an empty inbox page carries nextCursor \"\" instead of null";
    InboxCiphertextReencoded = "inbox-ciphertext-reencoded" ["GW-INB-08"]
        "inbox items carry ciphertext.data re-encoded as unpadded base64url";
    WaitShortTimeoutRefused = "wait-short-timeout-refused" ["GW-WAIT-03"]
        "long-poll timeouts under 2 s are refused with 400";
    DecisionReturnedOnce = "decision-returned-once" ["GW-WAIT-05"]
        "a decision returned by a long-poll counts as taken: later waits time out with 204";
    DecisionToEveryEnforcer = "decision-to-every-enforcer" ["GW-RTE-05"]
        "decision.deliver goes to every open enforcer channel, not only the submitter's";
    V2ServedAsV1 = "v2-served-as-v1" ["CMP-VER-01"]
        "/v2/artifacts, /v2/decisions and /v2/acks are served like their /v1 routes";
    // Follow-up faults: ext surfaces (status codes, withdraw, inbox ext, refresh, hello)
    NotFound403 = "not-found-403" ["GW-ERR-10", "GW-EXS-03", "GW-WAIT-04", "GW-DEC-07", "GW-WDR-09", "GW-INBD-03", "GW-PAIR-07", "GW-PAIR-11", "GW-PAIR-14", "GW-PRS-04"]
        "unknown exchanges, inbox items, pairing codes and presence records are answered 403 instead of 404";
    ArtifactUnroutableAccepted = "artifact-unroutable-accepted" ["GW-ART-10"]
        "an artifact no approver can take is accepted (202) and left unrouted instead of 422";
    WithdrawAnswer202 = "withdraw-answer-202" ["GW-WDR-01"]
        "a withdrawal is answered 202 instead of 200";
    WithdrawAnyState = "withdraw-any-state" ["GW-WDR-06", "GW-WDR-07", "GW-WDR-08"]
        "withdrawing a decided, expired or already withdrawn exchange answers 200 instead of 409";
    WithdrawNotOwner = "withdraw-not-owner" ["GW-WDR-10"]
        "any enforcer of the tenant may withdraw an exchange";
    WithdrawnDecisionAccepted = "withdrawn-decision-accepted" ["GW-WDR-05"]
        "a withdrawn exchange still accepts a decision";
    InboxCursorRestarts = "inbox-cursor-restarts" ["GW-INB-06"]
        "an inbox cursor the gateway did not issue restarts from the first page instead of a 400";
    InboxDelete200 = "inbox-delete-200" ["GW-INBD-01", "GW-ENV-17"]
        "deleting an inbox item answers 200 with an envelope instead of 204 with no body";
    InboxDeleteIgnored = "inbox-delete-ignored" ["GW-INBD-02"]
        "deleting an inbox item answers 204 but the item stays listed";
    ExpiredInboxBareArray = "expired-inbox-bare-array" ["GW-INBX-01"]
        "the expired inbox answers a bare JSON array of items instead of an inbox.page";
    ExpiredInboxListsAny = "expired-inbox-lists-any" ["GW-INBX-03"]
        "the expired inbox lists the approver's items in every state";
    RefreshDeviceDefaulted = "refresh-device-defaulted" ["GW-RFR-03"]
        "a refresh without enforcerDeviceId goes to the exchange's enforcer instead of a 400";
    RefreshOffline200 = "refresh-offline-200" ["GW-RFR-04", "GW-ERR-14"]
        "a refresh for an enforcer without a live WebSocket answers 200 forwarded instead of 503";
    RefreshExpiredRefused = "refresh-expired-refused" ["GW-RFR-05"]
        "a refresh of an expired exchange is refused with 409";
    ExtRepliesEnveloped = "ext-replies-enveloped" ["GW-ENV-17", "GW-RFR-01", "GW-PAIR-02", "GW-PAIR-06", "GW-PAIR-10", "GW-PAIR-12", "GW-PRS-01"]
        "bare-JSON ext replies (pairing, presence, refresh) are wrapped in a HARP envelope";
    WsHelloRefused = "ws-hello-refused" ["GW-WS-08"]
        "a WebSocket hello is refused like an unknown msgType (error envelope)";
    // Follow-up faults: pairing and presence
    PairingNotOffered = "pairing-not-offered" ["GW-PAIR-01"]
        "pairing initiation answers 404 (the surface is not offered)";
    PairingValidation422 = "pairing-validation-422" ["GW-PAIR-03", "GW-PAIR-15"]
        "pairing requests with missing members are refused with 422 instead of 400";
    PairingTtlDay = "pairing-ttl-day" ["GW-PAIR-04", "GW-PAIR-08"]
        "pairing sessions live 24 hours instead of the short TTL";
    PairingCodeShort = "pairing-code-short" ["GW-PAIR-05"]
        "pairing codes are 4 digits";
    PairingCodeReusable = "pairing-code-reusable" ["GW-PAIR-09"]
        "a completed pairing code still resolves";
    PairingCompleteTwice = "pairing-complete-twice" ["GW-PAIR-13"]
        "completing a completed pairing session mints another routing token (200) instead of 409";
    PresenceTenantDefaulted = "presence-tenant-defaulted" ["GW-PRS-02"]
        "a presence query without tenantId lists the caller's tenant instead of a 400";
    PresenceTransportPoll = "presence-transport-poll" ["GW-PRS-05"]
        "presence records report transport poll whatever channel is open";
    PresenceStickyOnline = "presence-sticky-online" ["GW-PRS-06"]
        "an enforcer once seen stays reported online after its channels close";
    PresenceNeedsHello = "presence-needs-hello" ["GW-PRS-08"]
        "a WebSocket without hello never counts as online (no fallback after the hello timeout)";
    PresenceHelloIgnored = "presence-hello-ignored" ["GW-PRS-07"]
        "a WebSocket hello is accepted but its capabilities and labels are not recorded";
    PresenceTenantUnchecked = "presence-tenant-unchecked" ["GW-PRS-11"]
        "presence of another tenant is listed to any caller";
    // Follow-up faults: TLS and transport hygiene (tls/, framing/, the plaintext listener)
    HstsMissing = "hsts-missing" ["TR-TLS-06"]
        "HTTPS responses carry no Strict-Transport-Security header";
    Tls12Refused = "tls12-refused" ["TR-TLS-01"]
        "the TLS listener offers TLS 1.3 only, so TLS 1.2 clients are refused";
    MtlsOptional = "mtls-optional" ["TR-TLS-05"]
        "with --tls-client-ca, a client that presents no certificate is let in anyway";
    ClientCaUnchecked = "client-ca-unchecked" ["TR-TLS-05"]
        "with --tls-client-ca, client certificates from any issuer are accepted";
    PlaintextProcessed = "plaintext-processed" ["TR-TLS-03", "TR-TLS-04"]
        "the plaintext listener serves the HARP routes instead of refusing every request";
    FramingGuardOff = "framing-guard-off" ["TR-HYG-01"]
        "the framing guard is off: ambiguous Content-Length/Transfer-Encoding framing reaches the HTTP stack";
    // Follow-up faults: authentication order
    ChecksBeforeAuth = "checks-before-auth" ["TR-AUTH-03"]
        "without a valid credential a submission is still validated (and an artifact checked for a requestId conflict), so bad bodies get 400/409 instead of 401";
    SignatureAuthenticates = "signature-authenticates" ["TR-AUTH-04"]
        "a decision without a valid credential is accepted as from the approver its signed body names";
}

impl Fault {
    /// The word and bit mask of this fault in [`Faults`].
    fn bit(self) -> (usize, u64) {
        let n = self as usize;
        (n / 64, 1u64 << (n % 64))
    }

    pub fn info(self) -> &'static FaultInfo {
        &CATALOGUE[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn by_name(name: &str) -> Option<Fault> {
        CATALOGUE.iter().find(|i| i.name == name).map(|i| i.fault)
    }
}
