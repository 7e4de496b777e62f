// The working context of one item of the step's work queue (./work.ts): the configuration, the
// clock, the registry overlay, the entropy being drawn, and what the item leads to. The runner
// in ./step.ts makes a fresh one for every item it takes, with the seed the previous item left,
// and reads back `seed`, `closing` and `next` when the handler returns: the only mutation is of
// this per-item accumulator, which no caller of `step` sees.
import { mintBranch as kernelBranch, mintCallId as kernelCallId, mintCnonce as kernelCnonce, mintTag as kernelTag, splitSeed } from "@puresip/kernel";
import type { LayerEvent } from "@puresip/transaction";
import type { Work } from "./work.js";
import { drawHex, drawSeed } from "./initial-state.js";
import type { Scratch } from "./scratch.js";
import type { AppEvent, Seed, UaConfig, UaEffect } from "./types.js";

export interface Ctx {
  readonly config: UaConfig;
  readonly now: number;
  readonly store: Scratch;
  /** The step's event is a `Received` the adapter validated (kernel `Received.validated`): §8.2's validateMessage is not run again. */
  readonly validated: boolean;
  seed: Seed;
  /** `UaState.closing`: set by `Shutdown`, read by the inbound 503 rule. */
  closing: boolean;
  /** What this item leads to, in order: layer events and effects, appended to the step's queue. */
  readonly next: Array<Work>;
}

/** Queues `event` for the transaction layer; its step runs when the queue reaches it, never inside the caller. */
export const toLayer = (ctx: Ctx, event: LayerEvent): void => {
  ctx.next.push({ _tag: "Layer", event });
};

/** Queues an effect for the engine, behind the layer events queued before it. */
export const emit = (ctx: Ctx, effect: UaEffect): void => {
  ctx.next.push({ _tag: "Emit", effect });
};

export const hex = (ctx: Ctx, words: number): string => {
  const [text, seed] = drawHex(ctx.seed, words);
  ctx.seed = seed;
  return text;
};

/** One of the kernel's identifiers, drawn from the step's seed. */
const mint = (ctx: Ctx, draw: (seed: Seed) => readonly [string, Seed]): string => {
  const [text, seed] = draw(ctx.seed);
  ctx.seed = seed;
  return text;
};

/** §8.1.1.7: the magic cookie and 64 random bits. */
export const mintBranch = (ctx: Ctx): string => mint(ctx, kernelBranch);
/** §19.3: "at least 32 bits of randomness"; 64 here. */
export const mintTag = (ctx: Ctx): string => mint(ctx, kernelTag);
/** §8.1.1.4: 128 random bits. */
export const mintCallId = (ctx: Ctx): string => mint(ctx, kernelCallId);
/** RFC 7616 §3.4: the client nonce. */
export const mintCnonce = (ctx: Ctx): string => mint(ctx, kernelCnonce);
/** A seed of its own for a usage's machine (an INVITE session, a subscription): the kernel's generator, split off the UA's. */
export const mintUsageSeed = (ctx: Ctx): Seed => {
  const [child, seed] = splitSeed(ctx.seed);
  ctx.seed = seed;
  return child;
};
/** One random 32-bit number (an initial RSeq, half an SDP sess-id). */
export const mintSeed = (ctx: Ctx): number => {
  const [n, seed] = drawSeed(ctx.seed);
  ctx.seed = seed;
  return n;
};

/**
 * RFC 4566 §5.2: the o= sess-id of a new session, a numeric string "such that the tuple of
 * <username>, <sess-id>, <nettype>, <addrtype>, and <unicast-address> forms a globally unique
 * identifier for the session": 64 random bits, one draw per call.
 */
export const mintSessionId = (ctx: Ctx): string => `${mintSeed(ctx)}${String(mintSeed(ctx)).padStart(10, "0")}`;

export const deliver = (ctx: Ctx, event: AppEvent): void => {
  emit(ctx, { _tag: "Deliver", event });
};

export const problem = (ctx: Ctx, reason: string): void => { deliver(ctx, { _tag: "Problem", reason }); };
