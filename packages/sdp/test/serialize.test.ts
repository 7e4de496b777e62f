import { describe, expect, it } from "vitest";
import { serializeSdp } from "../src/index.js";
import type { SessionDescription } from "../src/index.js";

const sd: SessionDescription = {
  version: 0,
  origin: { username: "-", sessionId: "1", sessionVersion: "2", netType: "IN", addrType: "IP4", unicastAddress: "192.0.2.1" },
  sessionName: " ",
  information: "i",
  uri: "http://example.com/",
  emails: ["a@example.com"],
  phones: ["+1 555"],
  connection: { netType: "IN", addrType: "IP4", address: "233.252.0.1", ttl: 64, count: 2 },
  bandwidths: [{ type: "CT", value: 128 }],
  timing: [{ start: 0, stop: 0, repeats: [{ interval: { value: 7, unit: "d" }, duration: { value: 3600 }, offsets: [{ value: 0 }] }] }],
  zones: [{ time: 100, offset: { value: -1, unit: "h" } }],
  key: "prompt",
  attributes: [{ _tag: "Direction", value: "recvonly" }],
  unknown: [{ type: "y", value: "kept" }],
  media: [
    {
      media: "audio",
      port: 49170,
      portCount: 2,
      proto: "RTP/AVP",
      formats: ["0"],
      information: "mi",
      connections: [{ netType: "IN", addrType: "IP6", address: "ff1e:db8::1", count: 2 }],
      bandwidths: [{ type: "AS", value: 64 }],
      key: "prompt",
      attributes: [{ _tag: "Rtpmap", payloadType: 0, encodingName: "PCMU", clockRate: 8000 }],
      unknown: [],
    },
  ],
};

describe("RFC 8866 §5 printing", () => {
  it("writes every field in the §5 order with CRLF line ends", () => {
    expect(serializeSdp(sd).split("\r\n")).toStrictEqual([
      "v=0",
      "o=- 1 2 IN IP4 192.0.2.1",
      "s= ",
      "i=i",
      "u=http://example.com/",
      "e=a@example.com",
      "p=+1 555",
      "c=IN IP4 233.252.0.1/64/2",
      "b=CT:128",
      "t=0 0",
      "r=7d 3600 0",
      "z=100 -1h",
      "k=prompt",
      "a=recvonly",
      "y=kept",
      "m=audio 49170/2 RTP/AVP 0",
      "i=mi",
      "c=IN IP6 ff1e:db8::1/2",
      "b=AS:64",
      "k=prompt",
      "a=rtpmap:0 PCMU/8000",
      "",
    ]);
  });
});
