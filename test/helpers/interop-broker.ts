/**
 * What the interop matrix (test/interop/) needs of any broker, whatever runs it:
 * Mosquitto (broker.ts), aedes (aedes.ts) or RabbitMQ (rabbitmq.ts).
 *
 * Every harness sets up the same fixtures so one scenario runs unchanged on all:
 * - anonymous clients are allowed;
 * - user INTEROP_USER with password INTEROP_PASSWORD exists (bad-credentials test);
 * - anonymous clients may not subscribe to `secret/#` (refused-subscription test);
 * - sessions (cleansession = 0) and their queued QoS 1 messages survive restart().
 */
import type { Endpoint } from "./clients.ts";

export const INTEROP_USER = "alice";
export const INTEROP_PASSWORD = "secret";
/** Subscriptions under this prefix are refused to anonymous clients. */
export const REFUSED_PREFIX = "secret";

export interface InteropBroker extends Endpoint {
  host: "127.0.0.1";
  port: number;
  /** "mosquitto", "aedes" or "rabbitmq" */
  name: string;
  /** The broker's own version string, as it reports it. */
  version: string;
  /** Stops the broker and starts it again on the same port; sessions kept. */
  restart(): Promise<void>;
  /** Stops for good and removes its files. Idempotent. */
  stop(): Promise<void>;
  /** What the broker logged, for assertion messages. */
  log(): string;
}
