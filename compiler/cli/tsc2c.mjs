#!/usr/bin/env node
// The tsc2c command: runs the TypeScript CLI through tsx's loader, wherever it is called from.
import { register } from "tsx/esm/api";
register();
const { main } = await import("./main.ts");
const code = main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
