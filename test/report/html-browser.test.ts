/// <reference lib="dom" />
// The HTML report in a real browser (headless Chromium through playwright-core): it renders, its
// own script runs under its Content-Security-Policy, the status filter hides and shows rows, print
// shows everything, and hostile values never run. Chromium missing is a failure, not a skip: CI
// installs it (Debian package chromium).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.ts';
import { hostileViewModel, sampleViewModel } from '../fixtures/view-model.ts';
import { hostileRunViewModel } from '../fixtures/hostile-run.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots are kept for a person to look at (and by CI as artifacts). */
export const SCREENSHOT_DIR = process.env.REPORT_SCREENSHOT_DIR ?? path.join(tmpdir(), 'report-screenshots');

let browser: Browser;
const work = path.join(tmpdir(), `report-browser-${process.pid}`);

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`headless Chromium is required for the HTML report browser tests: ${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH)`);
  }
  mkdirSync(work, { recursive: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

async function open(name: string, html: string): Promise<Opened> {
  const file = path.join(work, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const opened: Opened = { page, requests: [], dialogs: [], errors: [] };
  page.on('request', (r) => opened.requests.push(r.url()));
  page.on('dialog', (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') opened.errors.push(m.text());
  });
  page.on('pageerror', (e) => opened.errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  return opened;
}

const visibleStatuses = (page: Page) =>
  page.$$eval('#controls-table tbody.control', (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getAttribute('data-status')));

describe('HTML report in Chromium', () => {
  it('renders the report and runs its own script under its CSP', async () => {
    const vm = sampleViewModel();
    const { page, requests, errors } = await open('sample', renderHtml(vm));
    try {
      await expect(page.title()).resolves.toContain(vm.framework.name);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain(vm.framework.name);
      // The filter bar is shown by the script: the CSP allowed exactly our inline script.
      expect(await page.locator('#filters').isVisible()).toBe(true);
      expect(await page.locator('#filter-note').innerText()).toBe(`Showing ${vm.controls.length} of ${vm.controls.length} controls.`);
      expect(await visibleStatuses(page)).toEqual(vm.controls.map((c) => c.status));
      // The inline CSS applied (badges have their colour), the SVG chart drew its bars.
      const fail = page.locator('.badge.s-fail').first();
      expect(await fail.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(180, 35, 24)');
      expect(await page.locator('svg[role="img"] rect').count()).toBe(7);
      // Accessible: named checkboxes, a captioned table, landmarks.
      expect(await page.getByRole('checkbox', { name: /FAIL/ }).count()).toBe(1);
      expect(await page.getByRole('table', { name: /All 20 controls/ }).count()).toBe(1);
      expect(await page.getByRole('main').count()).toBe(1);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      expect(errors).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-top.png') });
    } finally {
      await page.close();
    }
  });

  it('hides FAIL rows when FAIL is unchecked, and shows them again', async () => {
    const vm = sampleViewModel();
    const fails = vm.controls.filter((c) => c.status === 'FAIL').length;
    expect(fails).toBeGreaterThan(0);
    const { page } = await open('filter', renderHtml(vm));
    try {
      await page.getByRole('checkbox', { name: /FAIL/ }).uncheck();
      const shown = await visibleStatuses(page);
      expect(shown).not.toContain('FAIL');
      expect(shown).toHaveLength(vm.controls.length - fails);
      expect(await page.locator('tbody.control[data-status="FAIL"]').first().isHidden()).toBe(true);
      expect(await page.locator('#filter-note').innerText()).toBe(`Showing ${vm.controls.length - fails} of ${vm.controls.length} controls.`);
      await page.getByRole('button', { name: 'Expand all details' }).click();
      expect(await page.locator('tbody.control[data-status="EXCEPTION"] details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      await page.locator('tbody.control[data-status="EXCEPTION"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-filtered-fail-unchecked.png') });

      // Printing shows every control, whatever the filter says.
      await page.emulateMedia({ media: 'print' });
      expect(await visibleStatuses(page)).toHaveLength(vm.controls.length);
      await page.emulateMedia({ media: 'screen' });

      await page.getByRole('checkbox', { name: /FAIL/ }).check();
      expect(await visibleStatuses(page)).toEqual(vm.controls.map((c) => c.status));
    } finally {
      await page.close();
    }
  });

  it('a check shown under an earlier control links to its detail, showing that control if the filter hid it', async () => {
    const vm = sampleViewModel();
    const failing = vm.controls.find((c) => c.status === 'FAIL' && c.detailShown && c.checks.length > 0)!;
    const later = vm.controls.slice(vm.controls.indexOf(failing) + 1).find((c) => c.status !== 'FAIL' && c.detailShown)!;
    expect(later).toBeDefined();
    // the same check, mapped to the later control too
    const shared = { ...failing.checks[0]!, mappingRationale: 'the later control asks for the same thing' };
    const controls = vm.controls.map((c) => (c === later ? { ...c, checks: [...c.checks, shared] } : c));
    const { page, errors } = await open('check-link', renderHtml({ ...vm, controls }));
    try {
      await page.getByRole('checkbox', { name: /FAIL/ }).uncheck();
      expect(await page.locator('tbody.control[data-status="FAIL"]').first().isHidden()).toBe(true);
      const row = page.locator('tbody.control').filter({ has: page.locator(`th.cid code`, { hasText: new RegExp(`^${later.id.replace(/[()]/g, '\\$&')}$`) }) });
      await row.locator('summary').click();
      const link = row.locator('a.check-link');
      expect(await link.innerText()).toContain(`listed under ${failing.id}`);
      await link.click();
      const target = page.locator(await link.getAttribute('href').then((h) => h!));
      await expect.poll(() => target.isVisible()).toBe(true);
      expect(await page.getByRole('checkbox', { name: /FAIL/ }).isChecked()).toBe(true);
      expect(await target.evaluate((el) => (el.closest('details') as HTMLDetailsElement).open)).toBe(true);
      expect(await target.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; })).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-check-link.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('never runs hostile values: no dialog, no request, no script error, text shown as text', async () => {
    for (const [name, html] of [
      ['hostile-fixture', renderHtml(hostileViewModel())],
      ['hostile-run', renderHtml(hostileRunViewModel(50).vm)],
    ] as const) {
      const { page, requests, dialogs, errors } = await open(name, html);
      try {
        await page.getByRole('button', { name: 'Expand all details' }).click();
        await page.waitForTimeout(200);
        expect(dialogs, name).toEqual([]);
        expect(requests.filter((u) => !u.startsWith('file://')), name).toEqual([]);
        expect(errors, name).toEqual([]);
        expect(await page.locator('img').count()).toBe(0);
        expect(await page.locator('body script').count()).toBe(1);
        const text = await page.locator('body').innerText();
        expect(text).toContain('<script>alert(1)</script>');
        expect(text).toContain("{{constructor.constructor('");
        // 10,000-character unbroken values wrap instead of widening the page.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
        if (name === 'hostile-run') await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-hostile.png') });
      } finally {
        await page.close();
      }
    }
  });
});
