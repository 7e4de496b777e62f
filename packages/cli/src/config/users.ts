// The users file of `puresip serve`: who may register and call, for digest authentication
// (RFC 3261 §22). One account a line:
//
//   alice:secret                                        a password, good for every algorithm
//   bob:127.0.0.1:5a7d1fcd8e2fae6b8f3f0b1c4f4c1f1e       H(A1) = H(user:realm:password) in hex:
//                                                       32 digits for MD5, 64 for SHA-256
//
// Blank lines and lines starting with # are skipped. A password cannot hold a colon (a third
// field makes the line an HA1 line); give such an account as its HA1.
import * as E from "fp-ts/lib/Either.js";

/** One user of the registrar: a plain password or a stored H(A1) (RFC 7616 §3.4.2). */
export type Account =
  | { readonly _tag: "Password"; readonly user: string; readonly password: string }
  | { readonly _tag: "HA1"; readonly user: string; readonly realm: string; readonly algorithm: "MD5" | "SHA-256"; readonly ha1: string };

/** The registrar's users by name. */
export type Users = ReadonlyMap<string, Account>;

const isHex = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return s.length > 0;
};

const lineOf = (raw: string, n: number): E.Either<string, Account | undefined> => {
  const line = raw.trim();
  if (line === "" || line.startsWith("#")) return E.right(undefined);
  const fields = line.split(":");
  const [user = "", second = "", third] = fields;
  if (user === "") return E.left(`line ${n}: the user name is empty`);
  if (fields.length < 2) return E.left(`line ${n}: expected "user:password" or "user:realm:HA1"`);
  if (fields.length === 2) {
    if (second === "") return E.left(`line ${n}: the password of "${user}" is empty`);
    return E.right({ _tag: "Password", user, password: second });
  }
  if (fields.length > 3 || third === undefined) return E.left(`line ${n}: expected "user:password" or "user:realm:HA1", got ${fields.length} fields`);
  if (!isHex(third) || (third.length !== 32 && third.length !== 64))
    return E.left(`line ${n}: the HA1 of "${user}" must be 32 hex digits (MD5) or 64 (SHA-256)`);
  return E.right({ _tag: "HA1", user, realm: second, algorithm: third.length === 32 ? "MD5" : "SHA-256", ha1: third.toLowerCase() });
};

/** Every problem in the file, each naming its line; a user named twice is a problem too. */
export const parseUsers = (text: string): E.Either<ReadonlyArray<string>, Users> => {
  const users = new Map<string, Account>();
  const problems: Array<string> = [];
  text.split("\n").forEach((raw, i) => {
    const parsed = lineOf(raw, i + 1);
    if (E.isLeft(parsed)) problems.push(parsed.left);
    else if (parsed.right !== undefined) {
      if (users.has(parsed.right.user)) problems.push(`line ${i + 1}: "${parsed.right.user}" is listed twice`);
      else users.set(parsed.right.user, parsed.right);
    }
  });
  return problems.length > 0 ? E.left(problems) : E.right(users);
};

/** The HA1 accounts whose realm is not the one served can never authenticate: worth a warning. */
export const foreignRealms = (users: Users, realm: string): ReadonlyArray<string> =>
  [...users.values()].flatMap((a) => (a._tag === "HA1" && a.realm !== realm ? [`"${a.user}" has realm "${a.realm}", but the server's realm is "${realm}"`] : []));

/** An HA1 account is challenged with its own algorithm only; if `digest` leaves it out, it can never authenticate. */
export const unchallengedHa1 = (users: Users, digest: ReadonlyArray<string>): ReadonlyArray<string> =>
  [...users.values()].flatMap((a) =>
    a._tag === "HA1" && !digest.includes(a.algorithm) ? [`"${a.user}" is stored as a ${a.algorithm} HA1, but --digest offers only ${digest.join(", ")}`] : [],
  );
