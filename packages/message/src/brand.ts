// Branded strings for the identifiers that are easy to mix up. A brand is only a type: the
// smart constructors check the grammar once at the boundary, so the rest of the stack can
// trust the value without checking again.
import * as E from "fp-ts/lib/Either.js";
import { isToken, isWord } from "./charset.js";
import { startsAt } from "./headers/lex.js";

declare const brand: unique symbol;
/** A type `T` tagged with a name, so that only the checking constructor can make one (a `Method` is a string that was checked to be a token). */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A request method: a §25.1 token, case-sensitive (§7.1: "The method names are case-sensitive"). */
export type Method = Brand<string, "Method">;
/** The Via branch parameter (§8.1.1.7). */
export type Branch = Brand<string, "Branch">;
/** A From or To tag (§19.3). */
export type Tag = Brand<string, "Tag">;
/** A Call-ID: word [ "@" word ] (§20.8). */
export type CallId = Brand<string, "CallId">;

/** The error a smart constructor gives: which brand, and the rejected input. */
export interface BrandError {
  readonly _tag: "BrandError";
  readonly brand: "Method" | "Branch" | "Tag" | "CallId";
  readonly input: string;
}

const brandError = (b: BrandError["brand"], input: string): BrandError => ({ _tag: "BrandError", brand: b, input });

/** Checks that a string is a method (a token, RFC 3261 §25.1) and brands it. */
export const method = (s: string): E.Either<BrandError, Method> =>
  isToken(s) ? E.right(s as Method) : E.left(brandError("Method", s));

/** §20.42: via-branch = "branch" EQUAL token */
export const branch = (s: string): E.Either<BrandError, Branch> =>
  isToken(s) ? E.right(s as Branch) : E.left(brandError("Branch", s));

/** §20.20 / §20.39: tag-param = "tag" EQUAL token */
export const tag = (s: string): E.Either<BrandError, Tag> =>
  isToken(s) ? E.right(s as Tag) : E.left(brandError("Tag", s));

/** §20.8: callid = word [ "@" word ] */
export const callId = (s: string): E.Either<BrandError, CallId> => {
  const at = s.indexOf("@");
  const ok = at < 0 ? isWord(s) : isWord(s.slice(0, at)) && isWord(s.slice(at + 1));
  return ok ? E.right(s as CallId) : E.left(brandError("CallId", s));
};

/** The RFC 3261 §8.1.1.7 magic cookie that marks a branch as globally unique. */
export const MAGIC_COOKIE = "z9hG4bK";

/** True when `s` starts with the magic cookie (§8.1.1.7): a branch minted by an RFC 3261 element. */
export const hasMagicCookie = (s: string): boolean => startsAt(s, 0, MAGIC_COOKIE);

/** True when the branch was minted by an RFC 3261 element (§8.1.1.7, §17.2.3). */
export const isRfc3261Branch = (b: Branch): boolean => hasMagicCookie(b);

/** The methods RFC 3261 and its extensions define; any other token is still a valid Method. */
export const Methods = {
  INVITE: "INVITE" as Method,
  ACK: "ACK" as Method,
  BYE: "BYE" as Method,
  CANCEL: "CANCEL" as Method,
  OPTIONS: "OPTIONS" as Method,
  REGISTER: "REGISTER" as Method,
  PRACK: "PRACK" as Method,
  SUBSCRIBE: "SUBSCRIBE" as Method,
  NOTIFY: "NOTIFY" as Method,
  PUBLISH: "PUBLISH" as Method,
  INFO: "INFO" as Method,
  REFER: "REFER" as Method,
  MESSAGE: "MESSAGE" as Method,
  UPDATE: "UPDATE" as Method,
} as const;
