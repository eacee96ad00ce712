const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether every store can keep and compare `text` as it is: PostgreSQL refuses U+0000 in text and in jsonb,
 * and a lone surrogate cannot be encoded as UTF-8 (the driver sends U+FFFD instead).
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !loneSurrogate.test(text);
}
