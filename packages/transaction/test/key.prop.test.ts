// A request's server transaction key is made once and remembered by request (key.ts): the
// remembered key must be the one the §17.2.3 rules give, for any request.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { SipRequest } from "@puresip/message";
import { arbRequest } from "@puresip/message/arbitraries";
import { serverKeyOfRequest } from "../src/index.js";

/** The same request as a new object (new arrays, new Via values): nothing remembered for it. */
const copyOf = (r: SipRequest): SipRequest => structuredClone(r);

describe("RFC 3261 §17.2.3 server transaction keys, made once a request", () => {
  test.prop([arbRequest])("asking twice gives the identical answer, equal to the key of an equal request never asked about", (request) => {
    const first = serverKeyOfRequest(request);
    expect(serverKeyOfRequest(request)).toBe(first);
    expect(serverKeyOfRequest(copyOf(request))).toStrictEqual(first);
  });

  test.prop([arbRequest, fc.string({ unit: fc.constantFrom(...Array.from("abcdefghijklmnopqrstuvwxyz0123456789")), minLength: 1, maxLength: 12 })])(
    "§17.2.3: a request with another branch is another request: its own key, not the remembered one",
    (request, suffix) => {
      const via = request.core.via[0];
      if (via === undefined) return;
      const before = serverKeyOfRequest(request);
      const branch = `z9hG4bK${suffix}`;
      const other: SipRequest = { ...request, core: { ...request.core, via: [{ ...via, params: [...via.params.filter((p) => p.name.toLowerCase() !== "branch"), { name: "branch", value: branch }] }, ...request.core.via.slice(1)] } };
      const after = serverKeyOfRequest(other);
      expect(after).toStrictEqual(serverKeyOfRequest(copyOf(other)));
      expect(after._tag === "Right" && after.right.includes(branch.toLowerCase())).toBe(true);
      if (before._tag === "Right" && !before.right.includes(branch.toLowerCase())) expect(after).not.toStrictEqual(before);
    },
  );
});
