// A conference focus on the kernel's engine in virtual time: alice dials in to sip:alpha@192.0.2.1
// (RFC 4579 §5.1). The shell's one job is to answer AllocateMedia with an address and port; the
// focus answers alice's SDP there, with Contact <sip:alpha@...>;isfocus, and reports its roster.
//   node examples/quickstart.mjs       (after pnpm build)
import * as E from "fp-ts/lib/Either.js";
import { defaultSessionConfig } from "@puresip/dialog";
import { createEngine } from "@puresip/kernel";
import { parseMessage, parseUri, serializeMessage } from "@puresip/message";
import { defaultLayerConfig } from "@puresip/transaction";
import { basicCapabilities, initialState } from "@puresip/ua";
import { focusConfig, focusElement, initialFocusState } from "@puresip/focus";

const uri = (text) => E.getOrElseW(() => { throw new Error(text); })(parseUri(text));
const audio = { username: "-", sessionId: "1", addrType: "IP4", address: "192.0.2.1", media: [{ media: "audio", proto: "RTP/AVP", port: 0, codecs: [{ encodingName: "PCMU", clockRate: 8000 }] }] };
const ua = {
  aor: uri("sip:focus@192.0.2.1"),
  contact: uri("sip:focus@192.0.2.1:5060"),
  sentBy: { host: { _tag: "IPv4", value: "192.0.2.1" }, port: 5060, transport: "UDP" },
  capabilities: basicCapabilities,
  credentials: [],
  layer: defaultLayerConfig,
  session: defaultSessionConfig,
  registerExpires: 3600,
};

let port = 20000;
const allocations = [];
const engine = createEngine(focusElement(ua, focusConfig(["alpha", "beta"], audio)), {
  now: () => 0,
  wakeAt: () => {},
  transmit: (message) => console.log(`-> ${new TextDecoder().decode(serializeMessage(message)).split("\r\n").filter((l) => /^(SIP\/2.0 |Contact|c=|m=)/.test(l)).join(" | ")}`),
  resolve: () => {},
  deliver: (event) => {
    if (event._tag === "AllocateMedia") allocations.push(event);
    if (event._tag === "RosterChanged") console.log(`roster ${event.conference} v${event.version}: ${event.participants.map((p) => `${p.uri} ${p.status}`).join(", ")}`);
  },
  fault: (detail) => console.error(detail),
}, { state: { element: initialState([1, 2, 3, 4]), application: initialFocusState }, entries: [] });

const sdp = ["v=0", "o=- 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0", "m=audio 4000 RTP/AVP 0", "a=rtpmap:0 PCMU/8000", ""].join("\r\n");
const invite = parseMessage([
  "INVITE sip:alpha@192.0.2.1 SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcaller1",
  "Max-Forwards: 70",
  "From: Alice <sip:alice@example.org>;tag=a1b2c3d4e5",
  "To: <sip:alpha@192.0.2.1>",
  "Call-ID: example-1",
  "CSeq: 1 INVITE",
  "Contact: <sip:alice@192.0.2.10>",
  "Content-Type: application/sdp",
  `Content-Length: ${sdp.length}`,
  "", sdp,
].join("\r\n"));
if (E.isRight(invite)) engine.receive(invite.right, { transport: "UDP", host: "192.0.2.10", port: 5060 });
// The shell: the next even port for each participant (a mixer would give its own).
for (const a of allocations.splice(0)) engine.command({ _tag: "MediaAllocated", conference: a.conference, participant: a.participant, address: "192.0.2.1", port: (port += 2) });
// roster alpha v1: sip:alice@example.org pending
// -> SIP/2.0 180 Ringing | Contact: <sip:alpha@192.0.2.1:5060>;isfocus
// roster alpha v2: sip:alice@example.org pending
// -> SIP/2.0 200 OK | Contact: <sip:alpha@192.0.2.1:5060>;isfocus | c=IN IP4 192.0.2.1 | m=audio 20002 RTP/AVP 0
// (alice's ACK would make her "connected": roster alpha v3)
