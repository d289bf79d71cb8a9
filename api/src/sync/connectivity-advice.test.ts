import { describe, expect, it } from 'vitest';
import { DirectoryError } from '../ports/directory-source.js';
import { linkAgain, readAdvice, signInAdvice } from './connectivity-advice.js';

const refused = (code: string) =>
  new DirectoryError('not-authorized', `Graph said ${code}`, { code });

describe('signInAdvice', () => {
  it.each(['AADSTS700016', 'AADSTS65001', 'AADSTS7000229', 'unauthorized_client'])(
    '%s: consent is missing, and an admin links again',
    (code) => {
      const advice = signInAdvice(refused(code));
      expect(advice.detail).toContain('no admin consent');
      expect(advice.detail).toContain(code);
      expect(advice.fix).toContain(linkAgain);
      expect(advice).not.toHaveProperty('permission');
    },
  );

  it("blames Roster's own credential for an invalid or expired secret, not the tenant", () => {
    const advice = signInAdvice(refused('AADSTS7000215'));
    expect(advice.detail).toContain("Roster's own credential");
    expect(advice.fix).toContain('whoever runs Roster');
    expect(advice.fix).not.toContain(linkAgain);
  });

  it('says to wait when Entra ID is unavailable, and passes other messages on', () => {
    expect(signInAdvice(new DirectoryError('unavailable', 'timed out')).fix).toMatch(/few minutes/);
    expect(signInAdvice(new Error('socket hang up')).detail).toBe('socket hang up');
  });
});

describe('readAdvice', () => {
  it.each(['Authorization_RequestDenied', 'ErrorAccessDenied'])(
    '%s names the permission and how to grant it',
    (code) => {
      const advice = readAdvice(refused(code), 'GroupMember.Read.All', [
        'User.Read.All',
        'Organization.Read.All',
      ]);
      expect(advice.permission).toBe('GroupMember.Read.All');
      expect(advice.detail).toContain('lacks the GroupMember.Read.All application permission');
      expect(advice.detail).toContain('carries User.Read.All, Organization.Read.All');
      expect(advice.fix).toContain(
        `grants GroupMember.Read.All by linking the tenant again: ${linkAgain}`,
      );
    },
  );

  it('says so when the token carries no permissions, and says nothing of an unreadable token', () => {
    expect(
      readAdvice(refused('Authorization_RequestDenied'), 'User.Read.All', []).detail,
    ).toContain('no application permissions at all');
    expect(
      readAdvice(refused('Authorization_RequestDenied'), 'User.Read.All', undefined).detail,
    ).not.toContain('carries');
  });

  it('treats a refused token midway as lost consent, not a missing permission', () => {
    const advice = readAdvice(refused('AADSTS700016'), 'User.Read.All', undefined);
    expect(advice).not.toHaveProperty('permission');
    expect(advice.detail).toContain('no admin consent');
  });

  it('does not name a permission for failures that are not refusals', () => {
    for (const error of [
      new DirectoryError('unavailable', 'Graph kept answering 503'),
      new DirectoryError('rejected', 'Graph answered 400'),
      new Error('unexpected answer'),
    ]) {
      const advice = readAdvice(error, 'User.Read.All', ['User.Read.All']);
      expect(advice).not.toHaveProperty('permission');
      expect(advice.detail).toBe(error.message);
    }
  });
});
