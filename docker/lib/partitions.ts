// Read an ESP-IDF partition table CSV the way ESP-IDF v5.1.3's gen_esp32part.py
// lays it out, so that the app's room can be reported and our own table checked
// without ESP-IDF:
//   - `#` lines and blank lines are ignored; fields are Name, Type, SubType,
//     Offset, Size[, Flags];
//   - numbers are C-style (0x..., decimal) with an optional K or M suffix;
//   - an empty offset follows the previous partition (the first one follows the
//     table itself: CONFIG_PARTITION_TABLE_OFFSET + 0x1000), rounded up to 64 KB
//     for app partitions and 4 KB for every other type.

export interface Partition {
  name: string;
  type: string;
  subtype: string;
  offset: number;
  size: number;
  /** 1-based line in the CSV, for messages. */
  line: number;
}

/** ESP-IDF's default CONFIG_PARTITION_TABLE_OFFSET. */
export const DEFAULT_TABLE_OFFSET = 0x8000;
const TABLE_SIZE = 0x1000;

export function parseSize(text: string): number {
  const t = text.trim();
  const m = /^(0x[0-9a-f]+|[0-9]+)([km]?)$/i.exec(t);
  if (!m) throw new Error(`not a number: "${text}"`);
  const base = Number(m[1]!.toLowerCase().startsWith("0x") ? parseInt(m[1]!, 16) : parseInt(m[1]!, 10));
  const unit = m[2]!.toLowerCase();
  return unit === "k" ? base * 1024 : unit === "m" ? base * 1024 * 1024 : base;
}

function alignUp(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

function alignmentOf(type: string): number {
  return type === "app" || type === "0x00" || type === "0" ? 0x10000 : 0x1000;
}

export function parsePartitionTable(csv: string, tableOffset = DEFAULT_TABLE_OFFSET): Partition[] {
  const out: Partition[] = [];
  let next = tableOffset + TABLE_SIZE;
  csv.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const fields = line.split(",").map((f) => f.trim());
    if (fields.length < 5) throw new Error(`partition table line ${i + 1}: expected at least 5 fields: ${line}`);
    const [name, type, subtype, offsetText, sizeText] = fields as [string, string, string, string, string];
    const size = parseSize(sizeText);
    const offset = offsetText === "" ? alignUp(next, alignmentOf(type)) : parseSize(offsetText);
    out.push({ name, type, subtype, offset, size, line: i + 1 });
    next = offset + size;
  });
  return out;
}

/** Everything wrong with a layout for a flash of `flashBytes`: overlaps, misalignment, past the end. */
export function layoutProblems(parts: readonly Partition[], flashBytes: number, tableOffset = DEFAULT_TABLE_OFFSET): string[] {
  const problems: string[] = [];
  const hex = (n: number) => `0x${n.toString(16)}`;
  const sorted = [...parts].sort((a, b) => a.offset - b.offset);
  for (const p of sorted) {
    if (p.offset < tableOffset + TABLE_SIZE) problems.push(`${p.name} starts at ${hex(p.offset)}, inside the bootloader or partition table`);
    if (p.offset % alignmentOf(p.type) !== 0) problems.push(`${p.name} at ${hex(p.offset)} is not aligned to ${hex(alignmentOf(p.type))}`);
    if (p.size <= 0) problems.push(`${p.name} has no size`);
    if (p.offset + p.size > flashBytes) problems.push(`${p.name} ends at ${hex(p.offset + p.size)}, past the ${hex(flashBytes)} flash`);
  }
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (b.offset < a.offset + a.size) problems.push(`${b.name} at ${hex(b.offset)} overlaps ${a.name} (ends ${hex(a.offset + a.size)})`);
  }
  const names = parts.map((p) => p.name);
  for (const n of new Set(names)) if (names.filter((x) => x === n).length > 1) problems.push(`two partitions named ${n}`);
  return problems;
}

/** The app partitions an image must fit; ESP-IDF checks the smallest one (check_sizes.py). */
export function smallestAppPartition(parts: readonly Partition[]): Partition | undefined {
  return parts.filter((p) => p.type === "app").sort((a, b) => a.size - b.size)[0];
}
