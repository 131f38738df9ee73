import { describe, expect, it } from 'vitest';
import { timestamp } from '../../userland/commands/dmesg';
import { visibleRange } from './virtual';

describe('visibleRange', () => {
  it('renders only the rows in view of 100,000 lines', () => {
    expect(visibleRange(100_000, 0, 400, 20)).toEqual({ first: 0, last: 30 });
    expect(visibleRange(100_000, 20 * 50_000, 400, 20)).toEqual({ first: 49_990, last: 50_030 });
    expect(visibleRange(100_000, 20 * 100_000, 400, 20)).toEqual({ first: 99_990, last: 100_000 });
  });
  it('handles an empty list', () => {
    expect(visibleRange(0, 0, 400, 20)).toEqual({ first: 0, last: 0 });
  });
});

describe('timestamp', () => {
  it('prints [seconds.micros] as dmesg does', () => {
    expect(timestamp(1_234_567)).toBe('[    1.234567]');
    expect(timestamp(98_765_000_001)).toBe('[98765.000001]');
  });
});
