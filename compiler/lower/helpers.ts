import { named, ptr } from "../cast/ast.ts";
import type { LowerContext } from "./context.ts";

/**
 * The list type (`T[]`): a read-only view of `len` elements at `ptr`, one C
 * type for every element type (an element is read as `((const T *)v.ptr)[i]`).
 */
export function useListType(ctx: LowerContext): void {
  ctx.include("<stddef.h>");
  ctx.useHelper("tsc2c_list", () => [
    { kind: "comment", text: "a list (T[]): len elements at ptr, read-only" },
    { kind: "typedef-struct", name: "tsc2c_list", fields: [
      { type: ptr(named("void", true)), name: "ptr" },
      { type: named("size_t"), name: "len" },
    ] },
  ]);
}

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
