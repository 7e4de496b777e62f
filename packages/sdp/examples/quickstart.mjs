import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { createAnswer, hold, negotiate, parseSdp, reoffer, serializeSdp } from "@puresip/sdp";

const offerText = "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.1\r\ns= \r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" +
  "m=audio 49170 RTP/AVP 0 97 101\r\na=rtpmap:97 iLBC/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";
const bob = { username: "bob", sessionId: "2808844564", addrType: "IP4", address: "192.0.2.2",
  media: [{ media: "audio", proto: "RTP/AVP", port: 3456, codecs: [
    { encodingName: "iLBC", clockRate: 8000 }, { encodingName: "telephone-event", clockRate: 8000, fmtp: "0-15" }] }] };

const offer = parseSdp(offerText);                       // Either<SdpError, SessionDescription>
if (E.isLeft(offer)) throw new Error(offer.left.message);
console.log(offer.right.media[0].attributes[0]);         // { _tag: 'Rtpmap', payloadType: 97, encodingName: 'iLBC', clockRate: 8000 }
console.log(serializeSdp(offer.right) === offerText);    // true: exact round trip

const answer = pipe(offer.right, createAnswer(bob));     // RFC 3264 §6: one m-line per offered m-line
if (E.isLeft(answer)) throw new Error(answer.left.message);
process.stdout.write(serializeSdp(answer.right));        // m=audio 3456 RTP/AVP 97 101 ...

const agreed = pipe(answer.right, negotiate(offer.right));
if (E.isRight(agreed)) console.log(agreed.right.streams[0].codecs.map((c) => c.encodingName)); // [ 'iLBC', 'telephone-event' ]

const onHold = pipe(answer.right, reoffer(hold()));      // RFC 6337 §5.3: a=sendonly, o= version + 1
if (E.isRight(onHold)) process.stdout.write(serializeSdp(onHold.right));
console.log(parseSdp("v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nm=audio 70000 RTP/AVP 0\r\n").left); // line 4: m= port must be 0-65535
