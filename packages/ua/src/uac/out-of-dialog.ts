// New requests outside a dialog from this UA's configuration (§8.1.1), with identifiers minted
// from the UA's entropy.
import * as E from "fp-ts/lib/Either.js";
import { contentTypeHeader } from "@puresip/message";
import type { HeaderField, Method, NameAddr, SipRequest, Uri, Via } from "@puresip/message";
import type { Body } from "@puresip/dialog";
import { newRequest } from "./new-request.js";
import type { RequestBody } from "./new-request.js";
import type { Ctx } from "../core/context.js";
import { hex, mintCallId, mintTag } from "../core/context.js";

export interface Outgoing {
  readonly method: Method;
  readonly to: Uri;
  readonly toName?: string;
  readonly body?: Body;
  readonly headers?: ReadonlyArray<HeaderField>;
  readonly contact: boolean;
  /** The user part of the Contact URI for this request (`MakeCall.contactUser`); absent: `UaConfig.contact`'s. */
  readonly contactUser?: string;
}

const requestBody = (body: Body): E.Either<string, RequestBody> =>
  E.bimap(
    (e: { readonly reason: string }) => `bad Content-Type "${body.type}": ${e.reason}`,
    (contentType: RequestBody["contentType"]): RequestBody => ({ contentType, bytes: body.content }),
  )(contentTypeHeader.parse(body.type));

/** §8.1.1: a request outside a dialog, To `to`, From this UA, with fresh branch, tag and Call-ID. */
export const outOfDialog = (ctx: Ctx, spec: Outgoing): E.Either<string, SipRequest> => {
  const c = ctx.config;
  const body = spec.body === undefined ? E.right(undefined) : requestBody(spec.body);
  if (E.isLeft(body)) return body;
  const built = newRequest(
    {
      method: spec.method,
      requestUri: spec.to,
      from: { aor: c.aor, ...(c.displayName === undefined ? {} : { displayName: c.displayName }) },
      to: { aor: spec.to, ...(spec.toName === undefined ? {} : { displayName: spec.toName }) },
      ...(spec.contact ? { contact: localContact(ctx, spec.contactUser) } : {}),
      sentBy: c.sentBy,
      ...(c.outboundProxy === undefined ? {} : { route: c.outboundProxy }),
      ...(body.right === undefined ? {} : { body: body.right }),
      ...(spec.headers === undefined ? {} : { headers: spec.headers }),
      capabilities: c.capabilities,
    },
    { branch: hex(ctx, 2), fromTag: mintTag(ctx), callId: mintCallId(ctx), seq: 1 },
  );
  return E.mapLeft((e: { readonly _tag: string }) => `cannot build the ${spec.method}: ${e._tag}`)(built);
};

/**
 * This UA's Contact as a name-addr (§8.1.1.8), with `UaConfig.contactParams` (RFC 3840 feature
 * parameters such as RFC 4579's `isfocus`). `user`, when given, replaces the user part of a SIP
 * contact: a focus names the conference a dialog belongs to by its Contact (RFC 4579 §4.2).
 */
export const localContact = (ctx: Ctx, user?: string): NameAddr => {
  const base = ctx.config.contact;
  const uri = user !== undefined && base._tag === "SipUri" ? { ...base, user } : base;
  return { _tag: "NameAddr", uri, angle: true, params: ctx.config.contactParams ?? [] };
};

/** The top Via of this UA's requests, without a branch (each request adds its own), with `rport` (RFC 3581 §3). */
export const localVia = (ctx: Ctx): Via => ({
  protocolName: "SIP",
  protocolVersion: "2.0",
  transport: ctx.config.sentBy.transport.toUpperCase(),
  host: ctx.config.sentBy.host,
  ...(ctx.config.sentBy.port === undefined ? {} : { port: ctx.config.sentBy.port }),
  params: [{ name: "rport" }],
});
