import { forPackage } from "@puresip/eslint-config";

// examples/dist is the esbuild output of the example page.
export default [...forPackage(import.meta.dirname), { ignores: ["examples/dist/**"] }];
