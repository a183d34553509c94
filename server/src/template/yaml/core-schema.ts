// YAML 1.2 core-schema resolution of a plain scalar's source, for scalars whose tag we drop (an
// unknown tag such as `!Foo 5` is reported and the value read as if untagged). Mirrors what the
// `yaml` library does for untagged plain scalars: https://yaml.org/spec/1.2.2/#1023-core-schema

const NULL = /^(?:~|null|Null|NULL)?$/;
const TRUE = /^(?:true|True|TRUE)$/;
const FALSE = /^(?:false|False|FALSE)$/;
const INT10 = /^[-+]?[0-9]+$/;
const INT8 = /^0o[0-7]+$/;
const INT16 = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

/**
 * Whether a scalar starting with this character code may be anything but a string: the first characters
 * the patterns above accept (`~`, n/N, t/T, f/F, a digit, `+`, `-`, `.`). Most plain scalars are names and
 * words, and this one test spares them the nine patterns.
 */
function mayBeTyped(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x7e || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46;
}

export function resolveCorePlain(source: string): string | number | boolean | null {
  if (source.length > 0 && !mayBeTyped(source.charCodeAt(0))) return source;
  if (NULL.test(source)) return null;
  if (TRUE.test(source)) return true;
  if (FALSE.test(source)) return false;
  if (INT10.test(source)) return Number(source);
  if (INT8.test(source)) return parseInt(source.slice(2), 8);
  if (INT16.test(source)) return parseInt(source.slice(2), 16);
  if (FLOAT.test(source)) return Number(source);
  if (INF.test(source)) return source.startsWith('-') ? -Infinity : Infinity;
  if (NAN.test(source)) return NaN;
  return source;
}
