import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { DialogCodec, createUacDialog, createUasDialog } from "../src/index.js";
import type { Dialog } from "../src/index.js";
import { invite, ok, ringing } from "./fixtures.js";

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};
const uac = right(createUacDialog(invite, { overTls: false })(ok));
const early = right(createUasDialog(invite, { overTls: false })(ringing));

describe("Dialog state as JSON (DESIGN.md: every state has an io-ts codec)", () => {
  it("encodes a §12.1.2 UAC dialog as plain JSON with URIs as text", () => {
    const json = DialogCodec.encode(uac);
    expect(json).toStrictEqual({
      _tag: "Confirmed",
      id: { callId: "a84b4c76e66710@pc33.atlanta.com", localTag: "1928301774", remoteTag: "a6c85cf" },
      localSeq: 314159,
      remoteSeq: null,
      localUri: "sip:alice@atlanta.com",
      remoteUri: "sip:bob@biloxi.com",
      remoteTarget: "sip:bob@192.0.2.4:5062",
      secure: false,
      routeSet: ["<sip:p1.atlanta.com;lr>", "<sip:p2.biloxi.com;lr>"],
    });
  });

  it.each<[string, Dialog]>([["UAC confirmed", uac], ["UAS early", early]])("restores the %s dialog exactly from JSON text", (_, dialog) => {
    const restored = DialogCodec.decode(JSON.parse(JSON.stringify(DialogCodec.encode(dialog))));
    expect(restored).toStrictEqual(E.right(dialog));
  });

  it("restores an absent remote tag (an RFC 2543 peer, §12.1.2) as None", () => {
    const restored = right(DialogCodec.decode(DialogCodec.encode({ ...uac, id: { ...uac.id, remoteTag: O.none } })));
    expect(restored.id.remoteTag).toStrictEqual(O.none);
  });

  it.each([
    ["a malformed remote target", { remoteTarget: "sip:" }],
    ["a Call-ID that is not a word", { id: { callId: "a b", localTag: "x", remoteTag: null } }],
    ["a CSeq number beyond 2**32-1 (§8.1.1.5)", { localSeq: 2 ** 32 }],
    ["an unknown state", { _tag: "Terminated" }],
    ["a route that is not a name-addr", { routeSet: ["<sip:p1;lr"] }],
  ])("rejects %s", (_, change) => {
    expect(E.isLeft(DialogCodec.decode({ ...DialogCodec.encode(uac), ...change }))).toBe(true);
  });
});
