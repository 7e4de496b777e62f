// The UA core's configuration for a browser UA (pure): who it is, and the RFC 7118 names it
// gives itself. A browser has no address a peer could reach, so its Via sent-by and Contact
// host are a random name under `.invalid` (RFC 7118 §5.2 and §5.3, the examples of §8: "the
// SIP WebSocket Client ... uses a random domain ... since it does not know its own address"),
// and responses come back over the WebSocket they were asked on.
import * as E from "fp-ts/lib/Either.js";
import { defaultSessionConfig } from "@puresip/dialog";
import { Methods, parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import type { LocalCapabilities } from "@puresip/sdp";
import { defaultLayerConfig, defaultTimers } from "@puresip/transaction";
import type { TimerConfig } from "@puresip/transaction";
import { basicCapabilities } from "@puresip/ua";
import type { Capabilities, Credential, UaConfig } from "@puresip/ua";

/** Where the WebSocket server is, as the shell addresses it (a `Peer` of the kernel). */
export interface ServerAddress {
  /** "WS" or "WSS" (RFC 7118 §5.1). */
  readonly transport: "WS" | "WSS";
  readonly host: string;
  readonly port: number;
}

/** `ws://host[:port]/path` or `wss://...` → the server's transport, host and port (RFC 7118 §5.5 defaults 80 and 443). */
export const serverAddress = (url: string): E.Either<string, ServerAddress> => {
  const m = /^(wss?):\/\/(\[[0-9A-Fa-f:.]+\]|[^/:?#[\]]+)(?::([0-9]{1,5}))?(?:[/?#].*)?$/.exec(url);
  if (m === null) return E.left(`"${url}" is not a ws:// or wss:// URL`);
  const scheme = m[1] === "wss" ? "WSS" : "WS";
  const rawHost = m[2] ?? "";
  const host = rawHost.startsWith("[") ? rawHost.slice(1, -1) : rawHost.toLowerCase();
  const port = m[3] === undefined ? (scheme === "WSS" ? 443 : 80) : Number(m[3]);
  if (port < 1 || port > 65535) return E.left(`"${url}": port ${port} is out of range`);
  return E.right({ transport: scheme, host, port });
};

/** Who the browser UA is and how its UA core behaves: the part of `PhoneOptions` that `uaConfigFor` turns into a `UaConfig`. */
export interface IdentityOptions {
  /** The address of record (§8.1.1.3), e.g. "sip:alice@example.com". */
  readonly aor: string;
  /** The display name of the From header field of requests outside a dialog (§8.1.1.3). */
  readonly displayName?: string;
  /** Digest credentials for 401/407 challenges (§22.2). Default none. */
  readonly credentials?: ReadonlyArray<Credential>;
  /** SDP the UA offers and answers with by itself; absent: bodies are the application's (WebRTC's). */
  readonly media?: LocalCapabilities;
  /** §8.1.2 route set for requests outside a dialog, as URIs (default none: the WebSocket server is the first hop). */
  readonly outboundProxy?: ReadonlyArray<string>;
  /** §17 timer values (T1, T2, ...) that replace the defaults. */
  readonly timers?: Partial<TimerConfig>;
  /** The Expires a REGISTER asks for, in seconds (§10.2.1; default 600). */
  readonly registerExpires?: number;
  /** What the UAS supports (default: RFC 3261 basics plus MESSAGE). */
  readonly capabilities?: Capabilities;
}

const uriOf = (text: string, what: string): E.Either<string, Uri> =>
  E.mapLeft((e: { readonly reason: string }) => `${what}: "${text}" is not a URI (${e.reason})`)(parseUri(text));

const defaultCapabilities: Capabilities = {
  ...basicCapabilities,
  methods: [...basicCapabilities.methods, Methods.MESSAGE],
  contentTypes: [...basicCapabilities.contentTypes, { type: "text", subtype: "plain", params: [] }],
};

/** The user part of the AOR for the Contact (§8.1.1.8: any reachable URI; the user part helps a reader). */
const userOf = (aor: Uri): string => (aor._tag === "SipUri" && aor.user !== undefined && aor.user.length > 0 ? aor.user : "puresip");

/**
 * The UA core's config: Contact `sip:<user>@<token>.invalid;transport=ws` and Via sent-by
 * `<token>.invalid` over WS or WSS, reliable-transport session timing (RFC 7118 §5: "a
 * reliable SIP transport").
 */
export const uaConfigFor = (options: IdentityOptions, server: ServerAddress, token: string): E.Either<string, UaConfig> => {
  if (!/^[a-z0-9]{1,63}$/.test(token)) return E.left(`the .invalid host label "${token}" must be 1-63 lower-case letters and digits`);
  const host = `${token}.invalid`;
  const secure = server.transport === "WSS";
  return E.flatMap(uriOf(options.aor, "aor"), (aor) =>
        E.flatMap(uriOf(`sip:${userOf(aor)}@${host};transport=ws`, "contact"), (contact) => {
          const proxies: Array<Uri> = [];
          for (const p of options.outboundProxy ?? []) {
            const u = uriOf(p, "outboundProxy");
            if (E.isLeft(u)) return u;
            proxies.push(u.right);
          }
          const timers = { ...defaultTimers, ...options.timers };
          return E.right<string, UaConfig>({
            aor,
            ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
            contact,
            sentBy: { host: { _tag: "Hostname", value: host }, transport: server.transport },
            ...(proxies.length === 0 ? {} : { outboundProxy: proxies }),
            capabilities: options.capabilities ?? { ...defaultCapabilities, warnAgent: host },
            credentials: options.credentials ?? [],
            ...(options.media === undefined ? {} : { media: options.media }),
            layer: { ...defaultLayerConfig, timers },
            session: { ...defaultSessionConfig, t1: timers.t1, t2: timers.t2, reliable: true, overTls: secure },
            registerExpires: options.registerExpires ?? 600,
          });
        }),
      );
};

/** A host label for `.invalid` from random bytes: 12 base-36 characters. */
export const invalidLabel = (random: Uint8Array): string => {
  let s = "";
  for (let i = 0; i < 12; i++) s += ((random[i] ?? 0) % 36).toString(36);
  return s;
};
