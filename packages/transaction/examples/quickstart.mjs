// The README example; run it with `node examples/quickstart.mjs` after `pnpm build`.
import * as E from "fp-ts/lib/Either.js";
import { parseMessage } from "@puresip/message";
import { defaultLayerConfig, step } from "@puresip/transaction";

const layer = step(defaultLayerConfig);
const store = new Map(); // the live transactions: yours, not the layer's
const run = (event) => {
  for (const e of layer(store, event)) {
    if (e._tag === "Store") store.set(e.key, e.transaction);
    if (e._tag === "Forget") store.delete(e.key);
    console.log(e._tag, e._tag === "Store" ? `${e.transaction.state._tag}, tick at ${e.deadline.value}` : "");
  }
};
const parse = (text) => E.getOrElseW((err) => { throw new Error(err.detail); })(parseMessage(text.replaceAll("\n", "\r\n")));
const fields = (toTag) => `Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds7
To: Bob <sip:bob@biloxi.com>${toTag}
From: Bob <sip:bob@biloxi.com>;tag=456248
Call-ID: 843817637684230@998sdasdh09
CSeq: 1826 REGISTER
Content-Length: 0

`;
const register = parse(`REGISTER sip:registrar.biloxi.com SIP/2.0\nMax-Forwards: 70\n${fields("")}`);
const ok = parse(`SIP/2.0 200 OK\n${fields(";tag=2493k59kd")}`);
const registrar = { transport: "UDP", host: "192.0.2.4", port: 5060 };

run({ _tag: "SendRequest", now: 0, request: register, destination: registrar }); // Store (Trying, tick at 500), Transmit
run({ _tag: "Tick", now: 500, key: [...store.keys()][0] });                     // Timer E: Store (tick at 1500), Transmit
run({ _tag: "Received", now: 620, message: ok, source: registrar });            // Store (Completed, tick at 5620), Response
run({ _tag: "Tick", now: 5620, key: [...store.keys()][0] });                    // Timer K: Forget
console.log("live transactions:", store.size);                                  // 0
