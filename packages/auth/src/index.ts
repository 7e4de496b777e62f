// @puresip/auth: HTTP Digest for SIP (RFC 3261 §22, RFC 7616, RFC 8760). Public API only.
export type { AlgorithmName, Algorithm, HashName } from "./hash.js";
export { ALGORITHMS, parseAlgorithm } from "./hash.js";
export type { Protection, Qop, Secret } from "./digest.js";
export { hashA1, hashUsername, requestDigest } from "./digest.js";
export type { DigestInput } from "./digest.js";
export type { AuthError, CheckedField, RequiredField, VerifyError } from "./errors.js";
export { isStale } from "./errors.js";
export { answerableAlgorithm, chooseChallenge } from "./choose.js";
export type { RespondInput } from "./client.js";
export { hexEntropy, respond } from "./client.js";
export type { ChallengeInput, Issued, NonceState, VerifyInput } from "./server.js";
export { createChallenge, verify } from "./server.js";
export type { InfoInput } from "./info.js";
export { authenticationInfo, checkAuthenticationInfo } from "./info.js";
export { DigestChallengeCodec, DigestCredentialsCodec, NonceStateCodec } from "./codec.js";
export { constantTimeEqual } from "./compare.js";
