// Interop matrix, short form: the module's core scenarios against rabbitmq (docs/brokers.md).
import { defineMatrix } from "./matrix.ts";

defineMatrix("rabbitmq", { luas: ["5.3"], form: "short" });
