// `puresip b2bua` as a process: @puresip/b2bua's B2BUA on the UA core (no media of its own:
// the parties' SDP passes through), every incoming call routed to one target, run over UDP by
// @puresip/node's `serveElement`. The UA core's Contact and Via need the bound port (with
// --port 0 the OS picks it), so the element is made once the socket is bound; until then,
// which is before any packet is handed to it, it drops what arrives.
import type { ApplicationEntry, Composed, Element } from "@puresip/kernel";
import { withApplication } from "@puresip/kernel";
import { Methods, parseUri } from "@puresip/message";
import * as E from "fp-ts/lib/Either.js";
import { defaultSessionConfig } from "@puresip/dialog";
import { defaultLayerConfig } from "@puresip/transaction";
import type { StoreEntry, UaCommand, UaConfig, UaState } from "@puresip/ua";
import { basicCapabilities, initialState, uaElement } from "@puresip/ua";
import type { B2buaEntry, B2buaEvent, B2buaState } from "@puresip/b2bua";
import { b2buaApplication, initialB2buaState } from "@puresip/b2bua";
import { cryptoEntropy, serveElement } from "@puresip/node";
import type { B2buaPlan } from "../commands/b2bua.js";
import type { Io } from "../io.js";
import { tracer } from "../serve/trace.js";

type B2buaElement = Element<Composed<UaState, B2buaState>, StoreEntry | ApplicationEntry<B2buaEntry>, UaCommand, B2buaEvent>;

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The UA core under the B2BUA, at the address it got: INFO and UPDATE relayed, no media of its own. */
export const b2buaUaConfig = (host: string, port: number): E.Either<string, UaConfig> => {
  const aor = parseUri(`sip:b2bua@${host}`);
  const contact = parseUri(`sip:b2bua@${host}:${String(port)}`);
  if (E.isLeft(aor) || E.isLeft(contact)) return E.left(`--host ${host} makes no SIP URI`);
  return E.right({
    aor: aor.right,
    contact: contact.right,
    sentBy: { host: /^[0-9.]+$/.test(host) ? { _tag: "IPv4", value: host } : { _tag: "Hostname", value: host }, port, transport: "UDP" },
    capabilities: { ...basicCapabilities, methods: [...basicCapabilities.methods, Methods.UPDATE, Methods.INFO] },
    credentials: [],
    layer: defaultLayerConfig,
    session: defaultSessionConfig,
    registerExpires: 3600,
  });
};

/** Starts the B2BUA; resolves with the exit status once a signal (or `stop`) ends it. */
export const runB2bua = async (plan: B2buaPlan, io: Io, stop: Promise<unknown>): Promise<number> => {
  const trace = tracer(plan, io);
  const entropy = cryptoEntropy();
  const application = b2buaApplication({ logic: () => ({ _tag: "Route", target: plan.to }), ...(plan.maxLinks === undefined ? {} : { maxLinks: plan.maxLinks }) });
  const first = b2buaUaConfig(plan.host, plan.port);
  if (E.isLeft(first)) {
    io.stderr(`puresip b2bua: ${first.left}\n`);
    return 2;
  }
  const late: { element?: B2buaElement } = {};
  // The deadlines and codecs do not depend on the address: those of an element made before binding serve.
  const unbound = withApplication(uaElement(first.right), application);
  const element: B2buaElement = {
    nextDeadline: unbound.nextDeadline,
    codec: unbound.codec,
    step: (registry, state, event) => (late.element === undefined ? [state, []] : late.element.step(registry, state, event)),
  };
  const deliver = (e: B2buaEvent): void => {
    if (plan.quiet) return;
    if (e._tag === "Linked") io.stderr(`puresip b2bua: call linked\n`);
    else if (e._tag === "Unlinked") io.stderr(`puresip b2bua: call ended\n`);
    else if (e._tag === "Refused") io.stderr(`puresip b2bua: call refused with ${String(e.status)}\n`);
    else io.stderr(`puresip b2bua: ${e.reason}\n`);
  };
  const bytes = entropy.bytes(16);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = [0, 4, 8, 12].map((i) => view.getUint32(i));
  let served;
  try {
    served = await serveElement({
      element,
      start: { state: { element: initialState(words), application: initialB2buaState }, entries: [] },
      listen: [{ transport: "UDP", host: plan.host, port: plan.port }],
      deliver,
      entropy,
      ...(trace === undefined ? {} : { trace }),
    });
  } catch (e) {
    io.stderr(`puresip b2bua: cannot listen: ${describe(e)}\n`);
    return 2;
  }
  const own = served.transports[0];
  if (own === undefined) return 2;
  const bound = b2buaUaConfig(own.local.host, own.local.port);
  if (E.isLeft(bound)) {
    await served.close();
    return 2;
  }
  late.element = withApplication(uaElement(bound.right), application);
  io.stdout(`listening ${own.name} ${own.local.host}:${String(own.local.port)}\n`);
  if (!plan.quiet) io.stderr(`puresip b2bua: every call goes to the target given by --to; Ctrl-C stops\n`);
  await stop;
  await served.close();
  return 0;
};
