// @puresip/conference: SIP conferencing as pure data. `event-package/` is the RFC 4575
// conference event package; the RFC 4579 focus will sit beside it in `focus/`.
export * from "./event-package/index.js";
