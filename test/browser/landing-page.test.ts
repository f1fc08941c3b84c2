import { Browser, chromium, Page, Request } from 'playwright-core';
import { startTestApp, TestApp } from '../support/test-app';
import { CHROMIUM_PATH, chromiumAvailable, staysLocal } from '../support/chromium';

// A real browser on a shared two-core machine: page loads and GraphiQL runs take seconds, not milliseconds.
jest.setTimeout(90_000);

const describeWithBrowser = chromiumAvailable() ? describe : describe.skip;

describeWithBrowser('the GraphiQL landing page in a real browser, offline', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  /** Every URL the page asked for that would leave this machine (aborted, so the test never reaches out). */
  const external: string[] = [];
  const graphqlPosts: Request[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LANDING_PAGE: 'graphiql' });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage();
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (staysLocal(url)) return route.continue();
      external.push(url);
      return route.abort('internetdisconnected');
    });
    page.on('request', (request) => {
      if (!staysLocal(request.url()) && !external.includes(request.url())) external.push(request.url());
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') graphqlPosts.push(request);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The text of GraphiQL's result pane. */
  // Evaluated in the page, as strings: the test program is compiled without the DOM library.
  const resultText = (): Promise<string> =>
    page.evaluate<string>(
      "(() => { const editor = document.querySelector('.graphiql-response .CodeMirror'); return (editor && editor.CodeMirror ? editor.CodeMirror.getValue() : document.querySelector('.graphiql-response')?.textContent) ?? ''; })()",
    );
  const resultHolds = (text: string) =>
    page.waitForFunction(`document.querySelector('.graphiql-response')?.textContent?.includes(${JSON.stringify(text)})`, null, { timeout: 15000 });

  async function runOperation(name?: string): Promise<void> {
    const before = graphqlPosts.length;
    await page.locator('.graphiql-execute-button').click();
    if (name) await page.getByRole('menuitem', { name }).click();
    await waitFor(() => graphqlPosts.length > before);
  }

  async function waitFor(condition: () => boolean, timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('loads, runs the example query as the seeded caller, and shows the answer, with no request leaving loopback', async () => {
    await page.goto(`http://127.0.0.1:${t.app.port}/`);
    await page.locator('.graphiql-execute-button').waitFor({ state: 'visible', timeout: 20000 });
    await runOperation();
    await resultHolds('totalCount');

    const shown = await resultText();
    expect(shown).toContain('"productOrders"');
    expect(shown).toContain('"totalCount"');
    expect(shown).not.toContain('"errors"');
    const sent = graphqlPosts.find((r) => (r.postDataJSON() as { operationName?: string }).operationName === 'MyOrders');
    expect(sent?.headers()['x-customer-id']).toBe('cust-1001');
    expect(external).toEqual([]);
  });

  it("links to Apollo Sandbox, and fills a fresh idempotency key and the last answers' ids on every run", async () => {
    expect(await page.locator('#ide-other').getAttribute('href')).toBe('/ide/sandbox');

    await page.locator('.graphiql-tab', { hasText: 'AttCartCreate' }).first().click();
    // GraphiQL reads a tab's operations from its editor after a debounce: wait for the document, then for that pause,
    // so that the run button offers the tab's operations rather than the previous tab's.
    await page.locator('.graphiql-query-editor', { hasText: 'mutation AttCartCreate' }).first().waitFor({ timeout: 15000 });
    await page.waitForTimeout(1000);
    await runOperation('AttCartCreate');
    await resultHolds('"cartCreate"');
    const created = JSON.parse(await resultText()) as { data: { cartCreate: { cart: { id: string } } } };
    const cartId = created.data.cartCreate.cart.id;

    await runOperation('AttCheckout');
    await runOperation('AttSubmit');
    await runOperation('AttSubmit');
    const submits = graphqlPosts
      .map((r) => r.postDataJSON() as { operationName?: string; variables: Record<string, string> })
      .filter((b) => b.operationName === 'AttSubmit');
    expect(submits).toHaveLength(2);
    expect(submits[0].variables.cartId).toBe(cartId);
    expect(submits[0].variables.idempotencyKey).not.toBe(submits[1].variables.idempotencyKey);
    expect(submits[0].variables.idempotencyKey).toMatch(/^ide-/);
    expect(external).toEqual([]);
  });
});
