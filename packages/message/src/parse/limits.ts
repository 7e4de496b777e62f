// Limits on what the parser accepts. Every limit is checked before the work it bounds, so an
// oversized or hostile input costs at most one scan up to the limit and gives a clean Left.

/** Limits a parser or framer enforces; exceeding one gives a `ParseError` of kind "Limit". */
export interface ParseLimits {
  /** Whole message, start line to last body byte. 65535 fits any UDP datagram (§18.1.1). */
  readonly maxMessageBytes: number;
  /** Header fields after unfolding. */
  readonly maxHeaderCount: number;
  /**
   * One line, folded continuations counted separately, line end excluded. As large as a whole
   * message by default: legal values (a long Route set, an Identity, a list of Contacts) run past
   * 8 KB, and maxMessageBytes already bounds the work.
   */
  readonly maxLineBytes: number;
  /** Body octets as framed by Content-Length (or the rest of the datagram). */
  readonly maxBodyBytes: number;
  /** Via values: more than Max-Forwards' usual 70 hops means a loop (§16.6 step 3). */
  readonly maxVia: number;
}

/** The default bounds the parser enforces (message, line and body size, header and Via count), so no input makes it grow without bound. */
export const defaultLimits: ParseLimits = {
  maxMessageBytes: 65535,
  maxHeaderCount: 256,
  maxLineBytes: 65535,
  maxBodyBytes: 65535,
  maxVia: 70,
};

/** Options of `parseMessage` and the stream framer: any limit left out keeps its default. */
export type ParseOptions = Partial<ParseLimits> & {
  /**
   * Refuse the characters deployed equipment writes unescaped in a SIP URI's user part (`#`,
   * `^`, `{`, `}`, `|`, `` ` ``: `sip:*21#@host`) where RFC 3261 §25.1 asks for a %-escape. Off by
   * default: the lenient rule accepts them, stored and printed as written (message README,
   * "Parser policy").
   */
  readonly strict?: boolean;
};

/** The limits in force for `options`: the defaults overridden by what the caller gave. */
export const resolveLimits = (options?: ParseOptions): ParseLimits => {
  if (options === undefined) return defaultLimits;
  const { strict: _strict, ...limits } = options;
  return { ...defaultLimits, ...limits };
};
