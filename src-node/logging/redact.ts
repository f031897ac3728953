/**
 * Redaction applied at the log sink, so that no caller can leak a secret or personal data by
 * forgetting to mask it. Patterns cover bearer tokens and token-like fields, mainland mobile
 * numbers, resident identity card numbers and the user's home directory.
 */
const SECRET_KEYS =
  /^(token|accessToken|refreshToken|password|secret|authorization|cookie)$/i;
const MASK = '[redacted]';

const TEXT_RULES: ReadonlyArray<
  [RegExp, string | ((match: string) => string)]
> = [
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${MASK}`],
  [
    /("?(?:token|accessToken|refreshToken|password|secret)"?\s*[:=]\s*"?)[^",\s}]+/gi,
    `$1${MASK}`,
  ],
  [/([?&](?:token|access_token|refresh_token)=)[^&\s]+/gi, `$1${MASK}`],
  // 18-digit resident identity card numbers (last character may be X). Letters, digits and
  // hyphens around the number mean it is part of an identifier such as a UUID, not a number.
  [/(?<![\w-])\d{17}[\dXx](?![\w-])/g, '[id-number]'],
  // Mainland mobile numbers keep their first 3 and last 4 digits, as printed on duty notices.
  [/(?<![\w-])(1[3-9]\d)\d{4}(\d{4})(?![\w-])/g, '$1****$2'],
];

let homeDirectory: string | null = null;

/** Sets the home directory whose occurrences in log text are replaced by `~`. */
export function setRedactedHome(path: string | null): void {
  homeDirectory = path && path.length > 1 ? path : null;
}

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) {
    out =
      typeof replacement === 'string'
        ? out.replace(pattern, replacement)
        : out.replace(pattern, replacement);
  }
  if (homeDirectory) {
    out = out.split(homeDirectory).join('~');
  }
  return out;
}

/** Returns a copy of `value` with secret fields masked and every string redacted. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6) {
    return '[depth limit]';
  }
  if (typeof value === 'string') {
    return redactText(value);
  }
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack ? redactText(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) {
    return value.slice(0, 50).map((item) => redactValue(item, depth + 1));
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = SECRET_KEYS.test(key) ? MASK : redactValue(item, depth + 1);
    }
    return out;
  }
  return value;
}
