// A redirect server (RFC 3261 §8.3, §21.3.3) in ~50 lines: a transaction user on the §17
// transaction layer, run by @puresip/node over UDP. Each request's user is looked up in a
// table; a known user gets 302 Moved Temporarily with the Contact to try, anyone else 404.
// The transaction layer absorbs the ACK of the 302 and retransmits it when the INVITE is
// retransmitted; the engine runs timers, sockets and the registry.
//   node examples/redirect-server.mjs [port]      (then: sipp -sf ... 127.0.0.1:<port>)
import { pathToFileURL } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { SeedCodec, mintTag, seedFromBytes } from "@puresip/kernel";
import { createResponse } from "@puresip/message";
import { defaultLayerConfig, layerElement } from "@puresip/transaction";
import { cryptoEntropy, serveElement } from "@puresip/node";

/** Where each user can be reached now: the redirect server's whole configuration. */
const locations = new Map([
  ["alice", "sip:alice@192.0.2.10:5060"],
  ["bob", "sip:bob@198.51.100.7:5080"],
  ["service", "sip:service@127.0.0.1:5062"],
]);

/** §8.2.6 answer to a request: 302 with a Contact, 404, or 200 for OPTIONS (§11.2). */
const answer = (request, toTag) => {
  const user = request.uri._tag === "SipUri" ? request.uri.user ?? "" : "";
  const target = locations.get(user);
  if (request.method === "OPTIONS") return createResponse(200, { toTag })(request);
  if (target === undefined) return createResponse(404, { toTag })(request);
  return createResponse(302, { toTag, headers: [{ name: "Contact", value: `<${target}>` }] })(request);
};

/** The transaction user: its state is the seed its To tags come from (§19.3). */
export const redirectServer = layerElement(defaultLayerConfig, {
  codec: SeedCodec,
  react: (seed, input, now) => {
    // The ACK of a 302 stays in its INVITE server transaction; nothing else needs an answer.
    if (input._tag !== "NewRequest" || input.request.method === "ACK") return [seed, []];
    // §9.2: 200 to a CANCEL whose INVITE transaction is still there (it changes nothing), else 481.
    if (input.request.method === "CANCEL") {
      const ok = createResponse(input.cancels._tag === "Some" ? 200 : 481, {})(input.request);
      return [seed, E.isRight(ok) ? [{ _tag: "Layer", event: { _tag: "SendResponse", now, key: input.key, response: ok.right } }] : []];
    }
    const [toTag, next] = mintTag(seed);
    const response = answer(input.request, toTag);
    return [next, E.isRight(response) ? [{ _tag: "Layer", event: { _tag: "SendResponse", now, key: input.key, response: response.right } }] : []];
  },
});

// Run as a program (not when a test imports it): listen until SIGINT/SIGTERM.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] ?? 5070);
  const served = await serveElement({
    element: redirectServer,
    start: { state: seedFromBytes(cryptoEntropy().bytes(16)), entries: [] },
    listen: [{ transport: "UDP", host: "127.0.0.1", port }],
  });
  console.log(`redirect server on udp 127.0.0.1:${served.transports[0].local.port}`);
  process.on("SIGINT", () => void served.close());
  process.on("SIGTERM", () => void served.close());
}
