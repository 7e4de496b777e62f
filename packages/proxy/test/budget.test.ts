import { describe, expect, it } from "vitest";
import * as O from "fp-ts/lib/Option.js";
import type { Peer } from "@puresip/kernel";
import { headerValues } from "@puresip/message";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import type { FailureBudgets } from "../src/index.js";
import { DEFAULT_FAILURE_BUDGETS } from "../src/index.js";
import { answerTo, authConfig, authentication, withHeader } from "./auth-fixtures.js";
import { config, harness, register, responses } from "./sip.js";
import { answering, keysWith, registrarPeer, unauthenticated } from "./register-digest.js";

const statuses = (rs: ReadonlyArray<{ readonly status: number }>): ReadonlyArray<number> => rs.map((r) => r.status);
const host = (i: number): Peer => ({ transport: "UDP", host: `198.51.100.${String(i)}`, port: 5060 });
const budgets = (perSource: number, perUser: number, max = 100): FailureBudgets => ({
  perSource: { burst: perSource, refillMs: 10_000 },
  perUser: { burst: perUser, refillMs: 10_000 },
  maxSources: max,
  maxUsers: max,
});

describe("RFC 7616 §5.7 / RFC 3261 §26.3.2.4 failed-digest budgets at the proxy", () => {
  it("RFC3261-21.5.4-1, RFC 7616 §5.7: a source that spent its budget on wrong passwords gets 503 Too Many Failed Authentications with Retry-After, even with the right one; another source still registers", () => {
    const h = harness(authConfig({ budgets: budgets(3, 100) }));
    const [challenge] = unauthenticated(h, "a");
    for (const nc of [1, 2, 3]) expect(statuses(answering(h, challenge!, `g${String(nc)}`, nc, "guess"))).toEqual([403]);
    const [over] = answering(h, challenge!, "g4", 4, "secret");
    expect(over?.status).toBe(503);
    expect(over?.reason).toBe("Too Many Failed Authentications");
    expect(over && headerValues("Retry-After")(over)).toEqual(["10"]);
    expect(statuses(answering(h, challenge!, "ok", 5, "secret", host(7)))).toEqual([200]);
  });

  it("RFC 7616 §5.7: guesses at alice's password from many sources spend alice's budget: 503 from any source; one refill later she registers, and each budget is forgotten once whole", () => {
    const h = harness(authConfig({ budgets: budgets(100, 2) }));
    const [challenge] = unauthenticated(h, "a");
    expect(statuses(answering(h, challenge!, "g1", 1, "guess", host(1)))).toEqual([403]);
    expect(statuses(answering(h, challenge!, "g2", 2, "guess", host(2)))).toEqual([403]);
    expect(statuses(answering(h, challenge!, "g3", 3, "secret", host(3)))).toEqual([503]);
    expect(keysWith(h, "B U ")).toEqual(["B U alice"]);
    h.advance(10_000);
    expect(statuses(answering(h, challenge!, "ok", 4, "secret", host(3)))).toEqual([200]);
    h.advance(30_000);
    expect(keysWith(h, "B ")).toEqual([]);
    expect(keysWith(h, "Q Sources ")).toEqual([]);
    expect(keysWith(h, "Q Users ")).toEqual([]);
  });

  it("RFC 7616 §5.7: an unknown user costs the source only (403); requests without credentials cost nothing", () => {
    const h = harness(authConfig({ budgets: budgets(2, 2) }));
    for (let i = 0; i < 5; i += 1) expect(statuses(unauthenticated(h, `n${String(i)}`))).toEqual([401]);
    expect(keysWith(h, "B ")).toEqual([]);
    const [challenge] = unauthenticated(h, "a");
    const mallory = (callId: string) => {
      const r = register("alice", "<sip:alice@192.0.2.10>", callId);
      h.engine.receive(withHeader(r, "Authorization", answerTo(challenge!, r, "secret", 1, "mallory")), registrarPeer);
      return statuses(responses(h.take()));
    };
    expect(mallory("m1")).toEqual([403]);
    expect(keysWith(h, "B ")).toEqual([`B S ${registrarPeer.host}`]);
    expect(mallory("m2")).toEqual([403]);
    expect(mallory("m3")).toEqual([503]);
  });

  it("RFC 7616 §5.7: with no budgets configured the proxy applies DEFAULT_FAILURE_BUDGETS (serve's: 10 a source, 5 a user)", () => {
    const { budgets: _omitted, ...rest } = authentication();
    const h = harness(config({ authentication: O.some(rest), registrar: O.some({ ...defaultRegistrarConfig, domains: ["example.com"], authorization: "UserPart" }) }));
    const [challenge] = unauthenticated(h, "a");
    const got = Array.from({ length: DEFAULT_FAILURE_BUDGETS.perUser.burst + 1 }, (_, i) => answering(h, challenge!, `g${String(i)}`, i + 1, "guess")[0]?.status);
    expect(got).toEqual([...Array.from({ length: DEFAULT_FAILURE_BUDGETS.perUser.burst }, () => 403), 503]);
  });
});
