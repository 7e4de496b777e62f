// The example softphone in headless Chromium (Debian's chromium, driven by puppeteer-core)
// against `puresip serve` over a loopback WebSocket: RFC 7118 end to end, RFC 5626 §4.5 flow
// recovery when the WebSocket server is killed and restored. Skipped, saying why, only when
// no chromium is installed (.ci/run installs it).
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "puppeteer-core";
import { bundle } from "../examples/build.mjs";
import type { Serve } from "./browser-harness.js";
import { findChromium, launchChromium, openPage, serveExamples, startServe } from "./browser-harness.js";

const chromium = findChromium();
if (chromium === undefined) {
  process.stderr.write("@puresip/web browser tests SKIPPED: no chromium on this machine (apt-get install chromium; .ci/run does)\n");
}

/** Waits until #status says something matching `pattern`; fails with what it said instead. */
const statusMatches = async (page: Page, pattern: RegExp, timeoutMs = 20_000): Promise<string> => {
  try {
    await page.waitForFunction((source: string) => new RegExp(source).test(document.getElementById("status")?.textContent ?? ""), { timeout: timeoutMs, polling: 50 }, pattern.source);
  } catch {
    const said = await page.$eval("#log", (el) => el.textContent);
    throw new Error(`#status never matched ${pattern.source}; the page's log:\n${said}`);
  }
  return page.$eval("#status", (el) => el.textContent);
};

describe.skipIf(chromium === undefined)("the example softphone in headless Chromium against puresip serve (RFC 7118)", { timeout: 120_000 }, () => {
  let browser: Browser | undefined;
  let http: { readonly port: number; readonly close: () => Promise<void> } | undefined;
  const serves: Array<Serve> = [];

  beforeAll(async () => {
    await bundle();
    http = await serveExamples();
    browser = await launchChromium(chromium ?? "chromium");
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await http?.close();
    for (const s of serves) await s.stop();
  });

  const open = async (serve: Serve): Promise<Page> => {
    if (browser === undefined || http === undefined) throw new Error("no browser");
    return openPage(browser, `http://127.0.0.1:${http.port}/softphone.html?server=ws://127.0.0.1:${serve.port}&aor=sip:alice@127.0.0.1&target=sip:puresip@127.0.0.1`);
  };

  it("registers, calls serve's UAS and gets the answer, holds and resumes (RFC 3264 §8.4), hangs up; the ladder shows the call", async () => {
    const serve = await startServe();
    serves.push(serve);
    const page = await open(serve);
    await page.click("#register");
    expect(await statusMatches(page, /^registered/)).toMatch(/registered \(\d+ s\)/);
    // RFC 5626 §4.2.1 and RFC 7118 §5.2 as serve received them.
    expect(serve.output()).toMatch(/Contact: <sip:alice@[a-z0-9]{12}\.invalid;transport=ws>;expires=\d+;\+sip\.instance="<urn:uuid:[0-9a-f-]{36}>";reg-id=1/);
    expect(serve.output()).toMatch(/Via: SIP\/2\.0\/WS [a-z0-9]{12}\.invalid;/);

    await page.click("#call");
    await statusMatches(page, /^established$/);
    await page.click("#hold");
    await statusMatches(page, /^on hold$/);
    await page.click("#resume");
    await statusMatches(page, /^resumed$/);
    await page.click("#hangup");
    await statusMatches(page, /^ended/);

    const ladder = await page.$eval("#ladder", (el) => el.textContent);
    const lines = ladder.split("\n");
    expect(lines[0]).toContain("──INVITE──▶");
    expect(lines).toContain("browser  ◀──200 OK (INVITE)──  server");
    expect(lines).toContain("browser  ──ACK──▶  server");
    expect(lines).toContain("browser  ──BYE──▶  server");
    expect(lines).toContain("browser  ◀──200 OK (BYE)──  server");
    // Initial INVITE, hold and resume re-INVITEs: three 200s to INVITE, each ACKed.
    expect(lines.filter((l) => l === "browser  ──ACK──▶  server").length).toBe(3);
    await page.close();
  });

  it("WebRTC through @puresip/web/webrtc: an offer and a rewritten answer as SIP bodies, ICE connects (fake microphone)", async () => {
    if (browser === undefined || http === undefined) throw new Error("no browser");
    const bundled = await build({ entryPoints: [fileURLToPath(new URL("./webrtc-loopback.ts", import.meta.url))], bundle: true, format: "iife", platform: "browser", target: "es2022", write: false, logLevel: "warning" });
    const page = await browser.newPage();
    // A secure context (loopback HTTP) for getUserMedia.
    await page.goto(`http://127.0.0.1:${http.port}/softphone.html`);
    await page.addScriptTag({ content: bundled.outputFiles[0]?.text ?? "" });
    type Result = Partial<Readonly<Record<"error" | "caller" | "callee" | "answerType" | "answerAudio", string>>>;
    const result = await page.evaluate(() => (globalThis as unknown as { loopback: () => Promise<Result> }).loopback());
    expect(result.error).toBeUndefined();
    expect(result.caller).toMatch(/^(connected|completed)$/);
    expect(result.callee).toMatch(/^(connected|completed)$/);
    expect(result.answerType).toBe("application/sdp");
    // The rewrite reached the wire: the answer offers opus (111) only.
    expect(result.answerAudio).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 111$/);
    await page.close();
  });

  it("RFC 5626 §4.5: the WebSocket server killed while registered and restored on its port: a new flow, the same instance and reg-id registered again", async () => {
    const first = await startServe();
    serves.push(first);
    const page = await open(first);
    await page.click("#register");
    await statusMatches(page, /^registered/);
    const contactOf = (out: string): string | undefined => /Contact: (<sip:alice@[^>]+>;expires=\d+;\+sip\.instance="[^"]+";reg-id=\d+)/.exec(out)?.[1];
    const before = contactOf(first.output());
    expect(before).toBeDefined();

    await first.stop();
    expect(await statusMatches(page, /^connection lost/)).toMatch(/retrying in \d+ s/);
    const second = await startServe(first.port);
    serves.push(second);
    // The example waits 1-2 s (base-time 2 s, 50-100%) before the new flow.
    await statusMatches(page, /^registered/, 30_000);
    const log = await page.$eval("#log", (el) => el.textContent);
    expect(log).toContain("status: reconnected; registered again");
    expect(contactOf(second.output())).toBe(before);
    await page.close();
  });
});
