// What the browser tests need around Chromium: find Debian's chromium (no download), run
// `puresip serve` or `puresip proxy` (WebSocket on a loopback port) as a child process stopped by its PID, and
// serve the example page over loopback HTTP (a module script cannot load from file://).
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import type { Browser, Page } from "puppeteer-core";

export const examplesDir = fileURLToPath(new URL("../examples/", import.meta.url));
const cliMain = fileURLToPath(new URL("../node_modules/@puresip/cli/dist/main.js", import.meta.url));

/** `command -v chromium`, or /usr/bin/chromium; undefined when neither is there. */
export const findChromium = (): string | undefined => {
  const found = spawnSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).stdout.trim();
  if (found !== "" && existsSync(found)) return found;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
};

/** Debian's chromium, headless, with a fake microphone and camera that need no permission prompt (WebRTC). */
export const launchChromium = (executablePath: string): Promise<Browser> =>
  puppeteer.launch({
    executablePath,
    headless: true,
    // The machines run as root: Chromium's sandbox refuses root.
    args: ["--no-sandbox", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
  });

/** A new tab at `url`, whose uncaught errors go to stderr (a test's failure then says why). */
export const openPage = async (browser: Browser, url: string): Promise<Page> => {
  const page = await browser.newPage();
  page.on("pageerror", (error) => {
    process.stderr.write(`page error: ${String(error)}\n`);
  });
  await page.goto(url);
  return page;
};

export interface Serve {
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything serve printed (its notes, the live ladder) and every message it traced, whole. */
  readonly output: () => string;
  readonly stop: () => Promise<void>;
}

/** Starts `puresip serve --transports ws` on `port` (0: a free one) and waits for its `listening WS` line. */
export const startServe = (port = 0): Promise<Serve> =>
  startCli("serve", (traceLog) => ["serve", "--host", "127.0.0.1", "--transports", "ws", "--ws-port", String(port), "--trace", "--trace-log", traceLog]);

/**
 * Starts `puresip proxy` (a registrar and proxy for 127.0.0.1, RFC 3261 §16) over WebSocket only,
 * on a free loopback port, and waits for its `listening WS` line.
 */
export const startProxy = (): Promise<Serve> =>
  startCli("proxy", (traceLog) => ["proxy", "--host", "127.0.0.1", "--transports", "ws", "--ws-port", "0", "--trace", "--trace-log", traceLog]);

/** Runs `puresip <args>` as a child process until it prints `listening WS 127.0.0.1:<port>`. */
const startCli = (name: string, args: (traceLog: string) => ReadonlyArray<string>): Promise<Serve> =>
  new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), "puresip-web-"));
    const traceLog = join(dir, "trace.log");
    const child = spawn(process.execPath, [cliMain, ...args(traceLog)], { stdio: ["ignore", "pipe", "pipe"] });
    const traced = (): string => (existsSync(traceLog) ? readFileSync(traceLog, "utf8") : "");
    let out = "";
    let settled = false;
    const timer = setTimeout(() => {
      fail(new Error(`puresip ${name} did not listen within 20 s:\n${out}`));
    }, 20_000);
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      out += chunk.toString("utf8");
      const m = /listening WS 127\.0\.0\.1:(\d+)/.exec(out);
      if (m === null || settled) return;
      settled = true;
      clearTimeout(timer);
      const exited = new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) done();
        else child.once("exit", () => { done(); });
      });
      resolve({
        port: Number(m[1]),
        child,
        output: () => `${out}${traced()}`,
        stop: async () => {
          // SIGKILL: the tests kill the WebSocket server as a crash would (RFC 5626 §4.5).
          child.kill("SIGKILL");
          await exited;
          rmSync(dir, { recursive: true, force: true });
        },
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      fail(new Error(`puresip ${name} exited (${String(code)}) before listening:\n${out}`));
    });
  });

const types: Readonly<Record<string, string>> = { ".html": "text/html", ".js": "text/javascript", ".map": "application/json" };

/** A static server for examples/ on a free loopback port. */
export const serveExamples = (): Promise<{ readonly port: number; readonly close: () => Promise<void> }> =>
  new Promise((resolve) => {
    const server: Server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
      const file = join(examplesDir, path);
      if (!file.startsWith(examplesDir) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
    });
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => { done(); });
          }),
      });
    });
  });
