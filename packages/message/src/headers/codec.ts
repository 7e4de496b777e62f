// io-ts codecs for header values stored as text: any HeaderDef gives one (encode = print,
// decode = parse), so stored state holds the wire form and reading it back re-checks the grammar.
import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { CSeq, NameAddr, Via } from "../model.js";
import { cseqHeader } from "./numeric.js";
import { fromHeader, viaHeader } from "./addresses.js";
import type { HeaderDef } from "./def.js";
import { replacesHeader, type Replaces } from "./replaces.js";

/** The codec of one header value (one list element for a list header) as text. */
export const headerValueCodec = <A>(def: HeaderDef<A>, is: (u: unknown) => u is A): t.Type<A, string> =>
  new t.Type<A, string>(
    `${def.name}FromString`,
    is,
    (u, c) =>
      E.flatMap(t.string.validate(u, c), (s) => {
        const r = def.parse(s);
        return E.isRight(r) ? t.success(r.right) : t.failure(u, c, `${r.left.header}: ${r.left.reason} at ${r.left.position}`);
      }),
    def.print,
  );

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null;

/** name-addr / addr-spec with parameters, as text. */
export const NameAddrFromString: t.Type<NameAddr, string> = headerValueCodec(fromHeader, (u): u is NameAddr => isObject(u) && u["_tag"] === "NameAddr");
/** One via-parm, as text. */
export const ViaFromString: t.Type<Via, string> = headerValueCodec(
  viaHeader,
  (u): u is Via => isObject(u) && typeof u["protocolName"] === "string" && typeof u["transport"] === "string" && isObject(u["host"]) && Array.isArray(u["params"]),
);
/** CSeq, as text. */
export const CSeqFromString: t.Type<CSeq, string> = headerValueCodec(cseqHeader, (u): u is CSeq => isObject(u) && typeof u["seq"] === "number" && typeof u["method"] === "string");
/** A Replaces value (RFC 3891 §6.1), as text. */
export const ReplacesFromString: t.Type<Replaces, string> = headerValueCodec(
  replacesHeader,
  (u): u is Replaces => isObject(u) && typeof u["callId"] === "string" && typeof u["toTag"] === "string" && typeof u["fromTag"] === "string" && typeof u["earlyOnly"] === "boolean" && Array.isArray(u["params"]),
);
