// The bindings of one AOR while a REGISTER is processed (RFC 3261 §10.3 step 7: "For each
// address, the registrar then searches the list of current bindings using the URI comparison
// rules"). Searching the list for every contact costs bindings × contacts; this index finds
// the candidates in O(1): a binding with `+sip.instance` by its instance and reg-id (RFC 5626
// §6), any other by a coarse key that every two §19.1.4-equal URIs share (scheme, user,
// password, host, port), then §19.1.4 decides among the few that share it. §19.1.4 equality is
// not transitive (parameters in only one URI are ignored), so it cannot be a hash key itself.
import { canonicalEscapes, uriEquals } from "@puresip/message";
import type { NameAddr, Uri } from "@puresip/message";
import type { Binding } from "./binding.js";

/** A key equal for every two equal URIs (§19.1.4); unequal URIs may share it. */
export const coarseUriKey = (uri: Uri): string => {
  if (uri._tag !== "SipUri") return uri._tag;
  // "Comparison of the userinfo of SIP and SIPS URIs is case-sensitive"; escapes are equivalent.
  const user = uri.user === undefined ? "" : `u${canonicalEscapes(uri.user)}`;
  const password = uri.password === undefined ? "" : `p${canonicalEscapes(uri.password)}`;
  // Hosts compare case-insensitively; IPv6 has several spellings, so they all share one key.
  const host = uri.host._tag === "IPv6" ? "[v6]" : uri.host.value.toLowerCase();
  return `${uri.scheme}\u0000${user}\u0000${password}\u0000${host}\u0000${uri.port === undefined ? "" : String(uri.port)}`;
};

const instanceKey = (instance: string, regId: number | undefined): string => `${instance}\u0000${regId === undefined ? "" : String(regId)}`;

/** A mutable index, private to one REGISTER's processing: nothing outside sees it change. */
export interface BindingIndex {
  /** The binding `contact` (with this instance and reg-id) refers to, and its slot. */
  readonly find: (contact: NameAddr, instance: string | undefined, regId: number | undefined) => { readonly slot: number; readonly binding: Binding } | undefined;
  readonly put: (slot: number | undefined, binding: Binding) => void;
  readonly remove: (slot: number) => void;
  /** The bindings in their order: existing ones where they were, new ones after. */
  readonly bindings: () => ReadonlyArray<Binding>;
  /** How many bindings it holds now. */
  readonly size: () => number;
  /** How many §19.1.4 comparisons `find` has made: the work the index did not save. */
  readonly comparisons: () => number;
}

export const indexBindings = (current: ReadonlyArray<Binding>): BindingIndex => {
  const slots: Array<Binding | undefined> = [];
  const byInstance = new Map<string, number>();
  const byUri = new Map<string, Array<number>>();
  let count = 0;
  let compared = 0;
  const link = (slot: number, b: Binding): void => {
    if (b.instance !== undefined) byInstance.set(instanceKey(b.instance, b.regId), slot);
    else {
      const key = coarseUriKey(b.contact.uri);
      const bucket = byUri.get(key);
      if (bucket === undefined) byUri.set(key, [slot]);
      else bucket.push(slot);
    }
  };
  const unlink = (slot: number, b: Binding): void => {
    if (b.instance !== undefined) byInstance.delete(instanceKey(b.instance, b.regId));
    else {
      const key = coarseUriKey(b.contact.uri);
      const rest = (byUri.get(key) ?? []).filter((s) => s !== slot);
      if (rest.length === 0) byUri.delete(key);
      else byUri.set(key, rest);
    }
  };
  const put = (slot: number | undefined, b: Binding): void => {
    if (slot === undefined) {
      slots.push(b);
      link(slots.length - 1, b);
      count++;
      return;
    }
    const old = slots[slot];
    if (old !== undefined) unlink(slot, old);
    else count++;
    slots[slot] = b;
    link(slot, b);
  };
  for (const b of current) put(undefined, b);
  return {
    find: (contact, instance, regId) => {
      if (instance !== undefined) {
        const slot = byInstance.get(instanceKey(instance, regId));
        const binding = slot === undefined ? undefined : slots[slot];
        return slot === undefined || binding === undefined ? undefined : { slot, binding };
      }
      // Several may match one contact (a parameter in only one URI is ignored): the first in
      // the list wins, as a search of the list would find it.
      let found: { readonly slot: number; readonly binding: Binding } | undefined;
      for (const slot of byUri.get(coarseUriKey(contact.uri)) ?? []) {
        const binding = slots[slot];
        if (binding === undefined || (found !== undefined && slot > found.slot)) continue;
        compared++;
        if (uriEquals(binding.contact.uri, contact.uri)) found = { slot, binding };
      }
      return found;
    },
    put,
    remove: (slot) => {
      const old = slots[slot];
      if (old === undefined) return;
      unlink(slot, old);
      slots[slot] = undefined;
      count--;
    },
    bindings: () => slots.filter((b): b is Binding => b !== undefined),
    size: () => count,
    comparisons: () => compared,
  };
};
