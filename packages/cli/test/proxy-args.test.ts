import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { STATELESS_REDIS, parseProxyArgs } from "../src/commands/proxy.js";
import { authenticationFor, withAuthentication } from "../src/proxy/authentication.js";
import { proxyConfigFor } from "../src/proxy/run.js";

const KEY = new Uint8Array(20).fill(7);

describe("puresip proxy arguments", () => {
  it("defaults: 127.0.0.1:5060 over UDP and TCP, stateful, no Record-Route", () => {
    expect(parseProxyArgs([])).toEqual(E.right({ host: "127.0.0.1", port: 5060, transports: ["UDP", "TCP"], wsPort: 5066, domains: [], recordRoute: false, stateless: false, trace: false, quiet: false }));
  });

  it("every option, and clear errors for bad values", () => {
    const plan = parseProxyArgs(["--host", "192.0.2.1", "--port", "5070", "--transports", "udp", "--domain", "Example.com,example.net", "--record-route", "--stateless", "--timer-c", "3m", "--trace-log", "t.log"]);
    expect(plan).toEqual(E.right({ host: "192.0.2.1", port: 5070, transports: ["UDP"], wsPort: 5066, domains: ["example.com", "example.net"], recordRoute: true, stateless: true, timerC: 180_000, trace: false, traceLog: "t.log", quiet: false }));
    expect(parseProxyArgs(["--port", "70000"])).toEqual(E.left('--port must be an integer in [0, 65535], got "70000"'));
    expect(parseProxyArgs(["--transports", "sctp"])).toEqual(E.left('--transports takes udp, tcp, ws and tls, got "sctp"'));
    expect(parseProxyArgs(["--ws-port", "-1"])).toEqual(E.left('--ws-port must be an integer in [0, 65535], got "-1"'));
    expect(parseProxyArgs(["--timer-c", "soon"])._tag).toBe("Left");
  });

  it("RFC 3261 §10.3: --redis shares the location store (a stateful proxy asks it); without it the store is in memory", () => {
    const plan = parseProxyArgs(["--redis", "redis://127.0.0.1:6379"]);
    expect(plan).toMatchObject(E.right({ redis: "redis://127.0.0.1:6379", stateless: false }));
    if (E.isLeft(plan)) throw new Error(plan.left);
    expect(proxyConfigFor(plan.right, [{ transport: "UDP", host: "127.0.0.1", port: 5060 }], KEY).location).toBe("Owner");
    expect(parseProxyArgs(["--redis", "http://x"])).toEqual(E.left('--redis takes a URL such as redis://127.0.0.1:6379, got "http://x"'));
    // §16.11: the refusal says why and what to run instead.
    expect(parseProxyArgs(["--redis", "redis://x", "--stateless"])).toEqual(E.left(STATELESS_REDIS));
    expect(STATELESS_REDIS).toMatch(/§16\.11.*Drop --stateless.*drop --redis/);
    const stateless = parseProxyArgs(["--stateless"]);
    if (E.isLeft(stateless)) throw new Error(stateless.left);
    expect(proxyConfigFor(stateless.right, [{ transport: "UDP", host: "127.0.0.1", port: 5060 }], KEY).location).toBe("Registry");
  });

  it("RFC 3261 §16.5, §10.3: the domain defaults to the host; the registrar takes REGISTERs for the domains and the proxy's addresses", () => {
    const plan = parseProxyArgs(["--host", "192.0.2.1"]);
    if (E.isLeft(plan)) throw new Error(plan.left);
    const config = proxyConfigFor(plan.right, [{ transport: "UDP", host: "192.0.2.1", port: 5060 }], KEY);
    expect(config.domains).toEqual(["192.0.2.1"]);
    expect(config.registrar._tag === "Some" && config.registrar.value.domains).toEqual(["192.0.2.1"]);
  });

  it("RFC 3261 §22.3, §22.1: --users, --realm and --digest; with users the registrar lets a user change only its own AOR (§10.3 step 3)", () => {
    const plan = parseProxyArgs(["--users", "users.txt", "--realm", "example.com", "--digest", "md5,sha-256"]);
    expect(E.isRight(plan) && [plan.right.usersFile, plan.right.realm, plan.right.digest]).toEqual(["users.txt", "example.com", ["MD5", "SHA-256"]]);
    expect(parseProxyArgs(["--digest", "sha1"])).toEqual(E.left('--digest takes SHA-256, MD5, SHA-512-256, got "SHA1"'));
    if (E.isLeft(plan)) throw new Error(plan.left);
    const users = new Map([["alice", { _tag: "Password", user: "alice", password: "secret" } as const]]);
    const config = withAuthentication(proxyConfigFor(plan.right, [{ transport: "UDP", host: "192.0.2.1", port: 5060 }], KEY), authenticationFor(users, "example.com", ["MD5"], new Uint8Array(32)));
    expect(config.registrar._tag === "Some" && config.registrar.value.authorization).toBe("UserPart");
    expect(config.authentication._tag === "Some" && config.authentication.value.account("alice")._tag).toBe("Some");
    expect(config.authentication._tag === "Some" && config.authentication.value.account("mallory")._tag).toBe("None");
  });

  it("RFC 3327 §5.2: --path puts the proxy on the Path of REGISTERs it forwards", () => {
    const plan = parseProxyArgs(["--path"]);
    if (E.isLeft(plan)) throw new Error(plan.left);
    expect(proxyConfigFor(plan.right, [{ transport: "UDP", host: "192.0.2.1", port: 5060 }], KEY).path).toBe(true);
    const plain = parseProxyArgs([]);
    expect(E.isRight(plain) && proxyConfigFor(plain.right, [{ transport: "UDP", host: "192.0.2.1", port: 5060 }], KEY).path).toBe(false);
  });

  it("RFC 7118 §5, RFC 5626 §5.2: --transports ws listens for SIP over WebSocket on --ws-port; the proxy keys its flow tokens", () => {
    const plan = parseProxyArgs(["--transports", "udp,ws", "--ws-port", "0"]);
    expect(plan).toMatchObject(E.right({ transports: ["UDP", "WS"], wsPort: 0 }));
    if (E.isLeft(plan)) throw new Error(plan.left);
    const config = proxyConfigFor(plan.right, [{ transport: "WS", host: "127.0.0.1", port: 5066 }], KEY);
    expect(config.flowKey).toEqual({ _tag: "Some", value: KEY });
  });
});
