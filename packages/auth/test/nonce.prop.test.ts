import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { issueNonce, readNonce } from "../src/index.js";

const secret = fc.uint8Array({ minLength: 16, maxLength: 48 });
const realm = fc.string({ maxLength: 20 });
const time = fc.integer({ min: 0, max: 2 ** 47 });
const salt = fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(""));
const lifetime = fc.integer({ min: 1, max: 10 ** 9 });

describe("RFC 7616 §3.3 stateless nonces: properties", () => {
  test.prop([secret, realm, time, salt, lifetime, fc.nat()])("a nonce reads back its issue time exactly while within its lifetime, Expired after", (s, r, t, sa, life, dt) => {
    const n = issueNonce({ secret: s, realm: r, now: t, salt: sa });
    if (E.isLeft(n)) throw new Error(n.left);
    const now = t + (dt % (2 * life));
    expect(readNonce({ secret: s, realm: r }, n.right, now, life)).toStrictEqual(now - t < life ? E.right(t) : E.left({ _tag: "Expired", issuedAt: t }));
  });
  test.prop([secret, realm, time, salt, fc.nat(), fc.constantFrom(...Array.from("0123456789abcdef"))])("changing any one character makes it Forged", (s, r, t, sa, at, c) => {
    const n = issueNonce({ secret: s, realm: r, now: t, salt: sa });
    if (E.isLeft(n)) throw new Error(n.left);
    const i = at % n.right.length;
    fc.pre(n.right[i] !== c);
    const altered = `${n.right.slice(0, i)}${c}${n.right.slice(i + 1)}`;
    expect(readNonce({ secret: s, realm: r }, altered, t, 2 ** 48)).toStrictEqual(E.left({ _tag: "Forged" }));
  });
  test.prop([secret, secret, realm, time, salt])("another secret never accepts it", (s1, s2, r, t, sa) => {
    fc.pre(s1.join() !== s2.join());
    const n = issueNonce({ secret: s1, realm: r, now: t, salt: sa });
    if (E.isLeft(n)) throw new Error(n.left);
    expect(readNonce({ secret: s2, realm: r }, n.right, t, 2 ** 48)).toStrictEqual(E.left({ _tag: "Forged" }));
  });
  test.prop([secret, realm, fc.string({ maxLength: 80 }), time])("readNonce is total: any text is a time or a problem, never a throw", (s, r, text, now) => {
    const out = readNonce({ secret: s, realm: r }, text, now, 1000);
    expect(E.isLeft(out) ? ["Forged", "Expired"] : ["ok"]).toContain(E.isLeft(out) ? out.left._tag : "ok");
  });
});
