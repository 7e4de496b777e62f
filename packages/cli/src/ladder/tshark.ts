// Reads `tshark -r capture -Y sip -T json`: one row per SIP message Wireshark's dissector
// found, between `address:port` endpoints, at the capture's relative time. A TCP segment
// that carries several messages has a list under "sip"; each becomes a row.
import * as E from "fp-ts/lib/Either.js";
import type { Ladder, LadderRow, LogError } from "./model.js";
import { ladderOf, logError } from "./model.js";

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

const isObject = (j: Json | undefined): j is JsonObject => typeof j === "object" && j !== null && !Array.isArray(j);
const objects = (j: Json | undefined): ReadonlyArray<JsonObject> => (Array.isArray(j) ? j.filter(isObject) : isObject(j) ? [j] : []);
const field = (o: JsonObject | undefined, key: string): string | undefined => {
  const v = o?.[key];
  return typeof v === "string" ? v : undefined;
};

const endpoint = (layers: JsonObject, side: "src" | "dst"): string | undefined => {
  const ip4 = objects(layers["ip"])[0];
  const ip6 = objects(layers["ipv6"])[0];
  const address = field(ip4, `ip.${side}`) ?? (ip6 === undefined ? undefined : `[${field(ip6, `ipv6.${side}`) ?? "?"}]`);
  const port = field(objects(layers["udp"])[0], `udp.${side}port`) ?? field(objects(layers["tcp"])[0], `tcp.${side}port`) ?? field(objects(layers["sctp"])[0], `sctp.${side}port`);
  if (address === undefined) return undefined;
  return port === undefined ? address : `${address}:${port}`;
};

/** "INVITE sip:bob@x SIP/2.0" → "INVITE"; "SIP/2.0 180 Ringing" → "180 Ringing". */
const labelOfSip = (sip: JsonObject): string | undefined => {
  const request = field(sip, "sip.Request-Line");
  if (request !== undefined) return request.split(" ")[0];
  const status = field(sip, "sip.Status-Line");
  if (status === undefined) return undefined;
  const space = status.indexOf(" ");
  return space < 0 ? status : status.slice(space + 1);
};

const isResend = (sip: JsonObject): boolean => {
  const tree = sip["sip.Request-Line_tree"] ?? sip["sip.Status-Line_tree"];
  return field(isObject(tree) ? tree : undefined, "sip.resend") === "1" || field(sip, "sip.resend") === "1";
};

const seconds = (relative: string | undefined): string | undefined => {
  if (relative === undefined) return undefined;
  const n = Number(relative);
  return Number.isFinite(n) ? n.toFixed(3) : relative;
};

const parseJson = (text: string): E.Either<LogError, Json> => {
  try {
    return E.right(JSON.parse(text) as Json);
  } catch (e) {
    return E.left(logError(1, `not JSON: ${e instanceof Error ? e.message : String(e)}`));
  }
};

export const readTsharkJson = (text: string): E.Either<LogError, Ladder> => {
  const json = parseJson(text);
  if (E.isLeft(json)) return json;
  if (!Array.isArray(json.right)) return E.left(logError(1, "expected the array that `tshark -T json` prints"));
  const rows: Array<LadderRow> = [];
  const packets = json.right as ReadonlyArray<Json>;
  for (let i = 0; i < packets.length; i++) {
    const packet = packets[i];
    const source = isObject(packet) ? packet["_source"] : undefined;
    const layers = isObject(source) ? source["layers"] : undefined;
    if (!isObject(layers)) return E.left(logError(1, `packet ${i + 1} has no _source["layers"]`));
    const from = endpoint(layers, "src");
    const to = endpoint(layers, "dst");
    if (from === undefined || to === undefined) continue;
    const at = seconds(field(objects(layers["frame"])[0], "frame.time_relative"));
    for (const sip of objects(layers["sip"])) {
      const label = labelOfSip(sip);
      if (label === undefined) continue;
      rows.push({ ...(at === undefined ? {} : { at }), from, to, label, ...(isResend(sip) ? { note: "retransmission" } : {}) });
    }
  }
  return rows.length === 0 ? E.left(logError(1, "no SIP message in the capture (was it filtered with -Y sip?)")) : E.right(ladderOf(rows));
};

export const looksLikeJson = (text: string): boolean => {
  const t = text.trimStart();
  return t.startsWith("[") || t.startsWith("{");
};
