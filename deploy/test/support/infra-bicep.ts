import { readFileSync } from 'node:fs';

/**
 * A small reader of Bicep, enough to check Roster's templates without a Bicep compiler:
 * top-level `param`, `var`, `resource`, `module` and `output` declarations, object
 * literals' keys and values, and identifier uses. It reads the subset of Bicep that
 * `infra/` is written in and throws on what it does not understand (multi-line strings),
 * so a template it cannot read fails the test instead of passing it.
 */

/** A `param`: its type, whether it has a default, and its decorators' text. */
export interface BicepParam {
  readonly name: string;
  readonly type: string;
  readonly hasDefault: boolean;
  readonly decorators: readonly string[];
}

/** A `resource`: its type and API version, as written. */
export interface BicepResource {
  readonly symbol: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly existing: boolean;
  /** The resource's body as written (comments removed). */
  readonly body: string;
}

/** A `module`: the file it points at and the params its caller passes (name → expression). */
export interface BicepModule {
  readonly symbol: string;
  readonly path: string;
  readonly params: ReadonlyMap<string, string>;
  /** Symbols named in `dependsOn`. */
  readonly dependsOn: readonly string[];
}

/** One Bicep file, read. */
export interface BicepFile {
  readonly file: string;
  /** The text without comments. */
  readonly text: string;
  /** `text` with string literals blanked out (interpolations kept), index for index. */
  readonly code: string;
  readonly params: ReadonlyMap<string, BicepParam>;
  /** Variable name → its expression, as written. */
  readonly vars: ReadonlyMap<string, string>;
  readonly resources: readonly BicepResource[];
  readonly modules: readonly BicepModule[];
  /** Output name → its expression, as written. */
  readonly outputs: ReadonlyMap<string, string>;
}

type Frame = { kind: 'code'; braces: number } | { kind: 'string' };

/**
 * Walks Bicep text once, knowing at each character whether it is code, string literal or
 * comment. Returns the text without comments, and the same with string literals blanked.
 */
function scan(source: string): { text: string; code: string } {
  let text = '';
  let code = '';
  const stack: Frame[] = [{ kind: 'code', braces: 0 }];
  let i = 0;
  const emit = (raw: string, masked: string) => {
    text += raw;
    code += masked;
  };
  const blank = (raw: string) => raw.replace(/[^\n]/g, ' ');
  while (i < source.length) {
    const frame = stack[stack.length - 1];
    const c = source.charAt(i);
    const next = source.charAt(i + 1);
    if (frame === undefined) throw new Error('unbalanced string interpolation');
    if (frame.kind === 'string') {
      if (c === '\\') {
        emit(c + next, '  ');
        i += 2;
      } else if (c === "'") {
        emit(c, c);
        stack.pop();
        i += 1;
      } else if (c === '$' && next === '{') {
        emit('${', '${');
        stack.push({ kind: 'code', braces: 0 });
        i += 2;
      } else {
        emit(c, blank(c));
        i += 1;
      }
      continue;
    }
    if (c === "'") {
      if (source.startsWith("'''", i)) throw new Error("multi-line strings (''') are not read");
      emit(c, c);
      stack.push({ kind: 'string' });
      i += 1;
    } else if (c === '/' && next === '/') {
      while (i < source.length && source.charAt(i) !== '\n') i += 1;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) throw new Error('unterminated block comment');
      const skipped = source.slice(i, end + 2);
      // Keep line breaks so that line-based reading still sees the same lines.
      emit(skipped.replace(/[^\n]/g, ''), skipped.replace(/[^\n]/g, ''));
      i = end + 2;
    } else if (c === '{') {
      frame.braces += 1;
      emit(c, c);
      i += 1;
    } else if (c === '}') {
      if (frame.braces === 0 && stack.length > 1) stack.pop();
      else frame.braces -= 1;
      emit(c, c);
      i += 1;
    } else {
      emit(c, c);
      i += 1;
    }
  }
  if (stack.length !== 1) throw new Error('unterminated string');
  return { text, code };
}

const opening = new Set(['{', '[', '(']);
const closing = new Set(['}', ']', ')']);

/** Index of the bracket closing the one at `open` (any of `{[(`), in blanked code. */
function closingBracket(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i += 1) {
    const c = code.charAt(i);
    if (opening.has(c)) depth += 1;
    else if (closing.has(c)) {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  throw new Error(`unbalanced bracket at ${String(open)}`);
}

/** End of the expression starting at `from`: the end of its line, or of a bracket it opens. */
function expressionEnd(code: string, from: number): number {
  let depth = 0;
  for (let i = from; i < code.length; i += 1) {
    const c = code.charAt(i);
    if (opening.has(c)) depth += 1;
    else if (closing.has(c)) {
      if (depth === 0) return i;
      depth -= 1;
    } else if (c === '\n' && depth === 0) return i;
  }
  return code.length;
}

/**
 * The top-level entries of the object literal whose `{` is at `open` in `code`: key → the
 * value's text from `text`. Keys are identifiers (quoted keys are not read).
 */
export function objectEntries(text: string, code: string, open: number): Map<string, string> {
  const close = closingBracket(code, open);
  const entries = new Map<string, string>();
  let depth = 0;
  let lineStart = true;
  for (let i = open + 1; i < close; i += 1) {
    const c = code.charAt(i);
    if (depth === 0 && lineStart) {
      const match = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*/.exec(code.slice(i, close));
      if (match?.[1] !== undefined) {
        const valueStart = i + match[0].length;
        const valueEnd = expressionEnd(code, valueStart);
        if (entries.has(match[1])) throw new Error(`duplicate key ${match[1]}`);
        entries.set(match[1], text.slice(valueStart, valueEnd).trim());
        i = valueEnd - 1;
        lineStart = false;
        continue;
      }
    }
    if (opening.has(c)) depth += 1;
    else if (closing.has(c)) depth -= 1;
    lineStart = c === '\n';
  }
  return entries;
}

/** Bracket depth at the start of every line of `code`. */
function lineDepths(code: string): number[] {
  const depths: number[] = [];
  let depth = 0;
  for (const line of code.split('\n')) {
    depths.push(depth);
    for (const c of line) {
      if (opening.has(c)) depth += 1;
      else if (closing.has(c)) depth -= 1;
    }
  }
  return depths;
}

/** Reads one Bicep file's top-level declarations. */
export function readBicep(file: string): BicepFile {
  return parseBicep(file, readFileSync(file, 'utf8'));
}

/** Reads Bicep source (named `file` in messages). */
export function parseBicep(file: string, source: string): BicepFile {
  const { text, code } = scan(source);
  const params = new Map<string, BicepParam>();
  const vars = new Map<string, string>();
  const resources: BicepResource[] = [];
  const modules: BicepModule[] = [];
  const outputs = new Map<string, string>();

  const lines = code.split('\n');
  const depths = lineDepths(code);
  let offset = 0;
  let decorators: string[] = [];
  for (const [index, line] of lines.entries()) {
    const start = offset;
    offset += line.length + 1;
    if (depths[index] !== 0 || line.trim() === '') continue;
    const at = start + line.search(/\S/);
    if (line.trimStart().startsWith('@')) {
      decorators.push(text.slice(at, expressionEnd(code, at)).trim());
      continue;
    }
    const declared = declaration(file, text, code, at, decorators);
    decorators = [];
    if (declared === undefined) continue;
    switch (declared.kind) {
      case 'param':
        params.set(declared.value.name, declared.value);
        break;
      case 'var':
        vars.set(declared.name, declared.value);
        break;
      case 'output':
        outputs.set(declared.name, declared.value);
        break;
      case 'resource':
        resources.push(declared.value);
        break;
      case 'module':
        modules.push(declared.value);
        break;
    }
  }
  return { file, text, code, params, vars, resources, modules, outputs };
}

type Declaration =
  | { kind: 'param'; value: BicepParam }
  | { kind: 'var' | 'output'; name: string; value: string }
  | { kind: 'resource'; value: BicepResource }
  | { kind: 'module'; value: BicepModule };

function declaration(
  file: string,
  text: string,
  code: string,
  at: number,
  decorators: string[],
): Declaration | undefined {
  const rest = code.slice(at);
  const restText = text.slice(at);
  const param = /^param[ \t]+(\w+)[ \t]+(\w+)[ \t]*(=)?/.exec(rest);
  if (param?.[1] !== undefined && param[2] !== undefined) {
    return {
      kind: 'param',
      value: { name: param[1], type: param[2], hasDefault: param[3] === '=', decorators },
    };
  }
  const variable = /^var[ \t]+(\w+)[ \t]*=[ \t]*/.exec(rest);
  if (variable?.[1] !== undefined) {
    const from = at + variable[0].length;
    return {
      kind: 'var',
      name: variable[1],
      value: text.slice(from, expressionEnd(code, from)).trim(),
    };
  }
  const output = /^output[ \t]+(\w+)[ \t]+\w+[ \t]*=[ \t]*/.exec(rest);
  if (output?.[1] !== undefined) {
    const from = at + output[0].length;
    return {
      kind: 'output',
      name: output[1],
      value: text.slice(from, expressionEnd(code, from)).trim(),
    };
  }
  // Strings are blanked in `code`: match the shape there, read the path from `text`.
  const resource = /^resource[ \t]+(\w+)[ \t]+'([^']*)'([ \t]+existing)?[ \t]*=[ \t]*/.exec(rest);
  if (resource?.[1] !== undefined) {
    const written = /^resource[ \t]+\w+[ \t]+'([^'@]+)@([^']+)'/.exec(restText);
    if (written?.[1] === undefined || written[2] === undefined) {
      throw new Error(`${file}: resource ${resource[1]} has no type@apiVersion`);
    }
    const open = at + resource[0].length;
    return {
      kind: 'resource',
      value: {
        symbol: resource[1],
        type: written[1],
        apiVersion: written[2],
        existing: resource[3] !== undefined,
        body: text.slice(open, expressionEnd(code, open) + 1),
      },
    };
  }
  const module = /^module[ \t]+(\w+)[ \t]+'[^']*'[ \t]*=[ \t]*/.exec(rest);
  if (module?.[1] !== undefined) {
    const path = /^module[ \t]+\w+[ \t]+'([^']+)'/.exec(restText)?.[1];
    const open = at + module[0].length;
    if (path === undefined || code.charAt(open) !== '{') {
      throw new Error(`${file}: module ${module[1]} is not a plain module declaration`);
    }
    return { kind: 'module', value: moduleOf(file, text, code, module[1], path, open) };
  }
  if (/^(targetScope|metadata|import|type|func)\b/.test(rest)) return undefined;
  throw new Error(`${file}: unexpected top-level text: ${rest.split('\n')[0] ?? ''}`);
}

function moduleOf(
  file: string,
  text: string,
  code: string,
  symbol: string,
  path: string,
  open: number,
): BicepModule {
  const body = objectEntries(text, code, open);
  const paramsText = body.get('params');
  let params = new Map<string, string>();
  if (paramsText !== undefined) {
    const at = code.indexOf('params:', open);
    const brace = code.indexOf('{', at);
    if (at === -1 || brace === -1) throw new Error(`${file}: module ${symbol}'s params unreadable`);
    params = objectEntries(text, code, brace);
  }
  const dependsOn = (body.get('dependsOn') ?? '')
    .replace(/[[\]]/g, ' ')
    .split(/\s+/)
    .filter((name) => name !== '');
  return { symbol, path, params, dependsOn };
}

/**
 * Whether `name` is used in the file's code (string interpolations included) other than where
 * it is declared, as an object key or as a property after a dot.
 */
export function isUsed(bicep: BicepFile, name: string): boolean {
  const pattern = new RegExp(`(?<![.\\w])${name}(?!\\w)`, 'g');
  return [...bicep.code.matchAll(pattern)].some((m) => {
    const lineStart = bicep.code.lastIndexOf('\n', m.index) + 1;
    const before = bicep.code.slice(lineStart, m.index);
    const after = bicep.code.slice(m.index + name.length);
    const declaration = /^(param|var|resource|module|output)[ \t]+$/.test(before);
    const key = /(^|[{,])[ \t]*$/.test(before) && /^[ \t]*:(?!:)/.test(after);
    return !declaration && !key;
  });
}

/** `module.outputs.name` references in the file: [module symbol, output name]. */
export function outputReferences(bicep: BicepFile): [string, string][] {
  return [...bicep.code.matchAll(/\b(\w+)\.outputs\.(\w+)/g)].map((m) => [m[1]!, m[2]!]);
}
