// The README and docs/ as a new user reads them: the README's apt-get line installs
// exactly what CI's .ci/run installs, and no doc names a path of one particular machine.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../compiler/helpers.ts";

const read = (f: string) => readFileSync(join(repoRoot, f), "utf8");

/** The package names of one `apt-get install ...` command: its words minus options, up to a redirection or the next command. */
function aptPackages(command: string): string[] {
  const words = command.slice(command.indexOf("apt-get install") + "apt-get install".length).trim().split(/\s+/);
  const end = words.findIndex((w) => /^(>|2>|&>|&&|\|\||\||;)/.test(w));
  return words.slice(0, end < 0 ? undefined : end).filter((w) => w && !w.startsWith("-"));
}

/** Every `apt-get install` command of a shell script, continuation lines joined. */
function aptInstallCommands(script: string): string[] {
  return script.replace(/\\\n/g, " ").split("\n").filter((l) => /^\s*[^#]*\bapt-get install\b/.test(l));
}

const sorted = (xs: string[]) => [...xs].sort();

describe("README install line", () => {
  it("the parsers find the packages of a command, without options or redirections", () => {
    expect(aptInstallCommands("# apt-get install no\n$SUDO apt-get install -y -qq \\\n  a b \\\n  c >/dev/null\nnpm ci\n").flatMap(aptPackages)).toEqual(["a", "b", "c"]);
    expect(aptPackages("sudo apt-get install -y x y && echo z")).toEqual(["x", "y"]);
  });

  it("is one copyable line that installs exactly what .ci/run installs", () => {
    const ci = aptInstallCommands(read(".ci/run")).flatMap(aptPackages);
    expect(ci.length).toBeGreaterThan(5);
    const readme = read("README.md").split("\n").filter((l) => /\bapt-get install\b/.test(l));
    expect(readme, "README.md must have exactly one apt-get install line").toHaveLength(1);
    expect(readme[0]).toMatch(/^sudo apt-get install -y /);
    const listed = aptPackages(readme[0]!);
    expect(new Set(listed).size, "a package listed twice").toBe(listed.length);
    expect(sorted(listed)).toEqual(sorted([...new Set(ci)]));
  });
});

describe("docs name no machine-specific path", () => {
  const docs = execFileSync("git", ["ls-files", "*.md"], { cwd: repoRoot, encoding: "utf8" }).split("\n").filter((f) => f && !f.startsWith("test/"));
  // home and work directories, mounts, the checkout's own absolute path, and the team's folder beside it
  const machinePath = new RegExp(`(^|[^\\w.])/(work|root|home|Users|mnt|media)(/|\\b)|\\.\\./shared/|${repoRoot.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`);

  it("covers the README and docs/", () => {
    expect(docs).toContain("README.md");
    expect(docs).toContain("docs/host.md");
    expect(machinePath.test("see /work/shared/tools/x.sh")).toBe(true);
    expect(machinePath.test("at /home/me/repo")).toBe(true);
    expect(machinePath.test("https://example.com/home/index")).toBe(false);
  });

  it.each(docs)("%s", (file) => {
    const hits = read(file).split("\n").map((l, i) => `${file}:${i + 1}: ${l}`).filter((l) => machinePath.test(l.slice(l.indexOf(": ") + 2)));
    expect(hits).toEqual([]);
  });
});
