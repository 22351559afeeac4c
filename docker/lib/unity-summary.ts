// Read Unity's console report (ESP-IDF's bundled C test framework):
//   path/test_x.c:42:test_name:PASS
//   path/test_x.c:57:other_test:FAIL: Expected 1 Was 0
//   -----------------------
//   3 Tests 1 Failures 0 Ignored
//   FAIL

export interface UnitySummary {
  tests: number;
  failures: number;
  ignored: number;
  /** "name: message" of each FAIL line seen. */
  failed: string[];
}

const SUMMARY = /^\s*(\d+) Tests? (\d+) Failures? (\d+) Ignored\s*$/;
const RESULT = /^.*?:\d+:([A-Za-z_][A-Za-z0-9_]*):(PASS|FAIL|IGNORE)(?::\s?(.*))?$/;

/** The last summary in `lines` with the FAIL lines before it, or null if there is none yet. */
export function parseUnitySummary(lines: readonly string[]): UnitySummary | null {
  let summary: UnitySummary | null = null;
  let failed: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\r/g, "");
    const r = RESULT.exec(line);
    if (r && r[2] === "FAIL") failed.push(r[3] ? `${r[1]}: ${r[3]}` : r[1]!);
    const s = SUMMARY.exec(line);
    if (s) {
      summary = { tests: Number(s[1]), failures: Number(s[2]), ignored: Number(s[3]), failed };
      failed = [];
    }
  }
  return summary;
}

/** Passed only if tests ran, none failed and none was skipped. */
export function unityVerdict(s: UnitySummary): { ok: boolean; why: string } {
  if (s.tests === 0) return { ok: false, why: "Unity ran no tests" };
  if (s.failures > 0) return { ok: false, why: `${s.failures} of ${s.tests} failed: ${s.failed.join("; ")}` };
  if (s.ignored > 0) return { ok: false, why: `${s.ignored} of ${s.tests} ignored (a skipped test is not a pass)` };
  return { ok: true, why: `${s.tests} tests passed` };
}

export { SUMMARY as UNITY_SUMMARY_LINE };
