import type { LowerContext } from "../lower/context.ts";
import { useBytesType } from "../lower/helpers.ts";

/**
 * Small fixed C helpers of the Lua binding, each emitted once and only when
 * generated code calls it. Their text is fixed, so it is kept as text.
 */
/** The helper functions and types a module may get, by C name: no user name may spell one (print/names.ts). */
export const helperNames = (): string[] => [...Object.keys(helpers), "lua_param", "tsc2c_bytes", "task_dropped"];

const helpers: Record<string, { needs?: string[]; text: string }> = {
  arg_type_error: {
    text: `/* Lua's standard wording: bad argument #N to 'f' (X expected, got Y) */
static int arg_type_error(lua_State *L, int arg, const char *expected)
{
  return luaL_argerror(L, arg, lua_pushfstring(L, "%s expected, got %s", expected, luaL_typename(L, arg)));
}`,
  },
  parse_args: {
    needs: ["arg_type_error"],
    text: `/* a Lua type as a bit of a lua_param mask (LUA_TNONE, -1, is bit 0) */
#define LUA_TYPE_BIT(t) (1u << ((t) + 1))
/* in lua_param.accept: the argument may not be left out */
#define ARG_REQUIRED 0x8000u

/* one parameter of a Lua function, from the first optional one on */
typedef struct {
  uint16_t accept;      /* the Lua types it takes, and ARG_REQUIRED */
  uint16_t later;       /* optional: types later parameters take, which leave it at its default */
  const char *expected; /* for Lua's "X expected, got Y" */
} lua_param;

/*
 * NodeMCU's flexible argument shapes, read from a table: the n parameters p
 * take the arguments from stack index arg on, at[i] getting parameter i's
 * index. A parameter takes the next argument when its type fits. Otherwise an
 * optional one keeps its default (at[i] = 0): nil is skipped, and an absent
 * argument or one of a type a later parameter takes is left for it. Anything
 * else, or a required one that does not fit, is Lua's bad argument error.
 */
static void parse_args(lua_State *L, int arg, const lua_param *p, int n, int *at)
{
  for (int i = 0; i < n; i++, p++) {
    int type = lua_type(L, arg);
    at[i] = 0;
    if (p->accept & LUA_TYPE_BIT(type)) {
      at[i] = arg++;
    } else if (type == LUA_TNIL && !(p->accept & ARG_REQUIRED)) {
      arg++;
    } else if ((p->accept & ARG_REQUIRED) || (type != LUA_TNONE && !(p->later & LUA_TYPE_BIT(type)))) {
      arg_type_error(L, arg, p->expected);
    }
  }
}`,
  },
  check_int: {
    text: `/*
 * An integer argument: a number with an integer value, or a string Lua converts to
 * one (as luaL_checkinteger reads it). 1.5 and values beyond int are refused
 * under Lua 5.1 as under 5.3, where 5.1's luaL_checkinteger would truncate.
 */
static int check_int(lua_State *L, int arg)
{
#if LUA_VERSION_NUM >= 503
  lua_Integer v = luaL_checkinteger(L, arg);
#if LUA_MAXINTEGER > INT_MAX
  luaL_argcheck(L, v >= INT_MIN && v <= INT_MAX, arg, "number has no integer representation");
#endif
  return (int)v;
#else
  lua_Number n = luaL_checknumber(L, arg);
  luaL_argcheck(L, n >= INT_MIN && n <= INT_MAX && (lua_Number)(int)n == n, arg, "number has no integer representation");
  return (int)n;
#endif
}`,
  },
  check_int_in: {
    needs: ["check_int"],
    text: `/* an integer argument that must fit the C type it is stored in: no silent truncation */
static int check_int_in(lua_State *L, int arg, int min, int max)
{
  int v = check_int(L, arg);
  luaL_argcheck(L, v >= min && v <= max, arg, "out of range");
  return v;
}`,
  },
  check_flag: {
    text: `/* a flag: a boolean, or a number where 0 is false (NodeMCU's 0/1 convention) */
static bool check_flag(lua_State *L, int arg)
{
  if (lua_type(L, arg) == LUA_TNUMBER) {
    return luaL_checkinteger(L, arg) != 0;
  }
  luaL_checktype(L, arg, LUA_TBOOLEAN);
  return lua_toboolean(L, arg);
}`,
  },
  field_string: {
    text: `/* a string field of a table argument; NULL when absent. Its value stays on the stack, keeping the string alive. */
static const char *field_string(lua_State *L, int table, const char *field, size_t *len)
{
  *len = 0;
  lua_getfield(L, table, field);
  int type = lua_type(L, -1);
  if (type == LUA_TNIL) {
    return NULL;
  }
  if (type != LUA_TSTRING) {
    luaL_error(L, "field '%s': string expected, got %s", field, luaL_typename(L, -1));
  }
  return lua_tolstring(L, -1, len);
}`,
  },
  field_int: {
    text: `/* an integer field of a table argument; 0 when absent. Its value stays on the stack. */
static lua_Integer field_int(lua_State *L, int table, const char *field)
{
  lua_getfield(L, table, field);
  int type = lua_type(L, -1);
  if (type == LUA_TNIL) {
    return 0;
  }
  if (type != LUA_TNUMBER) {
    luaL_error(L, "field '%s': number expected, got %s", field, luaL_typename(L, -1));
  }
  return lua_tointeger(L, -1);
}`,
  },
  field_flag: {
    text: `/* a flag field of a table argument (boolean or 0/1); false when absent. Its value stays on the stack. */
static bool field_flag(lua_State *L, int table, const char *field)
{
  lua_getfield(L, table, field);
  return lua_type(L, -1) == LUA_TNUMBER ? lua_tointeger(L, -1) != 0 : lua_toboolean(L, -1);
}`,
  },
  push_ref: {
    text: `/* pushes the value a registry ref holds; false (nothing pushed) when the ref is unset */
static bool push_ref(lua_State *L, lua_ref_t ref)
{
  if (!luaX_valid_ref(ref)) {
    return false;
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
  return true;
}`,
  },
  push_callback: {
    needs: ["push_ref"],
    text: `/* pushes the function a registry ref holds and the userdata of a weak self-ref, its first argument; false (nothing pushed) when the ref is unset */
static bool push_callback(lua_State *L, lua_ref_t fn, lua_ref_t self)
{
  if (!push_ref(L, fn)) {
    return false;
  }
  luaX_push_weak_ref(L, self);
  return true;
}`,
  },
  opt_ref: {
    text: `/* keeps the argument at a stack index in a registry ref, or releases the ref when the index is 0 (argument absent) */
static void opt_ref(lua_State *L, int index, lua_ref_t *ref)
{
  if (index != 0) {
    luaX_set_ref(L, index, ref);
  } else {
    luaX_unset_ref(L, ref);
  }
}`,
  },
  bytes_index: {
    needs: ["bytes"],
    text: `/* which of the names a byte string is: their index in the list (each ended by a NUL, the list by an empty name); -1 for none */
static int bytes_index(tsc2c_bytes b, const char *names)
{
  for (int i = 0; *names != 0; i++) {
    size_t n = strlen(names);
    if (n == b.len && memcmp(b.ptr, names, n) == 0) {
      return i;
    }
    names += n + 1;
  }
  return -1;
}`,
  },
  slot_bytes: {
    needs: ["bytes"],
    text: `/* a string on the Lua stack as bytes (a pairs() key or value); valid while it stays there */
static tsc2c_bytes slot_bytes(lua_State *L, int index)
{
  tsc2c_bytes b;
  b.ptr = lua_tolstring(L, index, &b.len);
  return b;
}`,
  },
  ref_string: {
    text: `/* the string a registry ref holds, NUL-terminated as Lua keeps every string; NULL when the ref is unset */
static const char *ref_string(lua_State *L, lua_ref_t ref)
{
  const char *s = NULL;
  if (luaX_valid_ref(ref)) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    s = lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  return s;
}`,
  },
  ref_bytes: {
    needs: ["bytes"],
    text: `/* the string a registry ref holds; the registry keeps it alive, so the pointer stays valid */
static tsc2c_bytes ref_bytes(lua_State *L, lua_ref_t ref)
{
  tsc2c_bytes b = { NULL, 0 };
  if (luaX_valid_ref(ref)) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    b.ptr = lua_tolstring(L, -1, &b.len);
    lua_pop(L, 1);
  }
  return b;
}`,
  },
};

export function useArgHelpers(ctx: LowerContext, name: keyof typeof helpers): void {
  const h = helpers[name]!;
  if (h.needs?.includes("bytes")) useBytesType(ctx);
  for (const n of h.needs ?? []) if (n !== "bytes") useArgHelpers(ctx, n);
  if (name === "check_int") ctx.include("<limits.h>");
  if (name === "parse_args") ctx.include("<stdint.h>");
  ctx.include("<stdbool.h>");
  ctx.useHelper(name, () => [{ kind: "blank" }, { kind: "macro", text: h.text }]);
}
