/**
 * Fenced code blocks of the user docs, with the marker that says what the consumer tier does
 * with them. A marker is an HTML comment on the line right above the fence:
 *
 *   <!-- runnable -->                 run it (sh: each command; ts/js: transpiled, then `node`)
 *   <!-- runnable file=job.json -->   write it to that file (ts/js blocks may name their file in a
 *                                     first-line comment instead: `// workers/fetch-prices.ts`)
 *   <!-- runnable aws -->             run it against moto_server (AWS_ENDPOINT_URL and fake keys)
 *   <!-- install -->                  an install line of the README: the tier installs exactly these
 */

export interface DocBlock {
  /** Path of the markdown file, relative to the repository. */
  readonly doc: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The fence's info string, first word (`sh`, `ts`, `json`, ...). */
  readonly lang: string;
  readonly code: string;
  /** The marker's words, `undefined` when the block has none. */
  readonly marker: Readonly<Record<string, string | true>> | undefined;
  /** The `##`/`###` heading the block sits under. */
  readonly section: string;
}

const MARKER = /^\s*<!--\s*((?:runnable|install)\b[^>]*?)\s*-->\s*$/;
const FENCE = /^(\s*)(```+|~~~+)\s*([\w-]*)/;

function parseMarker(text: string): Record<string, string | true> {
  const words: Record<string, string | true> = {};
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const eq = word.indexOf('=');
    if (eq < 0) words[word] = true;
    else words[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return words;
}

/** Every fenced block of `markdown`, in order, with its marker (if any) and section. */
export function parseBlocks(markdown: string, doc: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const heading = /^#{1,4}\s+(.*)$/.exec(text);
    if (heading !== null) section = heading[1]?.trim() ?? '';
    const fence = FENCE.exec(text);
    if (fence === null) continue;
    const indent = fence[1]?.length ?? 0;
    const ticks = fence[2] ?? '```';
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const inner = lines[j] ?? '';
      if (inner.trim().startsWith(ticks) && inner.trim().replace(/[`~]/g, '') === '') break;
      body.push(inner.slice(Math.min(indent, inner.length - inner.trimStart().length)));
    }
    const above = lines[i - 1] ?? '';
    const marked = MARKER.exec(above);
    blocks.push({
      doc,
      line: i + 1,
      lang: fence[3] ?? '',
      code: `${body.join('\n')}\n`,
      marker: marked === null ? undefined : parseMarker(marked[1] ?? ''),
      section,
    });
    i = j;
  }
  return blocks;
}

/** The file a block is written to: `file=` in its marker, else a first-line `// path` comment of a ts/js block. */
export function blockFile(block: DocBlock): string | undefined {
  const named = block.marker?.file;
  if (typeof named === 'string') return named;
  if (!['ts', 'js', 'mjs', 'mts', 'typescript', 'javascript'].includes(block.lang)) return undefined;
  const first = /^\/\/\s*([\w./-]+\.(?:c|m)?[jt]s)\s*$/.exec(block.code.split('\n')[0] ?? '');
  return first?.[1];
}

/** The commands of a shell block: one per line, `\` continuations joined, blank and comment lines dropped. */
export function shellCommands(code: string): string[] {
  const commands: string[] = [];
  let pending = '';
  for (const raw of code.split('\n')) {
    const line = pending === '' ? raw.trim() : `${pending} ${raw.trim()}`;
    if (line.endsWith('\\')) {
      pending = line.slice(0, -1).trim();
      continue;
    }
    pending = '';
    if (line === '' || line.startsWith('#')) continue;
    commands.push(line);
  }
  return commands;
}
