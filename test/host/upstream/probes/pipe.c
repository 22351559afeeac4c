/*
 * Our own pipe module (NodeMCU's docs/modules/pipe.md: create, write, read,
 * reader, unread, nrec, the reader callback), so lua/pipe.lua runs in CI
 * without a NodeMCU checkout. It rests on what NodeMCU's pipe.c rests on:
 * records are userdata chunks of LUAL_BUFFERSIZE bytes (256 in NodeMCU's
 * luaconf.h, so "each record ranges from 1 to 256 bytes"), counted with
 * lua_objlen (a compat macro on 5.3), and the callback runs through
 * luaL_posttask. Reads collect into a luaL_Buffer.
 *
 * A pipe is a table: [1..n] the chunks, oldest first; "cb", "prio" and
 * "state" (flags below) when it has a reader callback.
 */
#include <string.h>
#include "module.h"
#include "lauxlib.h"
#include "task/task.h"

typedef struct {
  int start, end; /* the bytes buf[start..end) are in the pipe */
  char buf[LUAL_BUFFERSIZE];
} chunk_t;

/* callback state */
#define POSTED 1  /* a task is queued */
#define ACTIVE 2  /* the callback is running */
#define WRITTEN 4 /* a write since the callback started */

/* read()'s argument: a size, or a delimiter that is kept or dropped */
typedef struct {
  int size; /* 0 when reading to a delimiter */
  char delim;
  int keep;
} howmuch_t;

LROT_TABLE(pipe_meta);

static void check_pipe(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
}

static int nchunks(lua_State *L) { return (int)lua_objlen(L, 1); }

/* chunk i of the pipe at index 1 (it stays referenced by the table) */
static chunk_t *chunk_at(lua_State *L, int i) {
  lua_rawgeti(L, 1, i);
  chunk_t *c = (chunk_t *)lua_touserdata(L, -1);
  lua_pop(L, 1);
  return c;
}

/* a new empty chunk at position i, the later ones moved up */
static chunk_t *insert_chunk(lua_State *L, int i) {
  for (int k = nchunks(L); k >= i; k--) {
    lua_rawgeti(L, 1, k);
    lua_rawseti(L, 1, k + 1);
  }
  chunk_t *c = (chunk_t *)lua_newuserdata(L, sizeof(chunk_t));
  c->start = c->end = 0;
  lua_rawseti(L, 1, i);
  return c;
}

static void remove_first_chunk(lua_State *L) {
  int n = nchunks(L);
  for (int k = 1; k < n; k++) {
    lua_rawgeti(L, 1, k + 1);
    lua_rawseti(L, 1, k);
  }
  lua_pushnil(L);
  lua_rawseti(L, 1, n);
}

static howmuch_t parse_howmuch(lua_State *L, int idx) {
  howmuch_t h = {0, '\n', 0};
  if (lua_type(L, idx) == LUA_TNUMBER) {
    lua_Integer n = lua_tointeger(L, idx);
    luaL_argcheck(L, n > 0 && n <= 0x7fffffff, idx, "invalid chunk size");
    h.size = (int)n;
  } else if (!lua_isnoneornil(L, idx)) {
    size_t len;
    const char *s = luaL_checklstring(L, idx, &len);
    luaL_argcheck(L, len == 1 || (len == 2 && s[1] == '+'), idx, "invalid delimiter");
    h.delim = s[0];
    h.keep = len == 2;
  }
  return h;
}

/* Takes a record off the head of the pipe at index 1: the string, or nil. */
static int read_record(lua_State *L, howmuch_t h) {
  if (nchunks(L) == 0) {
    lua_pushnil(L);
    return 1;
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  int want = h.size, done = 0;
  while (!done && nchunks(L) > 0) {
    chunk_t *c = chunk_at(L, 1);
    int avail = c->end - c->start, take = avail, skip = 0;
    if (h.size > 0) {
      if (take > want)
        take = want;
      want -= take;
      done = want == 0;
    } else {
      const char *at = memchr(c->buf + c->start, h.delim, (size_t)avail);
      if (at != NULL) {
        take = (int)(at - (c->buf + c->start)) + 1;
        skip = !h.keep; /* the delimiter is consumed either way */
        done = 1;
      }
    }
    luaL_addlstring(&b, c->buf + c->start, (size_t)(take - skip));
    c->start += take;
    if (c->start == c->end)
      remove_first_chunk(L);
  }
  luaL_pushresult(&b);
  return 1;
}

static void post_reader(lua_State *L, int pipe);

/* The reader task: cb(pipe), then repost as its result says. */
static int reader_task(lua_State *L) {
  lua_settop(L, 0);
  lua_pushvalue(L, lua_upvalueindex(1)); /* the pipe at 1 */
  lua_getfield(L, 1, "state");
  int state = ((int)lua_tointeger(L, -1) & ~(POSTED | WRITTEN)) | ACTIVE;
  lua_pop(L, 1);
  lua_pushinteger(L, state);
  lua_setfield(L, 1, "state");
  lua_getfield(L, 1, "cb");
  lua_pushvalue(L, 1);
  lua_call(L, 1, 1);
  lua_getfield(L, 1, "state");
  state = (int)lua_tointeger(L, -1) & ~ACTIVE;
  lua_pop(L, 1);
  lua_pushinteger(L, state);
  lua_setfield(L, 1, "state");
  int again = lua_isboolean(L, -1) ? lua_toboolean(L, -1) && nchunks(L) > 0 : (state & WRITTEN) != 0;
  if (again)
    post_reader(L, 1);
  return 0;
}

static void post_reader(lua_State *L, int pipe) {
  lua_getfield(L, pipe, "state");
  int state = (int)lua_tointeger(L, -1);
  lua_pop(L, 1);
  if (state & POSTED)
    return;
  lua_pushinteger(L, state | POSTED);
  lua_setfield(L, pipe, "state");
  lua_getfield(L, pipe, "prio");
  int prio = (int)lua_tointeger(L, -1);
  lua_pop(L, 1);
  lua_pushvalue(L, pipe);
  lua_pushcclosure(L, reader_task, 1);
  luaL_posttask(L, prio);
}

/* A write tells the callback: at once, or after it returns when it is running. */
static void written(lua_State *L) {
  lua_getfield(L, 1, "cb");
  int has_cb = !lua_isnil(L, -1);
  lua_pop(L, 1);
  if (!has_cb)
    return;
  lua_getfield(L, 1, "state");
  int state = (int)lua_tointeger(L, -1);
  lua_pop(L, 1);
  lua_pushinteger(L, state | WRITTEN);
  lua_setfield(L, 1, "state");
  if (!(state & ACTIVE))
    post_reader(L, 1);
}

// Lua: pobj:write(s); anything but a string or number writes nothing, as upstream
static int pipe_write(lua_State *L) {
  check_pipe(L);
  size_t len = 0;
  const char *s = lua_tolstring(L, 2, &len);
  if (s == NULL || len == 0)
    return 0;
  while (len > 0) {
    int n = nchunks(L);
    chunk_t *c = n > 0 ? chunk_at(L, n) : NULL;
    if (c == NULL || c->end == LUAL_BUFFERSIZE)
      c = insert_chunk(L, n + 1);
    size_t room = (size_t)(LUAL_BUFFERSIZE - c->end), take = len < room ? len : room;
    memcpy(c->buf + c->end, s, take);
    c->end += (int)take;
    s += take;
    len -= take;
  }
  written(L);
  return 0;
}

// Lua: pobj:unread(s): s goes back to the head
static int pipe_unread(lua_State *L) {
  check_pipe(L);
  size_t len;
  const char *s = luaL_checklstring(L, 2, &len);
  while (len > 0) {
    chunk_t *c = nchunks(L) > 0 ? chunk_at(L, 1) : NULL;
    if (c != NULL && c->start == 0 && c->end < LUAL_BUFFERSIZE) {
      int shift = LUAL_BUFFERSIZE - c->end; /* right-align to make room at the front */
      memmove(c->buf + shift, c->buf, (size_t)c->end);
      c->start += shift;
      c->end = LUAL_BUFFERSIZE;
    }
    if (c == NULL || c->start == 0) {
      c = insert_chunk(L, 1);
      c->start = c->end = LUAL_BUFFERSIZE;
    }
    size_t take = len < (size_t)c->start ? len : (size_t)c->start;
    c->start -= (int)take;
    memcpy(c->buf + c->start, s + len - take, take);
    len -= take;
  }
  return 0;
}

// Lua: rec = pobj:read([size | delim[+]])
static int pipe_read(lua_State *L) {
  check_pipe(L);
  howmuch_t h = parse_howmuch(L, 2);
  lua_settop(L, 1);
  return read_record(L, h);
}

static int reader_next(lua_State *L) {
  lua_settop(L, 0);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, lua_upvalueindex(2));
  return pipe_read(L);
}

// Lua: for rec in pobj:reader([size | delim[+]]) do ... end
static int pipe_reader(lua_State *L) {
  check_pipe(L);
  parse_howmuch(L, 2); /* a bad argument fails here, not at the first call */
  lua_settop(L, 2);
  lua_pushcclosure(L, reader_next, 2);
  return 1;
}

// Lua: n = pobj:nrec()
static int pipe_nrec(lua_State *L) {
  check_pipe(L);
  lua_pushinteger(L, nchunks(L));
  return 1;
}

// Lua: pobj = pipe.create([cb], [priority])
static int pipe_create(lua_State *L) {
  lua_settop(L, 2);
  lua_createtable(L, 1, 3);
  if (!lua_isnil(L, 1)) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_Integer prio = luaL_optinteger(L, 2, TASK_PRIORITY_MEDIUM);
    luaL_argcheck(L, prio >= TASK_PRIORITY_LOW && prio <= TASK_PRIORITY_HIGH, 2, "invalid priority");
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "cb");
    lua_pushinteger(L, prio);
    lua_setfield(L, -2, "prio");
    lua_pushinteger(L, 0);
    lua_setfield(L, -2, "state");
  }
  lua_pushrotable(L, LROT_TABLEREF(pipe_meta));
  lua_setmetatable(L, -2);
  return 1;
}

LROT_BEGIN(pipe_methods, NULL, 0)
  LROT_FUNCENTRY(write, pipe_write)
  LROT_FUNCENTRY(read, pipe_read)
  LROT_FUNCENTRY(reader, pipe_reader)
  LROT_FUNCENTRY(unread, pipe_unread)
  LROT_FUNCENTRY(nrec, pipe_nrec)
LROT_END(pipe_methods, NULL, 0)

LROT_BEGIN(pipe_meta, NULL, LROT_MASK_INDEX)
  LROT_TABENTRY(__index, pipe_methods)
LROT_END(pipe_meta, NULL, LROT_MASK_INDEX)

LROT_BEGIN(pipe, NULL, 0)
  LROT_FUNCENTRY(create, pipe_create)
LROT_END(pipe, NULL, 0)

NODEMCU_MODULE(PIPE, "pipe", pipe, NULL);
