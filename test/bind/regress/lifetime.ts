/**
 * @luaModule lifetime
 *
 * Issue 21: byte strings made by bytesFrom() over memory the module owns, read
 * while that memory lives: a malloc'd buffer handed to a Lua callback (copied
 * into Lua by the push) and summed before free(); a userdata's own buffer
 * returned to Lua. A use after free() is refused by the compiler
 * (test/compiler/fixtures/diagnostics/view_lifetime.ts); ASan reports one here.
 */
import { free, malloc } from "../../../module-src/decl/libc.js";
import { memcpy } from "../../../module-src/decl/string.js";

/** @userdata lifetime.doubler */
export class Doubler {
  fn: LuaRef = null;
  buf: FixedArray<char, 16> = fill(16, 0);
  used: size_t = 0;

  constructor(fn: LuaFunction) {
    this.fn = fn;
  }

  /** `s` twice, from a malloc'd buffer: given to the callback, summed, then freed; returns the sum of its bytes */
  twice(s: LuaString): int {
    const n: size_t = s.length * 2;
    const out = malloc(n + 1);
    if (out === null) luaError("no memory");
    memcpy(out, cstr(s), s.length);
    memcpy(offset(castPtr<char>(out), s.length), cstr(s), s.length);
    const doubled = bytesFrom(castPtr<char>(out), n);
    callLua(this.fn, doubled);
    let sum: int = 0;
    for (let i: size_t = 0; i < doubled.length; i++) sum += doubled[i]!;
    free(out);
    return sum;
  }

  /** keeps up to 16 bytes of `s` in the userdata */
  keep(s: LuaString): void {
    const n: size_t = s.length > 16 ? 16 : s.length;
    memcpy(addr(this.buf[0]), cstr(s), n);
    this.used = n;
  }

  /** the kept bytes: a view of the userdata's own memory, pushed before the function returns */
  kept(): LuaString {
    return bytesFrom(addr(this.buf[0]), this.used);
  }
}
