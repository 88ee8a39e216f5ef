import { SoswError } from '../../../core/errors.js';

/** A config document from its stored JSON text; anything but a JSON object is a coded error. */
export function parseConfigDocument(text: string, where: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SoswError('config.invalid', `${where} is not valid JSON: store the config document as a JSON object text.`, {
      details: { where },
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SoswError('config.invalid', `${where} is JSON but not an object: a config document must be a JSON object.`, {
      details: { where },
    });
  }
  return parsed as Record<string, unknown>;
}

/** Follow `NextToken` pages until there are none, and stop on a repeated token (weakness 55: never loop forever). */
export async function collectPages<Page extends { NextToken?: string | undefined }>(
  fetchPage: (token: string | undefined) => Promise<Page>,
  maxPages = 10_000,
): Promise<Page[]> {
  const pages: Page[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    pages.push(page);
    token = page.NextToken === '' ? undefined : page.NextToken;
    if (token !== undefined && seen.has(token)) break;
    if (token !== undefined) seen.add(token);
  } while (token !== undefined && pages.length < maxPages);
  return pages;
}
