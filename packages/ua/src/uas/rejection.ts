// What a UAS answers a request it will not process (§8.2): the rule, its status, and the
// header fields that status requires. Plain data, so the shell can log or store it as it is.
import type { HeaderField, Problem } from "@puresip/message";

export interface RuleOf<Tag extends string, Status extends number> {
  readonly _tag: Tag;
  readonly status: Status;
  /** Header fields the response MUST carry (Allow, Unsupported, Accept, ...). */
  readonly headers: ReadonlyArray<HeaderField>;
  /** What was wrong and where, for logs and for the 400 reason phrase (§21.4.1). */
  readonly detail: string;
}

/** §8.2 (validateMessage): malformed (400) or not SIP/2.0 (505). */
export interface Malformed extends RuleOf<"Malformed", 400 | 505> {
  /** validateMessage's findings; empty when a header the checks read does not parse. */
  readonly problems: ReadonlyArray<Problem>;
}
/** §8.2.1: a recognised method this UAS does not support. */
export type MethodNotAllowed = RuleOf<"MethodNotAllowed", 405>;
/** §8.2.1, §21.5.2: a method the UAS does not recognise (RFC 4475 §3.1.1.2, §3.1.1.5). */
export type NotImplemented = RuleOf<"NotImplemented", 501>;
/** §8.2.2.1: a Request-URI scheme the UAS does not support (RFC 4475 §3.3.2, §3.3.3). */
export type UnsupportedUriScheme = RuleOf<"UnsupportedUriScheme", 416>;
/** §8.2.2.1: a Request-URI that is not an address this UAS accepts requests for. */
export type NotFound = RuleOf<"NotFound", 404>;
/** §8.2.2.2: a request merged from two paths of a fork. */
export type LoopDetected = RuleOf<"LoopDetected", 482>;
/** §8.2.2.3: Require lists option-tags the UAS does not understand (RFC 4475 §3.3.5). */
export type BadExtension = RuleOf<"BadExtension", 420>;
/** §8.2.3: a body whose type, encoding or language the UAS does not understand (RFC 4475 §3.3.6). */
export type UnsupportedMediaType = RuleOf<"UnsupportedMediaType", 415>;
/** §20.1: Accept admits no body this UAS can answer with (RFC 4475 §3.3.15). */
export type NotAcceptable = RuleOf<"NotAcceptable", 406>;

export type Rejection =
  | Malformed
  | MethodNotAllowed
  | NotImplemented
  | UnsupportedUriScheme
  | NotFound
  | LoopDetected
  | BadExtension
  | UnsupportedMediaType
  | NotAcceptable;
