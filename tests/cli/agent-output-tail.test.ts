import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputTail, TAIL_CHARS, TAIL_LINES } from '../../cli/commands/output-tail.ts';

/** The agent's log of a trial: the program's last lines, as the trial page shows them. */
describe('the output tail the agent stores as a trial log', () => {
  test('keeps the last 200 lines of stdout and stderr, in the order they came', () => {
    const tail = new OutputTail();
    for (let i = 0; i < 500; i++) tail.write(i % 2 ? 'stderr' : 'stdout', Buffer.from(`line ${i}\n`));
    const lines = tail.snapshot().split('\n');
    assert.equal(lines.length, TAIL_LINES + 1, 'the last line ends with a newline');
    assert.equal(lines[0], 'line 300');
    assert.equal(lines.at(-2), 'line 499');
    assert.equal(tail.lastLines(3, 1000), 'line 497\nline 498\nline 499');
  });

  test('keeps at most 16 KB, in whole lines', () => {
    const tail = new OutputTail();
    for (let i = 0; i < 100; i++) tail.write('stdout', `${String(i).padStart(3, '0')}${'x'.repeat(1000)}\n`);
    const text = tail.snapshot();
    assert.ok(text.length <= TAIL_CHARS);
    assert.match(text, /^\d{3}x{1000}\n/, 'starts with a whole line');
    assert.match(text, /099x{1000}\n$/);
  });

  test('a progress bar redrawn with carriage returns keeps its last state', () => {
    const tail = new OutputTail();
    tail.write('stderr', '10%|#  |\r50%|## |\r100%|###|\r\nepoch 1 done\n');
    assert.equal(tail.snapshot(), '100%|###|\nepoch 1 done\n');
  });

  test('a character split across chunks is decoded whole', () => {
    const tail = new OutputTail();
    const bytes = Buffer.from('loss ↓ 0.5 ✓\n');
    for (const byte of bytes) tail.write('stdout', Buffer.from([byte]));
    assert.equal(tail.snapshot(), 'loss ↓ 0.5 ✓\n');
  });
});
