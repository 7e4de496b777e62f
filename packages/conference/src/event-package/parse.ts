// RFC 4575 §4: a NOTIFY body to a `ConferenceInfo`, or a reason it is not one. The XML is read
// by fast-xml-parser (pure JavaScript, no host APIs, so this stays a core package); the size
// and nesting are bounded before and while it reads, and nothing it does can throw past here.
import * as E from "fp-ts/lib/Either.js";
import { absurd } from "fp-ts/lib/function.js";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { decodeUtf8 } from "@puresip/message";
import type { ConferenceInfo } from "./model.js";
import { CONFERENCE_INFO_NAMESPACE } from "./model.js";
import { readConference } from "./xml-read.js";
import type { XmlNode } from "./xml-tree.js";

/** Bounds on what `parseConferenceInfo` reads. */
export interface ParseLimits {
  /** The longest document, in UTF-16 code units of the decoded text (octets for bytes). */
  readonly maxLength: number;
  /** The deepest element nesting (sidebars by value nest whole conferences, §5.9.2). */
  readonly maxDepth: number;
}

/** 256 KiB and 32 levels: a roster of some thousand users, a few levels of sidebars. */
export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxLength: 256 * 1024, maxDepth: 32 };

/** Why a body is not a conference information document. */
export type ConferenceInfoError =
  | { readonly _tag: "TooLarge"; readonly length: number; readonly limit: number }
  /** Not UTF-8 (§4.1: "MUST be encoded using UTF-8"). */
  | { readonly _tag: "NotUtf8"; readonly offset: number }
  /** Not well-formed XML, or a DOCTYPE (the schema needs none, and entity expansion is a risk). */
  | { readonly _tag: "NotXml"; readonly reason: string }
  /** Well-formed, but not a `<conference-info>` of this namespace, or a value outside the schema. */
  | { readonly _tag: "NotConferenceInfo"; readonly reason: string };

/** The repeated elements of §6, made arrays even when one is present. */
const REPEATED = new Set(["entry", "user", "endpoint", "media"]);
const localName = (name: string): string => name.slice(name.lastIndexOf(":") + 1);

const parserFor = (limits: ParseLimits): XMLParser =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: false,
    maxNestedTags: limits.maxDepth,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(localName(name)),
  });

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const notInfo = (reason: string): E.Either<ConferenceInfoError, never> => E.left({ _tag: "NotConferenceInfo", reason });

/** §4.2: the root is `conference-info` in its namespace, by default or through a prefix. */
const root = (tree: XmlNode): E.Either<ConferenceInfoError, { readonly prefix: string; readonly node: XmlNode }> => {
  const names = Object.keys(tree).filter((k) => k !== "?xml" && !k.startsWith("@_") && k !== "#text");
  const [name, ...rest] = names;
  if (name === undefined || rest.length > 0 || localName(name) !== "conference-info")
    return notInfo(`the root element must be <conference-info>, not ${names.map((n) => `<${n}>`).join(", ") || "nothing"}`);
  const value = tree[name];
  const node: XmlNode = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as XmlNode) : {};
  const prefix = name.includes(":") ? name.slice(0, name.lastIndexOf(":")) : "";
  const declared = node[prefix === "" ? "@_xmlns" : `@_xmlns:${prefix}`];
  return declared === CONFERENCE_INFO_NAMESPACE ? E.right({ prefix, node }) : notInfo(`<${name}> is not in the namespace ${CONFERENCE_INFO_NAMESPACE} (RFC 4575 §4.2)`);
};

/** Parses a document that is already text. */
const parseText = (xml: string, limits: ParseLimits): E.Either<ConferenceInfoError, ConferenceInfo> => {
  if (xml.length > limits.maxLength) return E.left({ _tag: "TooLarge", length: xml.length, limit: limits.maxLength });
  if (xml.includes("<!DOCTYPE")) return E.left({ _tag: "NotXml", reason: "a DOCTYPE is not allowed in a conference-info document" });
  let tree: unknown;
  try {
    // fast-xml-parser's reader accepts unbalanced tags, so the document is checked first. The
    // validator now also ships alone (fast-xml-validator); this is the same code, pinned with the reader.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const valid = XMLValidator.validate(xml);
    if (valid !== true) return E.left({ _tag: "NotXml", reason: `line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}` });
    tree = parserFor(limits).parse(xml);
  } catch (e) {
    // The library reports some limits (nesting) by throwing; it never leaves this function.
    return E.left({ _tag: "NotXml", reason: describe(e) });
  }
  if (typeof tree !== "object" || tree === null) return notInfo("no element");
  return E.chain(({ prefix, node }: { readonly prefix: string; readonly node: XmlNode }) => {
    const read = readConference({ prefix, path: "conference-info" }, node);
    if (E.isLeft(read)) return notInfo(read.left);
    const { version } = read.right;
    // §4.3: "The 'version' attribute MUST be included in the root <conference-info> element."
    return version === undefined ? notInfo("<conference-info> needs its version (RFC 4575 §4.3)") : E.right({ ...read.right, version });
  })(root(tree as XmlNode));
};

/**
 * RFC 4575 §4: parses an `application/conference-info+xml` body (text or UTF-8 octets) within
 * `limits`. Never throws: every failure is a `ConferenceInfoError`.
 */
export const parseConferenceInfo = (body: string | Uint8Array, limits: ParseLimits = DEFAULT_PARSE_LIMITS): E.Either<ConferenceInfoError, ConferenceInfo> => {
  if (typeof body === "string") return parseText(body, limits);
  if (body.length > limits.maxLength) return E.left({ _tag: "TooLarge", length: body.length, limit: limits.maxLength });
  const decoded = decodeUtf8(body);
  return E.isLeft(decoded) ? E.left({ _tag: "NotUtf8", offset: decoded.left.offset }) : parseText(decoded.right, limits);
};

/** One line for a log or a terminal. */
export const describeConferenceInfoError = (e: ConferenceInfoError): string => {
  switch (e._tag) {
    case "TooLarge":
      return `the document is ${e.length} long, over the limit of ${e.limit}`;
    case "NotUtf8":
      return `not UTF-8 at octet ${e.offset} (RFC 4575 §4.1)`;
    case "NotXml":
      return `not well-formed XML: ${e.reason}`;
    case "NotConferenceInfo":
      return e.reason;
    default:
      return absurd(e);
  }
};
