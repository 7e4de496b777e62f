// The example softphone: one module over @puresip/web, bundled by ./build.mjs (esbuild).
// Register, call, answer, hang up, hold and resume, with the ladder of the current call drawn
// from the phone's `trace`. `?server=ws://host:port` and `?aor=sip:...` preset the fields.
import { createPhone } from "@puresip/web";
import type { Phone, WireTrace } from "@puresip/web";
import type { LocalCapabilities } from "@puresip/sdp";
import type { UsageKey } from "@puresip/ua";

const byId = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} is missing from the page`);
  return el;
};

const input = (id: string): HTMLInputElement => byId(id) as HTMLInputElement;
const button = (id: string): HTMLButtonElement => byId(id) as HTMLButtonElement;
const status = byId("status");
const ladder = byId("ladder");
const logPre = byId("log");

const params = new URLSearchParams(location.search);
for (const field of ["server", "aor", "target"]) {
  const v = params.get(field);
  if (v !== null) input(field).value = v;
}

const log = (line: string): void => {
  logPre.textContent = `${logPre.textContent}${line}\n`;
};
const setStatus = (s: string): void => {
  status.textContent = s;
  log(`status: ${s}`);
};

/** One audio stream the UA core offers and answers with (no RTP flows: a signalling demo). */
const media = (): LocalCapabilities => ({
  username: "web",
  sessionId: String(crypto.getRandomValues(new Uint32Array(1))[0] ?? 1),
  addrType: "IP4",
  address: "127.0.0.1",
  media: [{ media: "audio", proto: "RTP/AVP", port: 49170, codecs: [{ encodingName: "PCMU", clockRate: 8000, payloadType: 0 }] }],
});

// The ladder: lines by Call-ID; the page shows the current call's (or the registration's).
const ladders = new Map<string, Array<string>>();
let shownCallId: string | undefined;
const draw = (): void => {
  ladder.textContent = (shownCallId === undefined ? [] : (ladders.get(shownCallId) ?? [])).join("\n");
};
const trace = (e: WireTrace): void => {
  const m = e.message;
  const callId = m.core.callId ?? "?";
  const what = m._tag === "Request" ? m.method : `${m.status} ${m.reason} (${m.core.cseq?.method ?? "?"})`;
  const line = e.direction === "sent" ? `browser  ──${what}──▶  server` : `browser  ◀──${what}──  server`;
  const lines = ladders.get(callId) ?? [];
  lines.push(line);
  ladders.set(callId, lines);
  // Keep a bounded number of ladders (the oldest go).
  if (ladders.size > 20) ladders.delete(ladders.keys().next().value ?? "");
  shownCallId ??= callId;
  draw();
};

let phone: Phone | undefined;
let current: UsageKey | undefined;
let incoming: UsageKey | undefined;

const enable = (ids: ReadonlyArray<string>, on: boolean): void => {
  for (const id of ids) button(id).disabled = !on;
};

const wire = (p: Phone): void => {
  p.on("CallCreated", (e) => {
    current = e.call;
    shownCallId = e.invite.core.callId;
    draw();
  });
  p.on("CallProgress", (e) => {
    setStatus(`ringing (${e.status})`);
  });
  p.on("IncomingCall", (e) => {
    incoming = e.call;
    shownCallId = e.invite.core.callId;
    draw();
    p.ring(e.call);
    enable(["answer"], true);
    setStatus("incoming call");
  });
  p.on("CallEstablished", (e) => {
    current = e.call;
    enable(["hangup", "hold"], true);
    enable(["answer"], false);
    setStatus("established");
  });
  p.on("CallFailed", (e) => {
    setStatus(`call failed (${e.status})`);
    enable(["hangup", "hold", "resume"], false);
  });
  // RFC 3261 §15.1.1: our BYE is out, so the session is over (media would stop here); CallEnded follows its 200.
  p.on("SessionTerminated", () => {
    setStatus("hanging up");
    enable(["hangup", "hold", "resume"], false);
  });
  p.on("CallEnded", (e) => {
    setStatus(`ended (${e.reason})`);
    current = undefined;
    enable(["hangup", "hold", "resume", "answer"], false);
  });
  p.on("FlowFailed", (e) => {
    setStatus(`connection lost (${e.reason}); retrying in ${Math.round(e.retryInMs / 1000)} s`);
  });
  p.on("FlowRecovered", () => {
    setStatus("reconnected; registered again");
  });
  p.on("Registered", (e) => {
    setStatus(`registered (${e.expires} s)`);
  });
  p.on("RegistrationFailed", (e) => {
    setStatus(`registration failed (${e.status} ${e.reason})`);
  });
  p.on("Problem", (e) => {
    log(`problem: ${e.reason}`);
  });
};

button("register").addEventListener("click", () => {
  void (async () => {
    try {
      setStatus("connecting");
      const saved = localStorage.getItem("puresip-instance");
      phone ??= await createPhone({
        server: input("server").value,
        aor: input("aor").value,
        media: media(),
        trace,
        log,
        // RFC 5626 §4.1: the same instance id after a reload, so the binding is replaced.
        ...(saved === null ? {} : { instanceId: saved }),
        // A demo wants to see recovery soon: RFC 5626 §4.5 base-time 2 s instead of 30 s.
        recovery: { baseTimeMs: 2000, maxTimeMs: 30_000 },
      });
      localStorage.setItem("puresip-instance", phone.instanceId);
      wire(phone);
      const outcome = await phone.register();
      if (outcome._tag === "Registered") enable(["call", "unregister"], true);
    } catch (error) {
      setStatus(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
  })();
});

button("unregister").addEventListener("click", () => {
  void phone?.unregister().then(() => {
    setStatus("unregistered");
  });
});

button("call").addEventListener("click", () => {
  const p = phone;
  if (p === undefined) return;
  void (async () => {
    setStatus("calling");
    const call = await p.call(input("target").value);
    enable(["hangup"], true);
    current = call;
  })().catch((error: unknown) => {
    setStatus(`error: ${error instanceof Error ? error.message : String(error)}`);
  });
});

button("answer").addEventListener("click", () => {
  if (phone === undefined || incoming === undefined) return;
  phone.answer(incoming);
  current = incoming;
  incoming = undefined;
});

button("hangup").addEventListener("click", () => {
  if (phone !== undefined && current !== undefined) phone.hangup(current);
});

button("hold").addEventListener("click", () => {
  const p = phone;
  const call = current;
  if (p === undefined || call === undefined) return;
  void p.hold(call).then((done) => {
    setStatus(done.status < 300 ? "on hold" : `hold refused (${done.status})`);
    enable(["hold"], done.status >= 300);
    enable(["resume"], done.status < 300);
  });
});

button("resume").addEventListener("click", () => {
  const p = phone;
  const call = current;
  if (p === undefined || call === undefined) return;
  void p.resume(call).then((done) => {
    setStatus(done.status < 300 ? "resumed" : `resume refused (${done.status})`);
    enable(["resume"], done.status >= 300);
    enable(["hold"], done.status < 300);
  });
});
