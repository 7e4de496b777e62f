// What the subscriber and the notifier share: effects, responses, in-dialog requests with a
// fresh branch, the Expires of a SUBSCRIBE and the status codes that end a dialog usage.
import type { Seed } from "@puresip/kernel";
import * as E from "fp-ts/lib/Either.js";
import type * as O from "fp-ts/lib/Option.js";
import { buildRequest, nextVia } from "@puresip/dialog";
export { nextVia };
import type { Body, Dialog } from "@puresip/dialog";
import { Methods, createResponse, expiresHeader, printContact, readHeader } from "@puresip/message";
import type { HasHeaders, HeaderField, Method, SipRequest, SipResponse, Tag } from "@puresip/message";
import type { UsageConfig, UsageEffect } from "./types.js";

export const notify = <N>(notice: N): UsageEffect<N> => ({ _tag: "Notify", notice });
export const sendRequest = <N>(request: SipRequest): UsageEffect<N> => ({ _tag: "SendRequest", request });
export const discarded = <N>(reason: string): UsageEffect<N> => ({ _tag: "Discarded", reason });

/** 64*T1: RFC 6665 §4.1.2.4 Timer N, like the non-INVITE transaction timeout of RFC 3261 §17.1.2.2. */
export const timerN = (config: UsageConfig, now: number): number => now + 64 * config.t1;

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/**
 * RFC 6665 §4.1.2.2 and §4.2.2: "a 404, 405, 410, 416, 480-485, 489, 501, or 604 response"
 * ends the subscription (RFC 5057 §5.1: these terminate the usage).
 */
export const endsUsage = (status: number): boolean =>
  status === 404 || status === 405 || status === 410 || status === 416 || (status >= 480 && status <= 485) || status === 489 || status === 501 || status === 604;

/** A response to `request` as an effect; a response that cannot be built is reported, not thrown. */
export const respond = <N>(request: SipRequest, status: number, headers: ReadonlyArray<HeaderField> = [], toTag?: Tag): UsageEffect<N> => {
  const r = createResponse(status, { headers, ...(toTag === undefined ? {} : { toTag }) })(request);
  return E.isRight(r) ? { _tag: "SendResponse", request, response: r.right } : discarded(`no ${String(status)} for ${request.method}: ${r.left.reason}`);
};

export const bodyFields = (body: Body | null | undefined): { readonly headers: ReadonlyArray<HeaderField>; readonly body?: Uint8Array } =>
  body === null || body === undefined ? { headers: [] } : { headers: [{ name: "Content-Type", value: body.type }], body: body.content };

/** A request in the dialog (RFC 3261 §12.2.1.1) with our Contact; the dialog remembers its CSeq. */
export const inDialogRequest = (
  config: UsageConfig,
  seed: Seed,
  dialog: Dialog,
  method: Method,
  headers: ReadonlyArray<HeaderField>,
  body?: Body | null,
): E.Either<string, { readonly request: SipRequest; readonly dialog: Dialog; readonly seed: Seed }> => {
  const [via, next] = nextVia(config.localVia, seed);
  const b = bodyFields(body);
  const built = buildRequest({
    method,
    via,
    initialSeq: 1,
    contact: [config.localContact],
    headers: [...headers, ...b.headers],
    ...(b.body === undefined ? {} : { body: b.body }),
  })(dialog);
  return E.isRight(built) ? E.right({ request: built.right[0], dialog: built.right[1], seed: next }) : E.left(`${method} could not be built: ${built.left._tag}`);
};

/** The Expires header of a SUBSCRIBE or its 2xx (RFC 6665 §3.1.1): None when absent, Left when malformed. */
export const expiresOf = (message: HasHeaders): E.Either<string, O.Option<number>> =>
  E.mapLeft((e: { readonly reason: string }) => `Expires: ${e.reason}`)(readHeader(expiresHeader)(message));

export const contactField = (config: UsageConfig): HeaderField => ({ name: "Contact", value: printContact([config.localContact]) });

export const cseqOf = (message: SipRequest | SipResponse): number | null => message.core.cseq?.seq ?? null;

export const sameCSeq = (a: SipRequest, b: SipResponse): boolean => a.core.cseq !== undefined && b.core.cseq !== undefined && a.core.cseq.seq === b.core.cseq.seq && a.core.cseq.method === b.core.cseq.method;

/** The creating request's method as a SIP Method. */
export const creatingMethod = (config: UsageConfig): Method => (config.method === "SUBSCRIBE" ? Methods.SUBSCRIBE : Methods.REFER);
