import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isInside, resolveInside } from './confine';
import { AppError } from '../../api/errors';

let base: string;
let root: string;
let outside: string;

beforeAll(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ssp-confine-')));
  root = path.join(base, 'dataset');
  outside = path.join(base, 'secret');
  fs.mkdirSync(path.join(root, 'v2', 'abc', 'frames'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(root, 'v2', 'abc', 'frames', '0.jpg'), 'frame');
  fs.writeFileSync(path.join(outside, 'key.txt'), 'secret');
  fs.symlinkSync(outside, path.join(root, 'escape-dir'));
  fs.symlinkSync(path.join(outside, 'key.txt'), path.join(root, 'v2', 'abc', 'escape.jpg'));
  fs.symlinkSync(path.join(root, 'v2', 'abc', 'frames'), path.join(root, 'inner-link'));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const forbidden = (rel: string) => {
  try {
    resolveInside(root, rel);
  } catch (e) {
    return e instanceof AppError && e.code === 'forbidden';
  }
  return false;
};

describe('resolveInside', () => {
  it('resolves ordinary relative paths and links that stay inside', () => {
    expect(resolveInside(root, 'v2/abc/frames/0.jpg')).toBe(path.join(root, 'v2', 'abc', 'frames', '0.jpg'));
    expect(resolveInside(root, 'inner-link/0.jpg')).toBe(path.join(root, 'v2', 'abc', 'frames', '0.jpg'));
    expect(resolveInside(root, 'v2/./abc/../abc/frames')).toBe(path.join(root, 'v2', 'abc', 'frames'));
  });

  it('refuses parent segments, absolute paths, drive letters, NUL bytes and symlink escapes', () => {
    for (const rel of ['../secret/key.txt', 'v2/../../secret/key.txt', '/etc/passwd', path.join(outside, 'key.txt'), 'C:\\Windows\\win.ini', 'v2/abc\0.jpg', 'escape-dir/key.txt', 'escape-dir/new/file.png', 'v2/abc/escape.jpg']) {
      expect(forbidden(rel), rel).toBe(true);
    }
  });

  it('treats URL-encoded dots as literal names (the host decodes once; nothing decodes twice)', () => {
    // `%2e%2e/secret` arrives here already decoded once by URLSearchParams; it is a folder literally named "%2e%2e".
    const once = new URLSearchParams('p=%252e%252e%252fsecret').get('p')!;
    expect(once).toBe('%2e%2e%2fsecret');
    expect(isInside(root, resolveInside(root, once))).toBe(true);
    expect(forbidden(new URLSearchParams('p=%2e%2e%2fsecret%2fkey.txt').get('p')!)).toBe(true);
  });

  it('never returns a path outside the root, for any input', () => {
    const segment = fc.constantFrom('..', '.', 'v2', 'abc', 'frames', 'escape-dir', 'inner-link', '0.jpg', 'escape.jpg', '%2e%2e', '', '\\..', 'x');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), fc.boolean(), (parts, leadingSlash) => {
        const rel = (leadingSlash ? '/' : '') + parts.join('/');
        let resolved: string;
        try {
          resolved = resolveInside(root, rel);
        } catch (e) {
          return e instanceof AppError && e.code === 'forbidden';
        }
        let existing = resolved;
        while (!fs.existsSync(existing)) existing = path.dirname(existing);
        return isInside(root, resolved) && isInside(root, fs.realpathSync(existing));
      }),
      { numRuns: 3000 },
    );
  });
});
