// The dashboard's page, script and style are plain files next to the modules: tsc does not copy them to dist/.
import { cpSync } from "node:fs";

cpSync(new URL("../src/dashboard/", import.meta.url), new URL("../dist/dashboard/", import.meta.url), {
  recursive: true,
});
