// The call's SDP bodies (usages/call/sdp.ts): what the UA printed is read back as the very
// description it printed, without parsing its own text again; any other body is parsed.
import { test } from "@fast-check/vitest";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect } from "vitest";
import { encodeUtf8 } from "@puresip/message";
import { parseSdp, serializeSdp } from "@puresip/sdp";
import { arbSessionDescription } from "@puresip/sdp/arbitraries";
import { bodyOf, sdpOfBody } from "../src/usages/call/sdp.js";

describe("RFC 3264 §5, §6 the UA's own offer or answer read back from the body it sent", () => {
  test.prop([arbSessionDescription])("a body the UA printed reads back as the description it printed, equal to parsing its text", (sd) => {
    const body = bodyOf(sd);
    const read = sdpOfBody(body);
    expect(O.isSome(read) && read.value).toBe(sd);
    // What parsing the printed text gives (the behaviour before the bytes were remembered).
    expect(read).toStrictEqual(O.fromEither(parseSdp(serializeSdp(sd))));
  });

  test.prop([arbSessionDescription])("the same text in bytes the UA did not print is parsed: an equal description, not the printed one", (sd) => {
    const printed = bodyOf(sd);
    const copy = sdpOfBody({ type: "application/sdp", content: encodeUtf8(serializeSdp(sd)) });
    expect(copy).toStrictEqual(sdpOfBody(printed));
    expect(O.isSome(copy) && copy.value).not.toBe(sd);
  });

  test.prop([arbSessionDescription])("bytes the UA printed under another Content-Type are no session description (§13.2.1 goes by the type)", (sd) => {
    expect(sdpOfBody({ type: "text/plain", content: bodyOf(sd).content })).toStrictEqual(O.none);
  });
});
