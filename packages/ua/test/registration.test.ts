import { describe, expect, it } from "vitest";
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createChallenge, verify } from "@puresip/auth";
import { parseCredentials, parseProxyCredentials, printChallenge, printUri } from "@puresip/message";
import type { Credentials } from "@puresip/message";
import { RegistrationStateCodec, nextRegistrationDeadline, startRegistration, stepRegistration } from "../src/index.js";
import type { RegistrationState } from "../src/index.js";
import { config, field, fresh, notifications, onlyRequest, reply, responseEvent, right, sent, values } from "./registration-fixtures.js";

const register = (now = 0, expires?: number) => (expires === undefined ? { _tag: "Register" as const, now } : { _tag: "Register" as const, now, expires });

/** A registered client: REGISTER at t=0, 200 granting `granted` seconds. */
const registered = (granted = 3600): RegistrationState => {
  const [pending, effects] = stepRegistration(fresh(), register());
  return stepRegistration(pending, responseEvent(10, reply(onlyRequest(effects), 200, [field("Contact", `<sips:bob@client.biloxi.example.com>;expires=${String(granted)}`)])))[0];
};

const digestChallenge = (nonce: string, stale = false) =>
  right(createChallenge({ realm: "atlanta.example.com", nonce, algorithms: ["SHA-256", "MD5"], stale })).challenges.map(printChallenge);

const digestOf = (c: Credentials) => {
  if (c._tag !== "DigestCredentials") throw new Error("not digest");
  return c;
};

describe("RFC 3261 §10.2 constructing the REGISTER request", () => {
  it("sends To/From = AOR, our tag, the registrar URI, CSeq 1 and our Contact with expires", () => {
    const [state, effects] = stepRegistration(fresh(), register(0, 600));
    const request = onlyRequest(effects);
    expect(request.method).toBe("REGISTER");
    expect(printUri(request.uri)).toBe("sips:ss2.biloxi.example.com");
    expect(values(request, "To")).toEqual(["Bob <sips:bob@biloxi.example.com>"]);
    expect(values(request, "From")).toEqual(["Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl"]);
    expect(values(request, "Call-ID")).toEqual(["1j9FpLxk3uxtm8tn@biloxi.example.com"]);
    expect(values(request, "CSeq")).toEqual(["1 REGISTER"]);
    expect(values(request, "Contact")).toEqual(["<sips:bob@client.biloxi.example.com>;expires=600"]);
    expect(request.core.via[0]?.params).toContainEqual({ name: "branch", value: "z9hG4bK7f3a.1" });
    expect(state._tag).toBe("Pending");
  });

  it("asks for the configured interval when the command names none", () => {
    const [, effects] = stepRegistration(fresh(), register());
    expect(values(onlyRequest(effects), "Contact")).toEqual(["<sips:bob@client.biloxi.example.com>;expires=7200"]);
  });

  it("keeps the Call-ID and increments CSeq by one for each registration, with a new branch", () => {
    const [, effects] = stepRegistration(registered(), register(20));
    const request = onlyRequest(effects);
    expect(values(request, "Call-ID")).toEqual(["1j9FpLxk3uxtm8tn@biloxi.example.com"]);
    expect(values(request, "CSeq")).toEqual(["2 REGISTER"]);
    expect(request.core.via[0]?.params).toContainEqual({ name: "branch", value: "z9hG4bK7f3a.2" });
  });

  it("never has two REGISTERs outstanding: a command while one is pending waits for its final response", () => {
    const [pending, first] = stepRegistration(fresh(), register());
    const [waiting, none] = stepRegistration(pending, { _tag: "Unregister", now: 5 });
    expect(sent(none)).toEqual([]);
    const [after, effects] = stepRegistration(waiting, responseEvent(10, reply(onlyRequest(first), 200)));
    expect(notifications(effects)[0]?._tag).toBe("Registered");
    const next = onlyRequest(effects);
    expect(values(next, "CSeq")).toEqual(["2 REGISTER"]);
    expect(values(next, "Contact")).toEqual(["<sips:bob@client.biloxi.example.com>;expires=0"]);
    expect(after._tag).toBe("Pending");
  });

  it("ignores a response to a REGISTER that is not outstanding, and provisional responses", () => {
    const [pending, effects] = stepRegistration(fresh(), register());
    const request = onlyRequest(effects);
    const [, other] = stepRegistration(registered(), register());
    const [same, ignored] = stepRegistration(pending, responseEvent(1, reply(onlyRequest(other), 200)));
    expect(same).toEqual(pending);
    expect(ignored).toEqual([{ _tag: "Ignored", reason: "response to a REGISTER that is not outstanding" }]);
    const [, trying] = stepRegistration(pending, responseEvent(1, reply(request, 100)));
    expect(trying).toEqual([{ _tag: "Ignored", reason: "provisional response" }]);
  });

  it("reports a transaction timeout as Failed 408", () => {
    const [pending] = stepRegistration(fresh(), register());
    const [state, effects] = stepRegistration(pending, { _tag: "Timeout", now: 32000 });
    expect(state._tag).toBe("Unregistered");
    expect(notifications(effects)).toEqual([{ _tag: "Failed", status: 408, reason: "no final response (transaction timeout)" }]);
  });

  it("reports another final response as Failed with its status", () => {
    const [pending, effects] = stepRegistration(fresh(), register());
    const [, failed] = stepRegistration(pending, responseEvent(1, reply(onlyRequest(effects), 403)));
    expect(notifications(failed)).toEqual([{ _tag: "Failed", status: 403, reason: "Forbidden" }]);
  });

  it("refuses a config whose branch seed is not a token", () => {
    expect(E.isLeft(startRegistration({ ...config, branchSeed: "a b" }))).toBe(true);
    expect(E.isLeft(startRegistration({ ...config, expires: -1 }))).toBe(true);
  });
});

describe("RFC 3261 §10.2.4 refreshing bindings", () => {
  it("takes the interval from our Contact's expires parameter and refreshes 30 s before it ends", () => {
    const [pending, effects] = stepRegistration(fresh(), register());
    const ok = reply(onlyRequest(effects), 200, [
      field("Contact", "<sips:bob@other.example.com>;expires=9999, <sips:bob@client.biloxi.example.com>;expires=3600"),
      field("Expires", "60"),
    ]);
    const [state, done] = stepRegistration(pending, responseEvent(1000, ok));
    expect(notifications(done)[0]).toMatchObject({ _tag: "Registered", expires: 3600 });
    expect(done).toContainEqual({ _tag: "WakeAt", at: 1000 + 3570 * 1000 });
    expect(nextRegistrationDeadline(state)).toEqual(O.some(1000 + 3570 * 1000));
  });

  it("falls back to the Expires header field, and refreshes at half of a short interval", () => {
    const [pending, effects] = stepRegistration(fresh(), register());
    const [state, done] = stepRegistration(pending, responseEvent(0, reply(onlyRequest(effects), 200, [field("Expires", "40")])));
    expect(notifications(done)[0]).toMatchObject({ _tag: "Registered", expires: 40 });
    expect(nextRegistrationDeadline(state)).toEqual(O.some(20000));
  });

  it("re-REGISTERs at the refresh time, not before, asking for the same interval", () => {
    const state = registered(3600);
    expect(stepRegistration(state, { _tag: "Tick", now: 10 + 3569 * 1000 })).toEqual([state, []]);
    const [after, effects] = stepRegistration(state, { _tag: "Tick", now: 10 + 3570 * 1000 });
    const refresh = onlyRequest(effects);
    expect(values(refresh, "CSeq")).toEqual(["2 REGISTER"]);
    expect(values(refresh, "Contact")).toEqual(["<sips:bob@client.biloxi.example.com>;expires=7200"]);
    expect(after._tag).toBe("Pending");
    expect(nextRegistrationDeadline(after)).toEqual(O.none);
  });
});

describe("RFC 3261 §10.2.2 removing bindings", () => {
  it("Unregister sends our Contact with expires=0 and reports Unregistered", () => {
    const [pending, effects] = stepRegistration(registered(), { _tag: "Unregister", now: 20 });
    const request = onlyRequest(effects);
    expect(values(request, "Contact")).toEqual(["<sips:bob@client.biloxi.example.com>;expires=0"]);
    const [state, done] = stepRegistration(pending, responseEvent(30, reply(request, 200)));
    expect(state._tag).toBe("Unregistered");
    expect(notifications(done)).toEqual([{ _tag: "Unregistered" }]);
  });

  it("UnregisterAll sends Contact: * with Expires: 0", () => {
    const [, effects] = stepRegistration(registered(), { _tag: "UnregisterAll", now: 20 });
    const request = onlyRequest(effects);
    expect(values(request, "Contact")).toEqual(["*"]);
    expect(values(request, "Expires")).toEqual(["0"]);
  });
});

describe("RFC 3261 §10.2.8 / §21.4.17 423 Interval Too Brief", () => {
  it("retries with Min-Expires and a new CSeq", () => {
    const [pending, effects] = stepRegistration(fresh(), register(0, 60));
    const [retrying, retry] = stepRegistration(pending, responseEvent(5, reply(onlyRequest(effects), 423, [field("Min-Expires", "3600")])));
    const request = onlyRequest(retry);
    expect(values(request, "CSeq")).toEqual(["2 REGISTER"]);
    expect(values(request, "Contact")).toEqual(["<sips:bob@client.biloxi.example.com>;expires=3600"]);
    const [, done] = stepRegistration(retrying, responseEvent(6, reply(request, 200)));
    expect(notifications(done)[0]).toMatchObject({ _tag: "Registered", expires: 3600 });
  });

  it("fails without a usable Min-Expires", () => {
    const [pending, effects] = stepRegistration(fresh(), register(0, 60));
    const [state, none] = stepRegistration(pending, responseEvent(5, reply(onlyRequest(effects), 423)));
    expect(state._tag).toBe("Unregistered");
    expect(notifications(none)).toEqual([{ _tag: "Failed", status: 423, reason: "423 without a valid Min-Expires" }]);
    const [, met] = stepRegistration(pending, responseEvent(5, reply(onlyRequest(effects), 423, [field("Min-Expires", "30")])));
    expect(notifications(met)[0]).toMatchObject({ _tag: "Failed", status: 423 });
  });
});

describe("RFC 3261 §22.2 user-to-user authentication", () => {
  it("answers a 401 once with valid credentials, the cnonce from the event and a new CSeq", () => {
    const issued = right(createChallenge({ realm: "atlanta.example.com", nonce: "ea9c8e88df84f1cec4341ae6cbe5a359", algorithms: ["SHA-256", "MD5"] }));
    const [pending, effects] = stepRegistration(fresh(), register());
    const challenge = reply(onlyRequest(effects), 401, issued.challenges.map((c) => field("WWW-Authenticate", printChallenge(c))));
    const [, retry] = stepRegistration(pending, responseEvent(5, challenge, "6a1b2c3d4e5f"));
    const request = onlyRequest(retry);
    expect(values(request, "CSeq")).toEqual(["2 REGISTER"]);
    const credentials = digestOf(right(parseCredentials(values(request, "Authorization")[0] ?? "")));
    expect(credentials.algorithm).toBe("SHA-256");
    expect(credentials.cnonce).toBe("6a1b2c3d4e5f");
    expect(credentials.uri).toBe("sips:ss2.biloxi.example.com");
    expect(E.isRight(verify(credentials, { secret: { _tag: "Password", password: "zanzibar" }, method: "REGISTER" }, issued.state))).toBe(true);
  });

  it("answers a 407 with Proxy-Authorization", () => {
    const [pending, effects] = stepRegistration(fresh(), register());
    const challenge = reply(onlyRequest(effects), 407, digestChallenge("bbb111").map((v) => field("Proxy-Authenticate", v)));
    const [, retry] = stepRegistration(pending, responseEvent(5, challenge));
    const request = onlyRequest(retry);
    expect(values(request, "Authorization")).toEqual([]);
    expect(digestOf(right(parseProxyCredentials(values(request, "Proxy-Authorization")[0] ?? ""))).nonce).toBe("bbb111");
  });

  it("fails on a second 401 for the same nonce, but retries once more when it is stale", () => {
    const [pending, effects] = stepRegistration(fresh(), register());
    const first = reply(onlyRequest(effects), 401, digestChallenge("n1").map((v) => field("WWW-Authenticate", v)));
    const [answered, retry] = stepRegistration(pending, responseEvent(5, first));
    const again = reply(onlyRequest(retry), 401, digestChallenge("n1").map((v) => field("WWW-Authenticate", v)));
    const [failedState, failed] = stepRegistration(answered, responseEvent(6, again));
    expect(failedState._tag).toBe("Unregistered");
    expect(notifications(failed)).toEqual([{ _tag: "Failed", status: 401, reason: 'credentials for realm "atlanta.example.com" refused' }]);
    expect(sent(failed)).toEqual([]);
    const stale = reply(onlyRequest(retry), 401, digestChallenge("n2", true).map((v) => field("WWW-Authenticate", v)));
    const [, retried] = stepRegistration(answered, responseEvent(6, stale));
    const third = onlyRequest(retried);
    expect(values(third, "CSeq")).toEqual(["3 REGISTER"]);
    expect(digestOf(right(parseCredentials(values(third, "Authorization")[0] ?? ""))).nonce).toBe("n2");
  });

  it("fails on a second non-stale 401 for the same realm even with a new nonce (RFC 7616 §3.3)", () => {
    const [pending, effects] = stepRegistration(fresh(), register());
    const first = reply(onlyRequest(effects), 401, digestChallenge("n1").map((v) => field("WWW-Authenticate", v)));
    const [answered, retry] = stepRegistration(pending, responseEvent(5, first));
    const renewed = reply(onlyRequest(retry), 401, digestChallenge("n9").map((v) => field("WWW-Authenticate", v)));
    const [, failed] = stepRegistration(answered, responseEvent(6, renewed));
    expect(sent(failed)).toEqual([]);
    expect(notifications(failed)).toEqual([{ _tag: "Failed", status: 401, reason: 'credentials for realm "atlanta.example.com" refused' }]);
  });

  it("answers a 401 after a 407 with both credentials, the proxy's with its next nonce count", () => {
    const proxyIssued = right(createChallenge({ realm: "atlanta.example.com", nonce: "proxy-nonce-1", algorithms: ["SHA-256"] }));
    const registrarIssued = right(createChallenge({ realm: "biloxi.example.com", nonce: "registrar-nonce-1", algorithms: ["SHA-256"] }));
    const secret = { _tag: "Password", password: "zanzibar" } as const;
    const [s1, e1] = stepRegistration(fresh(), register());
    const [s2, e2] = stepRegistration(s1, responseEvent(5, reply(onlyRequest(e1), 407, proxyIssued.challenges.map((c) => field("Proxy-Authenticate", printChallenge(c)))), "aa01"));
    const second = onlyRequest(e2);
    const proxyState = right(verify(digestOf(right(parseProxyCredentials(values(second, "Proxy-Authorization")[0] ?? ""))), { secret, method: "REGISTER" }, proxyIssued.state));
    const [s3, e3] = stepRegistration(s2, responseEvent(6, reply(second, 401, registrarIssued.challenges.map((c) => field("WWW-Authenticate", printChallenge(c)))), "aa02"));
    const third = onlyRequest(e3);
    expect(values(third, "CSeq")).toEqual(["3 REGISTER"]);
    const proxyAgain = digestOf(right(parseProxyCredentials(values(third, "Proxy-Authorization")[0] ?? "")));
    expect(proxyAgain.nc).toBe("00000002");
    expect(E.isRight(verify(proxyAgain, { secret, method: "REGISTER" }, proxyState))).toBe(true);
    const registrar = digestOf(right(parseCredentials(values(third, "Authorization")[0] ?? "")));
    expect(E.isRight(verify(registrar, { secret, method: "REGISTER" }, registrarIssued.state))).toBe(true);
    const json: unknown = JSON.parse(JSON.stringify(RegistrationStateCodec.encode(s3)));
    expect(RegistrationStateCodec.decode(json)).toEqual(E.right(s3));
  });

  it("keeps answering the challenge when a 423 follows it (RFC 3261 §10.2.8)", () => {
    const [s1, e1] = stepRegistration(fresh(), register(0, 60));
    const [s2, e2] = stepRegistration(s1, responseEvent(5, reply(onlyRequest(e1), 401, digestChallenge("n1").map((v) => field("WWW-Authenticate", v)))));
    const [, e3] = stepRegistration(s2, responseEvent(6, reply(onlyRequest(e2), 423, [field("Min-Expires", "3600")])));
    const retry = onlyRequest(e3);
    expect(values(retry, "Contact")).toEqual(["<sips:bob@client.biloxi.example.com>;expires=3600"]);
    const credentials = digestOf(right(parseCredentials(values(retry, "Authorization")[0] ?? "")));
    expect([credentials.nonce, credentials.nc]).toEqual(["n1", "00000002"]);
  });

  it("fails when challenged without credentials", () => {
    const { credentials: _unused, ...anonymous } = config;
    const [pending, effects] = stepRegistration(fresh(anonymous), register());
    const challenge = reply(onlyRequest(effects), 401, digestChallenge("n1").map((v) => field("WWW-Authenticate", v)));
    const [, failed] = stepRegistration(pending, responseEvent(5, challenge));
    expect(notifications(failed)).toEqual([{ _tag: "Failed", status: 401, reason: "challenged, and no credentials are configured" }]);
  });
});

describe("RFC 3261 §22.1 credentials cached for the next REGISTER", () => {
  const issued = right(createChallenge({ realm: "atlanta.example.com", nonce: "cafe0001", algorithms: ["SHA-256"] }));
  const secret = { _tag: "Password", password: "zanzibar" } as const;
  /** Registered after one challenge answered with cnonce "c1". */
  const challengedThenBound = () => {
    const [s1, e1] = stepRegistration(fresh(), register(0, 120));
    const [s2, e2] = stepRegistration(s1, responseEvent(5, reply(onlyRequest(e1), 401, issued.challenges.map((c) => field("WWW-Authenticate", printChallenge(c)))), "c1"));
    const answer = onlyRequest(e2);
    const [s3] = stepRegistration(s2, responseEvent(10, reply(answer, 200, [field("Contact", "<sips:bob@client.biloxi.example.com>;expires=120")])));
    const state = right(verify(digestOf(right(parseCredentials(values(answer, "Authorization")[0] ?? ""))), { secret, method: "REGISTER" }, issued.state));
    return { registered: s3, nonceState: state };
  };

  it("a refresh carries them again unasked: the same nonce and cnonce, the nonce count one higher (RFC 7616 §3.4.5)", () => {
    const { registered: bound, nonceState } = challengedThenBound();
    expect(bound).toMatchObject({ _tag: "Registered", cache: { cnonce: "c1" } });
    const [pending, effects] = stepRegistration(bound, { _tag: "Tick", now: 10 + 90_000 });
    const refresh = onlyRequest(effects);
    expect(values(refresh, "CSeq")).toEqual(["3 REGISTER"]);
    const credentials = digestOf(right(parseCredentials(values(refresh, "Authorization")[0] ?? "")));
    expect([credentials.nonce, credentials.cnonce, credentials.nc]).toEqual(["cafe0001", "c1", "00000002"]);
    expect(E.isRight(verify(credentials, { secret, method: "REGISTER" }, nonceState))).toBe(true);
    const [again] = stepRegistration(pending, responseEvent(90_020, reply(refresh, 200, [field("Contact", "<sips:bob@client.biloxi.example.com>;expires=120")])));
    expect(again).toMatchObject({ _tag: "Registered", cache: { answers: [{ nc: 2 }] } });
    const json: unknown = JSON.parse(JSON.stringify(RegistrationStateCodec.encode(pending)));
    expect(RegistrationStateCodec.decode(json)).toEqual(E.right(pending));
  });

  it("a challenge to cached credentials (a nonce the registrar forgot) is answered, not taken as a refusal", () => {
    const { registered: bound } = challengedThenBound();
    const [pending, effects] = stepRegistration(bound, { _tag: "Tick", now: 10 + 90_000 });
    const renewed = reply(onlyRequest(effects), 401, digestChallenge("beef0002").map((v) => field("WWW-Authenticate", v)));
    const [answering, retry] = stepRegistration(pending, responseEvent(90_020, renewed, "c2"));
    const credentials = digestOf(right(parseCredentials(values(onlyRequest(retry), "Authorization")[0] ?? "")));
    expect([credentials.nonce, credentials.cnonce, credentials.nc]).toEqual(["beef0002", "c2", "00000001"]);
    // Asked for now: a second non-stale challenge for the realm is a refusal again (§22.2).
    const refused = reply(onlyRequest(retry), 401, digestChallenge("beef0003").map((v) => field("WWW-Authenticate", v)));
    const [, failed] = stepRegistration(answering, responseEvent(90_040, refused));
    expect(notifications(failed)).toEqual([{ _tag: "Failed", status: 401, reason: 'credentials for realm "atlanta.example.com" refused' }]);
  });

  it("are dropped with the binding: after an unregistration the next REGISTER goes without them", () => {
    const { registered: bound } = challengedThenBound();
    const [pending, effects] = stepRegistration(bound, { _tag: "Unregister", now: 20 });
    expect(values(onlyRequest(effects), "Authorization")).toHaveLength(1);
    const [gone] = stepRegistration(pending, responseEvent(30, reply(onlyRequest(effects), 200)));
    const [, next] = stepRegistration(gone, register(40));
    expect(values(onlyRequest(next), "Authorization")).toEqual([]);
  });
});

describe("RFC 3665 registration flows", () => {
  it("§2.1 successful new registration: 401, REGISTER with credentials, 200 lists the binding", () => {
    const [s1, e1] = stepRegistration(fresh(), register());
    const [s2, e2] = stepRegistration(s1, responseEvent(100, reply(onlyRequest(e1), 401, digestChallenge("ea9c8e88df84f1cec4341ae6cbe5a359").map((v) => field("WWW-Authenticate", v)))));
    const f3 = onlyRequest(e2);
    expect(values(f3, "Authorization")).toHaveLength(1);
    const f4 = reply(f3, 200, [field("Contact", "<sips:bob@client.biloxi.example.com>;expires=3600")]);
    const [s3, e3] = stepRegistration(s2, responseEvent(200, f4));
    expect(s3._tag).toBe("Registered");
    expect(notifications(e3)).toEqual([{ _tag: "Registered", expires: 3600, contacts: f4.core.contact }]);
  });

  it("§2.2 update of contact list: a new REGISTER reports every binding the registrar returns", () => {
    const [pending, effects] = stepRegistration(registered(), register(50, 3600));
    const ok = reply(onlyRequest(effects), 200, [
      field("Contact", "<sips:bob@client.biloxi.example.com>;expires=3600, <mailto:bob@biloxi.example.com>;expires=4294967295"),
    ]);
    const [, done] = stepRegistration(pending, responseEvent(60, ok));
    const notification = notifications(done)[0];
    expect(notification?._tag === "Registered" ? notification.contacts.map((c) => printUri(c.uri)) : []).toEqual([
      "sips:bob@client.biloxi.example.com",
      "mailto:bob@biloxi.example.com",
    ]);
  });

  it("§2.3 request for current contact list (RFC 3261 §10.2.3): no Contact, the 200's bindings reported, ours kept", () => {
    const before = registered(3600);
    const [pending, effects] = stepRegistration(before, { _tag: "FetchBindings", now: 50 });
    const request = onlyRequest(effects);
    expect(values(request, "Contact")).toEqual([]);
    expect(values(request, "CSeq")).toEqual(["2 REGISTER"]);
    const ok = reply(request, 200, [field("Contact", "<sips:bob@client.biloxi.example.com>;expires=3500, <sip:bob@phone.example.com>;expires=100")]);
    const [state, done] = stepRegistration(pending, responseEvent(60, ok));
    expect(notifications(done)).toEqual([{ _tag: "Bindings", contacts: ok.core.contact }]);
    const refreshAt = 10 + 3570 * 1000;
    expect(state).toMatchObject({ _tag: "Registered", cseq: 2, granted: 3600, refreshAt });
    expect(done).toContainEqual({ _tag: "WakeAt", at: refreshAt });
  });

  it("§2.3 a failed fetch reports Failed and leaves an unregistered client unregistered", () => {
    const [pending, effects] = stepRegistration(fresh(), { _tag: "FetchBindings", now: 0 });
    const [state, done] = stepRegistration(pending, responseEvent(5, reply(onlyRequest(effects), 404)));
    expect(state._tag).toBe("Unregistered");
    expect(notifications(done)).toEqual([{ _tag: "Failed", status: 404, reason: "Not Found" }]);
  });

  it("§2.4 cancellation of registration: Contact: * with Expires: 0, 200, Unregistered", () => {
    const [pending, effects] = stepRegistration(registered(), { _tag: "UnregisterAll", now: 50 });
    const request = onlyRequest(effects);
    const [state, done] = stepRegistration(pending, responseEvent(60, reply(request, 200)));
    expect(state._tag).toBe("Unregistered");
    expect(notifications(done)).toEqual([{ _tag: "Unregistered" }]);
    expect(nextRegistrationDeadline(state)).toEqual(O.none);
  });
});

describe("registration state codec", () => {
  it("round-trips every state through JSON", () => {
    const [pending] = stepRegistration(fresh(), register());
    const [queued] = stepRegistration(pending, { _tag: "Unregister", now: 1 });
    const [fetching] = stepRegistration(registered(), { _tag: "FetchBindings", now: 20 });
    for (const state of [fresh(), registered(), pending, queued, fetching]) {
      const json: unknown = JSON.parse(JSON.stringify(RegistrationStateCodec.encode(state)));
      expect(RegistrationStateCodec.decode(json)).toEqual(E.right(state));
    }
    expect(E.isLeft(RegistrationStateCodec.decode({ _tag: "Registered", config: {}, cseq: 1 }))).toBe(true);
  });

  it("a restored state behaves like the original", () => {
    const state = registered();
    const restored = right(RegistrationStateCodec.decode(JSON.parse(JSON.stringify(RegistrationStateCodec.encode(state)))));
    const tick = { _tag: "Tick", now: 10_000_000 } as const;
    expect(stepRegistration(restored, tick)).toEqual(stepRegistration(state, tick));
  });
});

