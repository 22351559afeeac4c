import { printf } from "../fixtures/decl/stdio.js";

/** Kconfig tests become preprocessor conditionals, decided when the firmware is configured. */
export function main(): void {
  if (kconfig("MQTT_PROTOCOL_311")) {
    printf("3.1.1\n");
  } else {
    printf("3.1\n");
  }
  if (!kconfig("MQTT_TRANSPORT_SSL")) {
    printf("no tls\n");
  }
}
