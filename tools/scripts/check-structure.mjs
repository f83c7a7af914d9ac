#!/usr/bin/env node
// The structure check (CONTRIBUTING.md, "The structure check"): fails on
//   import-cycle   a cycle of relative imports inside one packages/*/src;
//   module-state   module-level mutable state in packages/*/src (not tests):
//                  a top-level `let`/`var`, a top-level const holding a Map,
//                  Set, WeakMap, WeakSet or array/object that is mutated, a
//                  mutable static class field; an AsyncLocalStorage that is
//                  exported or entered other than through run();
//   test-layout    a test file outside its package's source folder.
// Each violation prints as file:line:column, the rule, what was found and a
// hint. Known violations that other work removes are listed, with a reason, in
// tools/scripts/check-structure.allow.json; an entry that no longer matches
// is reported as stale (a warning) so the list only shrinks.
// Usage: node tools/scripts/check-structure.mjs [--json] [--root DIR]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const HINTS = {
  'import-cycle':
    'move what both modules need into a third module they both import, or pass it in as a parameter',
  'module-state':
    'keep the state in an object the caller creates and owns (a runtime, a context, a class instance); a constant table can be Object.freeze()d',
  'test-layout':
    'test files live next to the module they test, as src/**/<module>.test.ts; test/ holds helpers, fixtures and snapshots only',
};

/** Collections whose instances are mutable; a top-level one that is mutated is module state. */
const MUTABLE_CONSTRUCTORS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);
/**
 * Async context stores. One is allowed at the top of a module when the module
 * keeps it to itself and enters it only through `run(value, fn)`: the value is
 * then visible only inside `fn`'s own async calls, so two callers never see
 * each other's. Exported, or entered with `enterWith` (which leaks the value
 * into the caller's context) or `disable`d, it is state every importer shares.
 */
const CONTEXT_CONSTRUCTORS = new Set(['AsyncLocalStorage']);
/** Methods that change a Map, Set or array in place, or an async context store for everyone. */
const MUTATING_METHODS = new Set([
  'enterWith',
  'disable',
  'set',
  'add',
  'delete',
  'clear',
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
]);
const TEST_FILE = /\.(test|spec)(-d)?\.[cm]?[jt]sx?$/;
const SOURCE_FILE = /\.[cm]?tsx?$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', '.vitepress', 'coverage', '.cache']);

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function subdirs(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !SKIP_DIRS.has(entry.name))
    .map((entry) => join(dir, entry.name));
}

function parse(file) {
  const text = readFileSync(file, 'utf8');
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function position(source, node) {
  const at = source.getLineAndCharacterOfPosition(node.getStart(source));
  return { line: at.line + 1, column: at.character + 1 };
}

// ---------------------------------------------------------------- import cycles

/** Every relative import/export/dynamic import of a file, with where it is written. */
function relativeImports(source) {
  const found = [];
  const add = (specifier, node, typeOnly) => {
    if (specifier.startsWith('./') || specifier.startsWith('../')) {
      found.push({ specifier, typeOnly, ...position(source, node) });
    }
  };
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly = ts.isImportDeclaration(node)
        ? (node.importClause?.isTypeOnly ?? false)
        : node.isTypeOnly;
      add(node.moduleSpecifier.text, node, typeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node.arguments[0].text, node, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Resolves `./x.js` the way TypeScript's NodeNext does for sources: x.ts, x.tsx, x/index.ts. */
function resolveImport(fromFile, specifier, known) {
  const base = resolve(dirname(fromFile), specifier);
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    join(base, 'index.ts'),
    join(stem, 'index.ts'),
  ];
  return candidates.find((candidate) => known.has(candidate));
}

/** Strongly connected components (Tarjan), each of more than one file or a self-import. */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const meta = new Map();
  const components = [];
  const strongConnect = (node) => {
    meta.set(node, { index, low: index, onStack: true });
    index += 1;
    stack.push(node);
    for (const edge of graph.get(node) ?? []) {
      const next = edge.target;
      if (!meta.has(next)) {
        strongConnect(next);
        meta.get(node).low = Math.min(meta.get(node).low, meta.get(next).low);
      } else if (meta.get(next).onStack) {
        meta.get(node).low = Math.min(meta.get(node).low, meta.get(next).index);
      }
    }
    if (meta.get(node).low === meta.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        meta.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      const selfLoop = (graph.get(node) ?? []).some((edge) => edge.target === node);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!meta.has(node)) strongConnect(node);
  return components;
}

/** One concrete loop through a component, as the edges that make it (shortest from its first file). */
function loopThrough(component, graph) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const edge of graph.get(node) ?? []) {
      if (!members.has(edge.target)) continue;
      if (edge.target === start) {
        const path = [edge];
        let back = previous.get(node);
        while (back !== null && back !== undefined) {
          path.unshift(back);
          back = previous.get(back.from);
        }
        return path;
      }
      if (!previous.has(edge.target)) {
        previous.set(edge.target, edge);
        queue.push(edge.target);
      }
    }
  }
  return [];
}

function checkCycles(sources, repo) {
  const files = [...sources.keys()];
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const edges = [];
    for (const found of relativeImports(sources.get(file))) {
      const target = resolveImport(file, found.specifier, known);
      if (target !== undefined) edges.push({ from: file, target, ...found });
    }
    graph.set(file, edges);
  }
  return cycles(graph).map((component) => {
    const loop = loopThrough(component, graph);
    const first = loop[0];
    const names = loop.map((edge) => relative(repo, edge.from));
    const typeOnly = loop.every((edge) => edge.typeOnly);
    const others = component
      .filter((file) => !loop.some((edge) => edge.from === file))
      .map((file) => relative(repo, file))
      .sort();
    const more = others.length === 0 ? '' : `; also in the same cycle: ${others.join(', ')}`;
    return {
      rule: 'import-cycle',
      file: relative(repo, first.from),
      line: first.line,
      column: first.column,
      key: [...component]
        .map((file) => relative(repo, file))
        .sort()
        .join(' '),
      message: `import cycle${typeOnly ? ' (type-only imports)' : ''}: ${[...names, names[0]].join(' -> ')}${more}`,
    };
  });
}

// ---------------------------------------------------------------- module state

function unwrap(expression) {
  let node = expression;
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isNonNullExpression(node)
  ) {
    node = node.expression;
  }
  return node;
}

function isFrozen(init) {
  const node = unwrap(init);
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === 'Object' &&
    node.expression.name.text === 'freeze'
  );
}

/** What kind of mutable value an initializer makes, or undefined for one that is not tracked. */
function mutableKind(init) {
  if (init === undefined || isFrozen(init)) return undefined;
  const node = unwrap(init);
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
    const name = node.expression.text;
    if (MUTABLE_CONSTRUCTORS.has(name) || CONTEXT_CONSTRUCTORS.has(name)) {
      return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
    }
    return undefined;
  }
  if (ts.isArrayLiteralExpression(node)) return 'an array';
  if (ts.isObjectLiteralExpression(node)) return 'an object';
  return undefined;
}

/** The identifier a property chain starts from: `a` for `a.b[c].d`. */
function rootIdentifier(expression) {
  let node = unwrap(expression);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    node = unwrap(node.expression);
  }
  return ts.isIdentifier(node) ? node.text : undefined;
}

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.PercentEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarEqualsToken,
  ts.SyntaxKind.AmpersandEqualsToken,
]);

/** Names whose value is changed in place somewhere in a file, with the first place each is. */
function mutatedNames(source) {
  const mutated = new Map();
  const mark = (name, node) => {
    if (name !== undefined && !mutated.has(name)) mutated.set(name, position(source, node));
  };
  const isMember = (node) =>
    ts.isPropertyAccessExpression(unwrap(node)) || ts.isElementAccessExpression(unwrap(node));
  const visit = (node) => {
    if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) {
      if (isMember(node.left)) mark(rootIdentifier(node.left), node);
    } else if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken ||
        node.operator === ts.SyntaxKind.MinusMinusToken) &&
      isMember(node.operand)
    ) {
      mark(rootIdentifier(node.operand), node);
    } else if (ts.isDeleteExpression(node)) {
      mark(rootIdentifier(node.expression), node);
    } else if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        const target = rootIdentifier(callee.expression);
        if (target === 'Object' || target === 'Reflect') {
          if (
            ['assign', 'defineProperty', 'defineProperties', 'set', 'setPrototypeOf'].includes(
              method,
            )
          ) {
            const first = node.arguments[0];
            if (first !== undefined) mark(rootIdentifier(first), node);
          }
        } else if (MUTATING_METHODS.has(method)) {
          mark(target, node);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return mutated;
}

/** Local names an import declaration binds, keyed by local name, to the imported name. */
function importedBindings(source, file, known) {
  const bindings = new Map();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const target = resolveImport(file, statement.moduleSpecifier.text, known);
    const named = statement.importClause?.namedBindings;
    if (target === undefined || named === undefined || !ts.isNamedImports(named)) continue;
    for (const element of named.elements) {
      bindings.set(element.name.text, {
        target,
        imported: (element.propertyName ?? element.name).text,
      });
    }
  }
  return bindings;
}

function checkModuleState(sources, repo) {
  const known = new Set(sources.keys());
  const violations = [];
  /** file -> name -> { kind, at } of top-level consts holding mutable values */
  const tracked = new Map();
  for (const [file, source] of sources) {
    if (TEST_FILE.test(file)) continue;
    const names = new Map();
    /** Names of the file's top-level bindings that are exported. */
    const exported = new Set();
    for (const statement of source.statements) {
      if (
        ts.isExportDeclaration(statement) &&
        statement.moduleSpecifier === undefined &&
        statement.exportClause !== undefined &&
        ts.isNamedExports(statement.exportClause)
      ) {
        for (const element of statement.exportClause.elements) {
          exported.add((element.propertyName ?? element.name).text);
        }
      }
    }
    for (const statement of source.statements) {
      if (ts.isVariableStatement(statement)) {
        const isExported = statement.modifiers?.some(
          (modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword,
        );
        const flags = statement.declarationList.flags;
        const isConst = (flags & ts.NodeFlags.Const) !== 0;
        const isDeclare = statement.modifiers?.some(
          (modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword,
        );
        if (isDeclare) continue;
        for (const declaration of statement.declarationList.declarations) {
          const name = ts.isIdentifier(declaration.name) ? declaration.name.text : '(pattern)';
          if (!isConst) {
            violations.push({
              rule: 'module-state',
              file: relative(repo, file),
              ...position(source, declaration),
              key: name,
              message: `top-level \`${(flags & ts.NodeFlags.Let) !== 0 ? 'let' : 'var'} ${name}\` is state every importer shares`,
            });
            continue;
          }
          const kind = mutableKind(declaration.initializer);
          if (kind?.endsWith('AsyncLocalStorage') && (isExported || exported.has(name))) {
            violations.push({
              rule: 'module-state',
              file: relative(repo, file),
              ...position(source, declaration),
              key: name,
              message: `top-level \`const ${name}\` is an exported AsyncLocalStorage: any importer can enterWith() it, state every importer shares`,
            });
            continue;
          }
          if (kind !== undefined && ts.isIdentifier(declaration.name)) {
            names.set(name, { kind, ...position(source, declaration) });
          }
        }
      } else if (ts.isClassDeclaration(statement)) {
        for (const member of statement.members) {
          const isStatic = member.modifiers?.some(
            (modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword,
          );
          const isReadonly = member.modifiers?.some(
            (modifier) => modifier.kind === ts.SyntaxKind.ReadonlyKeyword,
          );
          if (!ts.isPropertyDeclaration(member) || !isStatic) continue;
          const className = statement.name?.text ?? '(class)';
          const memberName = member.name.getText(source);
          if (!isReadonly || mutableKind(member.initializer) !== undefined) {
            violations.push({
              rule: 'module-state',
              file: relative(repo, file),
              ...position(source, member),
              key: `${className}.${memberName}`,
              message: `static field \`${className}.${memberName}\` is ${isReadonly ? 'a mutable value' : 'assignable'} shared by every instance and importer`,
            });
          }
        }
      }
    }
    tracked.set(file, names);
  }
  // A tracked const is state when any file changes it in place: its own, or one that imports it.
  const reported = new Set();
  for (const [file, source] of sources) {
    const mutated = mutatedNames(source);
    if (mutated.size === 0) continue;
    const local = tracked.get(file) ?? new Map();
    const imports = importedBindings(source, file, known);
    for (const [name, at] of mutated) {
      let owner;
      let ownerName = name;
      if (local.has(name)) owner = file;
      else if (imports.has(name)) {
        const binding = imports.get(name);
        if (tracked.get(binding.target)?.has(binding.imported)) {
          owner = binding.target;
          ownerName = binding.imported;
        }
      }
      if (owner === undefined) continue;
      const id = `${owner}\0${ownerName}`;
      if (reported.has(id)) continue;
      reported.add(id);
      const declared = tracked.get(owner).get(ownerName);
      const where = owner === file ? `line ${at.line}` : `${relative(repo, file)}:${at.line}`;
      violations.push({
        rule: 'module-state',
        file: relative(repo, owner),
        line: declared.line,
        column: declared.column,
        key: ownerName,
        message: `top-level \`const ${ownerName}\` holds ${declared.kind} that is changed at ${where}: state every importer shares`,
      });
    }
  }
  return violations;
}

// ---------------------------------------------------------------- test layout

/** The folder a package's tests must sit in: src/, or scripts/ for a package whose only code is there. */
function sourceFolder(packageDir) {
  if (existsSync(join(packageDir, 'src'))) return join(packageDir, 'src');
  if (existsSync(join(packageDir, 'scripts'))) return join(packageDir, 'scripts');
  return join(packageDir, 'src');
}

function checkTestLayout(packageDir, repo) {
  const folder = sourceFolder(packageDir) + sep;
  return walk(packageDir)
    .filter((file) => TEST_FILE.test(file) && !file.startsWith(folder))
    .map((file) => ({
      rule: 'test-layout',
      file: relative(repo, file),
      line: 1,
      column: 1,
      key: relative(repo, file),
      message: `test file outside ${relative(repo, folder)}`,
    }));
}

// ---------------------------------------------------------------- run

/** Runs every rule over a checkout and returns its violations (allowlisted ones marked). */
export function checkStructure(repo) {
  const violations = [];
  const packages = subdirs(join(repo, 'packages')).filter(
    (dir) => !dir.endsWith(`${sep}generated`),
  );
  for (const packageDir of packages) {
    const files = walk(join(packageDir, 'src')).filter((file) => SOURCE_FILE.test(file));
    const sources = new Map(files.map((file) => [file, parse(file)]));
    violations.push(...checkCycles(sources, repo));
    violations.push(...checkModuleState(sources, repo));
  }
  for (const packageDir of [...packages, ...subdirs(join(repo, 'apps'))]) {
    violations.push(...checkTestLayout(packageDir, repo));
  }
  return violations.sort(
    (a, b) =>
      a.rule.localeCompare(b.rule) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

function loadAllowlist(file) {
  if (!existsSync(file)) return [];
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  const entries = parsed.allow ?? [];
  for (const [index, entry] of entries.entries()) {
    for (const field of ['rule', 'file', 'key', 'reason']) {
      if (typeof entry[field] !== 'string' || entry[field] === '') {
        throw new Error(`${file}: /allow/${index}/${field} must be a non-empty string`);
      }
    }
    if (!(entry.rule in HINTS)) {
      throw new Error(`${file}: /allow/${index}/rule "${entry.rule}" is not a rule of this check`);
    }
  }
  return entries;
}

function main(argv) {
  const rootIndex = argv.indexOf('--root');
  const repo =
    rootIndex >= 0
      ? resolve(argv[rootIndex + 1])
      : resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const allowFile = join(repo, 'tools/scripts/check-structure.allow.json');
  let allow;
  try {
    allow = loadAllowlist(allowFile);
  } catch (error) {
    process.stderr.write(`check-structure: ${error.message}\n`);
    return 2;
  }
  const sameAs = (violation) => (entry) =>
    entry.rule === violation.rule && entry.file === violation.file && entry.key === violation.key;
  const violations = checkStructure(repo);
  const failing = violations.filter((violation) => !allow.some(sameAs(violation)));
  const allowed = violations.length - failing.length;
  const stale = allow.filter(
    (entry) =>
      !violations.some(
        (v) => v.rule === entry.rule && v.file === entry.file && v.key === entry.key,
      ),
  );
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ failing, allowed, stale }, null, 2)}\n`);
    return failing.length === 0 ? 0 : 1;
  }
  for (const v of failing) {
    process.stdout.write(`${v.file}:${v.line}:${v.column}  ${v.rule}  ${v.message}\n`);
    process.stdout.write(`  hint: ${HINTS[v.rule]}\n`);
  }
  for (const entry of stale) {
    process.stdout.write(
      `warning: ${allowFile.slice(repo.length + 1)} lists ${entry.rule} ${entry.file} "${entry.key}", which no longer occurs; remove the entry\n`,
    );
  }
  const summary = `check-structure: ${failing.length} violation(s), ${allowed} allowlisted (tools/scripts/check-structure.allow.json)`;
  process.stdout.write(`${summary}\n`);
  return failing.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
