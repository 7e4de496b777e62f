// The registration client (§10.2, ./client.ts) as a usage of the UA: one registry entry
// per registration id, its REGISTERs sent through uac/send.ts, its deadline on the entry, its
// notifications delivered to the application. It answers its own 401/407 (with the UA's
// credentials table), so the UA's generic retry leaves REGISTER alone.
import * as E from "fp-ts/lib/Either.js";
import { callId, tag } from "@puresip/message";
import type { SipResponse, Uri } from "@puresip/message";
import { startRegistration, stepRegistration } from "./client.js";
import type { RegistrationStep } from "./client.js";
import type { RegistrationConfig, RegistrationEvent, RegistrationState } from "./state.js";
import type { Ctx } from "../../core/context.js";
import { deliver, hex, mintCallId, mintCnonce, mintTag, problem } from "../../core/context.js";
import { registrationKey } from "../../core/keys.js";
import { sendRequest } from "../../uac/send.js";
import type { UsageKey } from "../../core/types.js";
import { localContact, localVia } from "../../uac/out-of-dialog.js";

const registrationOf = (ctx: Ctx, key: UsageKey): { readonly id: string; readonly state: RegistrationState } | undefined => {
  const entry = ctx.store.get(key);
  return entry?._tag === "Usage" && entry.usage._tag === "Registration" ? { id: entry.usage.id, state: entry.usage.registration } : undefined;
};

const hostOf = (uri: Uri): string | undefined => (uri._tag === "SipUri" ? uri.host.value : undefined);

/**
 * §10.2 Request-URI: "The "userinfo" and "@" components of the SIP URI MUST NOT be present":
 * a registrar given as `sip:alice@registrar.example.com` is registered at its domain.
 */
const withoutUserinfo = (registrar: Uri): Uri => {
  if (registrar._tag !== "SipUri" || (registrar.user === undefined && registrar.password === undefined)) return registrar;
  const { user: _user, password: _password, ...domain } = registrar;
  return domain;
};

/** §10.2: a fresh client for `id`: a new Call-ID and From tag, and a branch seed unique to it. */
const freshConfig = (ctx: Ctx, asked: Uri): E.Either<string, RegistrationConfig> => {
  // §10.2 To: "This address-of-record MUST be a SIP URI or SIPS URI."
  if (ctx.config.aor._tag !== "SipUri") return E.left("the address-of-record must be a SIP or SIPS URI to register it (§10.2)");
  const registrar = withoutUserinfo(asked);
  const id = callId(mintCallId(ctx));
  const fromTag = tag(mintTag(ctx));
  if (E.isLeft(id) || E.isLeft(fromTag)) return E.left("cannot mint a Call-ID or tag");
  const table = ctx.config.credentials;
  const host = hostOf(registrar);
  const credential = table.find((c) => c.realm === host) ?? table.find((c) => c.realm === undefined) ?? table[0];
  return E.right({
    registrar,
    aor: { _tag: "NameAddr", uri: ctx.config.aor, angle: true, params: [] },
    contact: localContact(ctx),
    callId: id.right,
    fromTag: fromTag.right,
    via: localVia(ctx),
    branchSeed: hex(ctx, 2),
    expires: ctx.config.registerExpires,
    ...(credential === undefined ? {} : { credentials: { username: credential.username, secret: credential.secret } }),
  });
};

const apply = (ctx: Ctx, key: UsageKey, id: string, [state, effects]: RegistrationStep): void => {
  // An unregistered client with nothing outstanding holds nothing worth keeping.
  if (state._tag === "Unregistered") ctx.store.forget(key);
  else ctx.store.put(key, { _tag: "Usage", usage: { _tag: "Registration", id, registration: state } });
  for (const e of effects) {
    switch (e._tag) {
      case "SendRequest":
        sendRequest(ctx, e.request, { _tag: "Usage", key });
        break;
      case "WakeAt":
        // The deadline travels on the registry entry (nextDeadline).
        break;
      case "Notify": {
        const n = e.notification;
        if (n._tag === "Registered") deliver(ctx, { _tag: "Registered", id, expires: n.expires, contacts: n.contacts });
        else if (n._tag === "Unregistered") deliver(ctx, { _tag: "Unregistered", id });
        else if (n._tag === "Failed") deliver(ctx, { _tag: "RegistrationFailed", id, status: n.status, reason: n.reason });
        else deliver(ctx, { _tag: "Bindings", id, contacts: n.contacts });
        break;
      }
      case "Ignored":
        problem(ctx, `registration ${id}: ${e.reason}`);
        break;
    }
  }
};

/** `Register { id }`: bind (or refresh) our Contact at `registrar` (§10.2.1). */
export const register = (ctx: Ctx, id: string, registrar: Uri, expires: number | undefined): void => {
  const key = registrationKey(id);
  const existing = registrationOf(ctx, key);
  const event: RegistrationEvent = { _tag: "Register", now: ctx.now, ...(expires === undefined ? {} : { expires }) };
  if (existing !== undefined) {
    apply(ctx, key, id, stepRegistration(existing.state, event));
    return;
  }
  const config = E.flatMap(freshConfig(ctx, registrar), (c) => E.mapLeft((e: { readonly reason: string }) => e.reason)(startRegistration(c)));
  if (E.isLeft(config)) {
    deliver(ctx, { _tag: "RegistrationFailed", id, status: 0, reason: config.left });
    return;
  }
  apply(ctx, key, id, stepRegistration(config.right, event));
};

/** `Unregister { id, all? }`: remove our binding, or every binding of the AOR (§10.2.2). */
export const unregister = (ctx: Ctx, id: string, all: boolean): void => {
  const key = registrationKey(id);
  const existing = registrationOf(ctx, key);
  if (existing === undefined) {
    deliver(ctx, { _tag: "Unregistered", id });
    return;
  }
  apply(ctx, key, id, stepRegistration(existing.state, { _tag: all ? "UnregisterAll" : "Unregister", now: ctx.now }));
};

/** `FetchBindings { id }`: a REGISTER without Contact (§10.2.3); the binding we hold stays. */
export const fetchBindings = (ctx: Ctx, id: string): void => {
  const key = registrationKey(id);
  const existing = registrationOf(ctx, key);
  if (existing === undefined) {
    deliver(ctx, { _tag: "RegistrationFailed", id, status: 0, reason: "no registration: Register first" });
    return;
  }
  apply(ctx, key, id, stepRegistration(existing.state, { _tag: "FetchBindings", now: ctx.now }));
};

/** An event for the registration filed under `key`: a final response, a timeout, a tick. */
export const toRegistration = (
  ctx: Ctx,
  key: UsageKey,
  input: { readonly _tag: "Response"; readonly response: SipResponse } | { readonly _tag: "Timeout" } | { readonly _tag: "Tick" },
): void => {
  const existing = registrationOf(ctx, key);
  if (existing === undefined) return;
  const event: RegistrationEvent =
    input._tag === "Response" ? { _tag: "Response", now: ctx.now, response: input.response, cnonce: mintCnonce(ctx) } : { _tag: input._tag, now: ctx.now };
  apply(ctx, key, existing.id, stepRegistration(existing.state, event));
};
