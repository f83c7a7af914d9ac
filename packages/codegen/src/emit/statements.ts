import { type Doc, group, hardline, ifBreak, indent, join, line, softline } from './layout.js';
import { commentDoc } from './schema-types.js';
import { laidOut, type Statement } from './typescript.js';

/** `(a: A, b: B) => R`: parameters one a line when the type does not fit. */
export function functionType(parameters: readonly string[], returnType: Doc): Doc {
  return group([
    '(',
    indent([softline, join([',', line], parameters)]),
    ifBreak(','),
    softline,
    ') => ',
    returnType,
  ]);
}

/** An interface declaration with one member a line. */
export function interfaceDoc(head: string, members: readonly Doc[]): Doc {
  if (members.length === 0) return `${head} {}`;
  return [`${head} {`, indent([hardline, join(hardline, members)]), hardline, '}'];
}

/** A function declaration: its JSDoc, signature (parameters broken when long) and body. */
export function functionStatement(fn: {
  readonly doc?: string | undefined;
  readonly head: string;
  readonly parameters: readonly string[];
  readonly returnType: string;
  readonly body: readonly Doc[];
}): Statement {
  return laidOut([
    commentDoc(fn.doc),
    group([
      `${fn.head}(`,
      indent([softline, join([',', line], fn.parameters)]),
      ifBreak(','),
      softline,
      `): ${fn.returnType} {`,
    ]),
    indent([hardline, join(hardline, fn.body)]),
    hardline,
    '}',
  ]);
}

/** `Name<A, B>`: the arguments one a line when they do not fit (no trailing comma). */
export function typeReference(name: string, args: readonly Doc[]): Doc {
  return group([`${name}<`, indent([softline, join([',', line], args)]), softline, '>']);
}
