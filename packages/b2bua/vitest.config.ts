import { packageConfig } from "@puresip/vitest-config";

export default packageConfig();
