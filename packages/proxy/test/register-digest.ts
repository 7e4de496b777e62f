// REGISTER with digest against the test proxy's registrar (§22.1): the 401, and alice's answer to
// it on a new transaction, as a UA that registers does.
import type { SipResponse } from "@puresip/message";
import type { Peer } from "@puresip/kernel";
import { answerTo, withHeader } from "./auth-fixtures.js";
import type { harness} from "./sip.js";
import { register, responses } from "./sip.js";

export const registrarPeer: Peer = { transport: "UDP", host: "192.0.2.20", port: 5060 };
const CONTACT = "<sip:alice@192.0.2.10>";

export type Harness = ReturnType<typeof harness>;

/** Alice's REGISTER without credentials on Call-ID `callId`: the proxy's answers (a 401, normally). */
export const unauthenticated = (h: Harness, callId: string, from: Peer = registrarPeer): ReadonlyArray<SipResponse> => {
  h.engine.receive(register("alice", CONTACT, callId), from);
  return responses(h.take());
};

/** Alice's REGISTER on Call-ID `callId` answering `challenge` with count `nc` (and `password`): the proxy's answers. */
export const answering = (h: Harness, challenge: SipResponse, callId: string, nc = 1, password = "secret", from: Peer = registrarPeer): ReadonlyArray<SipResponse> => {
  const r = register("alice", CONTACT, callId);
  h.engine.receive(withHeader(r, "Authorization", answerTo(challenge, r, password, nc)), from);
  return responses(h.take());
};

/** Registry keys with `prefix`: `N ` nonce uses, `Q Nonces ` their slots, `B ` failure budgets. */
export const keysWith = (h: Harness, prefix: string): ReadonlyArray<string> => [...h.engine.registry.keys()].filter((k) => k.startsWith(prefix));
