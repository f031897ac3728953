import { describe, expect, it } from 'vitest';
import { redactText, redactValue } from '../../../src-node/logging/index.js';

describe('log redaction', () => {
  it('masks a mobile number in Chinese text', () => {
    expect(redactText('来电人电话13812345678，请回电')).toBe(
      '来电人电话138****5678，请回电',
    );
  });

  it('masks a mobile number between spaces', () => {
    expect(redactText('phone 15900001111 ok')).toBe('phone 159****1111 ok');
  });

  it('keeps UUIDs that contain mobile-like digits', () => {
    const id = 'a42d0950-21a3-4f25-85cf-e17568682092';
    expect(redactText(`command ${id} applied`)).toBe(`command ${id} applied`);
    expect(redactText('e8c41459-3b79-4e87-b595-135686820921')).toBe(
      'e8c41459-3b79-4e87-b595-135686820921',
    );
  });

  it('masks an identity card number', () => {
    expect(redactText('身份证号42112319900101123X。')).toBe(
      '身份证号[id-number]。',
    );
  });

  it('masks bearer tokens and token fields', () => {
    expect(redactText('Authorization: Bearer abc.def.ghi')).toBe(
      'Authorization: Bearer [redacted]',
    );
    expect(redactValue({ token: 'secret', commandId: 'c-1' })).toEqual({
      token: '[redacted]',
      commandId: 'c-1',
    });
  });
});
