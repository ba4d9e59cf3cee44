import { describe, it, expect } from 'vitest';

import { DomainError } from '../../../src/shared/errors.js';
import {
  WorkflowNameBlankError,
  WorkflowNameInvalidCharactersError,
  WorkflowNameTooLongError,
  WorkflowNameTooShortError,
} from '../../../src/workflows/domain/exceptions.js';
import { parseWorkflowName } from '../../../src/workflows/domain/value-objects.js';
import { caught } from '../../support/caught.js';

const EMOJI = '\u{1F680}';

/** 'kept', or the code of the domain error that refused the name. */
function outcomeOf(raw: string): string {
  try {
    parseWorkflowName(raw);
    return 'kept';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('parseWorkflowName', () => {
  it('keeps a plain name as entered', () => {
    const name = parseWorkflowName('Sync invoices');

    expect(name).toBe('Sync invoices');
  });

  it('trims spaces around the name', () => {
    const name = parseWorkflowName('   Sync invoices  ');

    expect(name).toBe('Sync invoices');
  });

  it('collapses runs of spaces into one', () => {
    const name = parseWorkflowName('Sync    invoices   daily');

    expect(name).toBe('Sync invoices daily');
  });

  it('maps a no-break space to a plain space', () => {
    const name = parseWorkflowName('Sync\u00A0invoices');

    expect(name).toBe('Sync invoices');
  });

  it('maps an ideographic space to a plain space and collapses it with its neighbours', () => {
    const name = parseWorkflowName('Sync \u3000\u2003invoices\u3000');

    expect(name).toBe('Sync invoices');
  });

  it('normalises to NFC', () => {
    const name = parseWorkflowName('Cafe\u0301');

    expect(name).toBe('Caf\u00E9');
  });

  it('counts a decomposed letter as one character once composed', () => {
    const raw = 'e\u0301'.repeat(100);

    const name = parseWorkflowName(raw);

    expect(name).toBe('\u00E9'.repeat(100));
  });

  it('accepts exactly 100 characters', () => {
    const name = parseWorkflowName('a'.repeat(100));

    expect(name).toHaveLength(100);
  });

  it('refuses 101 characters', async () => {
    const error = await caught(() => parseWorkflowName('a'.repeat(101)), WorkflowNameTooLongError);

    expect(error).toMatchObject({ code: 'WORKFLOW_NAME_TOO_LONG', field: 'name' });
    expect(error.message).toBe('name must have at most 100 characters; it has 101');
  });

  it('accepts 100 emoji although they take 200 UTF-16 units', () => {
    const name = parseWorkflowName(EMOJI.repeat(100));

    expect(name).toHaveLength(200);
  });

  it('refuses 101 emoji', () => {
    const action = () => parseWorkflowName(EMOJI.repeat(101));

    expect(action).toThrow(WorkflowNameTooLongError);
  });

  it('accepts an emoji with a variation selector', () => {
    const name = parseWorkflowName('Deploy \u2764\uFE0F');

    expect(name).toBe('Deploy \u2764\uFE0F');
  });

  it('refuses an empty name', async () => {
    const error = await caught(() => parseWorkflowName(''), WorkflowNameTooShortError);

    expect(error).toMatchObject({ code: 'WORKFLOW_NAME_TOO_SHORT', field: 'name' });
  });

  it('refuses a name of only spaces', () => {
    const action = () => parseWorkflowName('     ');

    expect(action).toThrow(WorkflowNameTooShortError);
  });

  it('refuses a name of only no-break and ideographic spaces', () => {
    const action = () => parseWorkflowName('\u00A0\u3000\u00A0');

    expect(action).toThrow(WorkflowNameTooShortError);
  });

  it.each([
    ['Hangul fillers', '\u3164\u3164'],
    ['braille pattern blanks', '\u2800\u2800\u2800'],
    ['Hangul choseong and jungseong fillers', '\u115F\u1160'],
    ['a halfwidth Hangul filler', '\uFFA0'],
    ['combining marks', '\u0301\u0301'],
    ['fillers and combining marks between spaces', ' \u3164 \u0301 \u2800 '],
  ])('refuses a name of only %s, which shows nothing', async (_label, raw) => {
    const error = await caught(() => parseWorkflowName(raw), WorkflowNameBlankError);

    expect(error).toMatchObject({ code: 'WORKFLOW_NAME_BLANK', field: 'name' });
    expect(error.message).toBe(
      'name must contain at least one visible letter, digit, punctuation mark or symbol',
    );
  });

  it('keeps every name with a visible character and refuses the rest as blank', () => {
    const names = ['R\u00E9sum\u00E9 2', '\u65E5\u672C\u8A9E', `${EMOJI} launch`, '#1', '\u3164x', '\u3164', '\u0301'];

    const outcomes = names.map(outcomeOf);

    expect(outcomes).toEqual(['kept', 'kept', 'kept', 'kept', 'kept', 'WORKFLOW_NAME_BLANK', 'WORKFLOW_NAME_BLANK']);
  });

  it('reports a blank name before a name that would be too long', async () => {
    const error = await caught(() => parseWorkflowName('\u3164'.repeat(101)));

    expect(error).toMatchObject({ code: 'WORKFLOW_NAME_BLANK' });
  });

  it.each([
    ['a tab', 'Sync\tinvoices'],
    ['a newline', 'Sync\ninvoices'],
    ['a carriage return', 'Sync\rinvoices'],
    ['a NUL', 'Sync\u0000invoices'],
    ['a DEL', 'Sync\u007Finvoices'],
    ['a C1 control', 'Sync\u0085invoices'],
  ])('refuses a control character: %s', (_label, raw) => {
    const action = () => parseWorkflowName(raw);

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });

  it('refuses a zero-width space and names it in the message', async () => {
    const error = await caught(() => parseWorkflowName('Sync\u200Binvoices'), WorkflowNameInvalidCharactersError);

    expect(error).toMatchObject({ code: 'WORKFLOW_NAME_INVALID_CHARACTERS', field: 'name', codePoint: 0x200b });
    expect(error.message).toContain('U+200B');
  });

  it('refuses a right-to-left override', () => {
    const action = () => parseWorkflowName('invoice\u202Efdp.exe');

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });

  it('refuses a zero-width joiner, even inside an emoji sequence', () => {
    const action = () => parseWorkflowName('Team \u{1F468}\u200D\u{1F469}');

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });

  it('refuses a byte order mark', () => {
    const action = () => parseWorkflowName('\uFEFFSync');

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });

  it('refuses a lone high surrogate', async () => {
    const error = await caught(() => parseWorkflowName('Sync \uD83D'));

    expect(error).toMatchObject({ code: 'WORKFLOW_NAME_INVALID_CHARACTERS', codePoint: 0xd83d });
  });

  it('refuses a lone low surrogate', () => {
    const action = () => parseWorkflowName('\uDE80 Sync');

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });

  it('refuses an unassigned code point', async () => {
    const error = await caught(() => parseWorkflowName('Sync \u0378'));

    expect(error).toMatchObject({ code: 'WORKFLOW_NAME_INVALID_CHARACTERS', codePoint: 0x378 });
  });

  it('refuses a noncharacter', () => {
    const action = () => parseWorkflowName('Sync \uFFFF');

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });

  it('refuses a private-use character', () => {
    const action = () => parseWorkflowName('Sync \uE000');

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });

  it('refuses a line separator', () => {
    const action = () => parseWorkflowName('Sync\u2028invoices');

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });

  it('refuses a paragraph separator', () => {
    const action = () => parseWorkflowName('Sync\u2029invoices');

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });

  it('reports invalid characters before a name that would be empty', () => {
    const action = () => parseWorkflowName('\u200B');

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });

  it('reports invalid characters before a name that would be too long', () => {
    const action = () => parseWorkflowName(`${'a'.repeat(150)}\t`);

    expect(action).toThrow(WorkflowNameInvalidCharactersError);
  });
});
