// io-ts codecs for the dialog state, so a dialog can be stored in a shared registry or sent to
// another process and restored (DESIGN.md, the reducer contract). URIs and name-addrs travel
// as text through @puresip/message's codecs (UriFromString, NameAddrFromString), so the JSON
// is readable and a tampered value is rejected with the parser's reason.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import * as t from "io-ts";
import { NameAddrFromString, SipMessageCodec, UriFromString, callId, tag } from "@puresip/message";
import type { CallId, NameAddr, SipMessage, SipMessageJson, SipRequest, SipResponse, Tag, Uri } from "@puresip/message";
import type { Dialog } from "./dialog.js";
import type { DialogId } from "./dialog-id.js";

const tagOf = (u: unknown): unknown => (typeof u === "object" && u !== null && "_tag" in u ? u._tag : undefined);

/** A type kept as a string on the wire, through a parser that explains failures. */
const viaText = <A>(
  name: string,
  is: (u: unknown) => u is A,
  parse: (s: string) => E.Either<{ readonly reason: string } | { readonly _tag: "BrandError" }, A>,
  print: (a: A) => string,
): t.Type<A, string> =>
  new t.Type<A, string>(
    name,
    is,
    (u, c) =>
      E.flatMap(t.string.validate(u, c), (s) => {
        const r = parse(s);
        return E.isRight(r) ? t.success(r.right) : t.failure(u, c, "reason" in r.left ? r.left.reason : `not a ${name}`);
      }),
    print,
  );

/** @puresip/message's codecs, under the names this package has exported since its first codecs. */
export const UriCodec: t.Type<Uri, string> = UriFromString;
/** io-ts codec for a name-addr, encoded as its printed form. */
export const NameAddrCodec: t.Type<NameAddr, string> = NameAddrFromString;

const CallIdCodec: t.Type<CallId, string> = viaText("CallId", (u): u is CallId => typeof u === "string", callId, (s) => s);
const TagCodec: t.Type<Tag, string> = viaText("Tag", (u): u is Tag => typeof u === "string", tag, (s) => s);

/** fp-ts Option ⇄ `value | null`. */
export const optionCodec = <A, O>(codec: t.Type<A, O>): t.Type<O.Option<A>, O | null> =>
  new t.Type<O.Option<A>, O | null>(
    `Option<${codec.name}>`,
    (u): u is O.Option<A> => tagOf(u) === "None" || (tagOf(u) === "Some" && typeof u === "object" && u !== null && "value" in u && codec.is(u.value)),
    (u, c) => (u === null ? t.success(O.none) : E.map((a: A) => O.some(a))(codec.validate(u, c))),
    (a) => (O.isSome(a) ? codec.encode(a.value) : null),
  );

/** §8.1.1.5: a CSeq number is a 32-bit unsigned integer. */
const SeqCodec = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, "CSeqNumber");

/** io-ts codec for DialogId. */
export const DialogIdCodec = t.readonly(
  t.type({ callId: CallIdCodec, localTag: TagCodec, remoteTag: optionCodec(TagCodec) }),
  "DialogId",
) satisfies t.Type<DialogId, unknown>;

const fields = {
  id: DialogIdCodec,
  localSeq: optionCodec(SeqCodec),
  remoteSeq: optionCodec(SeqCodec),
  localUri: UriCodec,
  remoteUri: UriCodec,
  remoteTarget: UriCodec,
  secure: t.boolean,
  routeSet: t.readonlyArray(NameAddrCodec),
};

/** Dialog ⇄ JSON: `DialogCodec.encode(d)` is plain JSON data; `decode` checks every field. */
export const DialogCodec = t.union(
  [
    t.readonly(t.type({ _tag: t.literal("Early"), ...fields }), "EarlyDialog"),
    t.readonly(t.type({ _tag: t.literal("Confirmed"), ...fields }), "ConfirmedDialog"),
  ],
  "Dialog",
) satisfies t.Type<Dialog, unknown>;

/** A dialog as JSON, as DialogCodec encodes it. */
export type DialogJson = t.OutputOf<typeof DialogCodec>;

const messageOf = <M extends SipMessage>(name: string, kind: M["_tag"]): t.Type<M, SipMessageJson> =>
  new t.Type<M, SipMessageJson>(
    name,
    (u): u is M => SipMessageCodec.is(u) && u._tag === kind,
    (u, c) => E.flatMap(SipMessageCodec.validate(u, c), (m) => (m._tag === kind ? t.success(m as M) : t.failure(u, c, `not a ${kind}`))),
    (m) => SipMessageCodec.encode(m),
  );

/** A request or a response in @puresip/message's JSON form. */
export const SipRequestCodec = messageOf<SipRequest>("SipRequest", "Request");
/** io-ts codec for a SIP response, encoded as its printed form. */
export const SipResponseCodec = messageOf<SipResponse>("SipResponse", "Response");

