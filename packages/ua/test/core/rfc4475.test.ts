// RFC 4475 §3.3 (and the unknown-method cases of §3.1) sent to a UA core: each message goes
// through the whole `step` (server transport stamping, transaction layer, §8.2 checks, usage
// routing) and the response on the wire is the one the RFC names.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { Methods, parseMessage } from "@puresip/message";
import type { SipResponse } from "@puresip/message";
import { initialState, step } from "../../src/index.js";
import type { AppEvent, StoreEntry, UaConfig } from "../../src/index.js";
import { capabilities, peerOf, uaConfig } from "./harness.js";

const corpus = fileURLToPath(new URL("../../../../../shared/corpus/rfc4475/", import.meta.url));

/** A UAS endpoint (not a registrar) that speaks SUBSCRIBE/NOTIFY and 100rel, as RFC 4475 §3.3 assumes. */
const config: UaConfig = uaConfig("bob", "192.0.2.2", {
  capabilities: { ...capabilities, methods: [...capabilities.methods, Methods.SUBSCRIBE, Methods.NOTIFY], warnAgent: "uas.example.com" },
});

/** What the UA sends for the message in `name`, and what it tells the application. */
const deliver = (name: string): { readonly responses: ReadonlyArray<SipResponse>; readonly events: ReadonlyArray<AppEvent> } => {
  const parsed = parseMessage(readFileSync(`${corpus}${name}.dat`));
  if (E.isLeft(parsed)) throw new Error(`${name} does not parse`);
  const store = new Map<string, StoreEntry>();
  const [, effects] = step(config)(store, initialState([4475]), { _tag: "Received", now: 0, message: parsed.right, source: peerOf("192.0.2.99") });
  return {
    responses: effects.flatMap((e) => (e._tag === "Transmit" && e.message._tag === "Response" ? [e.message] : [])),
    events: effects.flatMap((e) => (e._tag === "Deliver" ? [e.event] : [])),
  };
};

const statuses = (name: string): ReadonlyArray<number> => deliver(name).responses.map((r) => r.status);
const fields = (r: SipResponse | undefined, n: string): ReadonlyArray<string> => (r?.headers ?? []).filter((h) => h.name.toLowerCase() === n.toLowerCase()).map((h) => h.value);

describe("RFC 4475 §3.3 application-layer semantics, through the UA step", () => {
  it("§3.3.1 insuf: missing Call-ID, From and To → 400", () => {
    expect(statuses("insuf")).toStrictEqual([400]);
  });
  it("§3.3.2 unkscm: unknown Request-URI scheme → 416", () => {
    expect(statuses("unkscm")).toStrictEqual([416]);
  });
  it("§3.3.3 novelsc: soap.beep Request-URI → 416", () => {
    expect(statuses("novelsc")).toStrictEqual([416]);
  });
  it("§3.3.4 unksm2: non-SIP schemes in To, From and Contact parse; a REGISTER at a non-registrar → 405", () => {
    const { responses, events } = deliver("unksm2");
    expect(responses.map((r) => r.status)).toStrictEqual([405]);
    expect(events.map((e) => e._tag)).toStrictEqual(["Rejected"]);
  });
  it("§3.3.5 bext01: unknown Require option-tags → 420 with Unsupported listing them", () => {
    const [r] = deliver("bext01").responses;
    expect(r?.status).toBe(420);
    expect(fields(r, "Unsupported")).toStrictEqual(["nothingSupportsThis, nothingSupportsThisEither"]);
  });
  it("§3.3.6 invut: unknown Content-Type → 415 with Accept", () => {
    const [r] = deliver("invut").responses;
    expect(r?.status).toBe(415);
    expect(fields(r, "Accept")).toStrictEqual(["application/sdp, text/plain"]);
  });
  it("§3.3.7 regaut01: REGISTER at a UA that is not a registrar → 405 with Allow", () => {
    const [r] = deliver("regaut01").responses;
    expect(r?.status).toBe(405);
    expect(fields(r, "Allow")[0]).toContain("INVITE");
  });
  it("§3.3.8 multi01: several values in single-value fields → 400", () => {
    expect(statuses("multi01")).toStrictEqual([400]);
  });
  it("§3.3.10 bcast: a 200 with a broadcast Via matches nothing and is discarded", () => {
    expect(statuses("bcast")).toStrictEqual([]);
  });
  it("§3.3.11 zeromf: Max-Forwards 0 at an endpoint is processed normally: OPTIONS → 200 with Allow and a To tag", () => {
    const [r] = deliver("zeromf").responses;
    expect(r?.status).toBe(200);
    expect(fields(r, "Allow")).toHaveLength(1);
    expect(r?.core.to?.params.some((p) => p.name === "tag")).toBe(true);
  });
  it("§3.3.12–3.3.14 cparam01, cparam02, regescrt: REGISTER at a non-registrar → 405", () => {
    expect([...statuses("cparam01"), ...statuses("cparam02"), ...statuses("regescrt")]).toStrictEqual([405, 405, 405]);
  });
  it("§3.3.15 sdp01: Accept without application/sdp on an INVITE → 406 with Warning 399", () => {
    const [r] = deliver("sdp01").responses;
    expect(r?.status).toBe(406);
    expect(fields(r, "Warning")).toStrictEqual(['399 uas.example.com "Accept admits none of application/sdp"']);
  });
  it("§3.1.1.2 intmeth and §3.1.1.5 esc02: unknown methods → 501", () => {
    expect([...statuses("intmeth"), ...statuses("esc02")]).toStrictEqual([501, 501]);
  });
  it("§3.1.2.18 mismatch02: CSeq method mismatch → 400 naming it", () => {
    const [r] = deliver("mismatch02").responses;
    expect(r?.status).toBe(400);
    expect(r?.reason).toContain("CSeq method INVITE does not match request method NEWMETHOD");
  });
});
