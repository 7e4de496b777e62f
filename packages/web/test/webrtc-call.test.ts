// A call between two browser pages through `puresip proxy` over WebSocket, with real WebRTC
// media (Chromium's fake microphone): both pages register (RFC 7118, RFC 5626 §4.2.1), the
// proxy reaches the callee over the WebSocket it registered on (RFC 5626 §6, §7, §5.3), ICE
// connects, the caller holds and resumes (RFC 3264 §8.4) and hangs up, and the callee sees the
// BYE (RFC 3261 §15.1.2). Skipped, saying why, only when no chromium is installed.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "puppeteer-core";
import type { Serve } from "./browser-harness.js";
import { findChromium, launchChromium, openPage, serveExamples, startProxy } from "./browser-harness.js";

const chromium = findChromium();
if (chromium === undefined) {
  process.stderr.write("@puresip/web two-page WebRTC call test SKIPPED: no chromium on this machine (apt-get install chromium; .ci/run does)\n");
}

interface CallState {
  readonly registered: string;
  readonly incoming: number;
  readonly established: number;
  readonly ice: string;
  readonly localDirection: string;
  readonly remoteDirection: string;
  readonly reoffersAnswered: number;
  readonly ended: string;
  readonly received: ReadonlyArray<string>;
  readonly errors: ReadonlyArray<string>;
}

interface SipCall {
  start(server: string, aor: string): Promise<string>;
  dial(target: string): Promise<void>;
  hold(): Promise<number>;
  resume(): Promise<number>;
  hangup(): void;
  state(): CallState;
}

const stateOf = (page: Page): Promise<CallState> => page.evaluate(() => (globalThis as unknown as { sipCall: SipCall }).sipCall.state());

/** Waits (polling, bounded) until `ok` holds of the page's state; fails with the state and the proxy's output. */
const until = async (page: Page, what: string, ok: (s: CallState) => boolean, proxy: Serve, timeoutMs = 20_000): Promise<CallState> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await stateOf(page);
    if (ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${String(timeoutMs)} ms: ${JSON.stringify(s)}\n--- proxy:\n${proxy.output().slice(-6000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe.skipIf(chromium === undefined)("two pages call each other through puresip proxy over WebSocket, with WebRTC media", { timeout: 120_000 }, () => {
  let browser: Browser | undefined;
  let http: { readonly port: number; readonly close: () => Promise<void> } | undefined;
  let proxy: Serve | undefined;
  let script = "";

  beforeAll(async () => {
    const bundled = await build({ entryPoints: [fileURLToPath(new URL("./webrtc-call.ts", import.meta.url))], bundle: true, format: "iife", platform: "browser", target: "es2022", write: false, logLevel: "warning" });
    script = bundled.outputFiles[0]?.text ?? "";
    proxy = await startProxy();
    http = await serveExamples();
    browser = await launchChromium(chromium ?? "chromium");
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await http?.close();
    await proxy?.stop();
  });

  const open = async (): Promise<Page> => {
    if (browser === undefined || http === undefined) throw new Error("no browser");
    // A secure context (loopback HTTP) for getUserMedia; the page itself does not matter.
    const page = await openPage(browser, `http://127.0.0.1:${String(http.port)}/softphone.html`);
    await page.addScriptTag({ content: script });
    return page;
  };

  it("RFC 5626 §7 and RFC 3264 §8.4: A calls B's AOR, B answers, ICE connects on both; A holds (sendonly/recvonly) and resumes; A hangs up and B gets the BYE (RFC 3261 §15.1.2)", async () => {
    if (proxy === undefined) throw new Error("no proxy");
    const p = proxy;
    const server = `ws://127.0.0.1:${String(p.port)}`;
    const a = await open();
    const b = await open();
    const start = (page: Page, aor: string): Promise<string> => page.evaluate((s: string, u: string) => (globalThis as unknown as { sipCall: SipCall }).sipCall.start(s, u), server, aor);
    expect(await start(b, "sip:bob@127.0.0.1")).toBe("Registered");
    expect(await start(a, "sip:alice@127.0.0.1")).toBe("Registered");
    // RFC 5626 §6: the proxy's registrar kept B's flow (its Path with a flow token) and said so.
    expect(p.output()).toMatch(/Path: <sip:ob\.[0-9a-f]{20}\.ws\.[0-9a-f]+\.\d+@127\.0\.0\.1:\d+;transport=ws;lr;ob>/);
    expect(p.output()).toMatch(/Require: outbound/);

    await a.evaluate(() => (globalThis as unknown as { sipCall: SipCall }).sipCall.dial("sip:bob@127.0.0.1"));
    const callee = await until(b, "B's IncomingCall, CallEstablished and ICE connected", (s) => s.incoming === 1 && s.established === 1 && /^(connected|completed)$/.test(s.ice), p);
    const caller = await until(a, "A's CallEstablished and ICE connected", (s) => s.established === 1 && /^(connected|completed)$/.test(s.ice), p);
    expect([caller.errors, callee.errors]).toEqual([[], []]);
    expect(callee.received[0]).toBe("INVITE");

    expect(await a.evaluate(() => (globalThis as unknown as { sipCall: SipCall }).sipCall.hold())).toBe(200);
    const held = await until(b, "B's answer to the hold", (s) => s.reoffersAnswered === 1, p);
    expect([held.remoteDirection, held.localDirection]).toEqual(["sendonly", "recvonly"]);
    expect((await stateOf(a)).remoteDirection).toBe("recvonly");

    expect(await a.evaluate(() => (globalThis as unknown as { sipCall: SipCall }).sipCall.resume())).toBe(200);
    const resumed = await until(b, "B's answer to the resume", (s) => s.reoffersAnswered === 2, p);
    expect([resumed.remoteDirection, resumed.localDirection]).toEqual(["sendrecv", "sendrecv"]);
    expect((await stateOf(a)).remoteDirection).toBe("sendrecv");

    await a.evaluate(() => {
      (globalThis as unknown as { sipCall: SipCall }).sipCall.hangup();
    });
    const ended = await until(b, "B's CallEnded", (s) => s.ended !== "", p);
    expect(ended.received).toContain("BYE");
    expect(ended.ended).toBe('"RemoteBye"');
    expect((await until(a, "A's CallEnded", (s) => s.ended !== "", p)).ended).toBe('"LocalBye"');
    // Every in-dialog request crossed the proxy over B's WebSocket: INVITE, two re-INVITEs, three ACKs, BYE.
    expect(ended.received.filter((m) => m === "INVITE")).toHaveLength(3);
    expect(ended.received.filter((m) => m === "ACK")).toHaveLength(3);
    await a.close();
    await b.close();
  });
});
