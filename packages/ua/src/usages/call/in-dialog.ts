// §12.2.1.1: a request of the application's in the call's confirmed dialog that is none of the
// INVITE session's own (INFO, RFC 6086; an in-dialog MESSAGE or OPTIONS): built from the
// session's dialog (its CSeq, route set, remote target) so the session's next request follows it,
// and its final response told to the application as `InDialogDone` (a B2BUA relays it).
import * as E from "fp-ts/lib/Either.js";
import { Methods } from "@puresip/message";
import type { HeaderField, SipRequest, SipResponse } from "@puresip/message";
import { buildRequest } from "@puresip/dialog";
import type { Body } from "@puresip/dialog";
import type { Ctx } from "../../core/context.js";
import { deliver, problem } from "../../core/context.js";
import type { UsageKey } from "../../core/types.js";
import { sendRequest } from "../../uac/send.js";
import { bodyFields, nextVia } from "../subscription/common.js";
import { messageBody } from "./sdp.js";
import { callOf } from "./call.js";
import { current } from "../../core/dialogs.js";

/** The methods the INVITE session answers for itself; any other is the application's. */
const sessionMethods: ReadonlySet<string> = new Set([Methods.INVITE, Methods.ACK, Methods.CANCEL, Methods.BYE, Methods.UPDATE, Methods.PRACK]);

/** True when `method` is one `SendInDialog` may send. */
export const isApplicationMethod = (method: string): boolean => !sessionMethods.has(method);

export const sendInDialog = (ctx: Ctx, key: UsageKey, method: SipRequest["method"], body: Body | undefined, headers: ReadonlyArray<HeaderField>): void => {
  const call = callOf(ctx, key);
  if (call === undefined || call.session._tag !== "Established") {
    problem(ctx, `SendInDialog: no confirmed dialog for ${key}`);
    return;
  }
  if (!isApplicationMethod(method)) {
    problem(ctx, `SendInDialog: ${method} belongs to the INVITE session (use its own command)`);
    return;
  }
  const s = call.session;
  const [via, seed] = nextVia(s.localVia, s.seed);
  const b = bodyFields(body);
  // §12.2.1.1: counting on from the dialog, which the call shares with its subscriptions.
  const built = buildRequest({ method, via, initialSeq: 1, contact: [s.localContact], headers: [...headers, ...b.headers], ...(b.body === undefined ? {} : { body: b.body }) })(current(ctx.store, s.dialog));
  if (E.isLeft(built)) {
    problem(ctx, `SendInDialog: ${method} could not be built: ${built.left._tag}`);
    return;
  }
  const [request, dialog] = built.right;
  ctx.store.put(key, { _tag: "Usage", usage: { ...call, session: { ...s, seed, dialog } } });
  sendRequest(ctx, request, { _tag: "Usage", key });
};

/** The final response (or the timeout, 408) of a request `sendInDialog` sent, for the application. */
export const inDialogDone = (ctx: Ctx, key: UsageKey, message: SipResponse | { readonly method: string }): void => {
  if ("method" in message) {
    if (isApplicationMethod(message.method)) deliver(ctx, { _tag: "InDialogDone", call: key, method: message.method, status: 408 });
    return;
  }
  const method = message.core.cseq?.method;
  if (method === undefined || !isApplicationMethod(method) || message.status < 200) return;
  const body = messageBody(message);
  deliver(ctx, { _tag: "InDialogDone", call: key, method, status: message.status, ...(body === undefined ? {} : { body }) });
};
