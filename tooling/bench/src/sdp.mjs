// Parsing and printing SDP: @puresip/sdp against sdp-transform and sdp, in one process.
//   cd tooling/bench && node src/run.mjs sdp      (after `pnpm turbo run build`)
// Inputs: a SIP desk-phone offer and a Chrome-style WebRTC BUNDLE offer. Every parser must
// produce typed attributes: puresip types every line it knows; sdp-transform types its grammar
// (rtp, fmtp, candidates, ...); `sdp` (sdp-utils) has no whole-description parser, so it is
// asked for what a WebRTC stack reads per section (m=, o=, RTP parameters, ICE, DTLS,
// candidates, direction, mid) and prints with its writers.
import { createRequire } from "node:module";
import { parseSdp, serializeSdp } from "@puresip/sdp";
import { Bench } from "tinybench";

const require = createRequire(import.meta.url);
const transform = require("sdp-transform");
const SDPUtils = require("sdp");

const crlf = (lines) => lines.map((l) => `${l}\r\n`).join("");

export const phone = crlf([
  "v=0",
  "o=- 1700000000 1700000000 IN IP4 192.0.2.55",
  "s=Polycom IP Phone",
  "c=IN IP4 192.0.2.55",
  "t=0 0",
  "a=sendrecv",
  "m=audio 2222 RTP/AVP 9 0 8 18 101",
  "a=rtpmap:9 G722/8000",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:18 G729/8000",
  "a=fmtp:18 annexb=no",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "a=ptime:20",
  "a=maxptime:40",
]);

const ice = [
  "a=ice-ufrag:EsAw",
  "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y",
  "a=ice-options:trickle",
  "a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F",
  "a=setup:actpass",
];
export const webrtc = crlf([
  "v=0",
  "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0 1",
  "a=msid-semantic: WMS stream1",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
  "c=IN IP4 0.0.0.0",
  "a=rtcp:9 IN IP4 0.0.0.0",
  "a=candidate:1467250027 1 udp 2122260223 192.0.2.10 46243 typ host generation 0 network-id 1",
  "a=candidate:3289912957 1 udp 1686052607 198.51.100.7 46243 typ srflx raddr 192.0.2.10 rport 46243 generation 0 network-id 1",
  ...ice,
  "a=mid:0",
  "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
  "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
  "a=sendrecv",
  "a=msid:stream1 track-audio-1",
  "a=rtcp-mux",
  "a=rtpmap:111 opus/48000/2",
  "a=rtcp-fb:111 transport-cc",
  "a=fmtp:111 minptime=10;useinbandfec=1",
  "a=rtpmap:63 red/48000/2",
  "a=fmtp:63 111/111",
  "a=rtpmap:9 G722/8000",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:13 CN/8000",
  "a=rtpmap:110 telephone-event/48000",
  "a=rtpmap:126 telephone-event/8000",
  "a=ssrc:3570614608 cname:4TOk42mSjXCkVIa6",
  "a=ssrc:3570614608 msid:stream1 track-audio-1",
  "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103",
  "c=IN IP4 0.0.0.0",
  "a=rtcp:9 IN IP4 0.0.0.0",
  ...ice,
  "a=mid:1",
  "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
  "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
  "a=sendrecv",
  "a=msid:stream1 track-video-1",
  "a=rtcp-mux",
  "a=rtcp-rsize",
  "a=rtpmap:96 VP8/90000",
  "a=rtcp-fb:96 goog-remb",
  "a=rtcp-fb:96 transport-cc",
  "a=rtcp-fb:96 ccm fir",
  "a=rtcp-fb:96 nack",
  "a=rtcp-fb:96 nack pli",
  "a=rtpmap:97 rtx/90000",
  "a=fmtp:97 apt=96",
  "a=rtpmap:102 H264/90000",
  "a=rtcp-fb:102 nack",
  "a=rtcp-fb:102 nack pli",
  "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
  "a=rtpmap:103 rtx/90000",
  "a=fmtp:103 apt=102",
  "a=ssrc-group:FID 2231627014 632943048",
  "a=ssrc:2231627014 cname:4TOk42mSjXCkVIa6",
  "a=ssrc:632943048 cname:4TOk42mSjXCkVIa6",
]);

/** What `sdp` (sdp-utils) gives a WebRTC stack for one description. */
const sdpUtilsParse = (text) => {
  const [session, ...sections] = SDPUtils.splitSections(text);
  return {
    origin: SDPUtils.parseOLine(session),
    media: sections.map((s) => ({
      mline: SDPUtils.parseMLine(s),
      mid: SDPUtils.getMid(s),
      direction: SDPUtils.getDirection(s, session),
      rtp: SDPUtils.parseRtpParameters(s),
      ice: SDPUtils.getIceParameters(s, session),
      dtls: SDPUtils.getDtlsParameters(s, session),
      candidates: SDPUtils.matchPrefix(s, "a=candidate:").map(SDPUtils.parseCandidate),
    })),
  };
};

const sdpUtilsWrite = (p) =>
  SDPUtils.writeSessionBoilerplate(p.origin.sessionId, p.origin.sessionVersion, p.origin.username) +
  p.media
    .map(
      (m) =>
        SDPUtils.writeRtpDescription(m.mline.kind, m.rtp) +
        (m.ice?.usernameFragment ? SDPUtils.writeIceParameters(m.ice) : "") +
        (m.dtls.fingerprints.length ? SDPUtils.writeDtlsParameters(m.dtls, "actpass") : "") +
        m.candidates.map((c) => `${SDPUtils.writeCandidate(c)}\r\n`).join(""),
    )
    .join("");

const fmt = (n) => Math.round(n).toLocaleString("en-US");
const TIME = Number(process.env.BENCH_TIME_MS ?? 500);

const measure = async (tasks) => {
  const bench = new Bench({ time: TIME, warmupTime: 200 });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  for (const t of bench.tasks) if (t.result.error !== undefined) throw t.result.error;
  return Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.throughput.mean]));
};

const ours = (text) => {
  const r = parseSdp(text);
  if (r._tag === "Left") throw new Error(`${r.left.line}: ${r.left.message}`);
  return r.right;
};

export async function run() {
  const inputs = { "SIP phone (16 lines)": phone, "WebRTC BUNDLE (63 lines)": webrtc };
  const rows = [];
  for (const [label, text] of Object.entries(inputs)) {
    const sd = ours(text);
    if (serializeSdp(sd) !== text) throw new Error(`puresip does not round-trip ${label}`);
    const st = transform.parse(text);
    const su = sdpUtilsParse(text);
    const parse = await measure({
      puresip: () => parseSdp(text),
      "sdp-transform": () => transform.parse(text),
      sdp: () => sdpUtilsParse(text),
    });
    const print = await measure({
      puresip: () => serializeSdp(sd),
      "sdp-transform": () => transform.write(st),
      sdp: () => sdpUtilsWrite(su),
    });
    rows.push([label, parse, print]);
  }
  const out = [];
  out.push("## sdp", "", "Command: `cd tooling/bench && node src/run.mjs sdp` (after `pnpm turbo run build`).", "");
  out.push(
    "puresip parses into typed attributes (rtpmap, fmtp, candidate, ssrc, ...) and prints text identical to its input;",
    "sdp-transform parses into its typed grammar objects; `sdp` (sdp-utils) has no whole-description parser, so it is",
    "timed on what a WebRTC stack reads from each section (m=, o=, mid, direction, RTP parameters, ICE, DTLS,",
    "candidates) and on its writers for those.",
    "",
  );
  for (const [kind, index] of [["Parsing", 1], ["Printing", 2]]) {
    out.push(`### ${kind} (descriptions/s)`, "");
    out.push("| input | puresip | sdp-transform | sdp | puresip ÷ sdp-transform | puresip ÷ sdp |");
    out.push("|---|---:|---:|---:|---:|---:|");
    for (const row of rows) {
      const r = row[index];
      out.push(`| ${row[0]} | ${fmt(r.puresip)} | ${fmt(r["sdp-transform"])} | ${fmt(r.sdp)} | ${(r.puresip / r["sdp-transform"]).toFixed(2)}x | ${(r.puresip / r.sdp).toFixed(2)}x |`);
    }
    out.push("");
  }
  return out.join("\n");
}
