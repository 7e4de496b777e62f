// The arguments and the log lines of the conference commands: `puresip serve --conference`
// and `puresip refer` (RFC 4579 §5.5, §5.11), read purely.
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { printUri } from "@puresip/message";
import type { Participant } from "@puresip/focus";
import { parseClientArgs } from "../src/commands/client-args.js";
import { parseServeArgs } from "../src/commands/serve.js";
import { referToOf } from "../src/client/refer.js";
import { rosterLines } from "../src/conference/run.js";

const right = <A>(e: E.Either<string, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left);
  return e.right;
};

describe("puresip serve --conference", () => {
  it("RFC 4353 §6: repeatable, one conference URI user part each, duplicates once", () => {
    expect(right(parseServeArgs(["--conference", "alpha", "--conference", "beta", "--conference", "alpha"])).conferences).toStrictEqual(["alpha", "beta"]);
    expect(right(parseServeArgs([])).conferences).toBeUndefined();
  });

  it("RFC 3261 §25.1: a name that is not a user part is refused", () => {
    expect(parseServeArgs(["--conference", "a b"])).toStrictEqual(E.left('--conference "a b" is not a SIP user part (RFC 3261 §25.1)'));
    expect(parseServeArgs(["--conference", "x@y"])).toStrictEqual(E.left('--conference "x@y" is not a SIP user part (RFC 3261 §25.1)'));
  });
});

describe("puresip refer", () => {
  it("RFC 4579 §5.11: --method BYE goes into the Refer-To as method=BYE", () => {
    const plan = right(parseClientArgs("refer", ["sip:alpha@127.0.0.1:5070", "--target", "sip:bob@127.0.0.1", "--method", "bye"]));
    expect(plan).toMatchObject({ command: "refer", target: "sip:alpha@127.0.0.1:5070", referTo: "sip:bob@127.0.0.1", referMethod: "BYE" });
    expect(E.map(printUri)(referToOf(plan))).toStrictEqual(E.right("sip:bob@127.0.0.1;method=BYE"));
  });

  it("RFC 4579 §5.5: without --method the Refer-To is the target as given (an INVITE, RFC 3515 §2.1)", () => {
    const plan = right(parseClientArgs("refer", ["sip:alpha@127.0.0.1", "--target", "sip:carol@127.0.0.1:5080"]));
    expect(E.map(printUri)(referToOf(plan))).toStrictEqual(E.right("sip:carol@127.0.0.1:5080"));
  });

  it("needs --target, and a method name", () => {
    expect(E.isLeft(parseClientArgs("refer", ["sip:alpha@127.0.0.1"]))).toBe(true);
    expect(E.isLeft(parseClientArgs("refer", ["sip:alpha@127.0.0.1", "--target", "sip:b@h", "--method", "B Y E"]))).toBe(true);
  });
});

describe("the conference log", () => {
  const p = (id: string, uri: string, status: Participant["status"]): Participant => ({
    id,
    call: `c${id}`,
    uri,
    display: null,
    status,
    joining: "dialed-in",
    media: { address: "127.0.0.1", port: 40002 },
    mediaBy: null,
    offer: null,
    referral: null,
    reportBy: null,
    sdp: null,
  });

  it("RFC 4575 §5.6: one line per participant whose status changed, one per departure, then the count", () => {
    const alice = p("p1", "sip:alice@h", "connected");
    const bob = p("p2", "sip:bob@h", "connected");
    expect(
      rosterLines([p("p1", "sip:alice@h", "pending"), bob], {
        _tag: "RosterChanged",
        conference: "alpha",
        version: 4,
        participants: [alice],
        departed: [{ participant: { ...bob, status: "disconnected" }, disconnection: { method: "booted", status: null, reason: "" } }],
      }),
    ).toStrictEqual([
      "conference alpha: <sip:alice@h> connected (dialed-in, media 127.0.0.1:40002)",
      "conference alpha: <sip:bob@h> left (booted)",
      "conference alpha: 1 participant(s), roster version 4",
    ]);
  });
});
