// RFC 3261 §16.6 step 8 (as replaced by RFC 5393 §4.2.1) and step 9. The branch is separable
// into two parts: the first unique to this branch (§8.1.1.7, the magic cookie, and here the
// context and branch number so a response finds its branch), the second the loop-detection
// part (request-validation/loop.ts). §16.11: a stateless proxy's first part is a hash of the
// received branch, so a retransmission gets the same branch again.
import * as E from "fp-ts/lib/Either.js";
import { findParam, MAGIC_COOKIE, prependHeader, setHeader } from "@puresip/message";
import type { SipRequest } from "@puresip/message";
import type { ProxyConfig } from "../config.js";
import { digest } from "../branch-digest.js";
import { viaValue } from "../self.js";

/** The branch of branch `index` of context `context` (both lower-case hex and digits). */
export const statefulBranch = (context: string, index: number, loop: string): string => `${MAGIC_COOKIE}${context}-${String(index)}.${loop}`;

/** Context id and branch index of one of our stateful branches, if `branch` is one. */
export const parseStatefulBranch = (branch: string): { readonly context: string; readonly index: number } | undefined => {
  const b = branch.toLowerCase();
  if (!b.startsWith(MAGIC_COOKIE.toLowerCase())) return undefined;
  const first = b.slice(MAGIC_COOKIE.length).split(".")[0] ?? "";
  const [context, index] = first.split("-");
  if (context === undefined || index === undefined || !/^[0-9a-f]{16}$/.test(context) || !/^[0-9]{1,4}$/.test(index)) return undefined;
  return { context, index: Number(index) };
};

/**
 * §16.11: "If [the received branch] begins with the magic cookie, the first component of the
 * branch ID of the outgoing request is computed as a hash of the received branch ID. Otherwise
 * ... a hash of the To tag, From tag, Call-ID header field, the Request-URI ... the topmost
 * Via header, and the sequence number from the CSeq header field". The Request-URI is always
 * included here, so one received request forwarded to two targets gets two branches.
 */
export const statelessBranch = (received: SipRequest, target: string, loop: string): string => {
  const top = received.core.via[0];
  const branch = top === undefined ? undefined : findParam(top.params, "branch")?.value;
  const parts =
    branch !== undefined && branch.startsWith(MAGIC_COOKIE)
      ? [branch.toLowerCase()]
      : [
          findParam(received.core.to?.params ?? [], "tag")?.value ?? "",
          findParam(received.core.from?.params ?? [], "tag")?.value ?? "",
          received.core.callId ?? "",
          received.headers.find((h) => h.name.toLowerCase() === "via" || h.name.toLowerCase() === "v")?.value ?? "",
          String(received.core.cseq?.seq ?? ""),
        ];
  return `${MAGIC_COOKIE}${digest([...parts, target])}.${loop}`;
};

/**
 * Step 8, "The proxy MUST insert a Via header field value into the copy before the existing
 * Via header field values", then step 9: "If the request will be sent using a stream-based
 * transport and the copy contains no Content-Length header field, the proxy MUST insert one".
 */
export const addVia = (config: ProxyConfig, request: SipRequest, transport: string, branch: string): E.Either<string, SipRequest> => {
  const via = E.mapLeft((e: { readonly reason: string }) => e.reason)(prependHeader("Via", viaValue(config, transport, branch))(request));
  if (E.isLeft(via) || via.right.core.contentLength !== undefined) return via;
  return E.mapLeft((e: { readonly reason: string }) => e.reason)(setHeader("Content-Length", String(request.body.length))(via.right));
};
