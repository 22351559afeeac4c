// The tsc2c command's entry point (bundled by compiler/build/bundle.mjs).
import { main } from "./main.ts";

const code = main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
