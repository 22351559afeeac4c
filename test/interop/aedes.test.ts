// Interop matrix, short form: the module's core scenarios against aedes (docs/brokers.md).
import { defineMatrix } from "./matrix.ts";

defineMatrix("aedes", { luas: ["5.3"], form: "short" });
