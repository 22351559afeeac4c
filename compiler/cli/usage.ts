// Help texts of the tsc2c command: one line per option, as `tsc2c --help` and
// `tsc2c <command> --help` print them (stdout, exit 0); usage errors print them on stderr.

const common = `  -h, --help             print this help and exit
  -v, --version          print tsc2c's version and exit`;

const build = `usage: tsc2c build <entry.ts> -o <out.c> [options]

Compiles a module (its entry file and what it imports) into one C file.

options:
  -o, --out <out.c>      the C file to write (required); left untouched when unchanged
  --line-directives      emit #line directives that point at the TypeScript source
  -w, --watch            rebuild whenever a file under the entry's folder changes
${common}`;

const check = `usage: tsc2c check <entry.ts> [options]

Type-checks a module and checks it against tsc2c's TypeScript subset; writes nothing.

options:
  -w, --watch            check again whenever a file under the entry's folder changes
${common}`;

const init = `usage: tsc2c init <dir>

Writes <dir>/tsconfig.json so that editors and plain \`tsc --noEmit -p <dir>\` check
the module sources in <dir> as tsc2c does (its compiler options and prelude:
int, Ptr, LuaString...). Creates <dir> if needed; never overwrites a tsconfig.json.

options:
${common}`;

const docs = `usage: tsc2c docs <entry.ts> [--lua-stubs <file>] [--page <file>]

Writes a module's editor definitions and reference page, generated from its
interface (what build binds to Lua) and its doc comments (@param, @returns,
@example, @event: see docs/modules.md). Give --lua-stubs, --page or both; files
are left untouched when unchanged.

options:
  --lua-stubs <file>     write a LuaLS \`---@meta\` file (classes, parameter types, overloads, constants)
  --page <file>          write the reference page: Syntax / Parameters / Returns / Example per function
${common}`;

const top = `usage: tsc2c <command> [options]

commands:
  build <entry.ts> -o <out.c>   compile a module into one C file
  check <entry.ts>              check a module without writing anything
  init <dir>                    write a tsconfig.json for module sources in <dir>
  docs <entry.ts>               write a module's LuaLS stubs and reference page

options:
${common}

\`tsc2c <command> --help\` lists the options of a command.`;

export const USAGE = { top, build, check, init, docs } as const;
export type Command = Exclude<keyof typeof USAGE, "top">;
