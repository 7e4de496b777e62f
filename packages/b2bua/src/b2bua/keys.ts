// Where the B2BUA files its entries: the link under its A-leg's key, the B-leg's way back under its own.
import type { UsageKey } from "@puresip/ua";

export const linkKey = (a: UsageKey): string => `link ${a}`;
export const legKey = (b: UsageKey): string => `leg ${b}`;
