/**
 * The triage of generated mutants that survived (run-generated.ts prints the
 * reason next to each): mutants no test of behaviour can tell from the
 * module, each with why. Matched by the function, the source line's text and
 * the change, not by line number, so an edit elsewhere in mqtt.ts keeps them.
 * A survivor a test could catch does not belong here: it gets the test.
 */
import type { GeneratedMutant } from "./generate.ts";

export interface Equivalent {
  fn: string;
  /** the mutated line of mqtt.ts, trimmed */
  line: string;
  original: string;
  replace: string;
  reason: string;
}

export const EQUIVALENT: Equivalent[] = [];

/** The documented reason `m` survives, if it is listed. */
export function triageOf(m: GeneratedMutant, line: string): string | undefined {
  const e = EQUIVALENT.find((e) => e.fn === m.fn && e.line === line.trim() && e.original === m.original && e.replace === m.replace);
  return e ? `equivalent: ${e.reason}` : undefined;
}
