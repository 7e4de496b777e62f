// RFC 3261 §16.7 step 3, "The proxy removes the topmost Via header field value from the
// response", and the stateless path of step 1 and §16.11: a response that matches no context
// goes to the address of the Via below ours (§18.2.2).
import * as E from "fp-ts/lib/Either.js";
import { findParam, printVia, replaceHeader } from "@puresip/message";
import type { SipResponse } from "@puresip/message";
import type { Peer } from "@puresip/kernel";
import type { ProxyConfig } from "../config.js";
import { defaultPortOf, isOwnVia } from "../self.js";

/** The response with its top Via (ours) removed; a Left when it has no other Via to go to. */
export const withoutTopVia = (response: SipResponse): E.Either<string, SipResponse> => {
  const [, ...rest] = response.core.via;
  if (rest.length === 0) return E.left("the response has no Via below the proxy's: it has nowhere to go (§16.7 step 3)");
  return E.mapLeft((e: { readonly reason: string }) => e.reason)(replaceHeader("Via", rest.map(printVia))(response));
};

/**
 * §18.2.2 for a response whose top Via is now the upstream element's: `received` (and
 * `rport`, RFC 3581 §4) when present, else the sent-by. A sent-by that is a name is used as is.
 */
export const viaDestination = (response: SipResponse): E.Either<string, Peer> => {
  const via = response.core.via[0];
  if (via === undefined) return E.left("no Via");
  const received = findParam(via.params, "received")?.value;
  const rport = Number(findParam(via.params, "rport")?.value ?? "");
  const port = Number.isInteger(rport) && rport > 0 && rport <= 65535 ? rport : (via.port ?? defaultPortOf(via.transport));
  return E.right({ transport: via.transport.toUpperCase(), host: received !== undefined && received.length > 0 ? received : via.host.value, port });
};

/**
 * §16.11 / §16.7 step 1: forward a response statelessly: ours must be the top Via (else it is
 * not ours to forward, and it is dropped), removed, and the rest says where it goes.
 */
export const statelessResponse = (config: ProxyConfig, response: SipResponse): E.Either<string, readonly [SipResponse, Peer]> => {
  const top = response.core.via[0];
  if (top === undefined || !isOwnVia(config, top)) return E.left("the top Via is not this proxy's");
  return E.flatMap(withoutTopVia(response), (up) => E.map((peer: Peer) => [up, peer] as const)(viaDestination(up)));
};
