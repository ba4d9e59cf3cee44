import { describe, it, expect } from 'vitest';

import { parseWorkflowName, workflowNameKey } from '../../../src/workflows/domain/value-objects.js';

function keyOf(raw: string): string {
  return workflowNameKey(parseWorkflowName(raw));
}

describe('workflowNameKey', () => {
  it('gives a sharp s and a double s the same key', () => {
    const keys = [keyOf('straße'), keyOf('STRASSE'), keyOf('Strasse')];

    expect(new Set(keys)).toEqual(new Set(['strasse']));
  });

  it('gives a final sigma, a medial sigma and a capital sigma the same key', () => {
    const keys = [keyOf('ΟΔΟΣ'), keyOf('οδος'), keyOf('οδοσ')];

    expect(new Set(keys)).toEqual(new Set(['οδοσ']));
  });

  it('gives full-width letters the key of their plain form', () => {
    const keys = [keyOf('ＡＢＣ'), keyOf('abc')];

    expect(new Set(keys)).toEqual(new Set(['abc']));
  });

  it('ignores case in accented letters, composed or not', () => {
    const keys = [keyOf('Ünïcödé x'), keyOf('üNÏCÖDÉ x'), keyOf('U\u0308ni\u0308co\u0308de\u0301 X')];

    expect(new Set(keys).size).toBe(1);
  });

  it('keeps a dotless i apart from i', () => {
    const dotless = keyOf('\u0131d');

    expect(dotless).not.toBe(keyOf('id'));
    expect(dotless).toBe('\u0131d');
  });

  it('folds a capital I with a dot above to i followed by a combining dot', () => {
    const key = keyOf('\u0130d');

    expect(key).toBe('i\u0307d');
  });

  it('folds a ligature into its letters', () => {
    const keys = [keyOf('\uFB01le'), keyOf('FILE')];

    expect(new Set(keys)).toEqual(new Set(['file']));
  });

  it('gives canonically equivalent names one key even when folding undoes a composition', () => {
    const keys = [keyOf('\u0390'), keyOf('\u03AA\u0301'), keyOf('\u0399\u0308\u0301')];

    expect(new Set(keys)).toEqual(new Set(['\u0390']));
  });
});
