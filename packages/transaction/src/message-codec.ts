// io-ts codecs for the @puresip/message model, for the messages a stored transaction holds.
// (@puresip/message has no codec module yet; when it ships one, these re-export it.)
// The JSON form is the model itself, with the body as an array of byte values.
import * as t from "io-ts";
import type {
  CallId,
  ContactValue,
  CoreHeaders,
  HeaderField,
  Host,
  Method,
  NameAddr,
  Param,
  SipRequest,
  SipResponse,
  Uri,
  Via,
} from "@puresip/message";

/** A brand is only a type: the codec trusts the stored value as the state that held it did. */
const branded = <B extends string>(name: string): t.Type<B, string> =>
  new t.Type<B, string>(name, (u): u is B => typeof u === "string", (u, c) => (typeof u === "string" ? t.success(u as B) : t.failure(u, c)), (b) => b);

export const MethodCodec = branded<Method>("Method");
export const CallIdCodec = branded<CallId>("CallId");

/** Uint8Array <-> number[]: JSON has no bytes. */
export const BytesCodec = new t.Type<Uint8Array, ReadonlyArray<number>>(
  "Bytes",
  (u): u is Uint8Array => u instanceof Uint8Array,
  (u, c) => {
    if (!Array.isArray(u)) return t.failure(u, c, "expected an array of byte values");
    const out = new Uint8Array(u.length);
    for (let i = 0; i < u.length; i++) {
      const b: unknown = u[i];
      if (typeof b !== "number" || !Number.isInteger(b) || b < 0 || b > 255) return t.failure(u, c, `byte ${i} is not 0-255`);
      out[i] = b;
    }
    return t.success(out);
  },
  (bytes) => Array.from(bytes),
);

const optional = <P extends t.Props>(required: P, opt: t.Props) => t.intersection([t.type(required), t.partial(opt)]);

const ParamC = optional({ name: t.string }, { value: t.string });
export const ParamCodec: t.Type<Param, unknown> = ParamC;

export const HostCodec: t.Type<Host, unknown> = t.union([
  t.type({ _tag: t.literal("Hostname"), value: t.string }),
  t.type({ _tag: t.literal("IPv4"), value: t.string }),
  t.type({ _tag: t.literal("IPv6"), value: t.string }),
]);

const params = t.readonlyArray(ParamCodec);

export const UriCodec: t.Type<Uri, unknown> = t.union([
  optional(
    { _tag: t.literal("SipUri"), scheme: t.union([t.literal("sip"), t.literal("sips")]), host: HostCodec, params, headers: params },
    { user: t.string, password: t.string, port: t.number },
  ),
  t.type({ _tag: t.literal("TelUri"), number: t.string, params }),
  t.type({ _tag: t.literal("AbsoluteUri"), scheme: t.string, rest: t.string }),
]);

export const NameAddrCodec: t.Type<NameAddr, unknown> = optional(
  { _tag: t.literal("NameAddr"), uri: UriCodec, angle: t.boolean, params },
  { displayName: t.string },
);

export const ContactValueCodec: t.Type<ContactValue, unknown> = t.union([
  NameAddrCodec,
  t.type({ _tag: t.literal("Wildcard") }),
]);

export const ViaCodec: t.Type<Via, unknown> = optional(
  { protocolName: t.string, protocolVersion: t.string, transport: t.string, host: HostCodec, params },
  { port: t.number },
);

export const HeaderFieldCodec: t.Type<HeaderField, unknown> = t.type({ name: t.string, value: t.string });

export const CoreHeadersCodec: t.Type<CoreHeaders, unknown> = optional(
  {
    via: t.readonlyArray(ViaCodec),
    contact: t.readonlyArray(ContactValueCodec),
    route: t.readonlyArray(NameAddrCodec),
    recordRoute: t.readonlyArray(NameAddrCodec),
  },
  {
    from: NameAddrCodec,
    to: NameAddrCodec,
    callId: CallIdCodec,
    cseq: t.type({ seq: t.number, method: MethodCodec }),
    maxForwards: t.number,
    contentLength: t.number,
  },
);

export const SipRequestCodec: t.Type<SipRequest, unknown> = t.type({
  _tag: t.literal("Request"),
  method: MethodCodec,
  uri: UriCodec,
  version: t.string,
  headers: t.readonlyArray(HeaderFieldCodec),
  core: CoreHeadersCodec,
  body: BytesCodec,
});

export const SipResponseCodec: t.Type<SipResponse, unknown> = t.type({
  _tag: t.literal("Response"),
  version: t.string,
  status: t.number,
  reason: t.string,
  headers: t.readonlyArray(HeaderFieldCodec),
  core: CoreHeadersCodec,
  body: BytesCodec,
});
