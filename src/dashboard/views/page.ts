/** The page shell and the two pages: the overview, and one task with its audit trail. */
import type { DeadTaskView, DecisionsView, JobsView, Overview, RetryView, SeriesPoint } from '../source.js';
import { chartsSection, decisionsSection, jobsSection } from './activity-sections.js';
import { historyPanel } from './history-section.js';
import { esc } from './html.js';
import { labourersSection } from './labourer-cards.js';
import { deadSection, retriesSection } from './task-tables.js';

/** Everything the overview page shows at one moment. */
export interface DashboardSnapshot {
  readonly overview: Overview;
  readonly series: readonly SeriesPoint[];
  readonly jobs: JobsView;
  readonly decisions: DecisionsView;
  readonly dead: readonly DeadTaskView[];
  readonly retries: readonly RetryView[];
}

/** Section name -> HTML; the client swaps `[data-section=name]` when one changes. */
export type Sections = Readonly<Record<string, string>>;

/** The runtime state in the top bar. */
export function statusLine(overview: Overview): string {
  const state = overview.running ? 'dispatching' : 'not dispatching';
  return `<span class="meta" data-testid="runtime-state">${esc(state)} · store ${esc(overview.store)}</span>`;
}

export function overviewSections(s: DashboardSnapshot): Sections {
  const now = s.overview.at;
  return {
    status: statusLine(s.overview),
    labourers: labourersSection(s.overview),
    charts: chartsSection(
      s.series,
      s.overview.labourers.map((l) => l.labourerId),
      now,
    ),
    jobs: jobsSection(s.jobs, now),
    decisions: decisionsSection(s.decisions, now),
    dead: deadSection(
      s.dead,
      now,
      s.overview.labourers.reduce((sum, l) => sum + l.dead, 0),
    ),
    retries: retriesSection(s.retries, now),
  };
}

/** The views in the top bar. */
const NAV: ReadonlyArray<readonly [string, string]> = [
  ['/', 'Overview'],
  ['/explore', 'Tasks'],
  ['/jobs', 'Jobs'],
];

interface ShellOptions {
  /** The nav entry of this page. */
  readonly current?: string | undefined;
  readonly title: string;
  readonly project: string;
  readonly stream: string;
  readonly poll: string;
  readonly sections: Sections;
  readonly main: string;
}

function shell(o: ShellOptions): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.title)}</title><link rel="stylesheet" href="/assets/dashboard.css"><link rel="icon" href="data:,"></head>
<body data-stream="${esc(o.stream)}" data-poll="${esc(o.poll)}">
<a class="skip" href="#main">Skip to content</a>
<header class="top"><h1><a href="/" style="color:inherit">sosw</a> <span>· ${esc(o.project)}</span></h1>
<nav class="tabs" aria-label="views">${NAV.map(([href, label]) => `<a href="${href}"${href === o.current ? ' aria-current="page"' : ''}>${label}</a>`).join('')}</nav>
${o.stream === '' ? '' : '<span id="connection" class="pill off">connecting…</span>'}<span data-section="status">${o.sections.status ?? ''}</span><span id="updated" class="meta"></span>
<form id="find-task" role="search"><input name="task" placeholder="Find a task by id or its start…" aria-label="task id or its first characters" autocomplete="off"><div id="find-results" data-testid="find-results" hidden></div></form></header>
<main id="main" tabindex="-1">${o.main}</main><div id="toast" role="status"></div>
<script src="/assets/dashboard.js"></script></body></html>`;
}

function panel(name: string, title: string, note: string, html: string | undefined): string {
  return `<section class="panel" id="${name}"><h2>${esc(title)} <small>${esc(note)}</small></h2><div data-section="${name}">${html ?? ''}</div></section>`;
}

export function overviewPage(project: string, sections: Sections): string {
  const main = [
    panel('labourers', 'Labourers', 'health, slots and where their tasks are', sections.labourers),
    panel('charts', 'Queue and throughput', 'sampled by this dashboard, kept in memory', sections.charts),
    panel('history', 'History', 'minute rollups kept in the store', historyPanel('1h')),
    `<div class="grid2">${panel('jobs', 'Progress', 'closed out of every task', sections.jobs)}${panel('decisions', 'Why', 'what the engines decided lately', sections.decisions)}</div>`,
    `<div class="grid2">${panel('dead', 'Dead tasks', 'attempts used up', sections.dead)}${panel('retries', 'Retries', 'expired or failed, waiting for their next attempt', sections.retries)}</div>`,
  ].join('');
  return shell({ title: `sosw · ${project}`, project, current: '/', stream: '/api/events', poll: '/api/sections', sections, main });
}

export function taskPage(project: string, taskId: string, sections: Sections): string {
  const q = `task=${encodeURIComponent(taskId)}`;
  const main = panel('task', `Task ${taskId}`, 'where it is, and everything that happened to it', sections.task);
  return shell({ title: `sosw · task ${taskId}`, project, stream: `/api/events?${q}`, poll: `/api/sections?${q}`, sections, main });
}

/** A page without live updates (the explorer, the jobs view): its section is rendered once per request. */
export function staticPage(project: string, current: string, title: string, note: string, html: string): string {
  const main = panel('view', title, note, html);
  return shell({ title: `sosw · ${title}`, project, current, stream: '', poll: '', sections: {}, main });
}
