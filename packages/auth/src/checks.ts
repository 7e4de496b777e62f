// Checks shared by `verify` (server.ts) and the Authentication-Info functions (info.ts).
import type { DigestCredentials } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";
import { constantTimeEqual } from "./compare.js";
import { hashUsername } from "./digest.js";
import type { CheckedField, RequiredField, VerifyError } from "./errors.js";
import type { Algorithm } from "./hash.js";

export type Checked<A> = E.Either<VerifyError, A>;

export const same = (field: CheckedField, expected: string | undefined, got: string | undefined): Checked<void> =>
  expected === got ? E.right(undefined) : E.left({ _tag: "Mismatch", field });

export const required = (field: RequiredField, value: string | undefined): Checked<string> =>
  value === undefined || value === "" ? E.left({ _tag: "Missing", field }) : E.right(value);

/**
 * The plain user name for A1: the credentials' own, or with userhash (RFC 7616 §3.4.4) the
 * caller's, whose hash must be the one sent. A name the caller gives is checked either way.
 */
export const plainUsername = (algorithm: Algorithm, credentials: DigestCredentials, input: { readonly username?: string }): Checked<string> => {
  if (credentials.userhash === true) {
    if (input.username === undefined) return E.left({ _tag: "BadValue", field: "username", reason: "userhash credentials need the plain user name" });
    const expected = hashUsername(algorithm, input.username, credentials.realm);
    return constantTimeEqual(expected, credentials.username.toLowerCase()) ? E.right(input.username) : E.left({ _tag: "Mismatch", field: "username" });
  }
  if (input.username !== undefined && input.username !== credentials.username) return E.left({ _tag: "Mismatch", field: "username" });
  return E.right(credentials.username);
};
