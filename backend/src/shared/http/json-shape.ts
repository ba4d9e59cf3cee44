/**
 * Two rules a JSON text must keep beyond its grammar, checked without recursion so that no input
 * can exhaust the stack:
 * - objects and arrays nest at most `maxDepth` levels below the top-level value;
 * - no object repeats a member name (I-JSON, RFC 7493 §2.3), compared after unescaping, since
 *   parsers disagree on which of two repeated members wins.
 */
export interface JsonShapeViolation {
  readonly rule: 'too-deep' | 'repeated-member';
  /** Dotted path of the offending member, as field errors write it (array indexes as numbers). */
  readonly path: string;
}

interface Frame {
  readonly names: Set<string> | undefined;
  /** The member name or array index this frame's current value stands at. */
  at: string;
  expectsName: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** Where the string opening at `start` ends: the index of its closing quote. */
function stringEnd(text: string, start: number): number {
  let index = start + 1;
  for (;;) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) return index;
    index += code === BACKSLASH ? 2 : 1;
  }
}

function pathOf(stack: readonly Frame[]): string {
  return stack
    .slice(1)
    .map((frame) => frame.at)
    .filter((segment) => segment !== '')
    .join('.');
}

/** The member name at `text[start..end]`, and a violation when its object already had it. */
function readName(text: string, start: number, end: number, frame: Frame, stack: readonly Frame[]): JsonShapeViolation | undefined {
  const raw = text.slice(start + 1, end);
  const name = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  frame.expectsName = false;
  frame.at = name;
  if (frame.names?.has(name) === true) return { rule: 'repeated-member', path: pathOf(stack) };
  frame.names?.add(name);
  return undefined;
}

function open(stack: Frame[], isObject: boolean, maxDepth: number): JsonShapeViolation | undefined {
  // The placeholder frame and the top-level value's own frame are not levels below it.
  if (stack.length > maxDepth + 1) return { rule: 'too-deep', path: pathOf(stack) };
  stack.push({ names: isObject ? new Set() : undefined, at: isObject ? '' : '0', expectsName: isObject });
  return undefined;
}

function nextMember(frame: Frame | undefined): void {
  if (frame === undefined) return;
  if (frame.names === undefined) frame.at = String(Number(frame.at) + 1);
  else frame.expectsName = true;
}

/** One pass over a JSON text: where it stands, the open objects and arrays, and the first violation. */
class Scanner {
  private index = 0;
  private violation: JsonShapeViolation | undefined;
  // The top-level value stands in a frame of its own, so a path never starts with an empty segment.
  private readonly stack: Frame[] = [{ names: undefined, at: '', expectsName: false }];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  run(): JsonShapeViolation | undefined {
    while (this.violation === undefined && this.index < this.text.length) this.step();
    return this.violation;
  }

  /** Reads the token at the current index and moves past it. */
  private step(): void {
    const code = this.text.charCodeAt(this.index);
    if (code === QUOTE) {
      const end = stringEnd(this.text, this.index);
      const frame = this.stack.at(-1);
      if (frame?.expectsName === true) this.violation = readName(this.text, this.index, end, frame, this.stack);
      this.index = end + 1;
      return;
    }
    if (code === OPEN_OBJECT || code === OPEN_ARRAY) this.violation = open(this.stack, code === OPEN_OBJECT, this.maxDepth);
    else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) this.stack.pop();
    else if (code === COMMA) nextMember(this.stack.at(-1));
    this.index += 1;
  }
}

/** The first violation in `text`, which must already be valid JSON; undefined when it keeps both rules. */
export function jsonShapeViolation(text: string, maxDepth: number): JsonShapeViolation | undefined {
  return new Scanner(text, maxDepth).run();
}
