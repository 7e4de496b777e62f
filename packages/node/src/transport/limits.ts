// The defaults of the stream limits (types.ts `StreamLimits`) and their check. The numbers are
// chosen so that a default server stays within a few hundred MB whatever its peers do:
// maxConnections × (maxBufferedBytes × 2 + maxMessageBytes) = 1000 × 576 KiB ≈ 590 MB per transport.
import { sequenceS } from "fp-ts/lib/Apply.js";
import * as E from "fp-ts/lib/Either.js";
import type { StreamOptions } from "./types.js";
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_MESSAGE_BYTES } from "./types.js";

/** The default cap on the bytes a stream connection may buffer before it is closed. */
export const DEFAULT_MAX_BUFFERED_BYTES = 256 * 1024;
/** The default time a stream connection may send nothing before it is closed. */
export const DEFAULT_STALLED_TIMEOUT_MS = 30_000;
/** The default time a stream connection has to deliver a whole message once it has started one. */
export const DEFAULT_MESSAGE_TIMEOUT_MS = 30_000;
/** The default cap on open stream connections. */
export const DEFAULT_MAX_CONNECTIONS = 1000;
/** The default cap on open stream connections from one host. */
export const DEFAULT_MAX_CONNECTIONS_PER_HOST = 100;

/** Every limit of one stream transport, defaults filled in. */
export interface ResolvedStreamLimits {
  readonly maxMessageBytes: number;
  readonly idleTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxBufferedBytes: number;
  readonly stalledTimeoutMs: number;
  readonly messageTimeoutMs: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerHost: number;
}

/** setTimeout's largest delay (2^31 − 1 ms): a longer one fires at once. */
const MAX_DELAY_MS = 2_147_483_647;

const check = (name: string, value: number | undefined, fallback: number, max: number): E.Either<string, number> => {
  const v = value ?? fallback;
  return Number.isSafeInteger(v) && v >= 1 && v <= max ? E.right(v) : E.left(`${name} must be a whole number from 1 to ${max} (got ${String(value)})`);
};

/** The limits of `options` with their defaults, or which one is out of range. */
export const streamLimits = (options: StreamOptions): E.Either<string, ResolvedStreamLimits> =>
  sequenceS(E.Apply)({
    maxMessageBytes: check("maxMessageBytes", options.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES, Number.MAX_SAFE_INTEGER),
    idleTimeoutMs: check("idleTimeoutMs", options.idleTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS, MAX_DELAY_MS),
    connectTimeoutMs: check("connectTimeoutMs", options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS, MAX_DELAY_MS),
    maxBufferedBytes: check("maxBufferedBytes", options.maxBufferedBytes, DEFAULT_MAX_BUFFERED_BYTES, Number.MAX_SAFE_INTEGER),
    stalledTimeoutMs: check("stalledTimeoutMs", options.stalledTimeoutMs, DEFAULT_STALLED_TIMEOUT_MS, MAX_DELAY_MS),
    messageTimeoutMs: check("messageTimeoutMs", options.messageTimeoutMs, DEFAULT_MESSAGE_TIMEOUT_MS, MAX_DELAY_MS),
    maxConnections: check("maxConnections", options.maxConnections, DEFAULT_MAX_CONNECTIONS, Number.MAX_SAFE_INTEGER),
    maxConnectionsPerHost: check("maxConnectionsPerHost", options.maxConnectionsPerHost, DEFAULT_MAX_CONNECTIONS_PER_HOST, Number.MAX_SAFE_INTEGER),
  });
