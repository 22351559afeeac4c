// A firmware variant: which Lua, which target profile, which MQTT protocol,
// which app (the NodeMCU firmware or the Unity test app). Names and folders.

export type LuaVersion = "5.1" | "5.3";
export type Profile = "device" | "qemu";
export type Protocol = "311" | "31";
export type App = "firmware" | "unity";

export interface Variant {
  lua: LuaVersion;
  profile: Profile;
  protocol: Protocol;
  app: App;
}

export const DEFAULT_VARIANT: Variant = { lua: "5.3", profile: "device", protocol: "311", app: "firmware" };

/** e.g. "lua53-qemu-mqtt311", "lua51-qemu-mqtt311-unity": a folder name, stable. */
export function variantName(v: Variant): string {
  const base = `lua${v.lua.replace(".", "")}-${v.profile}-mqtt${v.protocol}`;
  return v.app === "unity" ? `${base}-unity` : base;
}

/** Repository-relative output folder of a variant. */
export function variantDir(v: Variant): string {
  return `build/firmware/${variantName(v)}`;
}

/** ESP-IDF project folder of the app, relative to the repository root. */
export function projectDir(v: Variant): string {
  return v.app === "unity" ? "test/target" : ".";
}
