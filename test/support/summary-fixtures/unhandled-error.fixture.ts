import { expect, it } from 'vitest';

it('passes but leaves an error behind', async () => {
  setTimeout(() => {
    throw new Error('thrown outside any test');
  }, 0);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(1).toBe(1);
});
