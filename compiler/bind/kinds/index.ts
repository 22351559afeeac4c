import { base, type CType } from "../../lower/ctypes.ts";
import { booleanKind } from "./boolean.ts";
import { integerKind } from "./integer.ts";
import type { ArgKind, ArgSide, KindDescriptor, KindName, ValueSide } from "./kind.ts";
import { numberKind } from "./number.ts";
import { functionKind, tableKind } from "./stackref.ts";
import { stringKind } from "./string.ts";
import { sequenceKind, structKind } from "./struct.ts";
import { nilKind, userdataKind } from "./values.ts";
import { valueKind } from "./luavalue.ts";

export type { ArgKind, KindDescriptor, KindName, LuaTypeName } from "./kind.ts";
export { intRange } from "./integer.ts";
export { FIELD_KINDS } from "./struct.ts";
export { tableProblem } from "./tables.ts";
export { isFixedIndex, luaTypeOfValue, valueKind } from "./luavalue.ts";

/** Every kind an argument can have, by name. */
export const ARG_KINDS: Readonly<Record<KindName, KindDescriptor & { arg: ArgSide }>> = {
  string: stringKind as KindDescriptor & { arg: ArgSide },
  int: integerKind as KindDescriptor & { arg: ArgSide },
  number: numberKind as KindDescriptor & { arg: ArgSide },
  flag: booleanKind as KindDescriptor & { arg: ArgSide },
  function: functionKind as KindDescriptor & { arg: ArgSide },
  table: tableKind as KindDescriptor & { arg: ArgSide },
  struct: structKind as KindDescriptor & { arg: ArgSide },
  userdata: userdataKind as KindDescriptor & { arg: ArgSide },
  value: valueKind as KindDescriptor & { arg: ArgSide },
};

/** The "X expected" word of one member of a parameter's type. */
export const expectedOf = (k: ArgKind): string => kindOf(k).arg.expected?.(k) ?? kindOf(k).expected;

/** The descriptor of one member of a parameter's type. */
export const kindOf = (k: ArgKind): KindDescriptor & { arg: ArgSide } => ARG_KINDS[k.k];

/** The kinds a C value can be handed to Lua as, tried in order. */
const VALUE_KINDS: readonly KindDescriptor[] = [stringKind, integerKind, numberKind, booleanKind, nilKind, structKind, sequenceKind, valueKind];

/**
 * The kind a C value of type `t` becomes in Lua: a userdata when `isUserdata`
 * says so (the binding knows the module's classes), else by its C type;
 * undefined when Lua can't be given it.
 */
export function valueKindOf(t: CType, isUserdata: boolean): (KindDescriptor & { value: ValueSide }) | undefined {
  if (isUserdata) return userdataKind as KindDescriptor & { value: ValueSide };
  const b = base(t);
  // the Lua state is no value
  if (b.k === "lua" && b.what === "state") return undefined;
  const k = b.k;
  return VALUE_KINDS.find((d) => d.value!.holds.includes(k)) as (KindDescriptor & { value: ValueSide }) | undefined;
}
