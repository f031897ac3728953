import { describe, expect, it } from 'vitest';
import {
  searchGrams,
  searchMatch,
} from '../../../src-main/services/cache/text-search.js';

describe('searchGrams', () => {
  it('writes each distinct character pair once, then the last character', () => {
    expect(searchGrams('火灾火灾')).toBe('火灾 灾火 灾');
  });

  it('spells characters the tokenizer would split on', () => {
    // Space is code point 32, "w" in base 36; "-" is 45, "19".
    expect(searchGrams('a b-')).toBe('axw xwb bx19 x19');
  });

  it('reads a lone surrogate as the replacement character', () => {
    expect(searchGrams('a\uD800')).toBe(searchGrams('a\uFFFD'));
  });

  it('returns no tokens for a value that is not text', () => {
    expect(searchGrams(null)).toBe('');
    expect(searchGrams(42)).toBe('');
  });
});

describe('searchMatch', () => {
  it('asks for the one pair of a two-character query', () => {
    expect(searchMatch('火灾')).toBe('"火灾"');
  });

  it('asks for every distinct pair of a longer query', () => {
    expect(searchMatch('abab')).toBe('"ab" "ba"');
  });

  it('makes a one-character query a prefix query', () => {
    expect(searchMatch('镇')).toBe('"镇"*');
  });

  it('lower-cases the query like the LIKE pattern', () => {
    expect(searchMatch('DOF')).toBe(searchMatch('dof'));
  });

  it('keeps quotes and FTS operators inside spelled tokens', () => {
    expect(searchMatch('"*')).toBe('"xyx16"');
    expect(searchMatch('a OR b')).not.toContain(' OR ');
  });
});
