import { describe, expect, it } from 'vitest';
import { parseTokenArgs } from '../../../src/auth/index.js';

describe('parseTokenArgs', () => {
  it('reads org, user and the permission list', () => {
    const options = parseTokenArgs(['--org', 'acme', '--user', 'alice', '--permissions', 'org:workflows:create,org:workflows:read']);

    expect(options).toEqual({ org: 'acme', user: 'alice', permissions: ['org:workflows:create', 'org:workflows:read'] });
  });

  it('reads the optional ttl and role, in --name=value form too', () => {
    const options = parseTokenArgs(['--org=acme', '--user=alice', '--permissions=org:audit:read', '--ttl=60', '--role', 'member']);

    expect(options).toEqual({ org: 'acme', user: 'alice', permissions: ['org:audit:read'], ttlSeconds: 60, role: 'member' });
  });

  it('accepts an empty permission list, to try out a refusal', () => {
    const options = parseTokenArgs(['--org', 'acme', '--user', 'alice', '--permissions', '']);

    expect(options.permissions).toEqual([]);
  });

  it.each([
    ['no --org', ['--user', 'alice', '--permissions', 'org:workflows:read'], /--org is required/],
    ['an empty --user', ['--org', 'acme', '--user', ' ', '--permissions', 'org:workflows:read'], /--user must not be empty/],
    ['no --permissions', ['--org', 'acme', '--user', 'alice'], /--permissions is required/],
    ['a malformed permission', ['--org', 'acme', '--user', 'alice', '--permissions', 'workflows:create'], /org:<feature>:<permission>/],
    ['a ttl that is not a number', ['--org', 'acme', '--user', 'alice', '--permissions', '', '--ttl', '1h'], /--ttl/],
    ['a zero ttl', ['--org', 'acme', '--user', 'alice', '--permissions', '', '--ttl', '0'], /--ttl/],
    ['an unknown option', ['--org', 'acme', '--user', 'alice', '--permissions', '', '--admin'], /admin/],
    ['a positional argument', ['acme', '--user', 'alice', '--permissions', ''], /acme/],
    ['an option without value', ['--org', '--user', 'alice', '--permissions', ''], /org/],
  ])('refuses %s with the usage line', (_label, argv, problem) => {
    const parsing = () => parseTokenArgs(argv);

    expect(parsing).toThrow(problem);
    expect(parsing).toThrow(/usage: npm run token -- --org <org> --user <user> --permissions/);
  });
});
