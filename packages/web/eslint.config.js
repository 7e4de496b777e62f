import { forPackage } from "@puresip/eslint-config";

// examples/dist is the esbuild output of the example page; bench/*.mjs are scripts, like examples/*.mjs.
export default [...forPackage(import.meta.dirname), { ignores: ["examples/dist/**", "bench/**/*.mjs"] }];
