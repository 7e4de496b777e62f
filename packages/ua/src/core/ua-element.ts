// The UA core as an element of the kernel: what @puresip/node's engine, testkit's simulator
// and a browser adapter all run. Its entries are transactions, usages, client-request contexts
// and the §8.2.2.2 and §22.2 records (types.ts `StoreEntry`); its own state is the seed.
import type { Element } from "@puresip/kernel";
import { StoreEntryCodec, UaStateCodec } from "./codec.js";
import { nextDeadline } from "./deadline.js";
import { step } from "./step.js";
import type { AppEvent, StoreEntry, UaCommand, UaConfig, UaState } from "./types.js";

export type UaElement = Element<UaState, StoreEntry, UaCommand, AppEvent>;

export const uaElement = (config: UaConfig): UaElement => ({
  step: step(config),
  nextDeadline,
  codec: { state: UaStateCodec, entry: StoreEntryCodec },
});
