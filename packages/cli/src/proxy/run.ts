// `puresip proxy` as a process: a registrar and a stateful (or stateless, §16.11) forking proxy
// for a domain on @puresip/proxy's element, run by @puresip/node's `serveElement`. The element
// learns its own addresses once the sockets are bound (with --port 0 the OS picks the port):
// until then, which is before any packet is handed to it, it drops what arrives. The bindings
// live in a location store (./location.ts: memory, or Redis shared with other proxies) that
// answers the element's `LocationQuery` and `BindingUpdate` with commands.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import type { ProxyCommand } from "@puresip/proxy";
import type { Peer } from "@puresip/kernel";
import { seedFromBytes } from "@puresip/kernel";
import { cryptoEntropy, hex, serveElement } from "@puresip/node";
import type { ServeListen } from "@puresip/node";
import type { Tag } from "@puresip/message";
import type { ProxyApp, ProxyConfig, ProxyElement } from "@puresip/proxy";
import { ProxyEntryCodec, ProxyStateCodec, answerFromStore, baseConfig, defaultRoute, entryDeadline, proxyElement } from "@puresip/proxy";
import { defaultRegistrarConfig } from "@puresip/ua/registrar";
import type { ProxyPlan, ProxyTransport } from "../commands/proxy.js";
import type { TlsPems } from "../config/tls-files.js";
import { readTlsFiles } from "../config/tls-files.js";
import type { Io } from "../io.js";
import { tracer } from "../serve/trace.js";
import type { OpenStore } from "./location.js";
import { openStore } from "./location.js";
import { DEFAULT_DIGEST, authenticationFor, loadUsers, withAuthentication } from "./authentication.js";
import { sourceLimits } from "./limits.js";
import { rateLimited } from "./rate-limited.js";

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The proxy's configuration for the addresses it got. */
export const proxyConfigFor = (plan: ProxyPlan, self: ReadonlyArray<Peer>, flowKey: Uint8Array): ProxyConfig => {
  const domains = plan.domains.length > 0 ? plan.domains : [plan.host.toLowerCase()];
  return {
    ...baseConfig(self, defaultRoute),
    domains,
    aliases: plan.host === "127.0.0.1" ? ["localhost"] : [],
    recordRoute: plan.recordRoute,
    path: plan.path === true,
    ...(plan.timerC === undefined ? {} : { timerC: plan.timerC }),
    // A stateful proxy asks its location store (memory or Redis); a stateless one has nothing
    // to wait for the answer in (§16.11) and keeps the bindings in the engine's registry.
    location: plan.stateless ? "Registry" : "Owner",
    // §10.3 steps 1 and 5: REGISTERs for the domains, or addressed to the proxy itself.
    registrar: O.some({ ...defaultRegistrarConfig, domains: [...new Set([...domains, ...self.map((p) => p.host.toLowerCase())])] }),
    // RFC 5626 §5.2: a key for this process's flow tokens, so a UA reachable only over the
    // connection it registered on (a browser over WebSocket, RFC 7118) gets its requests there.
    flowKey: O.some(flowKey),
  };
};

/** Where one transport listens: UDP and TCP on `port`, WebSocket and TLS on theirs (TLS with its PEMs, RFC 3261 §26.2.1, §26.3.1). */
const listenOn = (plan: ProxyPlan, transport: ProxyTransport, pems: TlsPems | undefined): ServeListen => {
  if (transport !== "TLS") return { transport, host: plan.host, port: transport === "WS" ? plan.wsPort : plan.port };
  if (plan.tls === undefined || pems === undefined) throw new Error("tls in --transports, but no certificate and key were read");
  return { transport, host: plan.host, port: plan.tls.port, cert: pems.cert, key: pems.key, ...(pems.ca === undefined ? {} : { ca: pems.ca }), requestCert: plan.tls.requestCert };
};

/** An element whose configuration is filled in once the sockets are bound. */
const lateElement = (): { readonly element: ProxyElement; readonly bind: (inner: ProxyElement) => void } => {
  let inner: ProxyElement | undefined;
  return {
    element: {
      nextDeadline: entryDeadline,
      codec: { state: ProxyStateCodec, entry: ProxyEntryCodec },
      step: (registry, state, event) => (inner === undefined ? [state, []] : inner.step(registry, state, event)),
    },
    bind: (e) => {
      inner = e;
    },
  };
};

/** Starts the proxy; resolves with the exit status once a signal (or `stop`) ends it. */
export const runProxy = async (plan: ProxyPlan, io: Io, stop: Promise<unknown>): Promise<number> => {
  const trace = tracer(plan, io);
  const late = lateElement();
  const entropy = cryptoEntropy();
  const realm = plan.realm ?? plan.domains[0] ?? plan.host.toLowerCase();
  const digest = plan.digest ?? DEFAULT_DIGEST;
  const users = plan.usersFile === undefined ? undefined : loadUsers(plan.usersFile, realm, digest);
  if (users !== undefined && E.isLeft(users)) {
    io.stderr(users.left.map((p) => `puresip proxy: ${p}\n`).join(""));
    return 2;
  }
  for (const w of users?.right.warnings ?? []) io.stderr(`puresip proxy: warning: ${w}\n`);
  const limits = sourceLimits(plan, io);
  let dropped = 0;
  // Set once the sockets are bound and the store is open: the element asks nothing before.
  let ask: ((e: ProxyApp) => void) | undefined;
  const deliver = (e: ProxyApp): void => {
    if (e._tag !== "Dropped") {
      ask?.(e);
      return;
    }
    dropped += 1;
    // The first few say why; after that only the count at exit, so a flood cannot fill the log.
    if (!plan.quiet && dropped <= 20) io.stderr(`puresip proxy: dropped: ${e.reason}\n`);
  };
  const pems = plan.tls === undefined ? E.right(undefined) : readTlsFiles(plan.tls.files);
  if (E.isLeft(pems)) {
    io.stderr(`puresip proxy: ${pems.left}\n`);
    return 2;
  }
  let opened: OpenStore;
  try {
    opened = await openStore(plan.redis, { clock: Date.now, maxAors: defaultRegistrarConfig.maxAors }, io.stderr);
  } catch (e) {
    io.stderr(`puresip proxy: ${describe(e)}\n`);
    return 2;
  }
  let served;
  try {
    served = await serveElement({
      element: limits === undefined ? late.element : rateLimited(late.element, limits.policy, limits.table, () => hex(entropy.bytes(8)) as Tag, limits.note),
      start: { state: { seed: seedFromBytes(entropy.bytes(16)), aors: 0 }, entries: [] },
      listen: plan.transports.map((transport) => listenOn(plan, transport, pems.right)),
      deliver,
      entropy,
      ...(trace === undefined ? {} : { trace }),
    });
  } catch (e) {
    io.stderr(`puresip proxy: cannot listen: ${describe(e)}\n`);
    await opened.close();
    return 2;
  }
  const self = served.transports.map((t): Peer => ({ transport: t.name, host: t.local.host, port: t.local.port }));
  const plain = proxyConfigFor(plan, self, entropy.bytes(20));
  const config = users === undefined ? plain : withAuthentication(plain, authenticationFor(users.right.users, realm, digest, entropy.bytes(32)));
  late.bind(proxyElement(config, { stateless: plan.stateless }));
  if (O.isSome(config.registrar)) {
    const host = served.host;
    const answer = answerFromStore(opened.store, config.registrar.value, () => host.now());
    let open = true;
    const command = (c: O.Option<ProxyCommand>): void => {
      if (open && O.isSome(c)) host.command(c.value);
    };
    ask = (e) => void answer(e).then(command);
    void stop.then(() => (open = false));
  }
  for (const t of served.transports) io.stdout(`listening ${t.name} ${t.local.host}:${String(t.local.port)}\n`);
  // §16.6 steps 4 and 8 write the proxy's address into Via and Record-Route: a wildcard is no address.
  if (plan.host === "0.0.0.0" || plan.host === "::") io.stderr(`puresip proxy: warning: --host ${plan.host} goes into Via and Record-Route; give the address peers reach this proxy at\n`);
  io.stderr(
    `puresip proxy: ${plan.stateless ? "stateless" : "stateful"}, domain ${config.domains.join(", ")}${plan.recordRoute ? ", Record-Route" : ""}, bindings ${plan.redis === undefined ? "in memory" : `in ${plan.redis}`}${users === undefined ? "" : `, digest in realm "${realm}" for ${String(users.right.users.size)} account(s)`}; Ctrl-C stops\n`,
  );
  await stop;
  await served.close();
  await opened.close();
  if (dropped > 0 && !plan.quiet) io.stderr(`puresip proxy: ${String(dropped)} message(s) dropped\n`);
  if (limits !== undefined && limits.table.over > 0) io.stderr(`puresip proxy: ${String(limits.table.over)} request(s) over the per-source budget\n`);
  return 0;
};
