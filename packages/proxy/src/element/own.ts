// What the proxy answers or knows by itself, for both the stateful path (./requests.ts) and
// the stateless one (./stateless.ts): §11's OPTIONS addressed to it, and the bindings its own
// registrar holds (§10.3).
import { Methods } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { Binding } from "@puresip/ua/registrar";
import { activeBindings } from "@puresip/ua/registrar";
import type { ProxyConfig } from "../config.js";
import { bindingsKey } from "../context/types.js";
import { isOwnUri } from "../self.js";
import type { Work } from "./work.js";

/** §11.2 for OPTIONS with Max-Forwards 0: the proxy's own capabilities. */
export const OPTIONS_HEADERS = [{ name: "Allow", value: "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER" }];

/** An OPTIONS whose Request-URI is the proxy itself, with no user part. */
export const isOptionsToProxy = (config: ProxyConfig, request: SipRequest): boolean =>
  request.method === Methods.OPTIONS && request.uri._tag === "SipUri" && request.uri.user === undefined && isOwnUri(config, request.uri);

/** The bindings the proxy's own registrar holds for `aor`, still in force. */
export const storedBindings = (w: Work, aor: string): ReadonlyArray<Binding> => {
  const e = w.store.get(bindingsKey(aor));
  return e?._tag === "Bindings" ? activeBindings(e.bindings, w.now) : [];
};
