/** An interop Lua script (test/interop/lua/<name>.lua) by name, for run()/start() of test/mqtt/helpers.ts, which look in test/mqtt/scenarios/. */
export const own = (name: string) => `../../interop/lua/${name}`;
