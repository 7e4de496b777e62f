// What a UAS supports, as data (§8.2, §11.2): the checks of uas/checks.ts and the OPTIONS
// answer of options.ts both read it, so what a UAS rejects and what it advertises agree.
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import * as t from "io-ts";
import { Methods, allowHeader, contentTypeHeader, headerFieldList, method, printMediaType, serverHeader, supportedHeader, userAgentHeader } from "@puresip/message";
import type { HeaderField, MediaType, Method } from "@puresip/message";

export interface Capabilities {
  /** §8.2.1: the methods this UAS supports, advertised in Allow. ACK belongs here with INVITE. */
  readonly methods: ReadonlyArray<Method>;
  /**
   * Methods the UAS recognises: one of these outside `methods` gets 405 (§8.2.1), a method
   * outside both gets 501 (§21.5.2: "when a UAS does not recognize the request method").
   */
  readonly knownMethods: ReadonlyArray<Method>;
  /** §8.2.2.1: Request-URI schemes, lower case ("sip", "sips", "tel"); any other gets 416. */
  readonly uriSchemes: ReadonlyArray<string>;
  /** §8.2.2.3, §19.2: option-tags understood in Require and advertised in Supported. */
  readonly extensions: ReadonlyArray<string>;
  /** §8.2.3: body types understood, advertised in Accept. */
  readonly contentTypes: ReadonlyArray<MediaType>;
  /** §8.2.3: content-codings understood besides identity, advertised in Accept-Encoding. */
  readonly contentEncodings: ReadonlyArray<string>;
  /** §8.2.3: languages understood, advertised in Accept-Language ("en" covers "en-US"). */
  readonly contentLanguages: ReadonlyArray<string>;
  /**
   * §20.1: the body types this UAS answers an INVITE with (its session descriptions). An
   * INVITE whose Accept admits none of them gets 406 (RFC 4475 §3.3.15).
   */
  readonly answerTypes: ReadonlyArray<MediaType>;
  /**
   * §8.2.2.1: the hosts this UAS accepts requests for; a SIP Request-URI naming another host
   * gets 404. Absent: every host is accepted (the shell's location service decides).
   */
  readonly domains?: ReadonlyArray<string>;
  /** §20.43: the warn-agent of the Warning this UAS adds (its host name or a pseudonym). */
  readonly warnAgent: string;
  /**
   * §20.35, §20.41: the product tokens (e.g. "puresip/0.1") written as Server in the UA's
   * responses and User-Agent in its requests. Absent, or not a valid server-val list: neither.
   */
  readonly agent?: string;
}

/** Printed once per capabilities value (every 2xx to INVITE carries them); invisible to callers. */
const printedCapabilities = new WeakMap<Capabilities, ReadonlyArray<HeaderField>>();

/**
 * §20.5 Allow (the methods) and §20.37 Supported (the option-tags, possibly none) from the
 * capabilities: what §13.2.1 says an INVITE SHOULD carry and §13.3.1.4 a 2xx to it.
 */
export const capabilityHeaders = (capabilities: Capabilities): ReadonlyArray<HeaderField> => {
  const known = printedCapabilities.get(capabilities);
  if (known !== undefined) return known;
  const fields = [headerFieldList(allowHeader)(capabilities.methods), headerFieldList(supportedHeader)(capabilities.extensions)];
  printedCapabilities.set(capabilities, fields);
  return fields;
};


/** Every method the message package names: RFC 3261 and its common extensions. */
export const knownMethods: ReadonlyArray<Method> = Object.values(Methods);

const sdp: MediaType = { type: "application", subtype: "sdp", params: [] };

/** A plain RFC 3261 endpoint: INVITE sessions with SDP, OPTIONS, no extensions, no registrar. */
export const basicCapabilities: Capabilities = {
  methods: [Methods.INVITE, Methods.ACK, Methods.BYE, Methods.CANCEL, Methods.OPTIONS],
  knownMethods,
  uriSchemes: ["sip", "sips"],
  extensions: [],
  contentTypes: [sdp],
  contentEncodings: [],
  contentLanguages: ["en"],
  answerTypes: [sdp],
  warnAgent: "puresip.invalid",
};

const MethodCodec = new t.Type<Method, string, unknown>(
  "Method",
  (u): u is Method => typeof u === "string" && E.isRight(method(u)),
  (u, c) => (typeof u === "string" ? pipe(method(u), E.fold(() => t.failure(u, c, "not a SIP method token"), t.success)) : t.failure(u, c)),
  (m) => m,
);

/** A media type as its `type/subtype;params` text. */
const MediaTypeCodec = new t.Type<MediaType, string, unknown>(
  "MediaType",
  (u): u is MediaType => typeof u === "object" && u !== null && "type" in u && "subtype" in u && "params" in u,
  (u, c) =>
    typeof u === "string" ? pipe(contentTypeHeader.parse(u), E.fold((e) => t.failure(u, c, e.reason), t.success)) : t.failure(u, c),
  printMediaType,
);

const strings = t.readonlyArray(t.string);

/** No CR, LF or other control character but HTAB: nothing that could end the header line. */
const oneLine = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return false;
  }
  return true;
};

/** Is `agent` a valid server-val list (§25.1) on one line, safe to print as Server and User-Agent? */
export const isAgentText = (agent: string): boolean => oneLine(agent) && E.isRight(userAgentHeader.parse(agent)) && E.isRight(serverHeader.parse(agent));

/** §20.35, §20.41: product tokens and comments, checked as Server and User-Agent would read them. */
const AgentCodec = t.refinement(t.string, isAgentText, "server-val list");

/** Capabilities as JSON (configuration files, stored UA state). */
export const CapabilitiesCodec: t.Type<Capabilities, unknown> = t.intersection([
  t.readonly(
    t.type({
      methods: t.readonlyArray(MethodCodec),
      knownMethods: t.readonlyArray(MethodCodec),
      uriSchemes: strings,
      extensions: strings,
      contentTypes: t.readonlyArray(MediaTypeCodec),
      contentEncodings: strings,
      contentLanguages: strings,
      answerTypes: t.readonlyArray(MediaTypeCodec),
      warnAgent: t.string,
    }),
  ),
  t.readonly(t.partial({ domains: strings, agent: AgentCodec })),
]);
