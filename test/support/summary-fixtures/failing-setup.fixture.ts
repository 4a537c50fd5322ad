// A file whose setup fails: vitest marks its tests skipped, and the run must still count a failure.
import { beforeAll, expect, it } from 'vitest';

beforeAll(() => {
  throw new Error('setup failed');
});
it('never runs', () => expect(1).toBe(1));
it('never runs either', () => expect(1).toBe(1));
