/**
 * Line layout for generated TypeScript: the parts of a statement that may have
 * to break at 100 columns (import lists, parameter lists, call arguments,
 * unions, arrays) are described as a document of groups, and printed the way
 * the repository's formatter (Biome, Prettier's algorithm) prints them: a
 * group stays on one line when it fits, else its lines break. Generated code
 * then passes `biome format` as it is written, without running a formatter in
 * `generate` (users do not have one). ts-morph still prints every file; the
 * statements laid out here reach it as statement text.
 */

/** A layout document: text, a sequence, or a layout command. */
export type Doc = string | readonly Doc[] | Command;

type Command =
  | { readonly kind: 'line'; readonly soft: boolean; readonly hard: boolean }
  | { readonly kind: 'group'; readonly contents: Doc; readonly id?: symbol; expanded?: boolean }
  | { readonly kind: 'indent'; readonly contents: Doc }
  | { readonly kind: 'align'; readonly width: number; readonly contents: Doc }
  | { readonly kind: 'ifBreak'; readonly broken: Doc; readonly flat: Doc; readonly id?: symbol }
  | { readonly kind: 'indentIfBreak'; readonly contents: Doc; readonly id: symbol }
  | { readonly kind: 'fill'; readonly parts: readonly Doc[] };

/** A space when its group is flat, a line break when it breaks. */
export const line: Doc = { kind: 'line', soft: false, hard: false };
/** Nothing when its group is flat, a line break when it breaks. */
export const softline: Doc = { kind: 'line', soft: true, hard: false };
/** Always a line break; the groups around it break. */
export const hardline: Doc = { kind: 'line', soft: false, hard: true };

/** Prints flat when it fits on the line, else breaks its lines. */
export function group(contents: Doc, id?: symbol): Doc {
  return id === undefined ? { kind: 'group', contents } : { kind: 'group', contents, id };
}
/** Indents the lines that break inside by one level (two spaces). */
export function indent(contents: Doc): Doc {
  return { kind: 'indent', contents };
}
/** Indents the lines that break inside by `width` spaces. */
export function align(width: number, contents: Doc): Doc {
  return { kind: 'align', width, contents };
}
/** `broken` when the enclosing group (or the group `id`) breaks, else `flat`. */
export function ifBreak(broken: Doc, flat: Doc = '', id?: symbol): Doc {
  return id === undefined
    ? { kind: 'ifBreak', broken, flat }
    : { kind: 'ifBreak', broken, flat, id };
}
/** Indents `contents` only when the group `id` broke. */
export function indentIfBreak(contents: Doc, id: symbol): Doc {
  return { kind: 'indentIfBreak', contents, id };
}
/** As many parts on a line as fit: `[part, separator, part, …]`. */
export function fill(parts: readonly Doc[]): Doc {
  return { kind: 'fill', parts };
}
/** The docs with `separator` between them. */
export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  docs.forEach((d, i) => {
    if (i > 0) out.push(separator);
    out.push(d);
  });
  return out;
}

/** `(a, b)`, `<A, B>`, `{ a, b }`: one line, or one item a line with a trailing comma. */
export function list(
  open: string,
  items: readonly Doc[],
  close: string,
  { spaced = false, trailingComma = true } = {},
): Doc {
  if (items.length === 0) return `${open}${close}`;
  const edge = spaced ? line : softline;
  return group([
    open,
    indent([edge, join([',', line], items)]),
    trailingComma ? ifBreak(',') : '',
    edge,
    close,
  ]);
}

/** Lines always broken (a block's members, an expanded object's properties). */
export function lines(docs: readonly Doc[]): Doc[] {
  return join(hardline, docs);
}

/** The text width of a string as the formatter counts it (wide characters count two). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function textWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x300) width += 1;
    else if (
      (code >= 0x300 && code <= 0x36f) ||
      code === 0x200d ||
      (code >= 0xfe00 && code <= 0xfe0f)
    )
      width += 0;
    else if (
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1f300 && code <= 0x1f64f) ||
      (code >= 0x1f900 && code <= 0x1f9ff) ||
      (code >= 0x20000 && code <= 0x3fffd)
    )
      width += 2;
    else width += 1;
  }
  return width;
}

const BREAK = 1;
const FLAT = 2;
type Mode = typeof BREAK | typeof FLAT;
interface Frame {
  readonly indent: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

/** Marks every group holding a hard line as expanded, as the formatter does before printing. */
function propagateHardBreaks(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (Array.isArray(doc)) {
    let hard = false;
    for (const d of doc as readonly Doc[]) if (propagateHardBreaks(d)) hard = true;
    return hard;
  }
  const c = doc as Command;
  switch (c.kind) {
    case 'line':
      return c.hard;
    case 'group': {
      const hard = propagateHardBreaks(c.contents);
      if (hard) c.expanded = true;
      return hard || c.expanded === true;
    }
    case 'indent':
    case 'align':
    case 'indentIfBreak':
      return propagateHardBreaks(c.contents);
    case 'ifBreak':
      return propagateHardBreaks(c.broken);
    case 'fill': {
      let hard = false;
      for (const d of c.parts) if (propagateHardBreaks(d)) hard = true;
      return hard;
    }
  }
}

/** Whether `next` fits in `width` columns, the rest of the line (from `rest`) included. */
function fits(
  next: Frame,
  rest: readonly Frame[],
  width: number,
  groupModes: Map<symbol, Mode>,
  mustBeFlat: boolean,
): boolean {
  let remaining = width;
  let restIndex = rest.length;
  const stack: Frame[] = [next];
  while (remaining >= 0) {
    const frame = stack.pop();
    if (frame === undefined) {
      if (restIndex === 0) return true;
      const r = rest[--restIndex];
      if (r !== undefined) stack.push(r);
      continue;
    }
    const { mode, doc } = frame;
    if (typeof doc === 'string') {
      remaining -= textWidth(doc);
      continue;
    }
    if (Array.isArray(doc)) {
      const docs = doc as readonly Doc[];
      for (let i = docs.length - 1; i >= 0; i--) {
        stack.push({ indent: frame.indent, mode, doc: docs[i] as Doc });
      }
      continue;
    }
    const c = doc as Command;
    switch (c.kind) {
      case 'line':
        if (mode === BREAK || c.hard) return true;
        if (!c.soft) remaining -= 1;
        break;
      case 'group': {
        if (mustBeFlat && c.expanded) return false;
        const groupMode = c.expanded ? BREAK : mode;
        stack.push({ indent: frame.indent, mode: groupMode, doc: c.contents });
        break;
      }
      case 'indent':
      case 'align':
      case 'indentIfBreak':
        stack.push({ indent: frame.indent, mode, doc: c.contents });
        break;
      case 'ifBreak': {
        const groupMode = c.id === undefined ? mode : (groupModes.get(c.id) ?? FLAT);
        stack.push({ indent: frame.indent, mode, doc: groupMode === BREAK ? c.broken : c.flat });
        break;
      }
      case 'fill':
        for (let i = c.parts.length - 1; i >= 0; i--) {
          stack.push({ indent: frame.indent, mode, doc: c.parts[i] as Doc });
        }
        break;
    }
  }
  return false;
}

/** Prints a document at `width` columns with two-space indentation. */
export function render(doc: Doc, width = 100, startIndent = 0, startColumn = 0): string {
  propagateHardBreaks(doc);
  const groupModes = new Map<symbol, Mode>();
  const out: string[] = [];
  let column = startColumn;
  const stack: Frame[] = [{ indent: startIndent, mode: BREAK, doc }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { indent: ind, mode, doc: d } = frame;
    if (typeof d === 'string') {
      out.push(d);
      column += textWidth(d);
      continue;
    }
    if (Array.isArray(d)) {
      const docs = d as readonly Doc[];
      for (let i = docs.length - 1; i >= 0; i--) {
        stack.push({ indent: ind, mode, doc: docs[i] as Doc });
      }
      continue;
    }
    const c = d as Command;
    switch (c.kind) {
      case 'line':
        if (mode === FLAT && !c.hard) {
          if (!c.soft) {
            out.push(' ');
            column += 1;
          }
        } else {
          trimTrailingSpaces(out);
          out.push(`\n${' '.repeat(ind)}`);
          column = ind;
        }
        break;
      case 'group': {
        let groupMode: Mode = BREAK;
        if (!c.expanded) {
          if (mode === FLAT) groupMode = FLAT;
          else {
            const next: Frame = { indent: ind, mode: FLAT, doc: c.contents };
            groupMode = fits(next, stack, width - column, groupModes, false) ? FLAT : BREAK;
          }
        }
        if (c.id !== undefined) groupModes.set(c.id, groupMode);
        stack.push({ indent: ind, mode: groupMode, doc: c.contents });
        break;
      }
      case 'indent':
        stack.push({ indent: ind + 2, mode, doc: c.contents });
        break;
      case 'align':
        stack.push({ indent: ind + c.width, mode, doc: c.contents });
        break;
      case 'indentIfBreak':
        stack.push({
          indent: groupModes.get(c.id) === BREAK ? ind + 2 : ind,
          mode,
          doc: c.contents,
        });
        break;
      case 'ifBreak': {
        const groupMode = c.id === undefined ? mode : (groupModes.get(c.id) ?? FLAT);
        stack.push({ indent: ind, mode, doc: groupMode === BREAK ? c.broken : c.flat });
        break;
      }
      case 'fill':
        printFill(c.parts, frame, stack, width - column, groupModes);
        break;
    }
  }
  trimTrailingSpaces(out);
  return out.join('');
}

// A fill is printed pairwise, as Prettier does: each part flat when it fits,
// each separator flat when the part after it fits on the line too.
function printFill(
  parts: readonly Doc[],
  frame: Frame,
  stack: Frame[],
  width: number,
  groupModes: Map<symbol, Mode>,
): void {
  const [content, separator, next, ...more] = parts;
  if (content === undefined) return;
  const flat = (doc: Doc): Frame => ({ indent: frame.indent, mode: FLAT, doc });
  const broken = (doc: Doc): Frame => ({ indent: frame.indent, mode: BREAK, doc });
  const contentFits = fits(flat(content), [], width, groupModes, true);
  if (separator === undefined || next === undefined) {
    stack.push(contentFits ? flat(content) : broken(content));
    return;
  }
  const pairFits = fits(flat([content, separator, next]), [], width, groupModes, true);
  stack.push({ indent: frame.indent, mode: frame.mode, doc: fill([next, ...more]) });
  stack.push(pairFits ? flat(separator) : broken(separator));
  stack.push(contentFits ? flat(content) : broken(content));
}

function trimTrailingSpaces(out: string[]): void {
  while (out.length > 0) {
    const last = out[out.length - 1] as string;
    const end = last.charCodeAt(last.length - 1);
    if (last !== '' && end !== 32 && end !== 9) return;
    const trimmed = last.replace(/[ \t]+$/, '');
    if (trimmed === last) return;
    out[out.length - 1] = trimmed;
    if (trimmed !== '') return;
    out.pop();
  }
}
