import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page, type Response, type WebSocket } from 'playwright-core';
import type { Member } from '../../factories/members.js';
import { CHROMIUM_PATH, ensureClientBuilt, hasChromium, launchOptions } from './chromium.mjs';

// Real headless Chromium (Debian's) against a real test app. Page functions below run in the
// browser; the test tsconfig has no DOM library, so they name the few browser globals they use.

interface BrowserElement {
  tagName: string;
  id: string;
  textContent: string | null;
  className: string;
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
  getBoundingClientRect(): { left: number; right: number; width: number };
}
declare const document: {
  activeElement: BrowserElement | null;
  documentElement: { scrollWidth: number; clientWidth: number };
  querySelectorAll(selector: string): ArrayLike<BrowserElement>;
};
declare function getComputedStyle(element: BrowserElement): { outlineStyle: string; outlineWidth: string; boxShadow: string };
declare const axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };

export const UI_TIMEOUT = 15_000;
/** per test: a real browser on a 2-core machine shared with other test runs */
export const BROWSER_TEST_TIMEOUT = 90_000;
/** beforeAll: maybe a client build (~5 s), the app, the seed, a browser */
export const BROWSER_SETUP_TIMEOUT = 180_000;

/**
 * `describe` when Debian's Chromium is installed, else `describe.skip` with a note: `npm test`
 * passes on a machine without it, and CI (.ci/run installs it) runs these for real.
 */
export function describeInChromium(name: string, body: () => void): void {
  if (hasChromium()) {
    describe(name, body);
    return;
  }
  console.warn(`[browser] skipping "${name}": ${CHROMIUM_PATH} is missing (apt-get install -y chromium; .ci/run installs it)`);
  describe.skip(name, body);
}

/** Builds the client if client/dist is missing or stale (before the app starts: it reads index.html then). */
export async function prepareClient(): Promise<void> {
  await ensureClientBuilt({ log: (line) => console.info(line) });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch(launchOptions());
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught page errors, with where they came from */
  errors: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  /** signed in as this member (the API login sets the same cookies the form would) */
  member?: Member;
  viewport?: { width: number; height: number };
}

/** A browser context of its own (cookies, storage, socket), with one page whose errors are recorded. */
export async function openSession(browser: Browser, baseUrl: string, options: SessionOptions = {}): Promise<BrowserSession> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: options.viewport ?? { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' });
  context.setDefaultTimeout(UI_TIMEOUT);
  if (options.member) await signInThroughApi(context, options.member);
  const page = await context.newPage();
  const errors = recordErrors(page);
  return { context, page, errors, close: () => context.close() };
}

export async function signInThroughApi(context: BrowserContext, member: Member): Promise<void> {
  const res = await context.request.post('/api/auth/login', { data: { username: member.username, password: member.password } });
  if (res.status() !== 200) throw new Error(`sign-in of ${member.username} failed: ${res.status()} ${await res.text()}`);
}

/** Console errors (which include failed resource loads) and uncaught exceptions of a page. */
export function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    errors.push(`console.error: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/**
 * Resolves once the page's Socket.IO client is connected: the server's CONNECT packet (`40{"sid"`)
 * arrived by long-polling or WebSocket. Set it up before the navigation that opens the socket.
 */
export function liveConnection(page: Page): Promise<void> {
  return new Promise((resolve, reject) => {
    const connected = (text: string) => /(^|\x1e)40\{"sid"/.test(text);
    const finish = () => {
      clearTimeout(timer);
      page.off('response', onResponse);
      page.off('websocket', onSocket);
      resolve();
    };
    const onResponse = (response: Response) => {
      if (!response.url().includes('/socket.io/') || response.request().method() !== 'GET') return;
      response.text().then((text) => connected(text) && finish(), () => undefined);
    };
    const onSocket = (socket: WebSocket) => {
      if (!socket.url().includes('/socket.io/')) return;
      socket.on('framereceived', (frame) => typeof frame.payload === 'string' && connected(frame.payload) && finish());
    };
    const timer = setTimeout(() => reject(new Error('the page did not connect to Socket.IO within 15 s')), UI_TIMEOUT);
    page.on('response', onResponse);
    page.on('websocket', onSocket);
  });
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core (WCAG 2 A and AA rules) on the page as it is now: the serious and critical violations, readable. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Playwright adds the file as an inline <script>; the app's CSP (script-src 'self') blocks
  // inline scripts, so evaluate it through DevTools instead, which CSP does not govern
  const loaded = await page.evaluate(() => typeof axe !== 'undefined');
  if (!loaded) {
    const { readFile } = await import('node:fs/promises');
    await page.evaluate(await readFile(AXE_SOURCE, 'utf8'));
  }
  const { violations } = await page.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] }));
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.replace(/\s+/g, ' ')).join('\n')}`);
}

/** How wide the document is, and the elements sticking out past the viewport (for a readable failure). */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number; overflowing: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflowing: string[] = [];
    const all = document.querySelectorAll('body *');
    for (let i = 0; i < all.length && overflowing.length < 10; i++) {
      const box = all[i]!.getBoundingClientRect();
      if (box.right > width + 0.5 || box.left < -0.5) overflowing.push(`${all[i]!.tagName.toLowerCase()}.${all[i]!.className} (${Math.round(box.left)}..${Math.round(box.right)})`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, overflowing };
  });
}

export interface FocusedElement {
  tag: string;
  id: string;
  text: string;
  label: string | null;
  focusVisible: boolean;
  /** a visible outline or ring drawn by the focus styles */
  indicator: boolean;
}

/** The element that has keyboard focus and whether a focus indicator is drawn around it. */
export function focusedElement(page: Page): Promise<FocusedElement | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element.tagName === 'BODY') return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== 'none' && style.boxShadow !== '';
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      text: (element.textContent ?? '').trim().slice(0, 60),
      label: element.getAttribute('aria-label'),
      focusVisible: element.matches(':focus-visible'),
      indicator: outline || ring,
    };
  });
}

/**
 * Presses Tab until `matches` accepts the focused element (at most `limit` presses): what a
 * keyboard user does. Returns the element, or throws with the last few stops.
 */
export async function tabUntil(page: Page, matches: (focused: FocusedElement) => boolean, limit = 300): Promise<FocusedElement> {
  const trail: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await focusedElement(page);
    if (focused && matches(focused)) return focused;
    trail.push(focused ? `${focused.tag}#${focused.id} "${focused.label ?? focused.text}"` : '(body)');
  }
  throw new Error(`Tab never reached the element after ${limit} presses; last stops:\n${trail.slice(-8).join('\n')}`);
}

/**
 * Reads `read()` until `accept` holds (every 100 ms, up to 15 s) and returns that value: for
 * states no locator can wait on, such as a textarea's value. Throws with the last value read.
 */
export async function waitUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
