import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { parseUri, printUri } from "@puresip/message";
import type { NameAddr, SipResponse, Uri } from "@puresip/message";
import { confirmUac, createUacDialog, nextLocalSeq, processResponse, requestTarget } from "../src/index.js";
import type { Dialog } from "../src/index.js";
import { invite, ok, ringing } from "./fixtures.js";

const uri = (text: string): Uri => {
  const parsed = parseUri(text);
  if (E.isLeft(parsed)) throw new Error(text);
  return parsed.right;
};
const route = (text: string): NameAddr => ({ _tag: "NameAddr", uri: uri(text), angle: true, params: [] });
const confirmed = (() => {
  const d = createUacDialog(invite, { overTls: false })(ok);
  if (E.isLeft(d)) throw new Error("fixture");
  return d.right;
})();

describe("RFC 3261 §12.2.1.1 generating the request", () => {
  it("increments a non-empty local sequence number by one", () => {
    const [seq, next] = nextLocalSeq(1)(confirmed);
    expect(seq).toBe(314160);
    expect(next.localSeq).toStrictEqual(O.some(314160));
  });
  it("chooses the initial value it is given when the local sequence number is empty", () => {
    const [seq] = nextLocalSeq(4711)({ ...confirmed, localSeq: O.none });
    expect(seq).toBe(4711);
  });
  it("with an empty route set, the Request-URI is the remote target and there is no Route", () => {
    const target = requestTarget({ ...confirmed, routeSet: [] });
    expect(printUri(target.requestUri)).toBe("sip:bob@192.0.2.4:5062");
    expect(target.route).toStrictEqual([]);
  });
  it("with a loose router first, the Request-URI is the remote target and Route is the route set", () => {
    const target = requestTarget(confirmed);
    expect(printUri(target.requestUri)).toBe("sip:bob@192.0.2.4:5062");
    expect(target.route.map((r) => printUri(r.uri))).toStrictEqual(["sip:p1.atlanta.com;lr", "sip:p2.biloxi.com;lr"]);
  });
  it("the RFC's strict-routing example: sip:proxy1 becomes the Request-URI, the remote target goes last", () => {
    const dialog: Dialog = {
      ...confirmed,
      remoteTarget: uri("sip:user@remoteua"),
      routeSet: [route("sip:proxy1"), route("sip:proxy2"), route("sip:proxy3;lr"), route("sip:proxy4")],
    };
    const target = requestTarget(dialog);
    expect(printUri(target.requestUri)).toBe("sip:proxy1");
    expect(target.route.map((r) => printUri(r.uri))).toStrictEqual(["sip:proxy2", "sip:proxy3;lr", "sip:proxy4", "sip:user@remoteua"]);
  });
  it("strips parameters not allowed in a Request-URI from a strict router (§19.1.1 Table 1)", () => {
    const target = requestTarget({ ...confirmed, routeSet: [route("sip:proxy1;method=INVITE;transport=tcp")] });
    expect(printUri(target.requestUri)).toBe("sip:proxy1;transport=tcp");
  });
});

describe("RFC 3261 §12.2.1.2 processing the responses", () => {
  const withContact = (status: number, contact: string): SipResponse => ({
    ...ok,
    status,
    core: { ...ok.core, contact: [route(contact)] },
  });
  it("a 2xx to a target refresh replaces the remote target", () => {
    const outcome = processResponse(invite.method, withContact(200, "sip:bob@192.0.2.77"))(confirmed);
    expect(outcome._tag === "Continue" && printUri(outcome.dialog.remoteTarget)).toBe("sip:bob@192.0.2.77");
  });
  it("a 2xx to a request that is not a target refresh does not", () => {
    const outcome = processResponse("INFO" as typeof invite.method, withContact(200, "sip:bob@192.0.2.77"))(confirmed);
    expect(outcome._tag === "Continue" && printUri(outcome.dialog.remoteTarget)).toBe("sip:bob@192.0.2.4:5062");
  });
  it("481 and 408 terminate the dialog", () => {
    for (const status of [481, 408] as const) {
      expect(processResponse(invite.method, { ...ok, status })(confirmed)).toStrictEqual({ _tag: "Terminate", dialog: confirmed, status });
    }
  });
});

describe("RFC 3261 §13.2.2.4 an early dialog confirmed by the 2xx", () => {
  it("moves to Confirmed and recomputes the route set and remote target from the 2xx", () => {
    const early = createUacDialog(invite, { overTls: false })(ringing);
    if (E.isLeft(early)) throw new Error("fixture");
    const twoHundred: SipResponse = { ...ok, core: { ...ok.core, recordRoute: [route("sip:p9.biloxi.com;lr")] } };
    const dialog = confirmUac(twoHundred)(early.right);
    expect(dialog._tag).toBe("Confirmed");
    expect(dialog.routeSet.map((r) => printUri(r.uri))).toStrictEqual(["sip:p9.biloxi.com;lr"]);
    expect(printUri(dialog.remoteTarget)).toBe("sip:bob@192.0.2.4:5062");
  });
  it("leaves a confirmed dialog's route set alone", () => {
    expect(confirmUac(ok)(confirmed)).toBe(confirmed);
  });
});
