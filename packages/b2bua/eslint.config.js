import { forPackage } from "@puresip/eslint-config";

export default forPackage(import.meta.dirname);
