// RFC 5626 §5.2 "Generating Flow Tokens": "A proxy can use any algorithm it wants as long as the
// flow token is unique to a flow, the flow can be recovered from the token, and the token cannot
// be modified by attackers." This is the RFC's example algorithm, stateless: the flow (transport
// and the far end's address; the proxy has one address per transport) in clear, with an HMAC
// under a key only this proxy knows, truncated to 80 bits as HMAC-SHA1-80 is. It lives in the
// user part of the proxy's own URI (§5.1: "The flow token MAY be placed in the userpart"), so
// it is written with characters a SIP user part takes as they are: digits, letters and dots.
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import * as O from "fp-ts/lib/Option.js";
import { constantTimeEqual } from "@puresip/auth";
import type { Peer } from "@puresip/kernel";

/** Hex digits of the MAC: 80 bits, as the RFC's HMAC-SHA1-80. */
const MAC_DIGITS = 20;
const PREFIX = "ob";

const flowText = (flow: Peer): string => `${flow.transport.toUpperCase()}|${flow.host.toLowerCase()}|${String(flow.port)}`;

const macOf = (key: Uint8Array, flow: Peer): string => bytesToHex(hmac(sha256, key, utf8ToBytes(flowText(flow)))).slice(0, MAC_DIGITS);

/** The flow token of `flow` under `key`: `ob.<mac>.<transport>.<host as hex>.<port>`. */
export const flowToken = (key: Uint8Array, flow: Peer): string =>
  [PREFIX, macOf(key, flow), flow.transport.toLowerCase(), bytesToHex(utf8ToBytes(flow.host.toLowerCase())), String(flow.port)].join(".");

/** What a user part says as a flow token: not one at all, one whose MAC is wrong (tampered, §5.3.1), or the flow. */
export type FlowTokenReading = { readonly _tag: "NotToken" } | { readonly _tag: "Forged" } | { readonly _tag: "Flow"; readonly flow: Peer };

const hostOfHex = (hex: string): O.Option<string> => {
  if (hex.length === 0 || hex.length % 2 !== 0 || hex.length > 128 || !/^[0-9a-f]+$/.test(hex)) return O.none;
  let text = "";
  for (let i = 0; i < hex.length; i += 2) text += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  // `flowToken` writes printable ASCII in lower case: anything else it never wrote.
  return /^[\x21-\x7e]+$/.test(text) && text === text.toLowerCase() ? O.some(text) : O.none;
};

/** Reads a user part as a flow token of this proxy (§5.3.1: "decode it, then verify the HMAC"). */
export const readFlowToken = (key: Uint8Array, user: string | undefined): FlowTokenReading => {
  const parts = (user ?? "").split(".");
  const [prefix, mac, transport, hostHex, portText] = parts;
  if (parts.length !== 5 || prefix !== PREFIX || mac === undefined || transport === undefined || hostHex === undefined || portText === undefined) return { _tag: "NotToken" };
  if (!/^[0-9a-f]+$/.test(mac) || mac.length !== MAC_DIGITS || !/^[a-z]{2,5}$/.test(transport) || !/^[0-9]{1,5}$/.test(portText)) return { _tag: "NotToken" };
  const host = hostOfHex(hostHex);
  const port = Number(portText);
  if (O.isNone(host) || port > 65_535) return { _tag: "NotToken" };
  const flow: Peer = { transport: transport.toUpperCase(), host: host.value, port };
  return constantTimeEqual(macOf(key, flow), mac) ? { _tag: "Flow", flow } : { _tag: "Forged" };
};
