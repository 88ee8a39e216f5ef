/**
 * What keeps the user docs standing alone: README.md, docs/ and examples/ may link only to files
 * of this repository, may not cite material that is not shipped (the behaviour spec, its weakness
 * numbers), examples import `sosw` (never `../../src`), and every `import ... from 'sosw...'`
 * names an entry the package exports and symbols that entry exports.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface DocProblem {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

/** README.md, docs/**\/*.md and every text file of examples/ (relative paths). */
export function userDocFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return ['node_modules', 'cdk.out', '.sosw'].includes(entry.name) ? [] : walk(path);
      return /\.(md|ts|js|mjs|json)$/.test(entry.name) && !/\.d\.ts(\.map)?$/.test(entry.name) ? [path] : [];
    });
  return ['README.md', ...walk('docs'), ...walk('examples')];
}

const NOT_SHIPPED: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.\.\/shared\b|\bshared\/(spec|ARCHITECTURE|STYLE)/, 'refers to ../shared, which is not part of this repository'],
  [/\bspec\/[\w-]+\.md\b/, 'cites a spec/ file, which is not shipped: say what users need here or in docs/compatibility.md'],
  [/\b[Ww]eakness(es)? \d+|\(w\d+(,\s*w\d+)*\)/, 'cites a weakness number of the unshipped spec'],
];

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Problems of one file that need no knowledge of the package's exports. */
export function scanText(root: string, file: string, text: string): DocProblem[] {
  const problems: DocProblem[] = [];
  for (const [pattern, problem] of NOT_SHIPPED) {
    for (const match of text.matchAll(new RegExp(pattern, 'g'))) problems.push({ file, line: lineOf(text, match.index), problem });
  }
  if (file.endsWith('.md')) {
    for (const match of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
      const target = (match[1] ?? '').split('#')[0] ?? '';
      if (target === '' || /^[a-z][\w+.-]*:/i.test(target)) continue;
      const absolute = resolve(root, dirname(file), target);
      const inside = relative(root, absolute);
      if (inside.startsWith('..') || inside.split(sep)[0] === '..')
        problems.push({ file, line: lineOf(text, match.index), problem: `links outside the repository: ${target}` });
      else if (!existsSync(absolute))
        problems.push({ file, line: lineOf(text, match.index), problem: `links to a missing file: ${target}` });
    }
  }
  for (const match of text.matchAll(/from\s+['"]((?:\.\.?\/)+src\/[^'"]*)['"]/g))
    problems.push({ file, line: lineOf(text, match.index), problem: `imports ${match[1]}: docs and examples import 'sosw', as users do` });
  return problems;
}

/** Each `import { a, type B } from 'sosw...'` of a text, with the names it imports. */
export function soswImports(text: string): Array<{ entry: string; names: string[]; index: number }> {
  const found: Array<{ entry: string; names: string[]; index: number }> = [];
  for (const match of text.matchAll(/import\s+(type\s+)?(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s+['"](sosw(?:\/[\w./-]+)?)['"]/g)) {
    const names = (match[3] ?? '')
      .split(',')
      .map((n) => n.trim().replace(/^type\s+/, ''))
      .map((n) => n.split(/\s+as\s+/)[0]?.trim() ?? '')
      .filter((n) => n !== '');
    found.push({ entry: match[4] ?? 'sosw', names: match[2] !== undefined ? [...names, 'default'] : names, index: match.index });
  }
  return found;
}

/** Imports of `sosw...` that name an entry or a symbol the package does not export. */
export function scanImports(file: string, text: string, exportsOf: (entry: string) => ReadonlySet<string> | undefined): DocProblem[] {
  const problems: DocProblem[] = [];
  for (const { entry, names, index } of soswImports(text)) {
    const exported = exportsOf(entry);
    if (exported === undefined) {
      problems.push({ file, line: lineOf(text, index), problem: `imports '${entry}', which the package does not export` });
      continue;
    }
    for (const name of names) {
      if (entry.endsWith('.json') || exported.has(name)) continue;
      problems.push({ file, line: lineOf(text, index), problem: `imports ${name} from '${entry}', which does not export it` });
    }
  }
  return problems;
}

/**
 * The names (values and types) each entry exports, read from its file's syntax (sources in the
 * repository, the installed package's declarations in the consumer tier), following `export *`.
 */
export function exportedNames(entries: ReadonlyMap<string, string>): Map<string, Set<string>> {
  return new Map([...entries].map(([entry, file]) => [entry, moduleExports(file, new Set())]));
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(js|ts|d\.ts)$/, '');
  return [`${stem}.ts`, `${stem}.d.ts`, join(base, 'index.ts'), join(base, 'index.d.ts')].find((f) => existsSync(f));
}

function moduleExports(file: string, seen: Set<string>): Set<string> {
  const names = new Set<string>();
  if (seen.has(file)) return names;
  seen.add(file);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause !== undefined && ts.isNamedExports(clause)) for (const element of clause.elements) names.add(element.name.text);
      else if (clause !== undefined && ts.isNamespaceExport(clause)) names.add(clause.name.text);
      else if (statement.moduleSpecifier !== undefined && ts.isStringLiteral(statement.moduleSpecifier)) {
        const target = resolveRelative(file, statement.moduleSpecifier.text);
        if (target !== undefined) for (const name of moduleExports(target, seen)) if (name !== 'default') names.add(name);
      }
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      names.add('default');
      continue;
    }
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported !== true) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** The package's entries (`sosw`, `sosw/aws`, ...) from its package.json `exports`, each mapped to a file by `fileOf`. */
export function packageEntries(packageDir: string, fileOf: (target: string, key: string) => string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const entries = new Map<string, string>();
  for (const [key, target] of Object.entries(manifest.exports)) {
    if (key.endsWith('.json')) continue;
    const types = typeof target === 'string' ? target : ((target as { types?: string }).types ?? '');
    entries.set(key === '.' ? 'sosw' : `sosw/${key.slice(2)}`, fileOf(types, key));
  }
  return entries;
}
