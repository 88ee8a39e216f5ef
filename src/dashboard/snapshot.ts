/** Gather what a page shows from the source, and render its sections. */
import type { DashboardSource } from './source.js';
import { type DashboardSnapshot, overviewSections, type Sections, statusLine } from './views/page.js';
import { taskSection } from './views/task-view.js';

/** Rows of the dead and retry tables on the overview page. */
export const PAGE_LIST_LIMIT = 25;

export async function gatherSnapshot(source: DashboardSource): Promise<DashboardSnapshot> {
  const [overview, jobs, dead, retries] = await Promise.all([
    source.overview(),
    source.jobs(),
    source.deadTasks({ limit: PAGE_LIST_LIMIT }),
    source.retries({ limit: PAGE_LIST_LIMIT }),
  ]);
  return { overview, series: source.series(), jobs, decisions: source.decisions({ limit: 200 }), dead, retries };
}

export interface SectionsUpdate {
  /** Epoch ms of the data. */
  readonly at: number;
  readonly sections: Sections;
}

/** One task's sections, and whether the task exists (the task page answers 404 when not). */
export async function renderTaskUpdate(source: DashboardSource, taskId: string): Promise<SectionsUpdate & { readonly found: boolean }> {
  const [task, overview] = await Promise.all([source.task(taskId), source.overview()]);
  return { at: overview.at, sections: { status: statusLine(overview), task: taskSection(task, taskId) }, found: task !== null };
}

/** The overview's sections, or one task's when `taskId` is given. */
export async function renderUpdate(source: DashboardSource, taskId: string | undefined): Promise<SectionsUpdate> {
  if (taskId !== undefined) {
    const { at, sections } = await renderTaskUpdate(source, taskId);
    return { at, sections };
  }
  const snapshot = await gatherSnapshot(source);
  return { at: snapshot.overview.at, sections: overviewSections(snapshot) };
}
