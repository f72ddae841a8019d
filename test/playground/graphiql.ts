import type { Page } from 'playwright-core';

/** Driving GraphiQL 5 in a page: its editors (Monaco models), its tabs, its run button. */

/** GraphiQL 5's editors are Monaco models, named by what they hold: the operation, variables, headers, response. */
export type EditorName = 'operation.graphql' | 'variables.json' | 'request-headers.json' | 'response.json';

export function editor(page: Page, name: EditorName): Promise<string> {
  return page.evaluate(
    (n) =>
      (globalThis as any).__MONACO.editor
        .getModels()
        .find((m: any) => m.uri.path.endsWith(n))
        ?.getValue() ?? '',
    name,
  );
}

/**
 * Replaces an editor's contents, as pasting would: GraphiQL sees the change and keeps it in the tab.
 * A new operation is waited for until GraphiQL has read it (below).
 */
export async function setEditor(page: Page, name: EditorName, value: string): Promise<void> {
  await page.evaluate(
    ([n, v]) =>
      (globalThis as any).__MONACO.editor
        .getModels()
        .find((m: any) => m.uri.path.endsWith(n))
        .setValue(v),
    [name, value] as const,
  );
  if (name === 'operation.graphql') await operationRead(page);
}

/**
 * Waits until GraphiQL has read the operation editor's text: it does so 100 ms after a change (a tab
 * switch included), storing the text as graphiql:query and, in the same step, the operation it
 * holds. Until then the run button acts on the previous operation: one of several asks which to run.
 */
async function operationRead(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (globalThis as any).localStorage.getItem('graphiql:query') ===
      (globalThis as any).__MONACO.editor
        .getModels()
        .find((m: any) => m.uri.path.endsWith('operation.graphql'))
        ?.getValue(),
  );
}

/** Waits until the response pane holds `expected`; answers its text. */
export async function responseWith(page: Page, expected: string): Promise<string> {
  await page.waitForFunction(
    (e) => (globalThis as any).__MONACO.editor.getModels().some((m: any) => m.uri.path.endsWith('response.json') && m.getValue().includes(e)),
    expected,
  );
  return editor(page, 'response.json');
}

/** Clicks run (and, where the tab holds several operations, picks `operation` from its menu). */
export async function run(page: Page, operation?: string): Promise<void> {
  await page.locator('.graphiql-execute-button').click();
  if (operation) await page.getByRole('menuitem', { name: operation, exact: true }).click();
}

export async function openTab(page: Page, title: string): Promise<void> {
  await page.locator('.graphiql-tab').filter({ hasText: title }).locator('.graphiql-tab-button').click();
  await page.waitForFunction(
    (op) => (globalThis as any).__MONACO.editor.getModels().some((m: any) => m.uri.path.endsWith('operation.graphql') && m.getValue().includes(op)),
    title,
  );
  await operationRead(page);
}
