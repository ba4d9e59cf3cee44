// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Link } from 'wouter';
import { ConsoleRouter, takeFocusRequest, useEntryKey, useReplaceQuery, useShowPage } from '../src/navigation.js';

afterEach(() => {
  cleanup();
});

beforeEach(() => {
  window.history.replaceState(null, '', '/workflows');
});

/** Shows the entry key and offers every kind of navigation the console makes. */
function Probe() {
  const replaceQuery = useReplaceQuery();
  const showPage = useShowPage();
  return (
    <>
      <output aria-label="entry">{useEntryKey()}</output>
      <Link to="/trash">Trash</Link>
      <button type="button" onClick={() => { replaceQuery({ q: 'alpha', status: '' }); }}>
        Filter
      </button>
      <button type="button" onClick={() => { showPage('/workflows/w1'); }}>
        Show
      </button>
    </>
  );
}

function renderProbe() {
  render(
    <ConsoleRouter>
      <Probe />
    </ConsoleRouter>,
  );
  return () => screen.getByLabelText('entry').textContent;
}

describe('the console’s navigation', () => {
  it('gives each new history entry its own key, and keeps it through a rewrite of the query', () => {
    const entry = renderProbe();
    const first = entry();

    act(() => { screen.getByRole('link', { name: 'Trash' }).click(); });
    const trash = entry();
    act(() => { screen.getByRole('button', { name: 'Filter' }).click(); });

    expect(trash).not.toBe(first);
    expect(entry()).toBe(trash);
    expect(`${window.location.pathname}${window.location.search}`).toBe('/trash?q=alpha');
  });

  it('shows the key of the entry gone back to', async () => {
    const entry = renderProbe();
    act(() => { screen.getByRole('link', { name: 'Trash' }).click(); });
    const trash = entry();
    act(() => { screen.getByRole('button', { name: 'Show' }).click(); });

    act(() => { window.history.back(); });

    await waitFor(() => { expect(window.location.pathname).toBe('/trash'); });
    await waitFor(() => { expect(entry()).toBe(trash); });
  });

  it('hands the page shown the focus once, and a rewrite of the query keeps that request', () => {
    renderProbe();

    act(() => { screen.getByRole('button', { name: 'Show' }).click(); });
    act(() => { screen.getByRole('button', { name: 'Filter' }).click(); });

    expect(window.location.pathname).toBe('/workflows/w1');
    expect(takeFocusRequest()).toBe(true);
    expect(takeFocusRequest()).toBe(false);
  });

  it('asks no focus for a plain link', () => {
    renderProbe();

    act(() => { screen.getByRole('link', { name: 'Trash' }).click(); });

    expect(takeFocusRequest()).toBe(false);
  });
});
