// `puresip subscribe` (built) against a notifier: @puresip/node's createStack running the UA
// core's RFC 6665 notifier in this process, driven by the test. For the conference package the
// notifier sends what a focus would (RFC 4575: a full document, then partial ones made by
// `diff`, one broken body); the CLI prints each roster and keeps the last good one.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConferenceInfo } from "@puresip/conference";
import { CONFERENCE_INFO_TYPE, diff, printConferenceInfo } from "@puresip/conference";
import { Methods } from "@puresip/message";
import type { Stack } from "@puresip/node";
import { createStack } from "@puresip/node";
/** A NOTIFY body as the UA core takes it. */
interface Body { readonly type: string; readonly content: Uint8Array }
import type { AppEvent, UaCommand, UsageKey } from "@puresip/ua";
import { basicCapabilities, eventOf } from "@puresip/ua";
import { LOOPBACK, runToEnd, stopAll } from "./harness.js";
import { buildCli } from "./serve.js";

const endpoint = (name: string, status: "connected" | "on-hold") => ({ entity: `sip:${name}@pc.example.com`, status, joiningMethod: "dialed-in" as const, media: [] });
const user = (name: string, status: "connected" | "on-hold" = "connected") => ({ entity: `sip:${name}@example.com`, displayText: name, endpoints: [endpoint(name, status)] });
const v1: ConferenceInfo = { entity: "sip:conf@example.com", state: "full", version: 1, users: { users: [user("alice"), user("bob")] } };
const v2: ConferenceInfo = { ...v1, version: 2, users: { users: [user("alice"), user("bob"), user("carol")] } };
const v3: ConferenceInfo = { ...v1, version: 3, users: { users: [user("alice"), user("carol")] } };
const v4: ConferenceInfo = { ...v1, version: 4, users: { users: [user("alice", "on-hold"), user("carol")] } };
const xml = (doc: ConferenceInfo): Body => ({ type: CONFERENCE_INFO_TYPE, content: new TextEncoder().encode(printConferenceInfo(doc)) });
const broken: Body = { type: CONFERENCE_INFO_TYPE, content: new TextEncoder().encode("<conference-info version=") };

let main = "";
let notifier: Stack;
let port = 0;
/** What the notifier sends next for each event package: the bodies after the first, one per delivered NOTIFY. */
const scripts: Record<string, ReadonlyArray<Body>> = {
  conference: [xml(diff(v1, v2, 2)), xml(diff(v2, v3, 3)), broken, xml(diff(v3, v4, 4))],
  presence: [{ type: "text/plain", content: new TextEncoder().encode("busy") }],
  // A lost NOTIFY: version 3 follows version 1.
  "conference-gap": [xml(diff(v2, v3, 3))],
};
const first: Record<string, Body> = { conference: xml(v1), "conference-gap": xml(v1), presence: { type: "text/plain", content: new TextEncoder().encode("open") } };

beforeAll(async () => {
  main = buildCli();
  notifier = await createStack({
    transports: [{ transport: "UDP", host: LOOPBACK, port: 0 }],
    user: "conf",
    aor: "sip:conf@example.com",
    capabilities: { ...basicCapabilities, warnAgent: LOOPBACK, methods: [...basicCapabilities.methods, Methods.SUBSCRIBE, Methods.NOTIFY] },
  });
  port = notifier.listening[0]?.port ?? 0;
  const progress = new Map<UsageKey, { readonly event: string; next: number }>();
  notifier.on("event", (e: AppEvent) => {
    if (e._tag !== "Subscription") return;
    const n = e.notice;
    const send = (command: UaCommand): void => { notifier.command(command); };
    if (n._tag === "Incoming") {
      const found = eventOf(n.request);
      const type = E.isRight(found) && O.isSome(found.right) ? found.right.value.type : "";
      const event = n.request.uri._tag === "SipUri" && n.request.uri.user === "gap" ? `${type}-gap` : type;
      const body = first[event];
      if (body === undefined) {
        send({ _tag: "RejectSubscription", subscription: e.subscription, status: 489 });
        return;
      }
      progress.set(e.subscription, { event, next: 0 });
      send({ _tag: "AcceptSubscription", subscription: e.subscription, body });
      return;
    }
    // RFC 4575 §4.6: the subscriber refreshed after a gap: the full state, with the next version.
    if (n._tag === "Refreshed" && n.expires > 0 && progress.get(e.subscription)?.event === "conference-gap") {
      send({ _tag: "UpdateSubscription", subscription: e.subscription, body: xml({ ...v3, version: 4 }) });
      return;
    }
    if (n._tag === "Delivered") {
      const p = progress.get(e.subscription);
      const body = p === undefined ? undefined : scripts[p.event]?.[p.next];
      if (p === undefined || body === undefined) return;
      p.next += 1;
      send({ _tag: "UpdateSubscription", subscription: e.subscription, body });
    }
  });
}, 120_000);
afterAll(async () => {
  await notifier.close();
  await stopAll();
});

const puresip = (args: ReadonlyArray<string>) => runToEnd(process.execPath, [main, ...args, "--timeout", "5s"], { limitMs: 30_000 });

describe("interop: puresip subscribe against the UA core's notifier", () => {
  it("RFC 4575 §4.6, RFC 6665 §4.1: --event conference prints each NOTIFY's roster, reports a broken body and keeps the last good roster", { timeout: 40_000 }, async () => {
    const r = await puresip(["subscribe", `sip:conf@${LOOPBACK}:${port}`, "--event", "conference", "--duration", "2s"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^200 accepted, expires \d+s\n/m);
    const rosters = r.stdout.split(/^NOTIFY /m).slice(1);
    // Full v1, partial v2 (carol joins), v3 (bob leaves), the broken one, v4 (alice on hold), and the final NOTIFY.
    expect(rosters[0]).toContain("conference sip:conf@example.com version 1\n  user sip:alice@example.com \"alice\"\n    endpoint sip:alice@pc.example.com: connected (dialed-in)\n  user sip:bob@example.com");
    expect(rosters[1]).toContain('user sip:carol@example.com "carol"');
    expect(rosters[2]).not.toContain("sip:bob@example.com");
    expect(r.stderr).toContain("a NOTIFY body that is not conference information (not well-formed XML");
    const v4Roster = rosters.find((n) => n.includes("version 4")) ?? "";
    expect(v4Roster).toContain("endpoint sip:alice@pc.example.com: on-hold (dialed-in)");
    expect(v4Roster).toContain("endpoint sip:carol@pc.example.com: connected (dialed-in)");
    expect(r.stdout).toMatch(/NOTIFY \(terminated[^\n]*\)\n/);
    expect(r.stdout).toMatch(/\(version 4 again: roster unchanged\)\nsubscription ended: unsubscribed \(Terminated\)\n$/);
  });

  it("RFC 4575 §4.6: a version gap is reported and answered with a refresh, which brings the full state", { timeout: 40_000 }, async () => {
    const r = await puresip(["subscribe", `sip:gap@${LOOPBACK}:${port}`, "--event", "conference", "--duration", "2s"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("version 3 after 1: a gap; refreshing for a full document (RFC 4575 §4.6)");
    const rosters = r.stdout.split(/^NOTIFY /m).slice(1);
    expect(rosters.some((n) => n.includes("version 3"))).toBe(false);
    const full = rosters.find((n) => n.includes("version 4")) ?? "";
    expect(full).toContain('user sip:carol@example.com "carol"');
    expect(full).not.toContain("sip:bob@example.com");
  });

  it("RFC 6665 §4.1.3: another package's NOTIFY bodies are printed as they came", { timeout: 40_000 }, async () => {
    const r = await puresip(["subscribe", `sip:conf@${LOOPBACK}:${port}`, "--event", "presence", "--duration", "1s"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("NOTIFY (active, expires");
    expect(r.stdout).toContain("text/plain\nopen\n");
    expect(r.stdout).toContain("text/plain\nbusy\n");
  });

  it("RFC 6665 §4.2.1.1: a package the notifier does not serve is rejected (489) and the command fails", { timeout: 40_000 }, async () => {
    const r = await puresip(["subscribe", `sip:conf@${LOOPBACK}:${port}`, "--event", "dialog", "--duration", "1s"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the subscription failed: rejected with 489");
  });
});
