import { named, ptr } from "../cast/ast.ts";
import type { LowerContext } from "./context.ts";

/** The (pointer, length) byte string type, emitted once when a program uses Bytes. */
export function useBytesType(ctx: LowerContext): void {
  ctx.include("<stddef.h>");
  ctx.useHelper("tsc2c_bytes", () => [
    { kind: "comment", text: "a byte string: binary safe, not NUL-terminated" },
    { kind: "typedef-struct", name: "tsc2c_bytes", fields: [
      { type: ptr(named("char", true)), name: "ptr" },
      { type: named("size_t"), name: "len" },
    ] },
  ]);
}
