// Lessons and presenter mode, end to end: a lesson stepped through with the
// keyboard alone (predict, reveal, the exact answer and how far the guess
// was), nothing giving the answer away before Reveal, the step in the link,
// presenter mode on a 1024×768 projector (board size and name size
// measured), its single-key shortcuts and their list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, pageSuite, screenshot } from './harness.mjs';

const chrome = pageSuite();
const LESSON = 'external-traffic-policy';

const region = () => chrome.page.getByRole('region', { name: 'Lesson step' });
const policy = (name) => chrome.page.getByRole('radiogroup', { name: 'externalTrafficPolicy' }).first().getByRole('radio', { name, exact: true });

/** Presses Tab until `locator` has focus (at most 80 times). */
async function tabTo(locator) {
  for (let i = 0; i < 80; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await chrome.page.keyboard.press('Tab');
  }
  throw new Error('never reached by Tab');
}

async function progress() {
  return region().locator('.lesson-progress').textContent();
}

test('a lesson is stepped through with the keyboard alone: predict, reveal, the exact answer', async () => {
  const page = chrome.page;
  const picker = page.getByRole('combobox', { name: 'Lesson' });
  await tabTo(picker);
  await page.keyboard.press('ArrowDown'); // Chromium changes a focused select's value with the arrows.
  await region().waitFor();
  assert.equal(await progress(), 'Step 1 of 7');

  // Step 1: predict web-4's share under Cluster, 20%; the answer is 16.7%.
  const input = region().getByRole('group', { name: 'Your prediction' }).getByRole('spinbutton');
  await tabTo(input);
  await page.keyboard.type('20');
  await page.keyboard.press('Enter');
  const feedback = region().locator('.feedback');
  await feedback.waitFor();
  assert.match(await feedback.textContent(), /^The exact answer is 16\.7%\. Your prediction, 20%, was 3\.3 points too high\.$/);
  assert.match(await region().locator('.lesson-explain').textContent(), /10\.244\.3\.1/, 'the pod-CIDR gateway, from the core');
  await screenshot(page, 'lesson-step-1');

  // Next step by keyboard; step 2 asks a choice.
  await tabTo(region().getByRole('button', { name: 'Next step' }));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.lesson-progress')?.textContent === 'Step 2 of 7');
  const client = region().getByRole('radio', { name: /203\.0\.113\.10, the client/ });
  await tabTo(client);
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await feedback.waitFor();
  assert.match(await feedback.textContent(), /^Right: 203\.0\.113\.10/);
  await screenshot(page, 'lesson-step-2');

  // Steps 3 to 7, each predicted and revealed; the answers come from the core.
  const answers = { 3: '33.3%', 4: '50.0%', 5: '33.3%', 6: /Terminating pods still serve them/, 7: '16.7%' };
  for (let step = 3; step <= 7; step += 1) {
    await tabTo(region().getByRole('button', { name: 'Next step' }));
    await page.keyboard.press('Enter');
    await page.waitForFunction((s) => document.querySelector('.lesson-progress')?.textContent === `Step ${s} of 7`, step);
    const expected = answers[step];
    if (typeof expected === 'string') {
      await tabTo(region().getByRole('spinbutton'));
      await page.keyboard.type(expected.replace('%', ''));
    } else {
      await tabTo(region().getByRole('radio').first());
      await page.keyboard.press('Space');
    }
    await page.keyboard.press('Enter');
    await feedback.waitFor();
    const text = await feedback.textContent();
    if (typeof expected === 'string') {
      assert.equal(text, `The exact answer is ${expected}. Your prediction, ${parseFloat(expected)}%, was spot on.`, `step ${step}`);
    } else {
      assert.match(text, expected, `step ${step}`);
    }
    await screenshot(page, `lesson-step-${step}`);
  }
  // Step 7's reveal spread the pods: two per node, imbalance 1.00×.
  const imbalance = page.getByRole('region', { name: 'Traffic summary' }).locator('dt:text("Imbalance") + dd');
  assert.equal(await imbalance.textContent(), '1.00×');
  assert.equal(await region().getByRole('button', { name: 'Next step' }).isDisabled(), true);
  // The link carries the lesson and the step.
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('lesson'), LESSON);
  assert.equal(url.searchParams.get('step'), '7');
  // Leaving keeps the lesson's last board.
  await region().getByRole('button', { name: 'Leave lesson' }).click();
  await region().waitFor({ state: 'detached' });
  assert.equal(await imbalance.textContent(), '1.00×');
});

test('before Reveal nothing on screen gives the answer away', async () => {
  const page = chrome.page;
  await page.goto(`${chrome.url}?lesson=${LESSON}&step=3`);
  await region().waitFor();
  const hidden = await page.evaluate(() => {
    const visible = (el) => !!el && getComputedStyle(el).visibility !== 'hidden' && getComputedStyle(el).display !== 'none';
    return {
      chipShare: visible(document.querySelector('.pod-share')),
      nodeLb: visible(document.querySelector('.node-lb')),
      summary: visible(document.querySelector('.summary dd')),
      chart: visible(document.querySelector('.share-chart')),
      tableShare: getComputedStyle(document.querySelector('.shares td.num')).color,
      lede: document.querySelector('.lede').textContent,
      names: [...document.querySelectorAll('[aria-label^="pod "]')].map((el) => el.getAttribute('aria-label')).join(' | '),
    };
  });
  assert.doesNotMatch(hidden.names, /%/, 'pod names carry no share before Reveal');
  delete hidden.names;
  assert.deepEqual({ ...hidden, tableShare: undefined }, { chipShare: false, nodeLb: false, summary: false, chart: false, tableShare: undefined, lede: 'Local: crowded nodes starve, lone pods drown' });
  assert.equal(hidden.tableShare, 'rgba(0, 0, 0, 0)');
  const { summary } = await axe(page);
  assert.equal(summary, '', 'a lesson step has no axe violations');
  await region().getByRole('spinbutton').fill('30');
  await region().getByRole('button', { name: 'Reveal' }).click();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.pod-share') ?? document.body).visibility === 'visible' && document.querySelector('.pod-share'));
  assert.equal((await axe(page)).summary, '', 'a revealed step has no axe violations');
});

test('presenter mode at 1024×768: the board fills the screen, names are large, keys drive it', async () => {
  const page = chrome.page;
  await page.setViewportSize({ width: 1024, height: 768 });
  try {
    await page.goto(chrome.url);
    await page.getByRole('table', { name: 'Traffic share per pod' }).waitFor();
    await page.keyboard.press('p');
    await page.getByRole('toolbar', { name: 'Presenter controls' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('present'), '1');
    const measured = await page.evaluate(() => {
      const svg = document.querySelector('svg.board');
      const box = svg.getBoundingClientRect();
      const scale = svg.getScreenCTM().a;
      const name = document.querySelector('.node-name');
      return {
        area: (box.width * box.height) / (innerWidth * innerHeight),
        namePx: parseFloat(getComputedStyle(name).fontSize) * scale,
        scrolls: document.documentElement.scrollHeight > innerHeight,
      };
    });
    assert.ok(measured.area >= 0.7, `board area ${measured.area}`);
    assert.ok(measured.namePx >= 24, `node names ${measured.namePx} px`);
    assert.equal(measured.scrolls, false);
    assert.equal((await axe(page)).summary, '', 'presenter mode has no axe violations');
    await screenshot(page, 'presenter-1024x768');

    // C and L switch the policy, H the health checks, Space plays and pauses.
    await page.keyboard.press('c');
    assert.equal(await policy('Cluster').isChecked(), true);
    await page.keyboard.press('l');
    assert.equal(await policy('Local').isChecked(), true);
    const health = page.getByRole('checkbox', { name: 'LB health checks' });
    const before = await health.isChecked();
    await page.keyboard.press('h');
    assert.equal(await health.isChecked(), !before);
    const play = page.getByRole('button', { name: /Pause|Play/ });
    const playing = await play.getAttribute('aria-pressed');
    await page.keyboard.press(' ');
    assert.notEqual(await play.getAttribute('aria-pressed'), playing);

    // ? lists the keys; Escape closes the list, then leaves presenter mode.
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /presenter mode.*play or pause.*Cluster \/ Local/s);
    assert.equal((await axe(page)).summary, '', 'the shortcut list has no axe violations');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.getByRole('table', { name: 'Traffic share per pod' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('present'), null);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('in presenter mode the arrows walk the lesson, and ?present=1 opens it', async () => {
  const page = chrome.page;
  await page.setViewportSize({ width: 1024, height: 768 });
  try {
    await page.goto(`${chrome.url}?lesson=${LESSON}&step=2&present=1`);
    await region().waitFor();
    assert.equal(await progress(), 'Step 2 of 7');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('.lesson-progress')?.textContent === 'Step 3 of 7');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('.lesson-progress')?.textContent === 'Step 2 of 7');
    await screenshot(page, 'presenter-lesson');
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('Spread pods (maxSkew 1) evens the default board in one click, and Undo brings it back', async () => {
  const page = chrome.page;
  const imbalance = page.getByRole('region', { name: 'Traffic summary' }).locator('dt:text("Imbalance") + dd');
  assert.equal(await imbalance.textContent(), '3.00×');
  await page.getByRole('button', { name: 'Spread pods (maxSkew 1)' }).click();
  assert.equal(await imbalance.textContent(), '1.00×');
  assert.match(await page.getByRole('status').first().textContent(), /moved 1 pod/);
  await page.keyboard.press('Control+z');
  assert.equal(await imbalance.textContent(), '3.00×');
});
