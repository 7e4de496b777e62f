// Test helpers: SIP text → parsed requests, and the capability sets the tests run against.
import * as E from "fp-ts/lib/Either.js";
import { Methods, parseMessage, tag } from "@puresip/message";
import type { SipRequest, Tag } from "@puresip/message";
import { basicCapabilities } from "../src/index.js";
import type { Capabilities, RequestContext } from "../src/index.js";

export const parseRequest = (text: string | Uint8Array): SipRequest => {
  const parsed = parseMessage(text);
  if (E.isLeft(parsed)) throw new Error(`does not parse: ${JSON.stringify(parsed.left)}`);
  if (parsed.right._tag !== "Request") throw new Error("not a request");
  return parsed.right;
};

/** A request from header lines, CRLF-joined, ending the head. */
export const sip = (...lines: ReadonlyArray<string>): SipRequest => parseRequest(`${lines.join("\r\n")}\r\n\r\n`);

/** A request from header lines and a body, Content-Length added. */
export const sipWithBody = (lines: ReadonlyArray<string>, body: string): SipRequest =>
  parseRequest(`${[...lines, `Content-Length: ${body.length}`].join("\r\n")}\r\n\r\n${body}`);

/** A plain endpoint that also speaks SUBSCRIBE/NOTIFY, 100rel and timers: not a registrar. */
export const endpoint: Capabilities = {
  ...basicCapabilities,
  methods: [Methods.INVITE, Methods.ACK, Methods.BYE, Methods.CANCEL, Methods.OPTIONS, Methods.PRACK, Methods.SUBSCRIBE, Methods.NOTIFY],
  extensions: ["100rel", "timer"],
  warnAgent: "uas.example.com",
};

export const noRecent: RequestContext = { recent: new Map() };

const mustTag = (s: string): Tag => {
  const t = tag(s);
  if (E.isLeft(t)) throw new Error(s);
  return t.right;
};
export const toTag: Tag = mustTag("uas7f3a");

/** The values of every field named `name` (any case), as written. */
export const fieldValues = (m: { readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string }> }, name: string): ReadonlyArray<string> =>
  m.headers.filter((h) => h.name.toLowerCase() === name.toLowerCase()).map((h) => h.value);
