#!/usr/bin/env node
// The `create-exhook` binary (`npm create exhook`): scaffolds a new hook server project.
import { runCreate } from "./create/main.js";

process.exitCode = await runCreate(process.argv.slice(2));
