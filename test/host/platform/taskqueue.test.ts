// The task queue: NodeMCU's capacity, non-blocking failure when full, and
// events from a foreign pthread reaching Lua complete and in order.
import { describe, expect, it } from "vitest";
import { LUA_VERSIONS, RINGBUF, run } from "./helpers.ts";

describe.each(LUA_VERSIONS)("task queue on Lua %s", (lua) => {
  it("has dev-esp32's capacity: 2000 bytes split 1:5:4 -> 25/125/100 events", async () => {
    const r = await run(lua, "queue_capacity.lua", { with: [RINGBUF] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["capacity\t25\t125\t100"]);
  });

  it("follows CONFIG_NODEMCU_TASK_SLOT_MEMORY", async () => {
    const r = await run(lua, "queue_capacity.lua", { with: [RINGBUF], config: { NODEMCU_TASK_SLOT_MEMORY: "800" } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["capacity\t10\t50\t40"]);
  });

  it("task_post returns false when full; node.task.post raises; the queue drains", async () => {
    const r = await run(lua, "queue_full.lua", { with: [RINGBUF], env: { NODEMCU_HOST_TASK_QUEUE_LEN: "4" } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual([
      "posted\t4\t4\t4",
      "node.task.post\tfalse\tTask queue overflow. Task not posted",
      "flooded\t12",
      "after drain\t3",
    ]);
  });

  it("events posted from a foreign pthread arrive in order, none lost", async () => {
    const r = await run(lua, "foreign_thread.lua", { with: [RINGBUF], args: ["3000"] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["received\t3000\tbad\t0"]);
  });

  it("task_post_block waits for room when the queue is tiny", async () => {
    const r = await run(lua, "foreign_thread.lua", {
      with: [RINGBUF],
      args: ["2000"],
      env: { NODEMCU_HOST_TASK_QUEUE_LEN: "2" },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["received\t2000\tbad\t0"]);
  });
});
