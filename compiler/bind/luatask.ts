import type { CallExpression } from "ts-morph";
import { applies } from "./policies.ts";
import { bin, call, cast, exprStmt, id, int, member, named, ptr, type CExpr, type CStmt, type CTopLevel } from "../cast/ast.ts";
import type { CType } from "../lower/ctypes.ts";
import type { LowerContext, Typed } from "../lower/context.ts";
import { lowerTo } from "../lower/expressions.ts";
import { base, paramType, toSpec, BOOL } from "../lower/ctypes.ts";
import { holdsViews, useCopy } from "./taskcopy.ts";
import { symbolFor } from "../lower/symbols.ts";
import { useBytesType } from "../lower/helpers.ts";
import type { TaskModel } from "./model.ts";
import { useArgHelpers } from "./helpers.ts";

/**
 * A function marked /** @luaTask *\/ runs on the Lua task. Called from any
 * other thread (an esp-mqtt event handler), the call becomes: copy the
 * arguments into ONE allocation (byte strings inline; interfaces and lists
 * with everything they view, copied deeply by taskcopy.ts), task_post it, and
 * run the function from the task queue. A failed allocation or post frees the
 * copy, logs it and counts it in `<name>_dropped`. A task of one argument that
 * fits task_param_t (an integer of up to 32 bits, a bool or an enum)
 * posts the value itself: nothing to allocate, copy or free.
 */
export function luaTaskFunctions(modName: string) {
  return class LuaTask {
    private used = false;
    /** the dispatcher's body and its call of the function, for fetchState() */
    private dispatch?: { body: CStmt[]; args: CExpr[] };

    /** the task as the module model describes it: name, parameters, wait=, abandon=, prio= */
    constructor(readonly model: TaskModel, readonly ctx: LowerContext) {}

    /** A local of the post function: `name`, with underscores after it while a parameter is called so. */
    private local(name: string): string {
      while (this.model.params.some((p) => p.name === name)) name += "_";
      return name;
    }

    private get msgType(): string {
      return `${this.model.name}_msg`;
    }

    /** The one argument travels as the task_param_t itself (intptr_t: 32 bits on the ESP32). */
    private get direct(): boolean {
      const ps = this.model.params;
      return ps.length === 1 && ["int", "bool", "enum"].includes(base(ps[0]!.t).k) && applies(this.ctx, "direct-task-post", 1);
    }

    lowerPost(ce: CallExpression, ctx: LowerContext): Typed {
      this.used = true;
      ctx.include('"task/task.h"');
      ctx.include('"esp_log.h"');
      ctx.include("<stdlib.h>");
      ctx.include("<stdint.h>");
      // an interface goes by address (the post copies it), a list as its (pointer, count)
      const args = ce.getArguments().map((a, i) => lowerTo(a, paramType(this.model.params[i]!.t), ctx));
      return { c: call(`${this.model.name}_post`, ...args), t: BOOL };
    }

    /**
     * A full queue means the Lua task is behind: wait for it (up to waitMs, 1 ms at a
     * time) rather than lose the event; the bound keeps a Lua task that is itself
     * waiting for this thread (esp_mqtt_client_destroy) from deadlocking. With
     * wait=forever there is no bound: the abandon= predicate is what tells the
     * waiting thread that the Lua task waits for it, and the copy is freed unposted.
     */
    private postWithWait(m: CExpr, log: (why: string) => CStmt): CStmt[] {
      const post = call(`task_post_${this.model.prio}`, id(`${this.model.name}_task`), cast(named("task_param_t"), m));
      // a copy that was not posted is freed; a value posted directly has nothing to free
      const release: CStmt[] = this.direct ? [] : [exprStmt(call("free", m))];
      const give_up: CStmt[] = [...release, log("Lua task queue full"), { kind: "return", value: id("false") }];
      if (this.model.waitMs === 0) return [{ kind: "if", test: { kind: "unary", op: "!", operand: post }, then: give_up }];
      this.ctx.include("<unistd.h>");
      if (this.model.waitMs === -1) {
        const fn = this.model.abandon === undefined ? undefined : this.model.node.getSourceFile().getFunction(this.model.abandon);
        const body: CStmt[] = [];
        if (fn) {
          const args = this.model.params.slice(0, fn.getParameters().length).map((p) => id(p.name));
          body.push({ kind: "if", test: call(symbolFor(fn, this.ctx)!.cname, ...args), then: [...release, { kind: "return", value: id("false") }] });
        }
        body.push(exprStmt(call("usleep", int(1000))));
        return [{ kind: "while", test: { kind: "unary", op: "!", operand: post }, body }];
      }
      const waited = id(this.local("waited")) as { kind: "ident"; name: string };
      return [{
        kind: "for",
        init: { kind: "decl", type: named("int"), name: waited.name, init: int(0) },
        test: { kind: "unary", op: "!", operand: post },
        update: { kind: "postfix", op: "++", operand: waited },
        body: [
          { kind: "if", test: bin("==", waited, int(this.model.waitMs)), then: give_up },
          exprStmt(call("usleep", int(1000))),
        ],
      }];
    }

    /** The function touches Lua: its dispatcher, which runs on the Lua task, passes it the Lua state. */
    fetchState(): void {
      if (!this.dispatch) return;
      this.dispatch.body.splice(1, 0, { kind: "decl", type: ptr(named("lua_State")), name: "L", init: call("lua_getstate") });
      this.dispatch.args.unshift(id("L"));
    }

    init(): CStmt[] {
      if (!this.used) return [];
      return [exprStmt({ kind: "assign", op: "=", target: id(`${this.model.name}_task`), value: call("task_get_id", id(`${this.model.name}_dispatch`)) })];
    }

    support(): CTopLevel[] {
      if (!this.used) return [];
      const ctx = this.ctx;
      // every task's drops go through one out-of-line logger: one ESP_LOGE and one format string per module
      const dropped = id(`${this.model.name}_dropped`);
      const str = (text: string): CExpr => ({ kind: "string", bytes: [...Buffer.from(text)] });
      useArgHelpers(ctx, "task_dropped", modName);
      const log = (why: string): CStmt => exprStmt(call("task_dropped", str(this.model.name), str(why), { kind: "unary", op: "&", operand: dropped }));
      const [post, dispatch] = this.direct ? this.directFunctions(log) : this.copyFunctions(log);
      return [
        { kind: "blank" },
        { kind: "var", type: named("task_handle_t"), name: `${this.model.name}_task`, isStatic: true },
        { kind: "var", type: named("uint32_t"), name: `${this.model.name}_dropped`, isStatic: true },
        post,
        dispatch,
      ];
    }

    /** Post and dispatch of a task whose one argument is the task_param_t. */
    private directFunctions(log: (why: string) => CStmt): CTopLevel[] {
      const p = this.model.params[0]!;
      const post: CTopLevel = {
        kind: "function", ret: named("bool"), name: `${this.model.name}_post`, isStatic: true,
        params: [{ type: toSpec(p.t), name: p.name }],
        body: [...this.postWithWait(id(p.name), log), { kind: "return", value: id("true") }],
      };
      const arg = cast(toSpec(p.t), id("param"));
      return [post, this.dispatcher([], [arg], [])];
    }

    /** The dispatcher: runs the function on the Lua task with `args` (rebuilt from `param` by `before`). */
    private dispatcher(before: CStmt[], args: CExpr[], after: CStmt[]): CTopLevel {
      const fnName = symbolFor(this.model.node, this.ctx)!.cname;
      const body: CStmt[] = [
        exprStmt(cast(named("void"), id("prio"))),
        ...before,
        exprStmt({ kind: "call", callee: id(fnName), args }),
        ...after,
      ];
      this.dispatch = { body, args };
      return {
        kind: "function", ret: named("void"), name: `${this.model.name}_dispatch`, isStatic: true,
        params: [{ type: named("task_param_t"), name: "param" }, { type: named("task_prio_t"), name: "prio" }],
        body,
      };
    }

    /** Post and dispatch of a task whose arguments are copied into one allocation. */
    private copyFunctions(log: (why: string) => CStmt): CTopLevel[] {
      const ctx = this.ctx;
      const bytes = this.model.params.filter((p) => base(p.t).k === "bytes");
      if (bytes.length) useBytesType(ctx);
      const fields = [
        ...this.model.params.map((p) => (base(p.t).k === "bytes" ? { type: named("size_t"), name: `${p.name}_len` } : { type: toSpec(p.t), name: p.name })),
        ...(bytes.length ? [{ type: { kind: "array" as const, of: named("char"), length: null }, name: "data" }] : []),
      ];
      ctx.typeDefs.push({ kind: "typedef-struct", name: this.msgType, fields });
      // the post's message (named apart from the parameters) and the dispatcher's
      const pm = id(this.local("m")) as { kind: "ident"; name: string };
      const m = id("m");
      const msgPtr = ptr(named(this.msgType));
      const size: CExpr = bytes.reduce<CExpr>((acc, p) => bin("+", acc, member(id(p.name), "len")), { kind: "sizeof", type: named(this.msgType) });
      const copy: CStmt[] = [];
      let offset: CExpr | undefined;
      for (const p of this.model.params) {
        if (base(p.t).k === "bytes") {
          const dst: CExpr = offset ? bin("+", member(pm, "data", true), offset) : member(pm, "data", true);
          copy.push(exprStmt({ kind: "assign", op: "=", target: member(pm, `${p.name}_len`, true), value: member(id(p.name), "len") }));
          // an empty byte string may have a NULL pointer, which memcpy must not see even for 0 bytes
          copy.push({ kind: "if", test: bin(">", member(id(p.name), "len"), int(0)), then: [exprStmt(call("memcpy", dst, member(id(p.name), "ptr"), member(id(p.name), "len")))] });
          offset = offset ? bin("+", offset, member(id(p.name), "len")) : member(id(p.name), "len");
        } else {
          // an interface is copied from where its parameter points
          const value = base(p.t).k === "struct" ? { kind: "unary" as const, op: "*" as const, operand: id(p.name) } : id(p.name);
          copy.push(exprStmt({ kind: "assign", op: "=", target: member(pm, p.name, true), value }));
        }
      }
      // what interfaces and lists view goes after the fixed part and the byte strings: measured, then copied and re-pointed
      const deep = this.model.params.filter((p) => base(p.t).k !== "bytes" && holdsViews(p.t));
      const measure: CStmt[] = [];
      if (deep.length) {
        const at = id(this.local("at"));
        const ref = (v: CExpr, t: CType): CExpr => (base(t).k === "struct" ? v : { kind: "unary", op: "&", operand: v });
        measure.push({ kind: "decl", type: named("size_t"), name: this.local("at"), init: size });
        measure.push(...deep.map((p) => exprStmt({ kind: "assign", op: "=", target: at, value: call(useCopy(ctx, p.t), ref(id(p.name), p.t), id("NULL"), at) })));
        copy.push(exprStmt({ kind: "assign", op: "=", target: at, value: size }));
        copy.push(...deep.map((p) => exprStmt({ kind: "assign", op: "=", target: at, value: call(useCopy(ctx, p.t), { kind: "unary", op: "&", operand: member(pm, p.name, true) }, cast(ptr(named("char")), pm), at) })));
      }
      const post: CTopLevel = {
        kind: "function", ret: named("bool"), name: `${this.model.name}_post`, isStatic: true,
        params: this.model.params.map((p) => ({ type: toSpec(paramType(p.t)), name: p.name })),
        body: [
          ...measure,
          { kind: "decl", type: msgPtr, name: pm.name, init: cast(msgPtr, call("malloc", deep.length ? id(this.local("at")) : size)) },
          { kind: "if", test: bin("==", pm, id("NULL")), then: [log("out of memory"), { kind: "return", value: id("false") }] },
          ...copy,
          ...this.postWithWait(pm, log),
          { kind: "return", value: id("true") },
        ],
      };
      // the dispatcher rebuilds the arguments from the copy and runs the function on the Lua task
      let off: CExpr | undefined;
      const callArgs = this.model.params.map((p): CExpr => {
        if (base(p.t).k === "struct") return { kind: "unary", op: "&", operand: member(m, p.name, true) };
        if (base(p.t).k !== "bytes") return member(m, p.name, true);
        const start: CExpr = off ? bin("+", member(m, "data", true), off) : member(m, "data", true);
        off = off ? bin("+", off, member(m, `${p.name}_len`, true)) : member(m, `${p.name}_len`, true);
        return { kind: "compound", type: named("tsc2c_bytes"), init: { kind: "init", fields: [{ value: start }, { value: member(m, `${p.name}_len`, true) }] } };
      });
      return [post, this.dispatcher([{ kind: "decl", type: msgPtr, name: "m", init: cast(msgPtr, id("param")) }], callArgs, [exprStmt(call("free", m))])];
    }
  };
}

export type LuaTask = InstanceType<ReturnType<typeof luaTaskFunctions>>;
