// The README example; run it with `node examples/quickstart.mjs` after `pnpm build`.
import * as E from "fp-ts/lib/Either.js";
import * as O from "fp-ts/lib/Option.js";
import { createNetwork, ladder, run, trace } from "@puresip/testkit";

// A node is any reducer: here a pinger that retries every 500 ms until it hears a pong.
const endpoint = {
  deadline: (s) => O.fromNullable(s.retryAt),
  step: (s, input) => {
    if (s.role === "echo") return [s, input._tag === "Deliver" ? [{ _tag: "Send", to: input.from, message: "pong" }] : []];
    if (input._tag === "Deliver") return [{ ...s, retryAt: null }, [{ _tag: "Note", text: "got pong" }]];
    return [{ ...s, retryAt: input.now + 500 }, [{ _tag: "Send", to: "bob", message: "ping" }]];
  },
};

const net = createNetwork({
  seed: 7, // same seed, same run
  nodes: { alice: { role: "pinger", retryAt: null }, bob: { role: "echo" } },
  defaultLink: { latency: 40, jitter: 20, loss: 0.4, duplicate: 0.1 },
  agenda: [{ at: 0, node: "alice", command: "start" }],
});

const end = run(endpoint, { maxSteps: 1000 })(net);
if (E.isRight(end)) console.log(ladder(end.right.names, trace(end.right), { label: (m) => m, command: (c) => c }));
