// `puresip phone`'s console language: parsePhoneCommand reads one line, printPhoneCommand is its
// canonical spelling. Properties: any string is read without throwing, and every command read
// back from its printed line is the same command.
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, it } from "vitest";
import type { PhoneCommand } from "../src/phone/command.js";
import { MAX_PAUSE_MS, parsePhoneCommand, printPhoneCommand } from "../src/phone/command.js";

const word = fc.stringMatching(/^[A-Za-z0-9:@;=._%+-]{1,20}$/).filter((w) => !w.startsWith("#") && !w.startsWith("-"));
const callRef = fc.option(fc.integer({ min: 1, max: 999_999 }), { nil: undefined });
const token = fc.stringMatching(/^[a-z0-9.+-]{1,12}$/);
const uri = fc.tuple(word, fc.integer({ min: 1, max: 65535 })).map(([u, p]) => `sip:${u}@127.0.0.1:${String(p)}`);

const command: fc.Arbitrary<PhoneCommand> = fc.oneof(
  uri.map((u) => ({ _tag: "Call" as const, uri: u })),
  callRef.map((call) => ({ _tag: "Answer" as const, call })),
  fc.tuple(callRef, fc.integer({ min: 300, max: 699 })).map(([call, status]) => ({ _tag: "Reject" as const, call, status })),
  callRef.map((call) => ({ _tag: "Hold" as const, call })),
  callRef.map((call) => ({ _tag: "Resume" as const, call })),
  fc.tuple(callRef, fc.boolean()).map(([call, offerless]) => ({ _tag: "Reinvite" as const, call, offerless })),
  callRef.map((call) => ({ _tag: "Update" as const, call })),
  fc.tuple(callRef, token, token, fc.array(word, { minLength: 1, maxLength: 5 })).map(([call, t, s, text]) => ({ _tag: "Info" as const, call, contentType: `${t}/${s}`, text: text.join(" ") })),
  fc.tuple(callRef, uri).map(([call, u]) => ({ _tag: "Refer" as const, call, uri: u })),
  fc.tuple(callRef, fc.integer({ min: 1, max: 999_999 })).map(([call, target]) => ({ _tag: "Transfer" as const, call, target })),
  callRef.map((call) => ({ _tag: "Hangup" as const, call })),
  fc.constant({ _tag: "Calls" as const }),
  fc.tuple(fc.stringMatching(/^[A-Z][A-Za-z]{0,30}$/), fc.integer({ min: 0, max: MAX_PAUSE_MS })).map(([event, timeoutMs]) => ({ _tag: "Wait" as const, event, timeoutMs })),
  fc.integer({ min: 0, max: MAX_PAUSE_MS }).map((ms) => ({ _tag: "Sleep" as const, ms })),
  fc.constant({ _tag: "Quit" as const }),
);

const line = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.array(fc.oneof(word, fc.constantFrom("call", "answer", "reject", "hold", "info", "wait", "sleep", "#1", "#0", "--offerless", "text/plain", "99999999999ms", "\t")), { maxLength: 6 }).map((ws) => ws.join(" ")),
);

test.prop([line])("parsePhoneCommand never throws on any line: a command, none, or an error message", (l) => {
  const r = parsePhoneCommand(l);
  if (E.isLeft(r)) expect(r.left.length).toBeGreaterThan(0);
  else if (l.trim() === "") expect(r.right).toEqual(O.none);
  else expect(O.isSome(r.right)).toBe(true);
});

test.prop([command])("printPhoneCommand then parsePhoneCommand gives back the same command", (c) => {
  expect(parsePhoneCommand(printPhoneCommand(c))).toEqual(E.right(O.some(c)));
});

describe("puresip phone console lines", () => {
  it("RFC 3261 §14.1: `reinvite --offerless` is a re-INVITE without an offer; `reinvite` one with", () => {
    expect(parsePhoneCommand("reinvite --offerless")).toEqual(E.right(O.some({ _tag: "Reinvite", call: undefined, offerless: true })));
    expect(parsePhoneCommand("  reinvite #2 ")).toEqual(E.right(O.some({ _tag: "Reinvite", call: 2, offerless: false })));
  });

  it("RFC 6086: `info <content-type> <text>` keeps the words of the text, one blank between them", () => {
    expect(parsePhoneCommand("info #3 text/plain hello   there")).toEqual(E.right(O.some({ _tag: "Info", call: 3, contentType: "text/plain", text: "hello there" })));
    expect(E.isLeft(parsePhoneCommand("info text/plain"))).toBe(true);
    expect(E.isLeft(parsePhoneCommand("info plain hello"))).toBe(true);
  });

  it("RFC 3261 §21: `reject` sends 486 unless given a final non-2xx status", () => {
    expect(parsePhoneCommand("reject")).toEqual(E.right(O.some({ _tag: "Reject", call: undefined, status: 486 })));
    expect(parsePhoneCommand("reject #1 603")).toEqual(E.right(O.some({ _tag: "Reject", call: 1, status: 603 })));
    expect(E.isLeft(parsePhoneCommand("reject 200"))).toBe(true);
  });

  it("wait: default 10 s, a bounded timeout, an event tag as the UA names it", () => {
    expect(parsePhoneCommand("wait CallEstablished")).toEqual(E.right(O.some({ _tag: "Wait", event: "CallEstablished", timeoutMs: 10_000 })));
    expect(parsePhoneCommand("wait ReofferDone 2s")).toEqual(E.right(O.some({ _tag: "Wait", event: "ReofferDone", timeoutMs: 2000 })));
    expect(E.isLeft(parsePhoneCommand("wait callestablished"))).toBe(true);
    expect(E.isLeft(parsePhoneCommand("wait CallEstablished 2h"))).toBe(true);
    expect(E.isLeft(parsePhoneCommand("sleep 61m"))).toBe(true);
  });

  it("RFC 5589 §7: `transfer #m` transfers the current call to call #m's peer; `transfer #n #m` names both", () => {
    expect(parsePhoneCommand("transfer #2")).toEqual(E.right(O.some({ _tag: "Transfer", call: undefined, target: 2 })));
    expect(parsePhoneCommand("transfer #1 #2")).toEqual(E.right(O.some({ _tag: "Transfer", call: 1, target: 2 })));
    expect(parsePhoneCommand("transfer sip:x@y")).toEqual(E.left("expected transfer [#n] #m"));
  });

  it("an unknown command or extra words are errors that say what was expected", () => {
    const unknown = parsePhoneCommand("dial sip:x@y");
    expect(unknown).toEqual(E.left(expect.stringContaining('unknown command "dial"') as unknown));
    expect(parsePhoneCommand("hangup now")).toEqual(E.left("expected hangup [#n]"));
    expect(E.isLeft(parsePhoneCommand("call"))).toBe(true);
  });
});
