// §20.35 Server and §20.41 User-Agent: "Implementers SHOULD make the ... header field a
// configurable option." `Capabilities.agent` names the product (absent: neither field is
// written, which §20.35 and §26.3 also leave open: the field tells an attacker the software).
import * as E from "fp-ts/lib/Either.js";
import { headerValues, setHeader } from "@puresip/message";
import type { SipMessage } from "@puresip/message";
import type { LayerEvent } from "@puresip/transaction";
import { isAgentText } from "../capabilities.js";
import type { Capabilities } from "../capabilities.js";

/** The message with the field added, unless it has one already (the application's own wins). */
const stamped = <M extends SipMessage>(m: M, name: "Server" | "User-Agent", agent: string): M => {
  if (headerValues(name)(m).length > 0) return m;
  const next = setHeader(name, agent)(m);
  return E.isRight(next) ? next.right : m;
};

/** The agent to write, checked once per configuration: none when absent or not a valid one-line server-val list. */
export const agentOf = (capabilities: Capabilities): string | undefined => {
  const agent = capabilities.agent;
  return agent !== undefined && isAgentText(agent) ? agent : undefined;
};

/** The event with User-Agent on a request the UA sends and Server on a response (`agent` from `agentOf`); otherwise as it came. */
export const withAgent = (agent: string | undefined, event: LayerEvent): LayerEvent => {
  if (agent === undefined) return event;
  switch (event._tag) {
    case "SendRequest":
      return { ...event, request: stamped(event.request, "User-Agent", agent) };
    case "SendResponse":
      return { ...event, response: stamped(event.response, "Server", agent) };
    case "Received":
    case "Tick":
    case "TransportError":
    case "Destroy":
      return event;
    default:
      return event satisfies never;
  }
};
