// RFC 3261 §26.2.1, §26.3.1: `puresip serve` and `puresip proxy` with `--transports ...,tls
// --request-cert`, from the flags to the listener: a TLS client without a certificate is refused
// at the handshake, one whose certificate the --tls-ca roots vouch for is served. Loopback only;
// every socket and the server are closed, each wait bounded.
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { connect } from "node:tls";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseProxyArgs } from "../src/commands/proxy.js";
import { parseServeArgs } from "../src/commands/serve.js";
import type { Io } from "../src/io.js";
import { runProxy } from "../src/proxy/run.js";
import { runServe } from "../src/serve/run.js";

// The fixtures of @puresip/node's TLS tests: self-signed for localhost and 127.0.0.1 (a CA of itself).
const certFile = fileURLToPath(new URL("../../node/test/fixtures/cert.pem", import.meta.url));
const keyFile = fileURLToPath(new URL("../../node/test/fixtures/key.pem", import.meta.url));
const cert = readFileSync(certFile, "utf8");
const key = readFileSync(keyFile, "utf8");

const WAIT_MS = 5000;

/** An OPTIONS for serve's UAS, a REGISTER for the proxy's registrar: each answered 200 when it gets through. */
const options = (port: number): string =>
  [
    `OPTIONS sips:service@127.0.0.1:${String(port)} SIP/2.0`,
    "Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bKtls1;rport",
    "Max-Forwards: 70",
    `To: <sips:service@127.0.0.1:${String(port)}>`,
    "From: <sips:tester@127.0.0.1>;tag=t1",
    "Call-ID: serve-tls-1",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
const register = (): string =>
  [
    "REGISTER sips:127.0.0.1 SIP/2.0",
    "Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bKtls2;rport",
    "Max-Forwards: 70",
    "To: <sips:alice@127.0.0.1>",
    "From: <sips:alice@127.0.0.1>;tag=t2",
    "Call-ID: proxy-tls-1",
    "CSeq: 1 REGISTER",
    "Contact: <sips:alice@127.0.0.1:5999>",
    "Expires: 60",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");

/** One OPTIONS over a TLS connection of its own: the status line it got, or "closed" when the server ended it first. */
const ask = (port: number, client: { readonly cert?: string; readonly key?: string }, request = options(port)): Promise<string> =>
  new Promise((done) => {
    let got = "";
    const socket = connect({ host: "127.0.0.1", port, ca: cert, ...client }, () => {
      socket.write(request);
    });
    const timer = setTimeout(() => {
      socket.destroy();
    }, WAIT_MS);
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => {
      got += chunk.toString("utf8");
      if (got.includes("\r\n\r\n")) socket.end();
    });
    socket.on("close", () => {
      clearTimeout(timer);
      done(got === "" ? "closed" : (got.split("\r\n")[0] ?? ""));
    });
  });

type Command = (io: Io, stop: Promise<unknown>) => Promise<number>;
const serve = (argv: ReadonlyArray<string>): Command => {
  const plan = parseServeArgs(argv);
  if (E.isLeft(plan)) throw new Error(plan.left);
  return (io, stop) => runServe(plan.right, io, stop);
};
const proxy = (argv: ReadonlyArray<string>): Command => {
  const plan = parseProxyArgs(argv);
  if (E.isLeft(plan)) throw new Error(plan.left);
  return (io, stop) => runProxy(plan.right, io, stop);
};

/** Runs the command until `use` is done with its TLS port; the exit status. */
const serving = async (command: Command, use: (tlsPort: number) => Promise<void>): Promise<number> => {
  let out = "";
  let err = "";
  let listening: (port: number) => void = () => undefined;
  const tlsPort = new Promise<number>((resolve) => {
    listening = resolve;
  });
  const io: Io = {
    read: () => Promise.reject(new Error("no input")),
    stdout: (text) => {
      out += text;
      const m = /listening TLS 127\.0\.0\.1:(\d+)/.exec(out);
      if (m?.[1] !== undefined) listening(Number(m[1]));
    },
    stderr: (text) => {
      err += text;
    },
  };
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const running = command(io, stopped);
  try {
    const port = await Promise.race([tlsPort, running.then(() => -1)]);
    expect(port, err).toBeGreaterThan(0);
    await use(port);
  } finally {
    stop();
  }
  return running;
};

const TLS = ["--port", "0", "--tls-port", "0", "--transports", "udp,tls", "--tls-cert", certFile, "--tls-key", keyFile, "--quiet"];

describe("RFC 3261 §26.3.1 puresip serve with --request-cert", () => {
  it("RFC3261-26.3.1-1: a TLS client without a certificate is refused, one with a certificate --tls-ca vouches for gets its 200; without --request-cert (one-way) the first is served too", async () => {
    const mutual = await serving(serve([...TLS, "--tls-ca", certFile, "--request-cert"]), async (port) => {
      expect(await ask(port, {})).toBe("closed");
      expect(await ask(port, { cert, key })).toBe("SIP/2.0 200 OK");
    });
    expect(mutual).toBe(0);
    const oneWay = await serving(serve(TLS), async (port) => {
      expect(await ask(port, {})).toBe("SIP/2.0 200 OK");
    });
    expect(oneWay).toBe(0);
  });

  it("RFC3261-26.3.1-1: puresip proxy (a registrar here) with --request-cert: a REGISTER over TLS without a client certificate is refused, with one --tls-ca vouches for it gets 200; one-way without the switch", async () => {
    const PROXY_TLS = ["--port", "0", "--tls-port", "0", "--transports", "udp,tls", "--tls-cert", certFile, "--tls-key", keyFile, "--quiet"];
    const mutual = await serving(proxy([...PROXY_TLS, "--tls-ca", certFile, "--request-cert"]), async (port) => {
      expect(await ask(port, {}, register())).toBe("closed");
      expect(await ask(port, { cert, key }, register())).toBe("SIP/2.0 200 OK");
    });
    expect(mutual).toBe(0);
    const oneWay = await serving(proxy(PROXY_TLS), async (port) => {
      expect(await ask(port, {}, register())).toBe("SIP/2.0 200 OK");
    });
    expect(oneWay).toBe(0);
    expect(parseProxyArgs(["--request-cert"])).toStrictEqual(E.left("--request-cert needs tls in --transports"));
    expect(parseProxyArgs(["--transports", "udp,tls", "--tls-cert", certFile])).toStrictEqual(E.left("tls in --transports needs --tls-cert and --tls-key (PEM files)"));
  });

  it("--request-cert or --tls-ca without tls in --transports, and tls without --tls-cert and --tls-key, are configuration errors", async () => {
    const errors = async (argv: ReadonlyArray<string>): Promise<string> => {
      const plan = parseServeArgs(argv);
      if (E.isLeft(plan)) throw new Error(plan.left);
      let err = "";
      const status = await runServe(plan.right, { read: () => Promise.reject(new Error("no input")), stdout: () => undefined, stderr: (t) => { err += t; } }, Promise.resolve());
      expect(status).toBe(2);
      return err;
    };
    expect(await errors(["--transports", "udp", "--request-cert"])).toContain("requestCert: asks TLS clients for a certificate, but transports has no tls");
    expect(await errors(["--transports", "udp", "--tls-ca", certFile])).toContain("tlsCa: roots for TLS peers, but transports has no tls");
    const missing = await errors(["--transports", "tls"]);
    expect(missing).toContain("tlsCert: the TLS listener needs a certificate");
    expect(missing).toContain("tlsKey: the TLS listener needs the certificate's key");
  });
});
