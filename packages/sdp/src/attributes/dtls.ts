// DTLS-SRTP and SDES keying: setup (RFC 4145 §4, RFC 8842 §5), fingerprint (RFC 8122 §5),
// crypto (RFC 4568 §9.1).
import type { Crypto, Fingerprint, Setup } from "./model.js";
import { uint, words } from "./scan.js";

/** RFC 4145 §4: setup:active / passive / actpass / holdconn */
export const parseSetup = (value: string): Setup | string =>
  value === "active" || value === "passive" || value === "actpass" || value === "holdconn"
    ? { _tag: "Setup", role: value }
    : "setup must be active, passive, actpass or holdconn";

/** RFC 8122 §5: fingerprint:<hash-func> SP <fingerprint> */
export const parseFingerprint = (value: string): Fingerprint | string => {
  const w = words(value);
  const [hashFunction, fingerprint] = w;
  if (hashFunction === undefined || fingerprint === undefined || w.length !== 2) return "fingerprint needs <hash-func> <fingerprint>";
  return { _tag: "Fingerprint", hashFunction, fingerprint };
};

export const printFingerprint = (a: Fingerprint): string => `fingerprint:${a.hashFunction} ${a.fingerprint}`;

/** RFC 4568 §9.1: crypto:<tag> <crypto-suite> <key-params> *(SP <session-param>) */
export const parseCrypto = (value: string): Crypto | string => {
  const [tagText, suite, keyParams, ...sessionParams] = words(value);
  const tag = uint(tagText ?? "", 9);
  if (tag < 0) return "crypto tag must be 1*9DIGIT";
  if (suite === undefined || keyParams === undefined) return "crypto needs <tag> <crypto-suite> <key-params>";
  return { _tag: "Crypto", tag, suite, keyParams, sessionParams };
};

export const printCrypto = (a: Crypto): string =>
  `crypto:${a.tag} ${a.suite} ${a.keyParams}${a.sessionParams.length === 0 ? "" : ` ${a.sessionParams.join(" ")}`}`;
