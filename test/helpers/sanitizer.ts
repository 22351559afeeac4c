/**
 * Sanitizer reports in a run's stderr: ASan, LSan, UBSan ("runtime error") and
 * TSan (which reports data races as WARNINGs, not ERRORs). Assert with
 * `expect(sanitizerReports(stderr), stderr).toEqual([])`.
 */
const SANITIZER = [/AddressSanitizer/, /LeakSanitizer/, /ThreadSanitizer/, /runtime error/, /^SUMMARY: /];

/** The sanitizer reports in stderr, each with the 11 lines after it (empty when clean). */
export function sanitizerReports(stderr: string): string[] {
  const lines = stderr.split("\n");
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (SANITIZER.some((re) => re.test(l))) out.push(lines.slice(i, i + 12).join("\n"));
  });
  return out;
}
