/**
 * A safe reader of Python literals (the `repr` of a dict), for payloads the original's Scavenger
 * archived as `str(payload)`: `{'a': True, 'b': None, 'c': [1, 'x']}`. It is a parser, never an
 * evaluator: only literals are accepted (dicts, lists, tuples, strings, numbers, True, False,
 * None, and `Decimal('1.5')` as boto3 returns DynamoDB numbers); anything else is refused.
 */

/** Deepest nesting accepted. */
const MAX_DEPTH = 64;

class LiteralSyntaxError extends Error {}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\u0007',
  '0': '\0',
  '\n': '',
};

class Reader {
  #at = 0;
  readonly #text: string;

  public constructor(text: string) {
    this.#text = text;
  }

  public parseDocument(): unknown {
    const value = this.#value(0);
    this.#space();
    if (this.#at !== this.#text.length) this.#fail('unexpected text after the value');
    return value;
  }

  #fail(problem: string): never {
    throw new LiteralSyntaxError(`${problem} at offset ${this.#at}`);
  }

  #space(): void {
    while (this.#at < this.#text.length && /\s/.test(this.#text[this.#at] as string)) this.#at++;
  }

  #peek(): string {
    this.#space();
    return this.#text[this.#at] ?? '';
  }

  #expect(char: string): void {
    if (this.#peek() !== char) this.#fail(`expected ${JSON.stringify(char)}`);
    this.#at++;
  }

  #value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.#fail(`nesting deeper than ${MAX_DEPTH}`);
    const c = this.#peek();
    if (c === '{') return this.#dict(depth);
    if (c === '[') return this.#sequence(']', depth);
    if (c === '(') return this.#sequence(')', depth);
    if (c === "'" || c === '"') return this.#string();
    if (/[uU]/.test(c) && /['"]/.test(this.#text[this.#at + 1] ?? '')) {
      this.#at++;
      return this.#string();
    }
    if (/[-+0-9.]/.test(c)) return this.#number();
    return this.#word();
  }

  #dict(depth: number): Record<string, unknown> {
    this.#expect('{');
    const out: Record<string, unknown> = {};
    while (this.#peek() !== '}') {
      const key = this.#value(depth + 1);
      if (typeof key !== 'string' && typeof key !== 'number') this.#fail('dict keys must be strings or numbers');
      this.#expect(':');
      const value = this.#value(depth + 1);
      const name = String(key);
      if (name === '__proto__') this.#fail('the key "__proto__" is not allowed');
      out[name] = value;
      if (this.#peek() !== ',') break;
      this.#at++;
    }
    this.#expect('}');
    return out;
  }

  #sequence(close: string, depth: number): unknown[] {
    this.#at++;
    const out: unknown[] = [];
    while (this.#peek() !== close) {
      out.push(this.#value(depth + 1));
      if (this.#peek() !== ',') break;
      this.#at++;
    }
    this.#expect(close);
    return out;
  }

  #string(): string {
    const quote = this.#text[this.#at] as string;
    const triple = this.#text.startsWith(quote.repeat(3), this.#at);
    const end = triple ? quote.repeat(3) : quote;
    this.#at += end.length;
    let out = '';
    while (true) {
      if (this.#at >= this.#text.length) this.#fail('unterminated string');
      if (this.#text.startsWith(end, this.#at)) {
        this.#at += end.length;
        return out;
      }
      const ch = this.#text[this.#at] as string;
      if (ch === '\n' && !triple) this.#fail('line break inside a string');
      if (ch !== '\\') {
        out += ch;
        this.#at++;
        continue;
      }
      const next = this.#text[this.#at + 1] ?? '';
      const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (hexLength > 0) {
        const hex = this.#text.slice(this.#at + 2, this.#at + 2 + hexLength);
        if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) this.#fail('bad escape');
        const code = Number.parseInt(hex, 16);
        if (code > 0x10ffff) this.#fail('bad escape');
        out += String.fromCodePoint(code);
        this.#at += 2 + hexLength;
      } else if (next in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[next];
        this.#at += 2;
      } else {
        out += `\\${next}`;
        this.#at += 2;
      }
    }
  }

  #number(): number {
    const match = /^[-+]?(?:\d[\d_]*)?(?:\.\d[\d_]*|\.)?(?:[eE][-+]?\d+)?/.exec(this.#text.slice(this.#at));
    const text = match?.[0] ?? '';
    const n = Number(text.replaceAll('_', ''));
    if (text === '' || text === '.' || !Number.isFinite(n)) this.#fail('bad number');
    this.#at += text.length;
    return n;
  }

  #word(): unknown {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.#text.slice(this.#at));
    const word = match?.[0] ?? '';
    this.#at += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    if (word === 'Decimal') {
      this.#expect('(');
      const c = this.#peek();
      if (c !== "'" && c !== '"') this.#fail("Decimal needs a quoted number, as in Decimal('1.5')");
      const n = Number(this.#string());
      if (!Number.isFinite(n)) this.#fail('bad Decimal');
      this.#expect(')');
      return n;
    }
    return this.#fail(word === '' ? 'unexpected character' : `${JSON.stringify(word)} is not a literal`);
  }
}

/**
 * Parse a Python literal as JSON-like values: dict -> object, list/tuple -> array, str -> string,
 * int/float/Decimal -> number, True/False -> boolean, None -> null. Returns `undefined` when the
 * text is not a literal (never evaluates anything).
 *
 * @example
 * parsePythonLiteral("{'a': True, 'b': None, 'c': [1, 'x']}"); // { a: true, b: null, c: [1, 'x'] }
 * parsePythonLiteral("__import__('os')");                        // undefined
 */
export function parsePythonLiteral(text: string): unknown {
  try {
    return new Reader(text).parseDocument();
  } catch (error) {
    if (error instanceof LiteralSyntaxError) return undefined;
    throw error;
  }
}
