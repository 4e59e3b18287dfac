import { expect, test } from 'vitest';

test('runs in a real browser with IndexedDB and WebAssembly', () => {
  expect(typeof indexedDB.open).toBe('function');
  expect(typeof WebAssembly.Module).toBe('function');
});
