// Start the QEMU container as a child process whose stdin/stdout are the ESP32's
// serial console, and stop it for sure afterwards (also after a timeout).

import { spawn, spawnSync } from "node:child_process";
import type { Command, HostContext } from "./commands.ts";
import type { SerialLink } from "./repl-driver.ts";
import { childProcessLink } from "./repl-driver.ts";

export interface QemuProcess {
  link: SerialLink;
  /** Quit QEMU (monitor: Ctrl-A x), then escalate; resolves when it is gone. */
  stop(): Promise<void>;
}

function exited(child: ReturnType<typeof spawn>, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

export function startQemu(ctx: HostContext, cmd: Command, containerName: string): QemuProcess {
  // A container left over from an interrupted run would block the name.
  spawnSync(ctx.docker, ["rm", "-f", containerName], { stdio: "ignore" });
  const child = spawn(cmd.argv[0]!, cmd.argv.slice(1), { stdio: ["pipe", "pipe", "inherit"] });
  const link = childProcessLink(child);
  return {
    link,
    async stop() {
      link.write("\x01x"); // -serial mon:stdio: Ctrl-A x quits QEMU
      if (await exited(child, 5000)) return;
      child.kill("SIGTERM"); // docker run forwards it to the container
      if (await exited(child, 5000)) return;
      spawnSync(ctx.docker, ["rm", "-f", containerName], { stdio: "ignore" });
      child.kill("SIGKILL");
      await exited(child, 5000);
    },
  };
}
