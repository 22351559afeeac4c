import { printf } from "../fixtures/decl/stdio.js";

const enum State {
  Idle,
  Connecting,
  Connected = 10,
  Closed,
}

function describe(s: State): cstring {
  switch (s) {
    case State.Idle:
      return "idle";
    case State.Connecting:
    case State.Connected:
      return "busy";
    default:
      return "closed";
  }
}

function next(s: State): State {
  if (s === State.Idle) return State.Connecting;
  else if (s === State.Connecting) return State.Connected;
  return State.Closed;
}

export function main(): void {
  let s: State = State.Idle;
  while (s !== State.Closed) {
    printf("%s\n", describe(s));
    s = next(s);
  }
}
