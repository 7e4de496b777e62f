// Alice subscribes to Bob's presence (RFC 6665), then Bob transfers a call to Carol (RFC 3515):
// the usages run against each other with every message handed across by hand.
// Run with `node examples/subscription.mjs` after `pnpm build`.
import * as E from "fp-ts/lib/Either.js";
import { Methods, createResponse, parseNameAddr, parseUri, parseVia, serializeMessage, tag } from "@puresip/message";
import { createUacDialog, createUasDialog } from "@puresip/dialog";
import { basicCapabilities, newRequest, referInDialog, startNotifier, startReferee, startSubscriber, stepNotifier, stepReferee, stepReferer, stepSubscriber } from "@puresip/ua";

const right = (r) => { if (E.isLeft(r)) throw new Error(JSON.stringify(r.left)); return r.right; };
const sent = (effects) => effects.filter((f) => f._tag === "SendRequest").map((f) => f.request);
const answers = (effects) => effects.filter((f) => f._tag === "SendResponse").map((f) => f.response);
const heard = (who, effects) => effects.filter((f) => f._tag === "Notify").forEach((f) => console.log(`${who} hears`, f.notice._tag, f.notice.status ?? f.notice.state?._tag ?? f.notice.reason?._tag ?? ""));
const show = (m) => console.log(new TextDecoder().decode(serializeMessage(m)).split("\r\n")[0]);

const alice = { localContact: right(parseNameAddr("<sip:alice@192.0.2.1>")), localVia: right(parseVia("SIP/2.0/UDP 192.0.2.1:5060"))[0], t1: 500, overTls: false };
const bob = { localContact: right(parseNameAddr("<sip:bob@192.0.2.4>")), localVia: right(parseVia("SIP/2.0/UDP 192.0.2.4:5060"))[0], t1: 500, overTls: false };
const spec = (method) => ({
  method, requestUri: right(parseUri("sip:bob@biloxi.example.com")), capabilities: basicCapabilities,
  from: { aor: right(parseUri("sip:alice@atlanta.example.com")) }, to: { aor: right(parseUri("sip:bob@biloxi.example.com")) },
  contact: alice.localContact, sentBy: { host: { _tag: "IPv4", value: "192.0.2.1" }, port: 5060, transport: "UDP" },
});
const entropy = (seq) => ({ branch: crypto.getRandomValues(new Uint8Array(8)), fromTag: crypto.getRandomValues(new Uint8Array(4)), callId: crypto.getRandomValues(new Uint8Array(16)), seq });

// --- RFC 6665: SUBSCRIBE, 200, NOTIFY, 200
const presence = { type: "presence", id: null };
let [sub, fx] = startSubscriber({ config: { ...alice, event: presence, method: "SUBSCRIBE", expires: 600, refresh: true }, now: 0, seed: 1 }, right(newRequest(spec(Methods.SUBSCRIBE), entropy(1))));
const subscribe = sent(fx)[0]; show(subscribe);
let [ntf, nfx] = startNotifier({ config: { ...bob, event: presence, method: "SUBSCRIBE", minExpires: 60, maxExpires: 3600 }, now: 0, seed: 2, toTag: right(tag("b0b")) }, subscribe);
heard("Bob", nfx);
[ntf, nfx] = stepNotifier(ntf, { _tag: "Accept", now: 1, state: "Active", body: { type: "text/plain", content: new TextEncoder().encode("open") } });
answers(nfx).forEach(show); sent(nfx).forEach(show);
[sub, fx] = stepSubscriber(sub, { _tag: "Received", now: 2, message: answers(nfx)[0] }); heard("Alice", fx);
[sub, fx] = stepSubscriber(sub, { _tag: "Received", now: 3, message: sent(nfx)[0] }); heard("Alice", fx);
[ntf, nfx] = stepNotifier(ntf, { _tag: "Received", now: 4, message: answers(fx)[0] }); heard("Bob", nfx);

// --- RFC 3515: in a call between them, Bob refers Alice to Carol
const invite = right(newRequest(spec(Methods.INVITE), entropy(1)));
const ok = right(createResponse(200, { toTag: right(tag("c4ll")), headers: [{ name: "Contact", value: "<sip:bob@192.0.2.4>" }] })(invite));
let [referer, rfx] = referInDialog({ config: { ...bob, expires: 60 }, now: 10, seed: 3 }, right(createUasDialog(invite, { overTls: false })(ok)), right(parseNameAddr("<sip:carol@chicago.example.com>")));
show(sent(rfx)[0]);
let [referee, efx] = startReferee({ config: { ...alice, expires: 60 }, now: 11, seed: 4, toTag: right(tag("x")), dialog: right(createUacDialog(invite, { overTls: false })(ok)) }, sent(rfx)[0]);
heard("Alice", efx);
[referee, efx] = stepReferee(referee, { _tag: "Accept", now: 12 });             // 202 + NOTIFY "SIP/2.0 100 Trying"
[referer, rfx] = stepReferer(referer, { _tag: "Received", now: 13, message: answers(efx)[0] }); heard("Bob", rfx);
[referer, rfx] = stepReferer(referer, { _tag: "Received", now: 14, message: sent(efx)[0] }); heard("Bob", rfx);
[referee, efx] = stepReferee(referee, { _tag: "Received", now: 15, message: answers(rfx)[0] });
// ... Alice's INVITE to Carol is answered 200:
[referee, efx] = stepReferee(referee, { _tag: "Progress", now: 20, status: 200 });   // NOTIFY "SIP/2.0 200 OK", terminated
[referer, rfx] = stepReferer(referer, { _tag: "Received", now: 21, message: sent(efx)[0] }); heard("Bob", rfx);
[referee, efx] = stepReferee(referee, { _tag: "Received", now: 22, message: answers(rfx)[0] }); heard("Alice", efx);
