// §10.2 Constructing the REGISTER request, for each of the client's intents.
import { CONTACT_WILDCARD, Methods, createRequest, expiresHeader } from "@puresip/message";
import type { ContactValue, HeaderError, HeaderField, NameAddr, Param, SipRequest } from "@puresip/message";
import type * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import type { RegistrationIntent, RegistrationConfig } from "./state.js";

const withoutExpires = (params: ReadonlyArray<Param>): ReadonlyArray<Param> => params.filter((p) => p.name.toLowerCase() !== "expires");

/** Our Contact with `expires=N` (§10.2.1.1: "The "expires" parameter indicates how long the UA would like the binding to be valid"). */
const contactWithExpires = (contact: NameAddr, expires: number): NameAddr => ({
  ...contact,
  // A URI with parameters must be in angle brackets once a header parameter follows (§20.10).
  angle: true,
  params: [...withoutExpires(contact.params), { name: "expires", value: String(expires) }],
});

/** Contact and extra headers for each intent. */
const bindingOf = (config: RegistrationConfig, intent: RegistrationIntent): { readonly contact: ReadonlyArray<ContactValue>; readonly headers: ReadonlyArray<HeaderField> } => {
  switch (intent._tag) {
    case "Bind":
      return { contact: [contactWithExpires(config.contact, intent.expires)], headers: [] };
    case "Unbind":
      // §10.2.2: "A UA requests the immediate removal of a binding by specifying an expiration interval of "0" for that contact address".
      return { contact: [contactWithExpires(config.contact, 0)], headers: [] };
    case "UnbindAll":
      // §10.2.2: "*" "MUST NOT be used unless the Expires header field is present with a value of "0"".
      return { contact: [CONTACT_WILDCARD], headers: [{ name: expiresHeader.name, value: "0" }] };
    case "Fetch":
      // §10.2.3: "A success response to any REGISTER request contains the complete list of existing bindings".
      return { contact: [], headers: [] };
    default:
      return absurd(intent);
  }
};

/** §8.1.1.7: a branch unique to this client and sequence number. */
export const branchFor = (config: RegistrationConfig, seq: number): string => `z9hG4bK${config.branchSeed}.${String(seq)}`;

/**
 * §10.2: To and From hold the address-of-record (From with our tag), the same Call-ID for
 * every registration, CSeq `seq`, and the Contact of the intent. `extra` carries Authorization.
 */
export const registerRequest = (
  config: RegistrationConfig,
  intent: RegistrationIntent,
  seq: number,
  extra: ReadonlyArray<HeaderField> = [],
): E.Either<HeaderError, SipRequest> => {
  const binding = bindingOf(config, intent);
  return createRequest({
    method: Methods.REGISTER,
    uri: config.registrar,
    via: { ...config.via, params: [...config.via.params.filter((p) => p.name.toLowerCase() !== "branch"), { name: "branch", value: branchFor(config, seq) }] },
    to: { ...config.aor, params: config.aor.params.filter((p) => p.name.toLowerCase() !== "tag") },
    from: { ...config.aor, params: [...config.aor.params.filter((p) => p.name.toLowerCase() !== "tag"), { name: "tag", value: config.fromTag }] },
    callId: config.callId,
    seq,
    contact: binding.contact,
    headers: [...binding.headers, ...extra],
  });
};
