import { packageConfig } from "@puresip/vitest-config";

// One compile of the CLI for every test that runs the built program (test/build-once.ts).
export default packageConfig({ globalSetup: ["test/build-once.ts"] });
