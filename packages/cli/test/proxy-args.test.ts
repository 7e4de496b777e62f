import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parseProxyArgs } from "../src/commands/proxy.js";
import { proxyConfigFor } from "../src/proxy/run.js";

describe("puresip proxy arguments", () => {
  it("defaults: 127.0.0.1:5060 over UDP and TCP, stateful, no Record-Route", () => {
    expect(parseProxyArgs([])).toEqual(E.right({ host: "127.0.0.1", port: 5060, transports: ["UDP", "TCP"], domains: [], recordRoute: false, stateless: false, trace: false, quiet: false }));
  });

  it("every option, and clear errors for bad values", () => {
    const plan = parseProxyArgs(["--host", "192.0.2.1", "--port", "5070", "--transports", "udp", "--domain", "Example.com,example.net", "--record-route", "--stateless", "--timer-c", "3m", "--trace-log", "t.log"]);
    expect(plan).toEqual(E.right({ host: "192.0.2.1", port: 5070, transports: ["UDP"], domains: ["example.com", "example.net"], recordRoute: true, stateless: true, timerC: 180_000, trace: false, traceLog: "t.log", quiet: false }));
    expect(parseProxyArgs(["--port", "70000"])).toEqual(E.left('--port must be an integer in [0, 65535], got "70000"'));
    expect(parseProxyArgs(["--transports", "ws"])).toEqual(E.left('--transports takes udp and tcp, got "ws"'));
    expect(parseProxyArgs(["--timer-c", "soon"])._tag).toBe("Left");
  });

  it("RFC 3261 §16.5, §10.3: the domain defaults to the host; the registrar takes REGISTERs for the domains and the proxy's addresses", () => {
    const plan = parseProxyArgs(["--host", "192.0.2.1"]);
    if (E.isLeft(plan)) throw new Error(plan.left);
    const config = proxyConfigFor(plan.right, [{ transport: "UDP", host: "192.0.2.1", port: 5060 }]);
    expect(config.domains).toEqual(["192.0.2.1"]);
    expect(config.registrar._tag === "Some" && config.registrar.value.domains).toEqual(["192.0.2.1"]);
  });
});
