// RFC 3428 MESSAGE and RFC 3261 §11 OPTIONS outside a dialog: one request, one result for the
// application, no usage (RFC 3428 §4: "MESSAGE requests do not themselves initiate a dialog").
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { Methods, acceptHeader, createResponse, headerFieldList, tag } from "@puresip/message";
import type { SipRequest, SipResponse, Uri } from "@puresip/message";
import type { Body } from "@puresip/dialog";
import type { TransactionKey } from "@puresip/transaction";
import type { Ctx } from "../../core/context.js";
import { deliver, mintTag, problem, toLayer } from "../../core/context.js";
import { sendRequest } from "../../uac/send.js";
import type { Owner } from "../../core/types.js";
import { outOfDialog } from "../../uac/out-of-dialog.js";

/** RFC 3428 §4: a MESSAGE to `to` carrying `body`; `MessageResult { ref }` follows. */
export const sendMessage = (ctx: Ctx, ref: string, to: Uri, body: Body): void => {
  const request = outOfDialog(ctx, { method: Methods.MESSAGE, to, body, contact: false });
  if (E.isLeft(request)) {
    problem(ctx, request.left);
    deliver(ctx, { _tag: "MessageResult", ref, status: 400 });
    return;
  }
  sendRequest(ctx, request.right, { _tag: "Standalone", ref, method: "MESSAGE" });
};

/** §11.1: OPTIONS to `to`; `OptionsResult { ref }` follows with the peer's capabilities in the response. */
export const sendOptions = (ctx: Ctx, ref: string, to: Uri): void => {
  // §11.1: "An Accept header field SHOULD be included to indicate the type of message body the
  // UAC wishes to receive in the response": the body types this UA understands.
  const accept = ctx.config.capabilities.contentTypes.length === 0 ? [] : [headerFieldList(acceptHeader)(ctx.config.capabilities.contentTypes)];
  const request = outOfDialog(ctx, { method: Methods.OPTIONS, to, contact: true, headers: accept });
  if (E.isLeft(request)) {
    problem(ctx, request.left);
    deliver(ctx, { _tag: "OptionsResult", ref, status: 400, response: O.none });
    return;
  }
  sendRequest(ctx, request.right, { _tag: "Standalone", ref, method: "OPTIONS" });
};

/** The final answer to a standalone request, or 408 (`response` none) when it timed out (§8.1.3.1). */
export const standaloneResult = (ctx: Ctx, owner: Extract<Owner, { _tag: "Standalone" }>, status: number, response: O.Option<SipResponse>): void => {
  if (owner.method === "MESSAGE") deliver(ctx, { _tag: "MessageResult", ref: owner.ref, status });
  else deliver(ctx, { _tag: "OptionsResult", ref: owner.ref, status, response });
};

/**
 * RFC 3428 §7: "A UAS receiving a MESSAGE request ... SHOULD respond with a 200 OK" once it
 * accepts it; the application gets the body. §8.2 checks ran before this.
 */
export const receiveMessage = (ctx: Ctx, key: TransactionKey, request: SipRequest): void => {
  // §8.2.6.2: a final response outside a dialog gets our To tag.
  const toTag = tag(mintTag(ctx));
  const ok = E.isLeft(toTag) ? undefined : createResponse(200, { toTag: toTag.right })(request);
  if (ok === undefined || E.isLeft(ok)) {
    problem(ctx, "cannot answer a MESSAGE");
    return;
  }
  toLayer(ctx, { _tag: "SendResponse", now: ctx.now, key, response: ok.right });
  const type = request.headers.find((h) => h.name.toLowerCase() === "content-type" || h.name.toLowerCase() === "c")?.value ?? "text/plain";
  deliver(ctx, { _tag: "MessageReceived", request, from: request.core.from?.uri ?? request.uri, body: { type, content: request.body } });
};
