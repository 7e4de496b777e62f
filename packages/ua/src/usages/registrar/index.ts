export type { AorKey } from "./aor.js";
export { aorKey, domainOf } from "./aor.js";
export type { Binding } from "./binding.js";
export { BindingCodec, BindingsCodec, activeBindings, nextExpiry, outboundIdentity } from "./binding.js";
export type { RegisterFailure, RegisterInput, RegisterOutcome, RegistrarConfig } from "./process-register.js";
export { aorOfRequest, checkAddressOfRecord, defaultRegistrarConfig, processRegister } from "./process-register.js";
