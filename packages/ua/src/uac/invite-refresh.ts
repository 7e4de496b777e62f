// RFC 3581 §3: "When there is a NAT between the client and server, the request will create (or
// refresh) a binding in the NAT. This binding must remain in existence for the duration of the
// transaction in order for the client to receive the response. ... INVITE transactions can take
// an arbitrarily long amount of time to complete. As a result, the binding may expire before a
// final response is received. To keep the binding fresh, the client SHOULD retransmit its
// INVITE every 20 seconds or so. These retransmissions will need to take place even after
// receiving a provisional response."
//
// The INVITE client transaction (§17.1.1) stops retransmitting once a provisional comes (its
// Timer A retransmissions before that are at most 16 s apart and refresh the binding), so the
// UA core does it in Proceeding: the request's context (`ClientRequest.refreshAt`) holds the next time, and
// the tick sends the transaction's own INVITE (same branch: the server takes it for a
// retransmission and repeats its last provisional, §17.2.1, which refreshes the way back too).
// Over a reliable transport the connection carries the responses and nothing is sent. A
// cancelled INVITE (§9.1, `giveUpAt`) is not refreshed: its CANCEL's own transaction keeps
// the binding until the 487.
import { Methods } from "@puresip/message";
import type { Peer } from "@puresip/transaction";
import type { Ctx } from "../core/context.js";
import { emit } from "../core/context.js";
import { transactionKeyOf } from "../core/keys.js";
import type { ClientRequest } from "../core/types.js";

/** RFC 3581 §3's "every 20 seconds or so", in ms: `UaConfig.inviteRefresh`'s default. */
export const INVITE_REFRESH_MS = 20_000;

const intervalOf = (ctx: Ctx): number | undefined => {
  const configured = ctx.config.inviteRefresh ?? INVITE_REFRESH_MS;
  return configured === false || !(configured > 0) ? undefined : configured;
};

/** The context as filed when its request goes to `destination`: an INVITE over UDP gets its first refresh time. */
export const withRefresh = (ctx: Ctx, context: ClientRequest, destination: Peer): ClientRequest => {
  const { refreshAt: _previous, ...rest } = context;
  const interval = intervalOf(ctx);
  return context.request.method === Methods.INVITE && destination.transport.toUpperCase() === "UDP" && interval !== undefined ? { ...rest, refreshAt: ctx.now + interval } : rest;
};

/** The tick of a client-request context: an INVITE still waiting for its final response over UDP goes out again, and its next refresh is set. */
export const refreshInvite = (ctx: Ctx, contextKey: string): void => {
  const entry = ctx.store.get(contextKey);
  if (entry?._tag !== "ClientRequest" || entry.context.refreshAt === undefined || ctx.now < entry.context.refreshAt) return;
  const { refreshAt: _due, ...context } = entry.context;
  const interval = intervalOf(ctx);
  const transaction = ctx.store.get(transactionKeyOf(contextKey));
  const state = transaction?._tag === "InviteClient" ? transaction.state : undefined;
  const waiting = (state?._tag === "Calling" || state?._tag === "Proceeding") && !state.reliable && context.giveUpAt === undefined && interval !== undefined;
  ctx.store.put(contextKey, { _tag: "ClientRequest", context: waiting ? { ...context, refreshAt: ctx.now + interval } : context });
  // In Calling, Timer A already sends it again at shorter intervals (§17.1.1.2, at most 16 s apart before Timer B): nothing more is needed.
  if (waiting && state._tag === "Proceeding") emit(ctx, { _tag: "Transmit", message: state.request, destination: state.destination });
};
