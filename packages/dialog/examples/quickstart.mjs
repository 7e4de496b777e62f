// Run against the built package: `node examples/quickstart.mjs` after `pnpm turbo run build`.
import * as E from "fp-ts/lib/Either.js";
import { parseMessage, printUri } from "@puresip/message";
import { createUacDialog, nextLocalSeq, requestTarget } from "@puresip/dialog";

const sip = (...lines) => {
  const parsed = parseMessage(`${lines.join("\r\n")}\r\n\r\n`);
  if (E.isLeft(parsed)) throw new Error(JSON.stringify(parsed.left));
  return parsed.right;
};
const common = ["From: Alice <sip:alice@atlanta.com>;tag=1928301774", "Call-ID: a84b4c76e66710@pc33.atlanta.com", "CSeq: 314159 INVITE"];
const invite = sip("INVITE sip:bob@biloxi.com SIP/2.0", "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds",
  "To: Bob <sip:bob@biloxi.com>", ...common, "Contact: <sip:alice@pc33.atlanta.com>", "Max-Forwards: 70", "Content-Length: 0");
const ok = sip("SIP/2.0 200 OK", "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds", "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf",
  ...common, "Record-Route: <sip:p2.biloxi.com;lr>", "Record-Route: <sip:p1.atlanta.com;lr>", "Contact: <sip:bob@192.0.2.4>", "Content-Length: 0");

const dialog = createUacDialog(invite, { overTls: false })(ok);   // RFC 3261 §12.1.2
if (E.isLeft(dialog)) throw new Error(JSON.stringify(dialog.left));
const [seq] = nextLocalSeq(1)(dialog.right);                       // §12.2.1.1: 314160
const { requestUri, route } = requestTarget(dialog.right);         // loose routing
console.log(`BYE ${printUri(requestUri)} CSeq ${seq}; Route: ${route.map((r) => `<${printUri(r.uri)}>`).join(", ")}`);
