import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { defaultServeConfig, flagsPart, mergeServeConfig, parseConfigFile, servedDomains } from "../src/config/serve-config.js";
import { foreignRealms, parseUsers, unchallengedHa1 } from "../src/config/users.js";

const right = <A>(e: E.Either<ReadonlyArray<string>, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.join("\n"));
  return e.right;
};
const left = <A>(e: E.Either<ReadonlyArray<string>, A>): ReadonlyArray<string> => {
  if (E.isRight(e)) throw new Error(`expected problems, got ${JSON.stringify(e.right)}`);
  return e.left;
};

describe("puresip serve configuration: defaults, then the file, then flags", () => {
  it("with nothing given, serves 127.0.0.1:5060 (UDP, TCP) and WebSocket on 5066, realm = host", () => {
    expect(right(mergeServeConfig(defaultServeConfig))).toEqual(defaultServeConfig);
  });

  it("flags override the file field by field; registrar and media merge their own fields", () => {
    const file = right(parseConfigFile(JSON.stringify({ host: "127.0.0.2", port: 5070, registrar: { maxExpires: 600 }, media: { codecs: ["PCMA"] } })));
    const flags = right(flagsPart({ port: "5080", transports: "udp,tcp" }));
    const c = right(mergeServeConfig(defaultServeConfig, file, flags));
    expect(c).toMatchObject({ host: "127.0.0.2", port: 5080, transports: ["udp", "tcp"], realm: "127.0.0.2" });
    // §10.3 item 7 bounds: lowering maxExpires alone pulls the default granted expiry inside it.
    expect(c.registrar).toEqual({ ...defaultServeConfig.registrar, minExpires: 60, maxExpires: 600, defaultExpires: 600 });
    expect(c.media).toEqual({ address: "127.0.0.1", port: 40000, codecs: ["PCMA"] });
  });

  it("RFC3261-22.1-4, RFC3261-22.1-5, RFC3261-26.3.1-11: with no realm given, the digest realm is the host served, a domain name a user can read; one given is kept", () => {
    expect(right(mergeServeConfig(defaultServeConfig, right(parseConfigFile(JSON.stringify({ host: "sip.example.com" })))))).toMatchObject({ host: "sip.example.com", realm: "sip.example.com" });
    expect(right(mergeServeConfig(defaultServeConfig, right(parseConfigFile(JSON.stringify({ host: "sip.example.com", realm: "example.com" })))))).toMatchObject({ realm: "example.com" });
  });

  it("port 0 asks for any free port", () => {
    expect(right(mergeServeConfig(defaultServeConfig, right(flagsPart({ port: "0", wsPort: "0" }))))).toMatchObject({ port: 0, wsPort: 0 });
  });
});

describe("puresip serve configuration errors name the path of each bad field", () => {
  it("every bad field of a file at once, with what was expected and what was there", () => {
    const problems = left(
      parseConfigFile(JSON.stringify({ port: "50x60", transports: ["udp", "sctp"], registrar: { minExpires: -1 }, media: { codecs: ["PCMU", "G729"] }, prot: 1 })),
    );
    expect(problems).toEqual([
      'port: expected an integer from 0 (any free port) to 65535, got "50x60"',
      'transports[1]: expected one of udp, tcp, ws, tls, got "sctp"',
      "registrar.minExpires: expected a whole number of seconds, got -1",
      'media.codecs[1]: expected one of PCMU, PCMA, G722, opus, telephone-event, got "G729"',
      "prot: unknown field (known: host, port, wsPort, tlsPort, tlsCert, tlsKey, tlsCa, requestCert, transports, realm, domains, usersFile, digest, registrar, media)",
    ]);
  });

  it("a misspelt nested field is named with its section", () => {
    expect(left(parseConfigFile('{"media": {"adress": "10.0.0.1"}}'))).toEqual(["media.adress: unknown field (known: address, port, codecs)"]);
  });

  it("JSON syntax errors and a file that is not an object", () => {
    expect(left(parseConfigFile("{ port: 5060 }"))[0]).toMatch(/^not valid JSON: /);
    expect(left(parseConfigFile("[1]"))).toEqual(["(top level): expected a JSON object"]);
  });

  it("flags are checked by the same codec and named as flags", () => {
    expect(left(flagsPart({ port: "70000" }))).toEqual(["--port: expected an integer from 0 (any free port) to 65535, got 70000"]);
    expect(left(flagsPart({ wsPort: "ws" }))).toEqual(['--ws-port: expected an integer from 0 (any free port) to 65535, got "ws"']);
    expect(left(flagsPart({ host: "a b" }))).toEqual(['--host: expected an IP address or host name without spaces, got "a b"']);
  });

  it("fields that are each valid but contradict each other", () => {
    const file = right(parseConfigFile(JSON.stringify({ registrar: { minExpires: 900, maxExpires: 600, defaultExpires: 30 }, transports: [] })));
    expect(left(mergeServeConfig(defaultServeConfig, file))).toEqual([
      "registrar.minExpires (900) is above registrar.maxExpires (600)",
      "registrar.defaultExpires (30) is outside 900..600",
      "transports: name at least one of udp, tcp, ws, tls",
    ]);
  });
});

describe("RFC 3261 §22 users file for digest authentication", () => {
  it("reads user:password and user:realm:HA1 (MD5: 32 hex digits, SHA-256: 64), skipping comments and blank lines", () => {
    const users = right(parseUsers(`# accounts\nalice:secret\n\nbob:127.0.0.1:${"A".repeat(32)}\r\ncarol:r2:${"0".repeat(64)}\n`));
    expect([...users.values()]).toEqual([
      { _tag: "Password", user: "alice", password: "secret" },
      { _tag: "HA1", user: "bob", realm: "127.0.0.1", algorithm: "MD5", ha1: "a".repeat(32) },
      { _tag: "HA1", user: "carol", realm: "r2", algorithm: "SHA-256", ha1: "0".repeat(64) },
    ]);
    expect(foreignRealms(users, "127.0.0.1")).toEqual(['"carol" has realm "r2", but the server\'s realm is "127.0.0.1"']);
  });

  it("names the line of every problem", () => {
    expect(left(parseUsers("alice\n:pw\nbob:\ncarol:r:xyz\ndave:a:b:c\nalice:x\nalice:y\n"))).toEqual([
      'line 1: expected "user:password" or "user:realm:HA1"',
      "line 2: the user name is empty",
      'line 3: the password of "bob" is empty',
      'line 4: the HA1 of "carol" must be 32 hex digits (MD5) or 64 (SHA-256)',
      'line 5: expected "user:password" or "user:realm:HA1", got 4 fields',
      'line 7: "alice" is listed twice',
    ]);
  });
});

describe("RFC 3261 §10.3: 'A registrar has to know (for example, through configuration) the set of domain(s) for which it maintains bindings'", () => {
  it("--domain and the file's domains name them; by default the realm and the host", () => {
    expect(servedDomains(right(mergeServeConfig(defaultServeConfig, right(flagsPart({ domain: "biloxi.example.com,example.org" })))))).toEqual(["biloxi.example.com", "example.org"]);
    expect(servedDomains(right(mergeServeConfig(defaultServeConfig, right(parseConfigFile(JSON.stringify({ domains: ["a.example"] }))))))).toEqual(["a.example"]);
    expect(servedDomains(right(mergeServeConfig(defaultServeConfig, right(flagsPart({ realm: "puresip" })))))).toEqual(["puresip", "127.0.0.1"]);
  });
  it("a wildcard address is no domain: with nothing else known, every domain is served", () => {
    expect(servedDomains(right(mergeServeConfig(defaultServeConfig, right(flagsPart({ host: "0.0.0.0" })))))).toEqual([]);
    expect(servedDomains(right(mergeServeConfig(defaultServeConfig, right(flagsPart({ host: "0.0.0.0", realm: "example.com" })))))).toEqual(["example.com"]);
  });
  it("the registrar's caps and failure budgets are whole numbers; maxUdpResponse fits a datagram", () => {
    expect(left(parseConfigFile(JSON.stringify({ registrar: { maxBindingsPerAor: 0, maxUdpResponse: 70000 } })))).toEqual([
      "registrar.maxBindingsPerAor: expected a whole number from 1, got 0",
      "registrar.maxUdpResponse: expected a number of octets from 512 to 65507, got 70000",
    ]);
  });
});

describe("RFC 8760 §2.3: an account stored as one algorithm's HA1 can answer only that algorithm", () => {
  it("is named when the configured digest algorithms leave its algorithm out", () => {
    const users = right(parseUsers("carol:127.0.0.1:03b95197f26d429e266603efcfa3c5b4\nalice:pw\n"));
    expect(unchallengedHa1(users, ["SHA-256"])).toEqual(['"carol" is stored as a MD5 HA1, but --digest offers only SHA-256']);
    expect(unchallengedHa1(users, ["SHA-256", "MD5"])).toEqual([]);
  });
});
