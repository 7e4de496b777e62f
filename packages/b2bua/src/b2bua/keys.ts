// Where the B2BUA files its entries: the link under its A-leg's key, the B-leg's way back under its own.
import type { UsageKey } from "@puresip/ua";

/** The registry key of the link whose A-leg is `a`. */
export const linkKey = (a: UsageKey): string => `link ${a}`;
/** The registry key of the way back from the B-leg `b` to its link. */
export const legKey = (b: UsageKey): string => `leg ${b}`;
