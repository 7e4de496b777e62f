// @puresip/b2bua: a B2BUA building block and an RFC 3725 third-party call controller, each an
// `Application` for the kernel's `withApplication` on the UA core (`uaElement`).
export * from "./b2bua/index.js";
export * from "./third-party/index.js";
export { bodyOfMessage } from "./body.js";
