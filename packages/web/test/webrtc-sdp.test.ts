import * as E from "fp-ts/lib/Either.js";
import { test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { parseSdp, serializeSdp } from "@puresip/sdp";
import { arbSessionDescription } from "@puresip/sdp/arbitraries";
import { SDP_TYPE, bodyOfSdp, sdpOfBody } from "../src/webrtc/index.js";

/** An offer as Chromium writes it (trimmed to one audio m-line). */
const chromiumOffer = [
  "v=0",
  "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0",
  "a=extmap-allow-mixed",
  "a=msid-semantic: WMS stream",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 0 8",
  "c=IN IP4 0.0.0.0",
  "a=rtcp:9 IN IP4 0.0.0.0",
  "a=candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host generation 0",
  "a=ice-ufrag:abcd",
  "a=ice-pwd:0123456789abcdefghijklmn",
  "a=ice-options:trickle",
  "a=fingerprint:sha-256 3A:96:6D:57:B2:C2:C7:61:A0:46:3E:1C:97:39:D3:F7:0A:88:A0:B1:EC:03:FB:10:A5:5D:3A:37:AB:DD:02:AA",
  "a=setup:actpass",
  "a=mid:0",
  "a=sendrecv",
  "a=msid:stream track",
  "a=rtcp-mux",
  "a=rtpmap:111 opus/48000/2",
  "a=fmtp:111 minptime=10;useinbandfec=1",
  "a=rtpmap:63 red/48000/2",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=ssrc:1001 cname:abc",
  "",
].join("\r\n");

describe("WebRTC descriptions through the @puresip/sdp model (RFC 3264 bodies, RFC 8866)", () => {
  it("turns Chromium's offer into an application/sdp body and back without losing a line", () => {
    const body = bodyOfSdp(chromiumOffer);
    if (E.isLeft(body)) throw new Error(body.left);
    expect(body.right.type).toBe(SDP_TYPE);
    const back = sdpOfBody(body.right);
    expect(back).toEqual(E.right(chromiumOffer));
  });

  it("lets the application rewrite codecs as data: keep opus only", () => {
    const body = bodyOfSdp(chromiumOffer, (d) => ({
      ...d,
      media: d.media.map((m) => ({
        ...m,
        formats: m.formats.filter((f) => f === "111"),
        attributes: m.attributes.filter((a) => !(a._tag === "Rtpmap" && a.payloadType !== 111) && !(a._tag === "Fmtp" && a.format !== "111")),
      })),
    }));
    if (E.isLeft(body)) throw new Error(body.left);
    const text = new TextDecoder().decode(body.right.content);
    expect(text).toContain("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n");
    expect(text).not.toContain("PCMU");
    expect(text).toContain("a=fingerprint:sha-256 3A:96");
  });

  it("refuses a body that is not SDP, not UTF-8, or does not parse, saying which", () => {
    expect(sdpOfBody({ type: "text/plain", content: new Uint8Array() })).toEqual(E.left(expect.stringContaining("not application/sdp")));
    expect(sdpOfBody({ type: "application/sdp", content: Uint8Array.from([0xff]) })).toEqual(E.left("the SDP body is not UTF-8"));
    expect(sdpOfBody({ type: "Application/SDP; charset=utf-8", content: new TextEncoder().encode("nonsense") })).toEqual(E.left(expect.stringContaining("does not parse")));
    expect(E.isLeft(bodyOfSdp("v=0\r\n"))).toBe(true);
  });

  test.prop([arbSessionDescription])("every description @puresip/sdp prints goes through both ways unchanged", (description) => {
    const text = serializeSdp(description);
    const body = bodyOfSdp(text);
    if (E.isLeft(body)) throw new Error(body.left);
    expect(sdpOfBody(body.right)).toEqual(E.right(text));
    expect(parseSdp(text)).toEqual(E.right(description));
  });
});
