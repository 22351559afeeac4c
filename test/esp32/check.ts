/**
 * Judges an ESP32 object as the firmware would take it: code for the windowed
 * register ABI ESP-IDF builds everything with, and nothing undefined that
 * NodeMCU dev-esp32, ESP-IDF v5.1.3 or esp-mqtt does not provide.
 */
import type { LuaVersion } from "../../host/runner/config.ts";
import type { Esp32Object } from "./object.ts";
import { PROVIDED, type Provider, providersOf } from "./provided.ts";

/** function name -> its instruction mnemonics, in order, from `llvm-objdump -d`. */
export function functionBodies(disassembly: string): Map<string, string[]> {
  const bodies = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of disassembly.split("\n")) {
    const head = /^[0-9a-f]+ <([^>]+)>:$/.exec(line);
    if (head) {
      // Section labels (<.literal.x>, <.text>) are not functions.
      current = head[1]!.startsWith(".") ? undefined : [];
      if (current) bodies.set(head[1]!, current);
      continue;
    }
    const insn = /^\s+[0-9a-f]+:\s+(?:[0-9a-f]{2} )+\s*(\S+)/.exec(line);
    if (insn && current) current.push(insn[1]!);
  }
  return bodies;
}

// call0 ABI: plain calls and returns. Windowed code uses call8/callx8 and retw.
const CALL0_ONLY = new Set(["ret", "ret.n", "call0", "callx0"]);

/** Everything wrong with the object; empty when the firmware would take it. */
export function checkObject(obj: Esp32Object, lua: LuaVersion, provided: readonly Provider[] = PROVIDED): string[] {
  const problems: string[] = [];
  if (obj.functions.length === 0) problems.push("the object defines no function");
  const bodies = functionBodies(obj.disassembly);
  for (const fn of obj.functions) {
    const body = bodies.get(fn);
    if (!body || body.length === 0) {
      problems.push(`${fn}: no code in the disassembly`);
      continue;
    }
    // Every windowed-ABI function opens its register window first.
    if (body[0] !== "entry") problems.push(`${fn}: starts with '${body[0]}', not the windowed ABI's 'entry'`);
    const call0 = [...new Set(body.filter((m) => CALL0_ONLY.has(m)))];
    if (call0.length) problems.push(`${fn}: call0-ABI instructions ${call0.join(", ")}`);
  }
  for (const sym of obj.undefinedSymbols) {
    if (providersOf(sym, lua, provided).length === 0) {
      const other = provided.filter((p) => p.symbol === sym).map((p) => `Lua ${p.lua}`);
      problems.push(`undefined symbol '${sym}' is provided by neither NodeMCU dev-esp32 nor ESP-IDF v5.1.3 / esp-mqtt` +
        (other.length ? ` under Lua ${lua} (only under ${other.join(", ")})` : ""));
    }
  }
  return problems;
}
