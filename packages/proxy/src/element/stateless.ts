// §16.11 "Stateless Proxy": "essentially, a stateless proxy forwards every request it receives
// downstream and every response it receives upstream". It validates (§16.3), preprocesses
// routes (§16.4), determines targets (§16.5) and "MUST choose only one" (the first by
// q-value), then forwards with a branch computed from the received one, so a retransmission
// gets the same branch. A stateful proxy uses the same path for the ACK of a 2xx, which is no
// transaction of its own (§17.2.3, §16.7 step 5's "ACK for 2xx passed through").
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { mintTag } from "@puresip/kernel";
import type { Peer } from "@puresip/kernel";
import { Methods, printUri } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { cancelGrace } from "../config.js";
import { pendingKey } from "../context/types.js";
import { forwardCopy, secondRecordRoute, toStrictRouter } from "../forwarding/copy.js";
import { nextHop } from "../forwarding/next-hop.js";
import { addVia, statelessBranch } from "../forwarding/via.js";
import { loopPart, validateRequest } from "../request-validation/index.js";
import { flowHop } from "../outbound/routing.js";
import { withFlowPath, withRequireOutbound } from "../outbound/registration.js";
import { routeOnArrival } from "../route-information/arrival.js";
import type { Target } from "../target-determination/route.js";
import { targetsOf } from "../target-determination/targets.js";
import { redirectContacts } from "../target-determination/redirect.js";
import { isOwnDomain } from "../self.js";
import { isOptionsToProxy, optionsAnswerHeaders, storedBindings } from "./own.js";
import type { Reply } from "./authorize.js";
import { authorize, mustAuthenticate, withoutOwnProxyCredentials } from "./authorize.js";
import { register, registrarRequire } from "./registrar.js";
import type { Work } from "./work.js";
import { dropped, ownResponse, transmit } from "./work.js";

/** A response the stateless proxy makes itself goes straight back where the request came from. */
const answerStateless = (w: Work, request: SipRequest, source: Peer, status: number, headers: ReadonlyArray<{ readonly name: string; readonly value: string }> = [], reason?: string): void => {
  if (request.method === Methods.ACK) {
    dropped(w, `an ACK that would get ${String(status)}`);
    return;
  }
  const r = ownResponse(w, request, status, headers, reason);
  if (E.isRight(r)) transmit(w, r.right, source);
};

const send = (w: Work, request: SipRequest, branch: string, peer: Peer, inbound: string): void => {
  const sent = E.flatMap(secondRecordRoute(w.config, request, inbound, peer.transport), (r) => addVia(w.config, r, peer.transport, branch));
  if (E.isRight(sent)) transmit(w, sent.right, peer);
  else dropped(w, sent.left);
};

const firstTarget = (targets: ReadonlyArray<Target>): Target | undefined =>
  targets.reduce<Target | undefined>((best, t) => (best === undefined || t.q > best.q ? t : best), undefined);

export const forwardStateless = (w: Work, request: SipRequest, source: Peer): void => {
  const verdict = validateRequest(w.config, request);
  if (verdict._tag === "Reject") {
    answerStateless(w, request, source, verdict.status, verdict.headers);
    return;
  }
  if (verdict._tag === "AnswerOptions" || isOptionsToProxy(w.config, request)) {
    answerStateless(w, request, source, 200, optionsAnswerHeaders(w.config));
    return;
  }
  // §10.3 step 2 for the proxy's registrar, before it asks for credentials (step 3).
  const unsupported = registrarRequire(w.config, request);
  if (O.isSome(unsupported)) {
    answerStateless(w, request, source, unsupported.value.status, unsupported.value.headers);
    return;
  }
  const reply: Reply = (status, headers, reason) => {
    answerStateless(w, request, source, status, headers, reason);
  };
  if (request.method === Methods.REGISTER && O.isSome(w.config.registrar) && isOwnDomain(w.config, request.uri)) {
    const authorized = authorize(w, request, source, "Registrar", reply);
    if (authorized._tag === "Answered") return;
    register(w, w.config.registrar.value, withFlowPath(w.config, request, source), authorized.identity, (response) => {
      transmit(w, withRequireOutbound(w.config, response), source);
    });
    return;
  }
  const authorized = mustAuthenticate(w, request) ? authorize(w, request, source, "Proxy", reply) : { _tag: "Go" as const, request: withoutOwnProxyCredentials(w, request) };
  if (authorized._tag === "Answered") return;
  const pre = routeOnArrival(w.config, authorized.request, source);
  if (E.isLeft(pre)) {
    answerStateless(w, request, source, pre.left.status);
    return;
  }
  const decision = w.config.route(pre.right, w.config);
  if (decision._tag === "Reject") {
    answerStateless(w, request, source, decision.status);
    return;
  }
  if (decision._tag === "Redirect") {
    answerStateless(w, request, source, decision.status, redirectContacts(decision.contacts));
    return;
  }
  // The stateless path has no context to wait in: the location service (and its registrar) is the registry's.
  const targets = decision._tag === "Targets" ? decision.targets : targetsOf(storedBindings(w, decision.aor));
  const target = firstTarget(targets);
  if (target === undefined) {
    answerStateless(w, request, source, 480);
    return;
  }
  const copy = forwardCopy(w.config, pre.right, target.uri, source.transport, target.path ?? []);
  if (E.isLeft(copy)) {
    answerStateless(w, request, source, 500);
    return;
  }
  const branch = statelessBranch(request, printUri(target.uri), loopPart(request));
  // RFC 5626 §5.3.1: a flow-token Route of ours on top: over that flow.
  const flow = flowHop(w.config, copy.right);
  if (flow._tag === "Refused") {
    answerStateless(w, request, source, flow.refusal.status);
    return;
  }
  if (flow._tag === "Flow") {
    send(w, flow.request, branch, flow.flow, source.transport);
    return;
  }
  const hop = nextHop(copy.right, source.transport, toStrictRouter(pre.right, target.path ?? []));
  switch (hop._tag) {
    case "Peer":
      send(w, copy.right, branch, hop.peer, source.transport);
      return;
    case "Unroutable":
      answerStateless(w, request, source, 503);
      return;
    case "Resolve": {
      const [id, seed] = mintTag(w.seed);
      w.seed = seed;
      w.store.put(pendingKey(id), { _tag: "Pending", request: copy.right, branch, inbound: source.transport, until: w.now + cancelGrace(w.config) });
      w.out.push({ _tag: "Resolve", id: pendingKey(id), target: hop.target, transport: hop.transport });
      return;
    }
  }
};

/** RFC 3263 answered for a statelessly forwarded request (its `Resolve` id is its key). */
export const onResolvedPending = (w: Work, key: string, result: E.Either<string, ReadonlyArray<Peer>>): void => {
  const p = w.store.get(key);
  if (p?._tag !== "Pending") return;
  w.store.forget(key);
  const peer = E.isRight(result) ? result.right[0] : undefined;
  if (peer === undefined) {
    dropped(w, `no next hop for a stateless ${p.request.method}: ${E.isLeft(result) ? result.left : "no address"}`);
    return;
  }
  send(w, p.request, p.branch, peer, p.inbound);
};
