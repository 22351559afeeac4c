/**
 * Interop matrix, long form: every core scenario against Mosquitto, aedes and
 * RabbitMQ under Lua 5.1 and 5.3, three rounds each, then the broker restart
 * three times. The short form is test/interop/{mosquitto,aedes,rabbitmq}.test.ts;
 * both write docs/brokers.md.
 */
import { BROKER_NAMES } from "../interop/brokers.ts";
import { defineMatrix } from "../interop/matrix.ts";

for (const name of BROKER_NAMES) {
  defineMatrix(name, { luas: ["5.1", "5.3"], form: "long", rounds: 3 });
}
