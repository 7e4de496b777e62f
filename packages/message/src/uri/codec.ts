// io-ts codec for URIs stored as text (in a dialog's route set, a transaction's state, JSON):
// encode is printUri, decode is parseUri, so a stored URI is exactly what the wire would carry.
import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { Uri } from "../model.js";
import { parseUri } from "./parse.js";
import { printUri } from "./print.js";

const isUri = (u: unknown): u is Uri => {
  if (typeof u !== "object" || u === null) return false;
  const tag = (u as { readonly _tag?: unknown })._tag;
  return tag === "SipUri" || tag === "TelUri" || tag === "AbsoluteUri";
};

/** A URI as its text form; decoding fails with the parser's reason and position. */
export const UriFromString: t.Type<Uri, string> = new t.Type<Uri, string>(
  "UriFromString",
  isUri,
  (u, c) =>
    E.flatMap(t.string.validate(u, c), (s) => {
      const r = parseUri(s);
      return E.isRight(r) ? t.success(r.right) : t.failure(u, c, `${r.left.reason} at ${r.left.position}`);
    }),
  printUri,
);
