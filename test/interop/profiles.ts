/**
 * What each broker of the matrix does where MQTT 3.1.1 leaves a choice (or where
 * the broker departs from it), as observed and pinned by the matrix: the tests
 * assert each broker does exactly this, so a change of behaviour fails. A note
 * makes the cell a documented difference in docs/brokers.md.
 */
import type { BrokerName } from "./brokers.ts";

/** The matrix's scenarios, in table order (the broker-restart one last). */
export const SCENARIO_NAMES = [
  "connect/close",
  "QoS 0/1/2 round trips",
  "retained (wildcard subscription)",
  "retained (exact topic)",
  "LWT on a killed client",
  "bad credentials",
  "refused subscription",
  "table subscribe/unsubscribe",
  "message larger than the receive buffer",
  "autoreconnect after broker restart, cleansession=0",
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Profile {
  /** SUBACK return codes for requested QoS 0, 1, 2 */
  granted: [number, number, number];
  /**
   * How the broker acknowledges a QoS 2 PUBLISH from the client: PUBREC (3.1.1 4.3.3), or
   * PUBACK as if it were QoS 1, which libmosquitto (the host port) takes as a protocol error.
   */
  qos2PublishAck: "pubrec" | "puback";
  /** CONNACK return code for a known user with a wrong password */
  badPasswordCode: number;
  /** what a subscription the broker does not authorize gets */
  refusedSubscription: "suback-0x80" | "connection-closed";
  /**
   * The broker may acknowledge a PUBLISH before it has routed it, so a subscription made
   * right after the acknowledgement can still receive that message (also a retained one twice).
   */
  acksBeforeRouting: boolean;
  /** retained messages reach a new subscription with a wildcard filter */
  retainedToWildcards: boolean;
  /** notes per scenario: a cell with a note is a documented difference, "deviation" when outside MQTT 3.1.1 */
  notes: Partial<Record<ScenarioName, { kind: "difference" | "deviation"; text: string }>>;
}

export const PROFILES: Record<BrokerName, Profile> = {
  mosquitto: {
    granted: [0, 1, 2],
    qos2PublishAck: "pubrec",
    badPasswordCode: 5,
    refusedSubscription: "suback-0x80",
    retainedToWildcards: true,
    acksBeforeRouting: false,
    notes: {
      "bad credentials": {
        kind: "difference",
        text: "CONNACK 5 (not authorized), not 4 (bad user name or password); both are 3.1.1 codes (3.2.2.3), the choice is the broker's. The module passes it on as mqtt.CONNACK_REFUSED_NOT_AUTHORIZED.",
      },
    },
  },
  aedes: {
    granted: [0, 1, 2],
    qos2PublishAck: "pubrec",
    badPasswordCode: 4,
    refusedSubscription: "suback-0x80",
    retainedToWildcards: true,
    acksBeforeRouting: true,
    notes: {
      "retained (wildcard subscription)": {
        kind: "difference",
        text: "aedes acknowledges a PUBLISH before it has routed it: a subscription made right after the PUBACK may still receive that message, so the non-retained message published just before subscribing sometimes arrives too, and a retained one may come twice (live and retained copy; QoS 1 allows copies). 3.1.1 does not order a PUBACK against routing.",
      },
      "retained (exact topic)": {
        kind: "difference",
        text: "The retained message published from Lua may arrive twice, the live copy and the retained one, for the reason in the wildcard row (QoS 1 allows copies); the test counts them.",
      },
      "autoreconnect after broker restart, cleansession=0": {
        kind: "difference",
        text: "aedes' persistence here is its in-memory one: the restart closes the listener and every connection and listens again in the same process (an in-memory session cannot outlive the process).",
      },
    },
  },
  rabbitmq: {
    granted: [0, 1, 1],
    qos2PublishAck: "puback",
    badPasswordCode: 4,
    refusedSubscription: "connection-closed",
    retainedToWildcards: false,
    acksBeforeRouting: false,
    notes: {
      "QoS 0/1/2 round trips": {
        kind: "deviation",
        text: "Subscriptions: QoS 2 is granted as QoS 1 (SUBACK 1) and QoS 2 messages are delivered at QoS 1, which 3.1.1 allows (3.8.4, 3.9.3); the module's subscribe callback gets ok=true. Publishing: RabbitMQ 3.10 answers a QoS 2 PUBLISH with PUBACK, not PUBREC (3.1.1 4.3.3 requires PUBREC); the message is routed at QoS 1. On the host, libmosquitto takes that PUBACK as a protocol error and drops the connection (the module fires \"offline\", and the QoS 2 publish, never completed, calls back ok=false); esp-mqtt v5.1.3 takes any PUBACK for a pending PUBLISH as its completion (docs/esp-mqtt-host.md). Use QoS 0 or 1 with RabbitMQ.",
      },
      "table subscribe/unsubscribe": {
        kind: "difference",
        text: "Every QoS 2 filter is granted QoS 1 (see the round trips); the host asks QoS 2 for all three filters of {a = 0, b = 1, c = 2} (it sends the table's highest QoS for each, docs/esp-mqtt-host.md). The callback gets ok=true.",
      },
      "refused subscription": {
        kind: "difference",
        text: "A subscription the topic permissions do not allow closes the connection instead of SUBACK 0x80 (3.1.1 4.8 lets a server close the connection on an error in an inbound packet). The subscribe in flight calls back ok=false when the connection drops (as any subscribe in flight does), then \"offline\" fires.",
      },
      "retained (wildcard subscription)": {
        kind: "deviation",
        text: "RabbitMQ 3.10 sends retained messages only to subscriptions whose filter is a topic name (no + or #); 3.1.1 3.3.1.3 says every matching retained message MUST be sent. A broker limit, not the module's: the exact-topic row passes.",
      },
    },
  },
};
