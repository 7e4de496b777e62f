// The PEM files of a TLS listener (RFC 3261 §26.2.1), read once at start by `serve` and `proxy`.
import { readFileSync } from "node:fs";
import * as E from "fp-ts/lib/Either.js";

/** Where a TLS listener's certificate, key and (optionally) the roots for its peers are. */
export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
  readonly ca?: string;
}

/** The PEM texts of `TlsFiles`. */
export interface TlsPems {
  readonly cert: string;
  readonly key: string;
  readonly ca?: string;
}

const read = (path: string): E.Either<string, string> => {
  try {
    return E.right(readFileSync(path, "utf8"));
  } catch (e) {
    return E.left(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
};

/** Reads the files; the first that cannot be read is named with why. */
export const readTlsFiles = (files: TlsFiles): E.Either<string, TlsPems> => {
  const cert = read(files.cert);
  if (E.isLeft(cert)) return cert;
  const key = read(files.key);
  if (E.isLeft(key)) return key;
  if (files.ca === undefined) return E.right({ cert: cert.right, key: key.right });
  const ca = read(files.ca);
  return E.isLeft(ca) ? ca : E.right({ cert: cert.right, key: key.right, ca: ca.right });
};
