// A request that created a server transaction (§16.2: "a stateful proxy ... MUST create a new
// server transaction"): §16.3 validation, the registrar for the proxy's domains (§10.3),
// §16.4 route preprocessing, §16.5 target determination, then a response context (§16.7).
// CANCEL is §16.10.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { mintTag } from "@puresip/kernel";
import type { Peer } from "@puresip/kernel";
import { Methods } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import { tryingFor } from "@puresip/transaction";
import type { Binding } from "@puresip/ua/registrar";
import { activeBindings } from "@puresip/ua/registrar";
import { cancelGrace } from "../config.js";
import type { ProxyContext } from "../context/types.js";
import { contextKey, indexKey } from "../context/types.js";
import { loopPart, validateRequest } from "../request-validation/index.js";
import { withFlowPath, withRequireOutbound } from "../outbound/registration.js";
import { routeOnArrival } from "../route-information/arrival.js";
import type { Target } from "../target-determination/route.js";
import { groupTargets, targetsOf } from "../target-determination/targets.js";
import { redirectContacts } from "../target-determination/redirect.js";
import { isOwnDomain } from "../self.js";
import { cancelPending, forward, settle } from "./branches.js";
import { isOptionsToProxy, optionsAnswerHeaders, storedBindings } from "./own.js";
import type { Reply } from "./authorize.js";
import { authorize, mustAuthenticate, withoutOwnProxyCredentials } from "./authorize.js";
import { register, registerWithOwner, registrarRequire } from "./registrar.js";
import { forwardStateless } from "./stateless.js";
import type { Work } from "./work.js";
import { answer, getContext, respond } from "./work.js";

const newContext = (w: Work, key: string, request: SipRequest, received: SipRequest, source: Peer): ProxyContext => {
  const [id, seed] = mintTag(w.seed);
  w.seed = seed;
  return {
    _tag: "Context",
    id,
    server: key,
    request,
    loop: loopPart(received),
    transport: source.transport,
    phase: "Forwarding",
    groups: [],
    branches: [],
    responses: [],
    finalSent: false,
    stop: false,
    endsAt: w.now + w.config.timerC + cancelGrace(w.config),
  };
};

/** §16.5: "If the target set remains empty ... the proxy MUST return an error response, which SHOULD be the 480". */
const startWith = (w: Work, c: ProxyContext, targets: ReadonlyArray<Target>): void => {
  if (targets.length === 0) {
    answer(w, c.server, c.request, 480);
    w.store.forget(indexKey(c.server));
    w.store.forget(contextKey(c.id));
    return;
  }
  w.store.put(indexKey(c.server), { _tag: "ServerIndex", context: c.id });
  forward(w, { ...c, groups: groupTargets(w.config.forking, targets) });
};

export const onNewRequest = (w: Work, key: string, request: SipRequest, source: Peer, cancels: O.Option<string>): void => {
  if (request.method === Methods.CANCEL) {
    onCancel(w, key, request, source, cancels);
    return;
  }
  const verdict = validateRequest(w.config, request);
  switch (verdict._tag) {
    case "Reject":
      answer(w, key, request, verdict.status, verdict.headers);
      return;
    case "AnswerOptions":
      answer(w, key, request, 200, optionsAnswerHeaders(w.config));
      return;
    case "Valid":
      break;
  }
  // §11: an OPTIONS addressed to the proxy itself (a keep-alive, a monitor) is the proxy's to answer.
  if (isOptionsToProxy(w.config, request)) {
    answer(w, key, request, 200, optionsAnswerHeaders(w.config));
    return;
  }
  // §10.3 step 2 for the proxy's registrar, before it asks for credentials (step 3).
  const unsupported = registrarRequire(w.config, request);
  if (O.isSome(unsupported)) {
    answer(w, key, request, unsupported.value.status, unsupported.value.headers);
    return;
  }
  const reply: Reply = (status, headers, reason) => {
    answer(w, key, request, status, headers, reason);
  };
  if (request.method === Methods.REGISTER && O.isSome(w.config.registrar) && isOwnDomain(w.config, request.uri)) {
    // §22.1: the registrar is a UAS; it challenges with 401.
    const authorized = authorize(w, request, source, "Registrar", reply);
    if (authorized._tag === "Answered") return;
    // RFC 5626 §6: an outbound REGISTER is stored with the flow it came on.
    const flowing = withFlowPath(w.config, request, source);
    if (w.config.location === "Owner") registerWithOwner(w, key, flowing, authorized.identity);
    else
      register(w, w.config.registrar.value, flowing, authorized.identity, (response) => {
        respond(w, key, withRequireOutbound(w.config, response));
      });
    return;
  }
  // §16.3 step 6, §22.3: the proxy's own users prove who they are before anything is forwarded.
  const authorized = mustAuthenticate(w, request) ? authorize(w, request, source, "Proxy", reply) : { _tag: "Go" as const, request: withoutOwnProxyCredentials(w, request) };
  if (authorized._tag === "Answered") return;
  // §16.2: "The proxy core MUST behave as a UAS with respect to sending an immediate provisional
  // on that server transaction (such as 100 Trying)" (§8.2.6.1: for INVITE only).
  if (request.method === Methods.INVITE) respond(w, key, tryingFor(request));
  const pre = routeOnArrival(w.config, authorized.request, source);
  if (E.isLeft(pre)) {
    answer(w, key, request, pre.left.status, [], pre.left.reason.slice(0, 100));
    return;
  }
  const decision = w.config.route(pre.right, w.config);
  const c = newContext(w, key, pre.right, request, source);
  switch (decision._tag) {
    case "Reject":
      answer(w, key, request, decision.status);
      return;
    case "Redirect":
      answer(w, key, request, decision.status, redirectContacts(decision.contacts));
      return;
    case "Targets":
      startWith(w, c, decision.targets);
      return;
    case "Location":
      if (w.config.location === "Registry") {
        startWith(w, c, targetsOf(storedBindings(w, decision.aor)));
        return;
      }
      // The owner's location service answers with `Located`; the context waits at most ownerDeadline.
      w.store.put(indexKey(key), { _tag: "ServerIndex", context: c.id });
      w.store.put(contextKey(c.id), { ...c, phase: "Locating", locateBy: w.now + w.config.ownerDeadline });
      w.out.push({ _tag: "Deliver", event: { _tag: "LocationQuery", context: c.id, aor: decision.aor } });
      return;
  }
};

/** The owner's location service answered for context `id`. */
export const onLocated = (w: Work, id: string, bindings: ReadonlyArray<Binding>): void => {
  const c = getContext(w, id);
  if (c === undefined || c.phase !== "Locating") return;
  if (c.stop) {
    settle(w, { ...c, phase: "Forwarding" });
    return;
  }
  startWith(w, { ...c, phase: "Forwarding" }, targetsOf(activeBindings(bindings, w.now)));
};

/**
 * The owner's location service could not answer for context `id`: §21.5.4 503 "Service
 * Unavailable", "The server MAY indicate when the client should retry the request in a
 * Retry-After header field". A 480 here would claim the callee is not registered.
 */
export const onLocationUnavailable = (w: Work, id: string, retryAfter: number): void => {
  const c = getContext(w, id);
  if (c === undefined || c.phase !== "Locating") return;
  if (c.stop) {
    settle(w, { ...c, phase: "Forwarding" });
    return;
  }
  const seconds = Number.isSafeInteger(retryAfter) && retryAfter > 0 ? retryAfter : 1;
  answer(w, c.server, c.request, 503, [{ name: "Retry-After", value: String(seconds) }], "Location Service Unavailable");
  w.store.forget(indexKey(c.server));
  w.store.forget(contextKey(c.id));
};

/**
 * §16.10: "If a response context is found, the element MUST immediately return a 200 (OK)
 * response to the CANCEL request ... [and] MUST generate CANCEL requests for all pending
 * client transactions in the context". "If a response context is not found, the element does
 * not have any knowledge of the request to apply the CANCEL to. It MUST statelessly forward
 * the CANCEL request (it may have statelessly forwarded the associated request previously)."
 * Forwarded statelessly, it keeps no server transaction either: a retransmission is forwarded
 * again, as §16.11 does, and the response goes back by its Via.
 */
const onCancel = (w: Work, key: string, request: SipRequest, source: Peer, cancels: O.Option<string>): void => {
  if (O.isNone(cancels)) {
    w.store.forget(key);
    forwardStateless(w, request, source);
    return;
  }
  answer(w, key, request, 200);
  const index = w.store.get(indexKey(cancels.value));
  const c = index?._tag === "ServerIndex" ? getContext(w, index.context) : undefined;
  if (c === undefined || c.finalSent) return;
  if (c.phase === "Locating") {
    answer(w, c.server, c.request, 487);
    settle(w, { ...c, stop: true, finalSent: true, phase: "Forwarding" }); return;
  }
  settle(w, cancelPending(w, { ...c, stop: true }));
};

