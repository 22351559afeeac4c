// Scenario tests (issue 5 part 3): every API entry called with wrong argument
// types raises a Lua error with a clear message. Lua 5.1 and 5.3 print the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { LUA_VERSIONS, prebuild, run, show, unique } from "./helpers.ts";

let broker: Broker;

beforeAll(async () => {
  broker = await startBroker();
  await Promise.all(LUA_VERSIONS.map((lua) => prebuild(lua)));
});

afterAll(async () => {
  await broker?.stop();
});

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  it.concurrent(
    "fix 13 and API: every entry (Client, connect, close, lwt, on, publish, subscribe, unsubscribe) raises \"bad argument #n to 'name' (x expected, got y)\" or a clear message for wrong arguments",
    async () => {
      const r = await run(lua, "args", [broker.host, broker.port, unique("args", lua)]);
      expect(r.code, show(r)).toBe(0);
      // Called as m:f(...), Lua numbers the arguments after the client from #1. Called through
      // pcall(m.publish, m, ...) it cannot name the function and counts the client: '?' and #2.
      expect(r.lines).toEqual([
        "Client() error bad argument #1 to 'Client' (string expected, got no value)",
        "Client({}) error bad argument #1 to 'Client' (string expected, got table)",
        "Client(id,'x') error bad argument #2 to 'Client' (number expected, got string)",
        "Client(id) error bad argument #2 to 'Client' (number expected, got no value)",
        // int parameters (docs/modules.md): 5.1's luaL_checkinteger would take 1.5 as 1 and 2^31 wrap to a negative int
        "Client(id,1.5) error bad argument #2 to 'Client' (number has no integer representation)",
        "Client(id,'30') ok",
        "Client(id,30,u,p,1,2^31) error bad argument #6 to 'Client' (number has no integer representation)",
        "Client(id,30,{}) error bad argument #3 to 'Client' (string expected, got table)",
        "Client(id,30,u,{}) error bad argument #4 to 'Client' (string expected, got table)",
        "Client(id,30,u,p,'x') error bad argument #5 to 'Client' (boolean expected, got string)",
        "Client(id,30,u,p,1,0) error bad argument #6 to 'Client' (max_message_length must be a positive integer)",
        "Client(id,30,u,p,1,-5) error bad argument #6 to 'Client' (max_message_length must be a positive integer)",
        // an int parameter: 1.5 is no integer under Lua 5.1 as under 5.3 (docs/modules.md)
        "Client(id,30,u,p,1,1.5) error bad argument #6 to 'Client' (number has no integer representation)",
        "Client(id,30,u,p,1,'x') error bad argument #6 to 'Client' (number expected, got string)",
        "Client(id,30,u,p,1,{}) error bad argument #6 to 'Client' (number expected, got table)",
        // username, password and cleansession left out: the limit is argument #4, and the error says so
        "Client(id,30,true,0) error bad argument #4 to 'Client' (max_message_length must be a positive integer)",
        "Client(id,30,u,p,1,100) ok",
        "connect() error bad argument #1 to 'connect' (string expected, got no value)",
        "connect({}) error bad argument #1 to 'connect' (string expected, got table)",
        "connect(h,'x') error bad argument #2 to 'connect' (number expected, got string)",
        "connect(h,p,'x') error bad argument #3 to 'connect' (boolean or table expected, got string)",
        "connect(h,p,0,'x') error bad argument #4 to 'connect' (boolean expected, got string)",
        "connect(h,p,0,0,'x') error bad argument #5 to 'connect' (function expected, got string)",
        "connect(h,p,0,0,f,'x') error bad argument #6 to 'connect' (function expected, got string)",
        "connect(uri,p) error connect: give either a URI or a port and secure flag, not both",
        "connect(uri,nil,1) error connect: give either a URI or a port and secure flag, not both",
        "connect(uri,nil,{ca_cert}) error connect: certificates need an mqtts:// or wss:// URI",
        "connect(WS-uri,nil,{ca_cert}) error connect: certificates need an mqtts:// or wss:// URI",
        "connect(h,'1883.5') error bad argument #2 to 'connect' (number has no integer representation)",
        "connect(h,2^31) error bad argument #2 to 'connect' (number has no integer representation)",
        "connect(h,p,{client_cert}) error connect: client_cert and client_key go together",
        "connect(h,p,{client_key}) error connect: client_cert and client_key go together",
        "connect(h,p,{ca_cert=5}) error field 'ca_cert': string expected, got number",
        "close(5) error bad argument #1 to 'close' (mqtt.mt expected, got number)",
        "lwt() error bad argument #1 to 'lwt' (string expected, got no value)",
        "lwt(t) error bad argument #2 to 'lwt' (string expected, got no value)",
        "lwt(t,{}) error bad argument #2 to 'lwt' (string expected, got table)",
        "lwt(t,m,'x') error bad argument #3 to 'lwt' (number expected, got string)",
        "lwt(t,m,0,{}) error bad argument #4 to 'lwt' (boolean expected, got table)",
        "lwt(t,m,3) error bad argument #3 to 'lwt' (qos must be 0, 1 or 2)",
        "lwt(t,m,-1) error bad argument #3 to 'lwt' (qos must be 0, 1 or 2)",
        "lwt(t,m,0.5) error bad argument #3 to 'lwt' (number has no integer representation)",
        // a numeric string is an integer in the QoS's own place
        "lwt(t,m,'1') ok",
        "on() error bad argument #1 to 'on' (string expected, got no value)",
        "on({},f) error bad argument #1 to 'on' (string expected, got table)",
        "on(connect,5) error bad argument #2 to 'on' (function expected, got number)",
        "on(bogus,f) error on: unknown event (expected \"connect\", \"connfail\", \"message\", \"overflow\", \"offline\", \"puback\", \"suback\" or \"unsuback\")",
        "publish() error bad argument #1 to 'publish' (string expected, got no value)",
        "publish(t) error bad argument #2 to 'publish' (string expected, got no value)",
        "publish(t,{}) error bad argument #2 to 'publish' (string expected, got table)",
        "publish(t,p) error bad argument #3 to 'publish' (number expected, got no value)",
        "publish(t,p,'x') error bad argument #3 to 'publish' (number expected, got string)",
        "publish(t,p,0) error bad argument #4 to 'publish' (boolean expected, got no value)",
        "publish(t,p,0,'x') error bad argument #4 to 'publish' (boolean expected, got string)",
        "publish(t,p,0,0,'x') error bad argument #5 to 'publish' (function expected, got string)",
        "publish(t,p,3,0) error bad argument #3 to 'publish' (qos must be 0, 1 or 2)",
        "publish(t,p,-1,0) error bad argument #3 to 'publish' (qos must be 0, 1 or 2)",
        // Lua 5.1's luaL_checkinteger would truncate 1.5 to 1, 5.3's refuses it: both refuse it here, in 5.3's words
        "publish(t,p,1.5,0) error bad argument #3 to 'publish' (number has no integer representation)",
        "publish on a table error bad argument #1 to 'publish' (mqtt.mt expected, got table)",
        "subscribe() error bad argument #1 to 'subscribe' (string or table expected, got no value)",
        "subscribe(true) error bad argument #1 to 'subscribe' (string or table expected, got boolean)",
        "subscribe(t,'x') error bad argument #2 to 'subscribe' (number expected, got string)",
        "subscribe(t,0,'x') error bad argument #3 to 'subscribe' (function expected, got string)",
        "subscribe(t,3) error bad argument #2 to 'subscribe' (qos must be 0, 1 or 2)",
        "subscribe(t,1.5) error bad argument #2 to 'subscribe' (number has no integer representation)",
        "subscribe(t,'1') ok",
        "unsubscribe() error bad argument #1 to 'unsubscribe' (string or table expected, got no value)",
        "unsubscribe(t,'x') error bad argument #2 to 'unsubscribe' (function expected, got string)",
        "pcall(m.publish) error bad argument #2 to '?' (string expected, got table)",
        "subscribe({t=3}) unconnected error bad argument #1 to 'subscribe' (qos must be 0, 1 or 2)",
        "unsubscribe({[1]=true}) unconnected error unsubscribe: the table's keys must be topic strings",
        "unsubscribe({}) unconnected returns false",
        "subscribe({t='x'}) error subscribe: the table maps topic strings to QoS numbers",
        "subscribe({[1]=0}) error subscribe: the table maps topic strings to QoS numbers",
        "subscribe({t=3}) error bad argument #1 to 'subscribe' (qos must be 0, 1 or 2)",
        "subscribe({t=-1}) error bad argument #1 to 'subscribe' (qos must be 0, 1 or 2)",
        // lua_tointeger gave 1 under 5.1 and 0 under 5.3: now an error under both
        "subscribe({t=1.5}) error bad argument #1 to 'subscribe' (qos must be 0, 1 or 2)",
        "unsubscribe({[1]=true}) error unsubscribe: the table's keys must be topic strings",
        "subscribe({}) returns false",
        "done",
      ]);
    },
  );
});
