// What happens to the Route header field of a request as it arrives (§16.4), with RFC 5626
// §5.3's flow tokens: this proxy's own values go, plain ones by §16.4 and flow-token ones that
// name the flow the request came on ("outgoing"), in whatever order the route set put them; a
// flow-token value for another flow ("incoming") stays for forwarding to act on. A dialog-forming
// request from an outbound UA then gets the Record-Route of its flow (§5.3.2).
import * as E from "fp-ts/lib/Either.js";
import type { Peer } from "@puresip/kernel";
import type { SipRequest } from "@puresip/message";
import type { ProxyConfig } from "../config.js";
import type { FlowRefusal } from "../outbound/routing.js";
import { dropOutgoingFlowRoutes, recordOutgoingFlow } from "../outbound/routing.js";
import { preprocessRoute } from "./preprocessing.js";

/** §16.4 and RFC 5626 §5.3 on a request received from `source`; Left: the response status that refuses it, and why. */
export const routeOnArrival = (config: ProxyConfig, request: SipRequest, source: Peer): E.Either<FlowRefusal, SipRequest> => {
  const outgoing = dropOutgoingFlowRoutes(config, request, source);
  if (E.isLeft(outgoing)) return outgoing;
  const pre = preprocessRoute(config, outgoing.right);
  if (E.isLeft(pre)) return E.left({ status: 400, reason: pre.left });
  return E.map((r: SipRequest) => recordOutgoingFlow(config, r, source))(dropOutgoingFlowRoutes(config, pre.right, source));
};
