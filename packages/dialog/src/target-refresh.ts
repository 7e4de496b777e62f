import type { Method } from "@puresip/message";

/**
 * Target refresh requests update the remote target (§12.2): re-INVITE (§14), UPDATE
 * (RFC 3311 §5: "UPDATE is a target refresh request"), SUBSCRIBE and NOTIFY (RFC 6665 §4.1,
 * Appendix B.12). ACK is explicitly not one (§12.2).
 */
export const isTargetRefresh = (method: Method): boolean =>
  method === "INVITE" || method === "UPDATE" || method === "SUBSCRIBE" || method === "NOTIFY";
