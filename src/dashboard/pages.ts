/**
 * The dashboard's HTML pages and the query each takes. A page parses its query with the schema of
 * its JSON twin (the same object, through the same functions), so the two cannot drift; an error
 * on a page is answered as a page (views/error-page.ts) that lists these parameters.
 */
import { jobsQuerySchema } from './jobs-routes.js';
import { explorerQuerySchema, NO_PARAMETERS, paramNames } from './query.js';

export interface PageInfo {
  /** The page's view in the top bar; '' for a page that has none (a task). */
  readonly nav: string;
  /** The query parameters the page takes, as its JSON twin does. */
  readonly params: readonly string[];
}

const OVERVIEW: PageInfo = { nav: '/', params: paramNames(NO_PARAMETERS) };
const EXPLORER: PageInfo = { nav: '/explore', params: paramNames(explorerQuerySchema) };
const JOBS: PageInfo = { nav: '/jobs', params: paramNames(jobsQuerySchema) };
const TASK: PageInfo = { nav: '', params: paramNames(NO_PARAMETERS) };

/** The page at `pathname` (`/`, `/explore`, `/jobs`, `/tasks/<id>`), or undefined for anything else. */
export function pageOf(pathname: string): PageInfo | undefined {
  if (pathname === '/') return OVERVIEW;
  if (pathname === '/explore') return EXPLORER;
  if (pathname === '/jobs') return JOBS;
  if (pathname.startsWith('/tasks/')) return TASK;
  return undefined;
}
