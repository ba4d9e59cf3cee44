import { describe, it, expect } from 'vitest';

import {
  WorkflowDescriptionInvalidCharactersError,
  WorkflowDescriptionTooLongError,
} from '../../../src/workflows/domain/exceptions.js';
import { parseWorkflowDescription } from '../../../src/workflows/domain/value-objects.js';
import { caught } from '../../support/caught.js';

describe('parseWorkflowDescription', () => {
  it('accepts an empty description', () => {
    const description = parseWorkflowDescription('');

    expect(description).toBe('');
  });

  it('keeps newlines, carriage returns and tabs', () => {
    const description = parseWorkflowDescription('Steps:\r\n\t1. fetch\n\t2. post');

    expect(description).toBe('Steps:\r\n\t1. fetch\n\t2. post');
  });

  it('keeps surrounding spaces as written', () => {
    const description = parseWorkflowDescription('  indented  ');

    expect(description).toBe('  indented  ');
  });

  it('normalises to NFC', () => {
    const description = parseWorkflowDescription('Re\u0301sume\u0301');

    expect(description).toBe('R\u00E9sum\u00E9');
  });

  it('accepts 2000 emoji although they take 4000 UTF-16 units', () => {
    const description = parseWorkflowDescription('\u{1F680}'.repeat(2000));

    expect(description).toHaveLength(4000);
  });

  it('refuses 2001 characters', async () => {
    const error = await caught(() => parseWorkflowDescription('a'.repeat(2001)), WorkflowDescriptionTooLongError);

    expect(error).toMatchObject({ code: 'WORKFLOW_DESCRIPTION_TOO_LONG', field: 'description' });
    expect(error.message).toBe('description must have at most 2000 characters; it has 2001');
  });

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a bell', 'a\u0007b'],
    ['an escape', 'a\u001Bb'],
    ['a DEL', 'a\u007Fb'],
    ['a C1 control', 'a\u0085b'],
  ])('refuses a control character: %s', async (_label, raw) => {
    const error = await caught(() => parseWorkflowDescription(raw), WorkflowDescriptionInvalidCharactersError);

    expect(error).toMatchObject({ code: 'WORKFLOW_DESCRIPTION_INVALID_CHARACTERS', field: 'description' });
  });

  it.each([
    ['a right-to-left override', 'rm -rf \u202Efdp.exe'],
    ['a left-to-right override', 'a\u202Db'],
    ['a right-to-left embedding', 'a\u202Bb'],
    ['a left-to-right embedding', 'a\u202Ab'],
    ['a pop directional formatting', 'a\u202Cb'],
    ['a left-to-right isolate', 'a\u2066b'],
    ['a right-to-left isolate', 'a\u2067b'],
    ['a first-strong isolate', 'a\u2068b'],
    ['a pop directional isolate', 'a\u2069b'],
  ])('refuses a bidirectional control that reorders what is shown: %s', async (_label, raw) => {
    const error = await caught(() => parseWorkflowDescription(raw), WorkflowDescriptionInvalidCharactersError);

    expect(error).toMatchObject({ code: 'WORKFLOW_DESCRIPTION_INVALID_CHARACTERS', field: 'description' });
  });

  it.each([
    ['Hebrew', 'שולח סיכום יומי'],
    ['Arabic with a number', 'يرسل ملخصًا كل 5 دقائق'],
    ['right-to-left and left-to-right marks', 'Slack \u200Fערוץ\u200E #ops'],
    ['an Arabic letter mark', 'a\u061Cb'],
  ])('keeps right-to-left text and directional marks: %s', (_label, raw) => {
    expect(parseWorkflowDescription(raw)).toBe(raw.normalize('NFC'));
  });

  it('names the refused character in the message', async () => {
    const error = await caught(() => parseWorkflowDescription('a\u001Bb'), WorkflowDescriptionInvalidCharactersError);

    expect(error.message).toContain('U+001B');
  });

  it('refuses a lone high surrogate', () => {
    const action = () => parseWorkflowDescription('rocket \uD83D');

    expect(action).toThrow(WorkflowDescriptionInvalidCharactersError);
  });

  it('refuses a lone low surrogate', () => {
    const action = () => parseWorkflowDescription('\uDE80 rocket');

    expect(action).toThrow(WorkflowDescriptionInvalidCharactersError);
  });

  it('allows a zero-width joiner inside an emoji sequence', () => {
    const description = parseWorkflowDescription('Team \u{1F468}\u200D\u{1F469}');

    expect(description).toBe('Team \u{1F468}\u200D\u{1F469}');
  });

  it('reports invalid characters before length', () => {
    const action = () => parseWorkflowDescription(`${'a'.repeat(2500)}\u0000`);

    expect(action).toThrow(WorkflowDescriptionInvalidCharactersError);
  });
});
