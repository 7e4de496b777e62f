// `puresip serve --conference NAME` as a process: @puresip/focus's element (the UA core with the
// conference focus on it) run by @puresip/node's `serveElement`, as `puresip proxy` runs its
// element. `createStack` runs the UA core alone and cannot carry an application, hence this
// path: it serves the conference URIs `sip:NAME@host` and nothing else (no registrar, no
// MESSAGE). This shell's one decision is media: each participant gets the next even port on
// the configured media address (`AllocateMedia` → `MediaAllocated`); nothing mixes there yet.
import * as E from "fp-ts/lib/Either.js";
import { defaultSessionConfig } from "@puresip/dialog";
import { seedFromBytes } from "@puresip/kernel";
import { Methods, parseUri } from "@puresip/message";
import type { Uri } from "@puresip/message";
import { cryptoEntropy, hex, serveElement } from "@puresip/node";
import type { FocusCommand, FocusElement, FocusEvent, Participant } from "@puresip/focus";
import { focusConfig, focusElement, initialFocusState } from "@puresip/focus";
import { defaultLayerConfig } from "@puresip/transaction";
import type { Capabilities, UaConfig } from "@puresip/ua";
import { basicCapabilities } from "@puresip/ua";
import type { ServeConfig } from "../config/serve-config.js";
import type { Io } from "../io.js";
import type { ServePlan } from "../commands/serve.js";
import { capabilities } from "../serve/media.js";
import { tracer } from "../serve/trace.js";

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** What a focus takes: calls, REFER with its sipfrag NOTIFYs (RFC 3515), re-INVITE and UPDATE. */
export const focusCapabilities = (host: string): Capabilities => ({
  ...basicCapabilities,
  methods: [...basicCapabilities.methods, Methods.REFER, Methods.NOTIFY, Methods.SUBSCRIBE, Methods.UPDATE, Methods.INFO],
  contentTypes: [...basicCapabilities.contentTypes, { type: "message", subtype: "sipfrag", params: [] }],
  warnAgent: host,
});

const uriOf = (text: string): Uri => {
  const u = parseUri(text);
  if (E.isLeft(u)) throw new Error(`not a URI: ${text}`);
  return u.right;
};

/** The focus's UA configuration once its socket is bound (`port`). */
const uaConfigFor = (config: ServeConfig, port: number): UaConfig => {
  const host = config.host;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return {
    aor: uriOf(`sip:focus@${hostPart}:${String(port)}`),
    contact: uriOf(`sip:focus@${hostPart}:${String(port)}`),
    sentBy: { host: host.includes(":") ? { _tag: "IPv6", value: host } : /^[0-9.]+$/.test(host) ? { _tag: "IPv4", value: host } : { _tag: "Hostname", value: host }, port, transport: "UDP" },
    capabilities: focusCapabilities(host),
    credentials: [],
    layer: defaultLayerConfig,
    session: defaultSessionConfig,
    registerExpires: 3600,
  };
};

const who = (p: Participant): string => `${p.display === null ? "" : `"${p.display}" `}<${p.uri}>`;

/** One line per participant who came, changed or left since the last roster of that conference. */
export const rosterLines = (before: ReadonlyArray<Participant>, e: Extract<FocusEvent, { readonly _tag: "RosterChanged" }>): ReadonlyArray<string> => {
  const was = new Map(before.map((p) => [p.id, p.status]));
  const lines: Array<string> = [];
  for (const p of e.participants) if (was.get(p.id) !== p.status) lines.push(`conference ${e.conference}: ${who(p)} ${p.status} (${p.joining}${p.media === null ? "" : `, media ${p.media.address}:${String(p.media.port)}`})`);
  for (const d of e.departed) lines.push(`conference ${e.conference}: ${who(d.participant)} left (${d.disconnection.method}${d.disconnection.status === null ? "" : ` ${String(d.disconnection.status)}`})`);
  lines.push(`conference ${e.conference}: ${String(e.participants.length)} participant(s), roster version ${String(e.version)}`);
  return lines;
};

/** Serves the conferences; resolves with the exit status once a signal (or `stop`) ends it. */
export const runConference = async (config: ServeConfig, conferences: ReadonlyArray<string>, plan: ServePlan, io: Io, stop: Promise<unknown>): Promise<number> => {
  const entropy = cryptoEntropy();
  const media = capabilities(config.media, String(Number.parseInt(hex(entropy.bytes(6)), 16)));
  if (E.isLeft(media)) {
    io.stderr(`puresip serve: ${media.left}\n`);
    return 2;
  }
  const focus = focusConfig(conferences, media.right);
  // The element's codecs and deadlines do not depend on its addresses; its steps wait for them.
  const placeholder = focusElement(uaConfigFor(config, 0), focus);
  const late: { inner?: FocusElement } = {};
  const element: FocusElement = { ...placeholder, step: (registry, state, event) => (late.inner === undefined ? [state, []] : late.inner.step(registry, state, event)) };
  const trace = tracer(plan, io);
  const note = (text: string): void => {
    if (!plan.quiet) io.stderr(`${text}\n`);
  };
  // Sequential even ports on the media address (RTP, RTCP on the next odd one); reused once released, so they stay bounded.
  let nextPort = config.media.port;
  const free: Array<number> = [];
  const rosters = new Map<string, ReadonlyArray<Participant>>();
  let command: (c: FocusCommand) => void = () => undefined;
  const deliver = (e: FocusEvent): void => {
    switch (e._tag) {
      case "AllocateMedia": {
        const port = free.shift() ?? (nextPort += 2);
        // Answered after this step: the engine takes commands between events.
        queueMicrotask(() => { command({ _tag: "MediaAllocated", conference: e.conference, participant: e.participant, address: config.media.address, port }); });
        return;
      }
      case "ReleaseMedia":
        free.push(e.port);
        return;
      case "RosterChanged":
        for (const line of rosterLines(rosters.get(e.conference) ?? [], e)) note(line);
        rosters.set(e.conference, e.participants);
        return;
      case "Ua":
        if (e.event._tag === "Problem") note(`problem: ${e.event.reason}`);
        if (e.event._tag === "Rejected") note(`${e.event.request.method} answered ${String(e.event.status)}`);
        return;
      default:
        e satisfies never;
    }
  };
  let served;
  try {
    served = await serveElement({
      element,
      start: { state: { element: { seed: seedFromBytes(entropy.bytes(16)) }, application: initialFocusState }, entries: [] },
      listen: [{ transport: "UDP", host: config.host, port: config.port }],
      deliver,
      entropy,
      ...(trace === undefined ? {} : { trace }),
    });
  } catch (e) {
    io.stderr(`puresip serve: cannot listen: ${describe(e)}\n`);
    return 2;
  }
  const host = served.host;
  command = (c) => { host.command(c); };
  const port = served.transports[0]?.local.port ?? config.port;
  late.inner = focusElement(uaConfigFor(config, port), focus);
  for (const t of served.transports) io.stdout(`listening ${t.name} ${t.local.host}:${String(t.local.port)}\n`);
  io.stderr(`puresip serve: conference focus for ${conferences.map((n) => `sip:${n}@${config.host}:${String(port)}`).join(", ")}; Ctrl-C stops\n`);
  await stop;
  host.command({ _tag: "Ua", command: { _tag: "Shutdown" } });
  // The BYEs of the shutdown get a moment to leave before the sockets close.
  await new Promise((resolve) => setTimeout(resolve, 300).unref());
  await served.close();
  return 0;
};
