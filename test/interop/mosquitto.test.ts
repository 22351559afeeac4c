// Interop matrix, short form: the module's core scenarios against mosquitto (docs/brokers.md).
import { defineMatrix } from "./matrix.ts";

defineMatrix("mosquitto", { luas: ["5.1", "5.3"], form: "short" });
