// Which Mosquitto a broker is, from its `mosquitto -h` output ("mosquitto
// version X.Y.Z" on the first line), and whether it is new enough for our tests.
// docker/qemu/broker.sh makes the same check in the QEMU runs (in sh), and
// test/helpers/broker.ts makes it for the host tests.

/**
 * Before 2.0.3 Mosquitto drops a client's will when another connection takes
 * over its client id (eclipse/mosquitto#1946, fixed in 2.0.3), which our
 * last-will tests rely on.
 */
export const MIN_MOSQUITTO: readonly [number, number, number] = [2, 0, 3];

export function parseMosquittoVersion(helpOutput: string): [number, number, number] | null {
  const m = /^mosquitto version (\d+)\.(\d+)\.(\d+)/m.exec(helpOutput);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** null when the broker is new enough, else the sentence to show. */
export function mosquittoVersionProblem(helpOutput: string): string | null {
  const v = parseMosquittoVersion(helpOutput);
  const min = MIN_MOSQUITTO.join(".");
  if (!v) {
    const first = helpOutput.split("\n").find((l) => l.trim() !== "") ?? "";
    return `cannot tell which Mosquitto this is; 'mosquitto -h' said: ${first}`;
  }
  for (let i = 0; i < 3; i++) {
    if (v[i]! > MIN_MOSQUITTO[i]!) return null;
    if (v[i]! < MIN_MOSQUITTO[i]!) {
      return (
        `Mosquitto ${v.join(".")} is too old: the tests need ${min} or later, because before ${min} Mosquitto ` +
        `drops a client's will when another connection takes over its client id (eclipse/mosquitto#1946)`
      );
    }
  }
  return null;
}
