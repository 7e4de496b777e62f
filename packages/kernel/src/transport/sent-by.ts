// What the client transport does to a request just before it leaves (§18.1.1): pick the
// transport actually used (a large request over UDP moves to TCP when the stack has it) and
// write that transport's sent-by into the top Via, keeping its branch and other parameters.
import * as E from "fp-ts/lib/Either.js";
import { printVia, replaceHeader } from "@puresip/message";
import type { Host, SipRequest } from "@puresip/message";
import type { Address } from "./transport/types.js";

/** §18.1.1: "larger than 1300 bytes and the path MTU is unknown". */
export const DEFAULT_TCP_THRESHOLD = 1300;

/**
 * §18.1.1: "If a request is within 200 bytes of the path MTU, or if it is larger than 1300
 * bytes and the path MTU is unknown, the request MUST be sent using an RFC 2914 congestion
 * controlled transport protocol, such as TCP."
 */
export const mustSwitchToTcp = (transport: string, size: number, threshold: number): boolean => transport.toUpperCase() === "UDP" && size > threshold;

const hostOf = (address: string): Host => (address.includes(":") ? { _tag: "IPv6", value: address } : /^[0-9.]+$/.test(address) ? { _tag: "IPv4", value: address } : { _tag: "Hostname", value: address });

/**
 * "If this causes a change in the transport protocol from the one indicated in the top Via,
 * the value in the top Via MUST be changed." The sent-by becomes the listening address of the
 * transport used. Unchanged when it already says so.
 */
export const stampSentBy =
  (transport: string, sentBy: Address) =>
  (request: SipRequest): E.Either<string, SipRequest> => {
    const [top, ...rest] = request.core.via;
    if (top === undefined) return E.left("a request without Via cannot be sent (§18.1.1)");
    if (top.transport.toUpperCase() === transport.toUpperCase() && top.host.value === sentBy.host && top.port === sentBy.port) return E.right(request);
    const via = { ...top, transport: transport.toUpperCase(), host: hostOf(sentBy.host), port: sentBy.port };
    const replaced = replaceHeader("Via", [via, ...rest].map(printVia))(request);
    return E.isLeft(replaced) ? E.left(`${replaced.left.header}: ${replaced.left.reason}`) : E.right(replaced.right);
  };
