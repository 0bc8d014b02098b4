#!/usr/bin/env node
// The `exhook` binary: manages a running exhook server through its admin API.
import { runExhook } from "./admin/main.js";

process.exitCode = await runExhook(process.argv.slice(2));
