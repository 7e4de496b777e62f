// The model of the authentication headers (RFC 3261 §20.6, §20.7, §20.27, §20.28, §20.44; RFC
// 7616 §3.3–3.5; RFC 8760 §2.7), and the quoted-string characters both the scanner and the
// printer need. Values are stored unquoted (RFC 7616's unq()).

/** An auth-param outside the ones this module names: `name=token` or `name="quoted"`. */
export interface AuthParam {
  /** As written; auth-param names compare case-insensitively. */
  readonly name: string;
  /** Unquoted, with quoted-pairs resolved. */
  readonly value: string;
  /** Whether the peer wrote a quoted-string; printing keeps the form. */
  readonly quoted: boolean;
}

/** `Digest` challenge (§25 digest-cln, RFC 7616 §3.3). Every string is unq() of what was sent. */
export interface DigestChallenge {
  readonly _tag: "DigestChallenge";
  readonly realm: string;
  readonly nonce: string;
  /** The space-separated URI list of `domain`. */
  readonly domain?: ReadonlyArray<string>;
  readonly opaque?: string;
  /** RFC 7616 §3.3: "If stale is false, or anything other than true ... [it is false]". */
  readonly stale?: boolean;
  /** As written; absent means MD5 (RFC 7616 §3.3). */
  readonly algorithm?: string;
  /** qop-options: the qop-values the server supports, in its order. */
  readonly qop?: ReadonlyArray<string>;
  readonly charset?: string;
  readonly userhash?: boolean;
  /** Other auth-params, in the order they were sent. */
  readonly params: ReadonlyArray<AuthParam>;
}

/** other-challenge (§25): any scheme but Digest, kept as parameters. */
export interface OtherChallenge {
  readonly _tag: "OtherChallenge";
  readonly scheme: string;
  readonly params: ReadonlyArray<AuthParam>;
}

/** A WWW-Authenticate or Proxy-Authenticate value (RFC 3261 §20.27, §20.44): a digest challenge or another scheme's. */
export type Challenge = DigestChallenge | OtherChallenge;

/** `Digest` credentials (§25 digest-response, RFC 7616 §3.4). */
export interface DigestCredentials {
  readonly _tag: "DigestCredentials";
  /** The user name, or with `userhash` H(username ":" realm) in hex (RFC 7616 §3.4.4). */
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  /**
   * digest-uri-value: the Request-URI as the client sent it (§22.4 item 3). RFC 7616 needs it to
   * compute a response, but the §25 grammar does not, and RFC 3261's own §20.7 example omits it.
   */
  readonly uri?: string;
  /** request-digest in hex; empty before any challenge was received (RFC 8760 §2.7). */
  readonly response: string;
  readonly algorithm?: string;
  readonly cnonce?: string;
  readonly opaque?: string;
  /** message-qop: the single qop-value the client applied. */
  readonly qop?: string;
  /** nc-value: 8 hex digits as written. */
  readonly nc?: string;
  readonly userhash?: boolean;
  readonly params: ReadonlyArray<AuthParam>;
}

/** other-response (§25). */
export interface OtherCredentials {
  readonly _tag: "OtherCredentials";
  readonly scheme: string;
  readonly params: ReadonlyArray<AuthParam>;
}

/** An Authorization or Proxy-Authorization value (RFC 3261 §20.7, §20.28): digest credentials or another scheme's. */
export type Credentials = DigestCredentials | OtherCredentials;

/**
 * Authentication-Info (§20.6, RFC 7616 §3.5): what a server sends after accepting credentials.
 * `rspauth` proves the server knows the secret too; `nextnonce` is the nonce to use next.
 */
export interface AuthenticationInfo {
  readonly nextnonce?: string;
  /** The qop-value the client applied, echoed. */
  readonly qop?: string;
  /** response-digest in hex, computed like the request-digest with an empty method. */
  readonly rspauth?: string;
  /** The client's cnonce and nc, echoed. */
  readonly cnonce?: string;
  readonly nc?: string;
  readonly params: ReadonlyArray<AuthParam>;
}

export const DQUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const CR = 0x0d;
export const LF = 0x0a;

/** qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII (§25.1) */
export const isQdtext = (c: number): boolean => c === 0x09 || (c >= 0x20 && c !== DQUOTE && c !== BACKSLASH && c !== 0x7f);
