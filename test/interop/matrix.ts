/**
 * Declares the interop matrix for one broker in a vitest file: one broker
 * started for the file (RabbitMQ takes ~15 s), every scenario under each Lua
 * version at once, then the broker-restart scenario, which restarts a broker
 * of its own once for all Lua versions: sessions the other scenarios leave
 * behind (a cleansession default gone wrong, say) cannot change its outcome.
 * Each cell's outcome goes to results/<broker>.json and docs/brokers.md is
 * rebuilt from all result files (report.ts).
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import type { LuaVersion } from "../../host/runner/config.ts";
import type { InteropBroker } from "../helpers/interop-broker.ts";
import { prebuild } from "../mqtt/helpers.ts";
import { startInteropBroker, type BrokerName } from "./brokers.ts";
import { PROFILES, type ScenarioName } from "./profiles.ts";
import { writeResults, type Cell } from "./report.ts";
import { RESTART_SCENARIO, SCENARIOS, restartPersistent } from "./scenarios.ts";

export interface MatrixOptions {
  luas: LuaVersion[];
  /** "short" (npm test) or "long" (npm run test:stress) */
  form: "short" | "long";
  /** how many times each scenario runs per Lua version (the long form repeats them) */
  rounds?: number;
}

export function defineMatrix(name: BrokerName, opts: MatrixOptions): void {
  const profile = PROFILES[name];
  const rounds = opts.rounds ?? 1;
  const cells: Cell[] = [];
  let broker: InteropBroker;

  const record = (lua: LuaVersion, scenario: ScenarioName, outcome: { ok: true; detail: string } | { ok: false; error: unknown }) => {
    const note = profile.notes[scenario];
    cells.push({
      broker: name,
      version: broker?.version ?? "unknown",
      lua,
      scenario,
      result: !outcome.ok ? "FAIL" : note ? note.kind : "pass",
      detail: outcome.ok ? outcome.detail : String(outcome.error).split("\n")[0].slice(0, 200),
      note: note?.text,
    });
  };

  describe(`interop matrix: ${name} (${opts.form} form)`, () => {
    beforeAll(async () => {
      await Promise.all(opts.luas.map((lua) => prebuild(lua)));
      broker = await startInteropBroker(name);
    });

    afterAll(async () => {
      await broker?.stop();
      // docs/brokers.md records the long form only (npm run test:stress), so npm test leaves the
      // tree clean; a partial run (a -t filter, an aborted file) keeps the last full one
      if (opts.form === "long" && cells.length === opts.luas.length * (SCENARIOS.length + 1)) writeResults(name, opts.form, cells);
    });

    describe(`${name}: core scenarios`, () => {
      for (const lua of opts.luas) {
        for (const [scenario, fn] of SCENARIOS) {
          it.concurrent(`Lua ${lua}: ${scenario}`, async () => {
            for (let round = 0; round < rounds; round++) {
              try {
                const detail = await fn({ broker, profile, lua });
                if (round === rounds - 1) record(lua, scenario, { ok: true, detail: rounds > 1 ? `${detail} (${rounds} rounds)` : detail });
              } catch (error) {
                record(lua, scenario, { ok: false, error });
                throw error;
              }
            }
          });
        }
      }
    });

    describe(`${name}: broker restart`, () => {
      let own: InteropBroker;
      beforeAll(async () => {
        own = await startInteropBroker(name);
      });
      afterAll(async () => {
        await own?.stop();
      });

      it(`Lua ${opts.luas.join(" and ")}: ${RESTART_SCENARIO}: QoS 1, nothing lost`, async () => {
        for (let round = 0; round < rounds; round++) {
          try {
            const details = await restartPersistent(own, opts.luas);
            if (round === rounds - 1) for (const [lua, detail] of details) record(lua, RESTART_SCENARIO, { ok: true, detail });
          } catch (error) {
            for (const lua of opts.luas) record(lua, RESTART_SCENARIO, { ok: false, error });
            throw error;
          }
        }
      }, 300_000);
    });
  });
}
