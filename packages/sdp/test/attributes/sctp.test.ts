import { describe, expect, it } from "vitest";
import { attr } from "./helpers.js";

describe("RFC 8841 sctp-port and max-message-size, RFC 4574 label", () => {
  it("are typed", () => {
    expect(attr("sctp-port:5000")).toStrictEqual({ _tag: "SctpPort", port: 5000 });
    expect(attr("max-message-size:262144")).toStrictEqual({ _tag: "MaxMessageSize", size: 262144 });
    expect(attr("label:main video")).toStrictEqual({ _tag: "Label", value: "main video" });
    expect(attr("sctp-port:70000")).toBe("sctp-port must be 0-65535");
    expect(typeof attr("max-message-size:-1")).toBe("string");
  });
});

describe("RFC 8866 §5.13 other attributes are kept verbatim", () => {
  it("with and without a value, names case-sensitive", () => {
    expect(attr("x-custom:a b:c")).toStrictEqual({ _tag: "Other", name: "x-custom", value: "a b:c" });
    expect(attr("SENDRECV")).toStrictEqual({ _tag: "Other", name: "SENDRECV" });
  });
});
