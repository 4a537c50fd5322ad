// A file that needs a program that does not exist.
import { expect, it } from 'vitest';
import { skipEachTestWithout } from '../required-tool.ts';

skipEachTestWithout({ command: 'tinkr-no-such-tool', versionArgs: ['--version'], install: 'apt-get install tinkr-no-such-tool' });
it('uses the tool', () => expect(1).toBe(1));
it('uses the tool again', () => expect(1).toBe(1));
