// A binding of the location service (§10, §10.3): one contact address of an AOR, with the
// Call-ID and CSeq of the REGISTER that last touched it, so out-of-order requests are ignored
// (§10.3 step 7), and its expiry on the clock the shell passes as `now`.
import { NameAddrFromString, findParam } from "@puresip/message";
import type { NameAddr } from "@puresip/message";
import * as t from "io-ts";

export interface Binding {
  /** The Contact as registered, without its `expires` parameter (the registrar sets that). */
  readonly contact: NameAddr;
  readonly callId: string;
  readonly cseq: number;
  /** When the binding lapses, in ms of the shell's clock. */
  readonly expiresAt: number;
  /**
   * RFC 5626 §6 / RFC 5627: `+sip.instance` and `reg-id` of the contact, when given: a binding
   * with the same instance (and reg-id) is the same binding whatever its URI.
   */
  readonly instance?: string;
  readonly regId?: number;
  /**
   * RFC 3327 §5.3: the path vector of the REGISTER that made it (its Path values, topmost
   * first), to be the preloaded Route of requests to this contact (§5.4).
   */
  readonly path?: ReadonlyArray<string>;
}

export const BindingCodec = t.intersection([
  t.type({ contact: NameAddrFromString, callId: t.string, cseq: t.number, expiresAt: t.number }),
  t.partial({ instance: t.string, regId: t.number, path: t.readonlyArray(t.string) }),
]);

/** The bindings of one AOR as JSON (the shell's registry may live in another process). */
export const BindingsCodec = t.readonlyArray(BindingCodec);

/** Only the bindings still in force at `now`: an expired binding is as good as removed. */
export const activeBindings = (bindings: ReadonlyArray<Binding>, now: number): ReadonlyArray<Binding> =>
  bindings.every((b) => b.expiresAt > now) ? bindings : bindings.filter((b) => b.expiresAt > now);

/** When the next binding lapses, so the shell can drop it; undefined with no bindings. */
export const nextExpiry = (bindings: ReadonlyArray<Binding>): number | undefined => {
  let earliest: number | undefined;
  for (const b of bindings) if (earliest === undefined || b.expiresAt < earliest) earliest = b.expiresAt;
  return earliest;
};

/** `+sip.instance` (quoted, RFC 5626 §4.1) and `reg-id` of a contact, as a binding keeps them. */
export const outboundIdentity = (contact: NameAddr): { readonly instance?: string; readonly regId?: number } => {
  const instance = findParam(contact.params, "+sip.instance")?.value;
  const regIdText = findParam(contact.params, "reg-id")?.value;
  const regId = regIdText !== undefined && /^[0-9]{1,9}$/.test(regIdText) ? Number(regIdText) : undefined;
  return {
    ...(instance === undefined ? {} : { instance }),
    ...(regId === undefined || instance === undefined ? {} : { regId }),
  };
};
