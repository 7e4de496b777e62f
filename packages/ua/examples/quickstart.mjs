// Run against the built package: `node examples/quickstart.mjs` after `pnpm turbo run build`.
import * as E from "fp-ts/lib/Either.js";
import { parseMessage, serializeMessage } from "@puresip/message";
import { basicCapabilities, checkRequest, optionsResponse, rejectionResponse, rememberRequest } from "@puresip/ua";

const sip = (...lines) => {
  const parsed = parseMessage(`${lines.join("\r\n")}\r\n\r\n`);
  if (E.isLeft(parsed)) throw new Error(JSON.stringify(parsed.left));
  return parsed.right;
};
const show = (response) => console.log(new TextDecoder().decode(serializeMessage(response)));

const capabilities = { ...basicCapabilities, warnAgent: "biloxi.example.com" };
let recent = new Map(); // §8.2.2.2: the shell keeps the recent requests, the core only reads them

const answer = (request, toTag) => {
  const checked = checkRequest(capabilities, { recent })(request);
  if (E.isLeft(checked)) return rejectionResponse(checked.left, { toTag })(request);
  recent = rememberRequest(request)(recent);
  return request.method === "OPTIONS" ? optionsResponse(capabilities, { toTag })(request) : E.left("handed to the INVITE session");
};

// §8.2.2.3: Require names an extension this UAS does not know → 420 with Unsupported.
const withRequire = sip("OPTIONS sip:bob@biloxi.example.com SIP/2.0", "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
  "To: <sip:bob@biloxi.example.com>", "From: <sip:alice@atlanta.example.com>;tag=1928301774", "Call-ID: a84b4c76e66710",
  "CSeq: 63104 OPTIONS", "Require: foo", "Max-Forwards: 70", "Content-Length: 0");
const bad = answer(withRequire, "8321234356");
if (E.isRight(bad)) show(bad.right);

// §11.2: a plain OPTIONS is answered 200 with Allow, Accept, Accept-Encoding, Accept-Language, Supported.
const options = sip("OPTIONS sip:bob@biloxi.example.com SIP/2.0", "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877",
  "To: <sip:bob@biloxi.example.com>", "From: <sip:alice@atlanta.example.com>;tag=1928301774", "Call-ID: a84b4c76e66710",
  "CSeq: 63105 OPTIONS", "Accept: application/sdp", "Max-Forwards: 70", "Content-Length: 0");
const ok = answer(options, "8321234357");
if (E.isRight(ok)) show(ok.right);
