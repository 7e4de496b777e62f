// A proxy whose routing is a pure function (RFC 3261 §16.5 "local policy"): calls to
// sip:sales@example.com fork to two desks in parallel, everything else is looked up in the
// proxy's own registrar. It runs on the kernel's engine in virtual time, so the example needs
// no network: it feeds one INVITE in and prints what the proxy sends.
//   node examples/quickstart.mjs       (after pnpm build)
import * as E from "fp-ts/lib/Either.js";
import { createEngine, seedFromWords } from "@puresip/kernel";
import { parseMessage, parseUri } from "@puresip/message";
import { baseConfig, defaultRoute, proxyElement } from "@puresip/proxy";

const uri = (text) => E.getOrElseW(() => { throw new Error(text); })(parseUri(text));

/** §16.5: sales goes to both desks (equal q: in parallel); anyone else as the default does. */
const route = (request, config) =>
  request.uri._tag === "SipUri" && request.uri.user === "sales"
    ? { _tag: "Targets", targets: [{ uri: uri("sip:desk1@192.0.2.31"), q: 1 }, { uri: uri("sip:desk2@192.0.2.32"), q: 1 }] }
    : defaultRoute(request, config);

const config = { ...baseConfig([{ transport: "UDP", host: "192.0.2.1", port: 5060 }], route), domains: ["example.com"], recordRoute: true };

let now = 0;
const engine = createEngine(proxyElement(config), {
  now: () => now,
  wakeAt: () => {},
  transmit: (message, to) => console.log(`-> ${to.host}:${to.port} ${message._tag === "Request" ? message.method : message.status}`),
  resolve: () => {},
  deliver: (event) => console.log(`proxy says: ${event._tag}`),
  fault: (detail) => console.error(detail),
}, { state: { seed: seedFromWords([1, 2, 3, 4]), aors: 0 }, entries: [] });

const invite = parseMessage([
  "INVITE sip:sales@example.com SIP/2.0",
  "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcaller1",
  "Max-Forwards: 70",
  "From: <sip:alice@example.org>;tag=a1",
  "To: <sip:sales@example.com>",
  "Call-ID: example-1",
  "CSeq: 1 INVITE",
  "Contact: <sip:alice@192.0.2.10>",
  "Content-Length: 0",
  "", "",
].join("\r\n"));
if (E.isRight(invite)) engine.receive(invite.right, { transport: "UDP", host: "192.0.2.10", port: 5060 });
// -> 192.0.2.10:5060 100
// -> 192.0.2.31:5060 INVITE
// -> 192.0.2.32:5060 INVITE
