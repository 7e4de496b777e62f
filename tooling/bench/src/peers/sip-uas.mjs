// The baseline UAS of load-percall.mjs, on the `sip` npm package (0.0.6): what a small server
// written on a plain JS SIP stack costs per call, to set puresip's figure beside. It does only
// what SIPp's `-sn uac` call needs, but correctly: 180 then 200 with an SDP answer to an INVITE,
// the 200 retransmitted until its ACK (RFC 3261 §13.3.1.4; the package's transaction stops
// at the 2xx, RFC 6026), 200 to a BYE for a dialog it has and 481 otherwise (§15.1.2), 200 to a
// CANCEL after the final response (§9.2), 405 to anything else (§8.2.1).
//
//   node src/peers/sip-uas.mjs --port 15061 [--host 127.0.0.1]
import sip from "sip";

const flag = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
};
const host = flag("--host", "127.0.0.1");
const port = Number(flag("--port", "5060"));
const T1 = 500;
const T2 = 4000;
// A call whose BYE never comes would stay forever: the oldest is dropped past this many.
const maxDialogs = 100_000;

/** Dialogs by Call-ID (we answer each INVITE once, so one dialog a Call-ID), each with our tag,
 * its 200 and the timer resending the 200 until the ACK. */
const dialogs = new Map();
let nextTag = 0;
const tagPrefix = Math.random().toString(36).slice(2, 8);

const answer = (session) =>
  `v=0\r\no=- ${session} ${session} IN IP4 ${host}\r\ns=-\r\nc=IN IP4 ${host}\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;
/** The dialog a request is in: its Call-ID and To tag match ours (§12.2.2). */
const dialogOf = (rq) => {
  const dialog = dialogs.get(rq.headers["call-id"]);
  return dialog !== undefined && dialog.tag === rq.headers.to.params.tag ? dialog : undefined;
};
const reply = (rq, status, reason, extra) => sip.send(sip.makeResponse(rq, status, reason, extra));

const forget = (callId) => {
  clearTimeout(dialogs.get(callId)?.timer);
  dialogs.delete(callId);
};

/** Resends the 200 at T1, 2·T1, ... capped at T2, for 64·T1 (§13.3.1.4). */
const resend = (callId, interval, elapsed) => {
  const dialog = dialogs.get(callId);
  if (dialog === undefined) return;
  if (elapsed >= 64 * T1) return forget(callId);
  sip.send(dialog.ok);
  const next = Math.min(interval * 2, T2);
  dialog.timer = setTimeout(resend, next, callId, next, elapsed + next);
};

const invite = (rq) => {
  if (rq.headers.to.params.tag !== undefined) {
    const dialog = dialogOf(rq);
    return dialog === undefined ? reply(rq, 481, "Call/Transaction Does Not Exist") : reply(rq, 200, "OK", { headers: { contact: dialog.ok.headers.contact, "content-type": "application/sdp" }, content: dialog.ok.content });
  }
  const callId = rq.headers["call-id"];
  const tag = `${tagPrefix}${(nextTag++).toString(36)}`;
  rq.headers.to.params.tag = tag;
  const contact = [{ uri: `sip:uas@${host}:${port}` }];
  reply(rq, 180, "Ringing", { headers: { contact } });
  const ok = sip.makeResponse(rq, 200, "OK", { headers: { contact, "content-type": "application/sdp" }, content: answer(nextTag) });
  forget(callId);
  if (dialogs.size >= maxDialogs) forget(dialogs.keys().next().value);
  dialogs.set(callId, { tag, ok, timer: setTimeout(resend, T1, callId, T1, T1) });
  sip.send(ok);
};

const onRequest = (rq) => {
  switch (rq.method) {
    case "INVITE":
      return invite(rq);
    case "ACK": {
      // The ACK of our 200 ends its retransmission; the dialog stays until the BYE.
      clearTimeout(dialogOf(rq)?.timer);
      return;
    }
    case "BYE":
      if (dialogOf(rq) === undefined) return reply(rq, 481, "Call/Transaction Does Not Exist");
      forget(rq.headers["call-id"]);
      return reply(rq, 200, "OK");
    case "CANCEL":
      // Every INVITE is answered at once, so a CANCEL finds it answered or finds nothing.
      return dialogs.has(rq.headers["call-id"]) ? reply(rq, 200, "OK") : reply(rq, 481, "Call/Transaction Does Not Exist");
    default:
      return reply(rq, 405, "Method Not Allowed", { headers: { allow: "INVITE, ACK, BYE, CANCEL" } });
  }
};

sip.start({ address: host, port, tcp: false, logger: { error: (e) => console.error(e) } }, onRequest);
console.log(`listening UDP ${host}:${port}`);
const stop = () => {
  for (const key of [...dialogs.keys()]) forget(key);
  sip.stop();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
