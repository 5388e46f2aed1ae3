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
      tableShare: getComputedStyle(document.querySelector('.shares td.num')).visibility,
      lede: document.querySelector('.lede').textContent,
      names: [...document.querySelectorAll('[aria-label^="pod "]')].map((el) => el.getAttribute('aria-label')).join(' | '),
    };
  });
  assert.doesNotMatch(hidden.names, /%/, 'pod names carry no share before Reveal');
  delete hidden.names;
  assert.deepEqual({ ...hidden, tableShare: undefined }, { chipShare: false, nodeLb: false, summary: false, chart: false, tableShare: undefined, lede: 'Local: crowded nodes starve, lone pods drown' });
  assert.equal(hidden.tableShare, 'hidden', 'not merely transparent: forced colors would show it');
  const { summary } = await axe(page);
  assert.equal(summary, '', 'a lesson step has no axe violations');
  await region().getByRole('spinbutton').fill('30');
  await region().getByRole('button', { name: 'Reveal' }).click();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.pod-share') ?? document.body).visibility === 'visible' && document.querySelector('.pod-share'));
  assert.equal((await axe(page)).summary, '', 'a revealed step has no axe violations');
});

/** Every name, description and value in the page's accessibility tree (SVG tooltips included). */
async function accessibleTexts(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.filter((n) => !n.ignored)
      .flatMap((n) => [n.name?.value, n.description?.value, n.value?.value])
      .filter((t) => typeof t === 'string' && t !== '').join('\n');
  } finally {
    await cdp.detach();
  }
}

/** The status line's text (what the live region announced last). */
const status = () => chrome.page.locator('.status').first().textContent();

test('before Reveal the answer is in no accessibility tree, tooltip, forced-colors view or copy of the page', async () => {
  const page = chrome.page;
  // Step 4 asks web-4's share: 50.0%, as node-a's and node-b's LB shares are.
  const answer = '50.0%';
  for (const forcedColors of ['none', 'active']) {
    await page.emulateMedia({ forcedColors });
    await page.goto(`${chrome.url}?lesson=${LESSON}&step=4`);
    await region().waitFor();
    await page.getByRole('table', { name: 'Traffic share per pod' }).waitFor();
    const snapshot = await page.locator('body').ariaSnapshot();
    assert.ok(snapshot.includes('web-4'), 'the snapshot has the board and the table');
    assert.ok(!snapshot.includes(answer), `forced colors ${forcedColors}: the aria snapshot gives the answer away:\n${snapshot}`);
    assert.doesNotMatch(await accessibleTexts(page), /\d%/, `forced colors ${forcedColors}: no share in the accessibility tree`);
    const tooltips = await page.evaluate(() => [...document.querySelectorAll('svg title')].map((t) => t.textContent).join(' | '));
    assert.doesNotMatch(tooltips, /%/, 'no share in the nodes\' and pods\' tooltips');
    assert.match(tooltips, /node-b \(10\.0\.0\.\d+\)/, 'the node tooltip still names the node');
    await page.keyboard.press('Control+a');
    assert.ok(!(await page.evaluate(() => getSelection().toString())).includes(answer), 'a copy of the page has no answer');
  }
  await page.emulateMedia({ forcedColors: 'none' });
  await region().getByRole('spinbutton').fill('40');
  await region().getByRole('button', { name: 'Reveal' }).click();
  await region().locator('.feedback').waitFor();
  const after = await page.locator('body').ariaSnapshot();
  assert.match(after, /row "web-4 node-b 50\.0%"/, 'after Reveal the table reads out the share');
  assert.match(await accessibleTexts(page), /node-b \(10\.0\.0\.\d+\): LB share 50\.0%/, 'and the node tooltip');
});

test('an ingress controller turned on before Reveal shows no share either', async () => {
  const page = chrome.page;
  await page.goto(`${chrome.url}?lesson=${LESSON}&step=4`);
  await region().waitFor();
  await page.getByRole('checkbox', { name: 'Ingress controller in front (ingress-nginx)' }).check();
  await page.locator('.controller-chip').first().waitFor();
  const chips = await page.locator('.controller-chip').evaluateAll((gs) => gs.map((g) => g.textContent).join(' | '));
  assert.match(chips, /nginx/);
  assert.doesNotMatch(chips, /%/, 'the controllers\' shares and tooltips wait for Reveal');
  assert.doesNotMatch(await accessibleTexts(page), /\d%/, 'no share in the accessibility tree');
});

test('Reveal after the trainer changed the board puts the step\'s board back, and Undo shows the edit again', async () => {
  const page = chrome.page;
  await page.goto(`${chrome.url}?lesson=${LESSON}&step=3`);
  await region().waitFor();
  await policy('Cluster').click();
  assert.equal(await policy('Cluster').isChecked(), true);
  await region().getByRole('spinbutton').fill('33');
  await region().getByRole('button', { name: 'Reveal' }).click();
  const feedback = region().locator('.feedback');
  await feedback.waitFor();
  assert.equal(await feedback.textContent(), 'The exact answer is 33.3%. Your prediction, 33%, was spot on.');
  // What is on screen agrees with the answer: Local again, web-1 at 33.3%, 3.00×.
  assert.equal(await policy('Local').isChecked(), true);
  const imbalance = page.getByRole('region', { name: 'Traffic summary' }).locator('dt:text("Imbalance") + dd');
  assert.equal(await imbalance.textContent(), '3.00×');
  assert.match(await region().locator('.lesson-explain').textContent(), /web-1 gets 33\.3%.*carries 3\.00×/);
  const web1 = page.getByRole('table', { name: 'Traffic share per pod' }).getByRole('row', { name: /^web-1 / });
  assert.equal(await web1.getByRole('cell').last().textContent(), '33.3%');
  assert.equal(await status(), "The step's board is back: the answer is about it. Undo shows your edit again");
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.equal(await policy('Cluster').isChecked(), true, 'Undo brings the trainer\'s edit back');
  assert.equal(await imbalance.textContent(), '1.00×');
});

test('Reveal on an unchanged board changes nothing and says nothing about it', async () => {
  const page = chrome.page;
  await page.goto(`${chrome.url}?lesson=${LESSON}&step=3`);
  await region().waitFor();
  await region().getByRole('spinbutton').fill('20');
  await region().getByRole('button', { name: 'Reveal' }).click();
  await region().locator('.feedback').waitFor();
  assert.doesNotMatch(await status(), /board is back/);
  const undo = await page.getByRole('button', { name: 'Undo', exact: true }).getAttribute('title');
  assert.doesNotMatch(undo, /board is back/, 'nothing to undo from Reveal');
});

test('every step change and leaving the lesson is a history entry: Back and Forward walk them', async () => {
  const page = chrome.page;
  await page.goto(`${chrome.url}?lesson=${LESSON}&step=1`);
  await region().waitFor();
  const at = (step) => page.waitForFunction((s) => document.querySelector('.lesson-progress')?.textContent === `Step ${s} of 7`, step);
  const length = () => page.evaluate(() => history.length);
  const start = await length();
  const next = region().getByRole('button', { name: 'Next step' });
  await next.click();
  await at(2);
  await next.click(); // Steps 2 and 3 share one board.
  await at(3);
  assert.equal(await length(), start + 2);
  await page.goBack();
  await at(2);
  assert.equal(new URL(page.url()).searchParams.get('step'), '2');
  await page.goBack();
  await at(1);
  await page.goForward();
  await at(2);
  await page.goForward();
  await at(3);
  await region().getByRole('button', { name: 'Leave lesson' }).click();
  await region().waitFor({ state: 'detached' });
  assert.equal(new URL(page.url()).searchParams.get('lesson'), null);
  assert.equal(await length(), start + 3, 'leaving the lesson is an entry too');
  await page.goBack();
  await at(3);
  assert.equal(new URL(page.url()).origin, new URL(chrome.url).origin, 'Back stays in the app');
});

test('a link to a lesson that does not exist names it and lists the lessons; a step out of range opens the nearest', async () => {
  const page = chrome.page;
  await page.goto(`${chrome.url}?lesson=nope`);
  await page.getByRole('table', { name: 'Traffic share per pod' }).waitFor();
  assert.match(await status(), /^There is no lesson named "nope"\. The lessons are: external-traffic-policy \(externalTrafficPolicy in seven steps\)\./);
  assert.equal(await region().count(), 0);
  await page.goto(`${chrome.url}?lesson=${LESSON}&step=99`);
  await region().waitFor();
  assert.equal(await progress(), 'Step 7 of 7');
  assert.match(await status(), /has 7 steps, not 99: this is step 7, the last/);
  assert.equal(new URL(page.url()).searchParams.get('step'), '7', 'the address says the step shown');
  for (const bad of ['0', 'two']) {
    await page.goto(`${chrome.url}?lesson=${LESSON}&step=${bad}`);
    await region().waitFor();
    assert.equal(await progress(), 'Step 1 of 7', `step=${bad}`);
    assert.match(await status(), /this is step 1/, `step=${bad}`);
  }
});

test('presenter mode with a lesson: the whole board fits on the screen under the step', async () => {
  const page = chrome.page;
  try {
    for (const [width, height] of [[1280, 800], [1920, 1080], [1024, 768]]) {
      await page.setViewportSize({ width, height });
      for (const step of [2, 3]) {
        await page.goto(`${chrome.url}?lesson=${LESSON}&step=${step}&present=1`);
        await region().waitFor();
        const m = await page.evaluate(() => ({
          board: document.querySelector('svg.board').getBoundingClientRect().toJSON(),
          lesson: document.querySelector('.lesson').getBoundingClientRect().bottom,
          scrolls: document.documentElement.scrollHeight > innerHeight,
        }));
        const where = `${width}×${height}, step ${step}`;
        assert.ok(m.board.bottom <= height, `${where}: the board's bottom ${m.board.bottom} is below the screen`);
        assert.ok(m.board.top >= m.lesson, `${where}: the board starts under the step`);
        assert.ok(m.board.height >= height * 0.5, `${where}: the board keeps most of the screen (${m.board.height} px)`);
        assert.equal(m.scrolls, false, where);
        if (step === 3 && width === 1920) await screenshot(page, 'presenter-lesson-1920');
      }
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
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
