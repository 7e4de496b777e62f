import { forPackage } from "@puresip/eslint-config";

// bench/: measurement scripts run by hand against dist (see BENCHMARKS.md), not part of the package.
export default [{ ignores: ["bench/**"] }, ...forPackage(import.meta.dirname)];
