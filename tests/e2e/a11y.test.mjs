// Accessibility, checked: axe-core (WCAG 2.0 and 2.1, A and AA, and axe's best
// practices) finds nothing on the page as it opens, with a pod selected and
// the share fields shown, in the dark theme, on a phone, embedded, and in the
// presenter theme. What axe cannot see is checked here too: the board's SVG
// text keeps its contrast in every theme (axe's contrast rule reads CSS
// `color`, which SVG text does not paint with), keyboard focus shows in every
// theme, the shortcut list keeps focus in it as a modal dialog must, and
// reduced motion holds in the dark theme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, axe, podName, screenshot, focused, assertFocusStaysIn } from './harness.mjs';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PROJECTOR = { width: 1024, height: 768 };

let server;
let chrome;
before(async () => { server = await serve(); chrome = await browser(); });
after(async () => { await chrome?.instance.close(); await server?.close(); });

/**
 * Runs `body(page)` on a fresh page of its own (viewport, colour scheme and
 * motion preference as given) once the board is drawn; no console error allowed.
 */
async function withPage({ viewport = DESKTOP, colorScheme = 'light', reducedMotion = 'no-preference', search = '' }, body) {
  const context = await chrome.instance.newContext({ viewport, colorScheme, reducedMotion });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await page.goto(server.url + search);
    await page.locator('svg.board').waitFor();
    await body(page);
    assert.deepEqual(errors, [], 'errors in the page');
  } finally {
    await context.close();
  }
}

async function assertNoViolations(page, what) {
  const { violations, summary } = await axe(page);
  assert.equal(violations.length, 0, `axe on ${what}:\n${summary}`);
}

/** Selects web-1 (the inspector shows it) and shows the link and embed code fields. */
async function selectAndShare(page) {
  await page.getByRole('button', { name: podName('web-1') }).click();
  await page.getByRole('region', { name: 'Selection' }).getByRole('heading', { name: 'pod web-1' }).waitFor();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  await page.getByRole('textbox', { name: 'Link to this board' }).waitFor();
  await page.getByRole('textbox', { name: 'Embed code' }).waitFor();
}

/** The presenter theme, as the lead's toggle sets it: a class on <html> or on .app. */
async function present(page, on = 'html') {
  await page.evaluate((on) => (on === 'html' ? document.documentElement : document.querySelector('.app')).classList.add('presenter'), on);
}

/** WCAG relative luminance of a computed `rgb(…)` colour. */
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number)
    .map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The board's visible texts, counted, and those whose contrast with what is
 * painted under them falls short of WCAG 1.4.3: 4.5:1, or 3:1 for large text
 * (24 px, or 18.66 px bold, as rendered). Runs in the page.
 */
function boardTextContrast() {
  const rgba = (css) => {
    const [r, g, b, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
    return css.startsWith('rgb') ? { r, g, b, a } : null;
  };
  const over = (top, bottom) => {
    const mix = (k) => top[k] * top.a + bottom[k] * (1 - top.a);
    return { r: mix('r'), g: mix('g'), b: mix('b'), a: 1 };
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e && !(e instanceof SVGSVGElement); e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const lum = ({ r, g, b }) => {
    const [R, G, B] = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // What is painted at (x, y) under the text: SVG shapes' fills and HTML
  // backgrounds, top to bottom until an opaque one; packets fly over and are skipped.
  const backdrop = (x, y) => {
    const layers = [];
    for (const el of document.elementsFromPoint(x, y)) {
      if (el.closest('text, svg.packet-layer')) continue;
      let color;
      if (el instanceof SVGGeometryElement) {
        const style = getComputedStyle(el);
        color = rgba(style.fill);
        if (color) color.a *= Number(style.fillOpacity) * opacity(el);
      } else if (!(el instanceof SVGElement)) {
        color = rgba(getComputedStyle(el).backgroundColor);
      }
      if (!color || color.a === 0) continue;
      layers.push(color);
      if (color.a >= 1) break;
    }
    return layers.reverse().reduce((bottom, top) => over(top, bottom), { r: 255, g: 255, b: 255, a: 1 });
  };
  const failures = [];
  let checked = 0;
  for (const text of document.querySelectorAll('svg.board text')) {
    const box = text.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(text).visibility !== 'visible') continue;
    checked += 1;
    const style = getComputedStyle(text);
    const under = backdrop(box.x + box.width / 2, box.y + box.height / 2);
    const ink = rgba(style.fill);
    ink.a *= Number(style.fillOpacity) * opacity(text);
    const px = parseFloat(style.fontSize) * text.getScreenCTM().a;
    const large = px >= 24 || (px >= 18.66 && Number(style.fontWeight) >= 700);
    const got = ratio(over(ink, under), under);
    if (got < (large ? 3 : 4.5)) {
      const rgb = ({ r, g, b }) => `rgb(${[r, g, b].map(Math.round).join(', ')})`;
      const what = text.getAttribute('class') ?? text.parentElement.getAttribute('class');
      const alpha = ink.a < 1 ? ` at opacity ${ink.a.toFixed(2)}` : '';
      failures.push(`${what} "${text.textContent}": ${got.toFixed(2)}:1, ${rgb(ink)}${alpha} on ${rgb(under)}, ${px.toFixed(1)} px`);
    }
  }
  return { checked, failures };
}

async function assertBoardContrast(page, what) {
  const { checked, failures } = await page.evaluate(boardTextContrast);
  assert.ok(checked >= 30, `only ${checked} texts on the board (${what})`);
  assert.deepEqual(failures, [], `board text contrast (${what})`);
}

test('the page as it opens: no axe violations', async () => {
  await withPage({}, async (page) => {
    await assertNoViolations(page, 'the page at 1280×800');
    await screenshot(page, 'a11y-light');
  });
});

test('a selected pod and the share fields: no axe violations', async () => {
  await withPage({}, async (page) => {
    await selectAndShare(page);
    await assertNoViolations(page, 'the inspector and the share fields');
  });
});

test('the dark theme follows prefers-color-scheme: no axe violations', async () => {
  await withPage({ colorScheme: 'dark' }, async (page) => {
    const colors = await page.evaluate(() => ({
      page: getComputedStyle(document.documentElement).backgroundColor,
      board: getComputedStyle(document.querySelector('.board-scroll')).backgroundColor,
      node: getComputedStyle(document.querySelector('.node-box')).fill,
      name: getComputedStyle(document.querySelector('.node-name')).fill,
    }));
    for (const what of ['page', 'board', 'node']) assert.ok(luminance(colors[what]) < 0.05, `dark ${what}: ${colors[what]}`);
    assert.ok(luminance(colors.name) > 0.6, `light node names: ${colors.name}`);
    // The chart (a canvas) follows too: its top-left pixel is the dark palette's background.
    const corner = await page.locator('.share-chart canvas').evaluate((c) => [...c.getContext('2d').getImageData(1, 1, 1, 1).data]);
    assert.ok(luminance(`rgb(${corner.slice(0, 3).join(',')})`) < 0.05, `dark chart: ${corner}`);
    await assertNoViolations(page, 'the dark theme');
    await selectAndShare(page);
    await assertNoViolations(page, 'the dark theme with the inspector and share fields');
    await page.mouse.move(0, 0);
    await screenshot(page, 'a11y-dark');
  });
});

test('a phone, 390×844, in both themes: no axe violations', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage({ viewport: PHONE, colorScheme }, async (page) => {
      await assertNoViolations(page, `a phone (${colorScheme})`);
    });
  }
});

test('the embed mode, in both themes: no axe violations', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await withPage({ viewport: { width: 640, height: 400 }, colorScheme, search: '?embed=1' }, async (page) => {
      assert.equal(await page.getByRole('main').count(), 1, 'the board is the main landmark');
      await page.getByRole('heading', { level: 1 }).waitFor({ state: 'attached' });
      await assertNoViolations(page, `the embed (${colorScheme})`);
    });
  }
});

test('the presenter theme: no axe violations, names of 24 px and more at 1024×768', async () => {
  for (const [colorScheme, on] of [['light', 'html'], ['dark', 'html'], ['light', 'app']]) {
    await withPage({ viewport: PROJECTOR, colorScheme }, async (page) => {
      await present(page, on);
      await assertNoViolations(page, `the presenter theme (${colorScheme}, class on ${on})`);
      if (colorScheme === 'light' && on === 'html') await screenshot(page, 'a11y-presenter');
      // The board as the presenter layout shows it: the viewport's full width.
      await page.evaluate(() => document.querySelector('.board-scroll').classList.add('a11y-full-width'));
      await page.addStyleTag({ content: '.a11y-full-width { position: fixed; inset: 0 auto auto 0; width: 100vw; z-index: 9; }' });
      const sizes = await page.evaluate(() => [...document.querySelectorAll('svg.board :is(.node-name, .pod-name)')].map((t) => ({
        text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
      })));
      assert.equal(sizes.length, 9, '3 node names and 6 pod names');
      for (const { text, px } of sizes) assert.ok(px >= 24, `${text} is ${px.toFixed(1)} px at 1024 wide (${colorScheme}, ${on})`);
    });
  }
});

test('in the presenter theme a pod chip\'s texts fit in it without overlapping', async () => {
  await withPage({ viewport: PROJECTOR }, async (page) => {
    await present(page);
    // Text boxes are em boxes, taller than the glyphs: texts share a line when
    // their boxes overlap by half a line or more, and must not meet on it.
    const clashes = await page.evaluate(() => {
      const out = [];
      const sameLine = (a, b) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > Math.min(a.height, b.height) / 2;
      const apart = (a, b) => a.right <= b.left || b.right <= a.left;
      for (const chip of document.querySelectorAll('svg.board .pod')) {
        const frame = chip.querySelector('.chip').getBoundingClientRect();
        const texts = [...chip.querySelectorAll('text')].filter((t) => t.getBoundingClientRect().width > 0);
        for (const t of texts) {
          const box = t.getBoundingClientRect();
          const middle = box.top + box.height / 2;
          if (box.left < frame.left || box.right > frame.right || middle < frame.top || middle > frame.bottom) {
            out.push(`${t.textContent} sticks out of ${chip.id}`);
          }
        }
        for (const [i, a] of texts.entries()) {
          for (const b of texts.slice(i + 1)) {
            const [p, q] = [a.getBoundingClientRect(), b.getBoundingClientRect()];
            if (sameLine(p, q) && !apart(p, q)) out.push(`${a.textContent} meets ${b.textContent} in ${chip.id}`);
          }
        }
      }
      return out;
    });
    assert.deepEqual(clashes, []);
  });
});

test('board text keeps its contrast in every theme, on every kind of node and pod', async () => {
  const themes = [['light', false], ['dark', false], ['light', true], ['dark', true]];
  for (const [colorScheme, presenter] of themes) {
    await withPage({ colorScheme, reducedMotion: 'reduce' }, async (page) => {
      if (presenter) await present(page);
      const theme = `${colorScheme}${presenter ? ' presenter' : ''}`;
      // Every state a node and a pod can be in: node-c answers 503 and is
      // skipped; web-1 is Terminating, web-2 NotReady and selected.
      await page.getByRole('combobox', { name: 'Preset' }).selectOption('local-empty-node-health-checked');
      for (const [pod, state] of [['web-1', 'Terminating'], ['web-2', 'NotReady']]) {
        await page.getByRole('button', { name: podName(pod) }).click();
        await page.getByRole('radiogroup', { name: 'Endpoint state' }).getByRole('radio', { name: state }).check();
      }
      await page.mouse.move(0, 0);
      await assertBoardContrast(page, `skipped node, non-Ready pods, ${theme}`);
      // Health checks off: node-c drops its share and turns red.
      await page.getByRole('checkbox', { name: 'LB health checks' }).uncheck();
      await page.getByRole('group', { name: 'node node-c', exact: true }).getByText(/DROP/).waitFor();
      await assertBoardContrast(page, `dropping node, ${theme}`);
    });
  }
});

test('keyboard focus shows in every theme with 3:1 against what surrounds it', async () => {
  const themes = [['light', false], ['dark', false], ['light', true], ['dark', true]];
  for (const [colorScheme, presenter] of themes) {
    await withPage({ colorScheme }, async (page) => {
      if (presenter) await present(page);
      const theme = `${colorScheme}${presenter ? ' presenter' : ''}`;
      // A pod, reached with the keyboard: its chip's outline turns the focus colour.
      await page.getByRole('button', { name: podName('web-2') }).focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const chip = await page.evaluate(() => {
        const pod = document.activeElement;
        const style = getComputedStyle(pod.querySelector('.chip'));
        return {
          id: pod.id, visible: pod.matches(':focus-visible'), stroke: style.stroke, width: parseFloat(style.strokeWidth), fill: style.fill,
          node: getComputedStyle(pod.closest('.node').querySelector('.node-box')).fill,
          selected: getComputedStyle(document.querySelector('#pod-chip-web-1 .chip')).stroke,
        };
      });
      assert.equal(chip.id, 'pod-chip-web-2', theme);
      assert.ok(chip.visible, `focus-visible (${theme})`);
      assert.ok(chip.width >= 3, `a thick outline (${theme}): ${chip.width}`);
      for (const around of ['fill', 'node']) {
        assert.ok(contrast(chip.stroke, chip[around]) >= 3, `focus ${chip.stroke} against the ${around} ${chip[around]} (${theme})`);
      }
      // A button: an outline in the focus colour against the page.
      await page.getByRole('button', { name: 'Copy link' }).focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const button = await page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const panel = getComputedStyle(el.closest('.share')).backgroundColor;
        return { text: el.textContent, style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor, panel };
      });
      assert.equal(button.text, 'Copy link', theme);
      assert.equal(button.style, 'solid', theme);
      assert.ok(button.width >= 3, `outline width (${theme}): ${button.width}`);
      assert.ok(contrast(button.color, button.panel) >= 3, `focus ${button.color} against ${button.panel} (${theme})`);
    });
  }
});

test('the shortcut list is modal: focus stays in it, the page\'s keys rest, Escape gives focus back', async () => {
  await withPage({}, async (page) => {
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const policy = (name) => page.getByRole('radio', { name, exact: true });
    await page.getByRole('button', { name: 'Reset', exact: true }).focus();
    await page.keyboard.press('?');
    await dialog.waitFor();
    assert.deepEqual(await focused(page), { name: 'Close', inDialog: true }, 'focus moves into it');
    await assertFocusStaysIn(page, 'the shortcut list');
    const before = await policy('Cluster').isChecked();
    await page.keyboard.press('c');
    await page.keyboard.press('l');
    assert.equal(await policy('Cluster').isChecked(), before, 'C and L do nothing behind the list');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(await focused(page), { name: 'Reset', inDialog: false }, 'focus goes back to where it was');
    // Close does the same, and the page knows the list is closed: ? opens it again.
    await page.keyboard.press('?');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await focused(page)).name, 'Reset');
    await page.keyboard.press('?');
    await dialog.waitFor();
    await page.keyboard.press('?');
    await dialog.waitFor({ state: 'detached' });
  });
});

test('presenter mode: the Shortcuts button opens the list; Escape closes it and keeps presenter mode', async () => {
  await withPage({ viewport: PROJECTOR, search: '?present=1' }, async (page) => {
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const opener = page.getByRole('button', { name: 'Shortcuts' });
    await opener.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await assertFocusStaysIn(page, 'the shortcut list');
    await assertNoViolations(page, 'the shortcut list in presenter mode');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(await focused(page), { name: 'Shortcuts', inDialog: false }, 'focus goes back to the button');
    assert.equal(await opener.count(), 1, 'still in presenter mode');
  });
});

test('reduced motion in the dark theme: paused, packets jump, no transitions', async () => {
  await withPage({ colorScheme: 'dark', reducedMotion: 'reduce' }, async (page) => {
    const bar = page.getByRole('toolbar', { name: 'Traffic animation' });
    assert.equal(await bar.getByRole('button', { name: /Play/ }).getAttribute('aria-pressed'), 'false', 'starts paused');
    await bar.getByText('Reduced motion: packets jump between places.').waitFor();
    const moving = await page.evaluate(() => [...document.querySelectorAll('*')]
      .map((el) => getComputedStyle(el))
      .filter((s) => s.transitionDuration.split(',').some((d) => parseFloat(d) > 0) || s.animationName !== 'none').length);
    assert.equal(moving, 0, 'no element transitions or animates');
    await assertNoViolations(page, 'the dark theme with reduced motion');
  });
});
